package main

import (
	"os"
	"os/exec"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/sim"
)

// newQueueBenchCmd measures sweeps through the NATS queue (issue 19): the
// default scenario's run with 1, 2 and 4 worker processes of this binary on
// an embedded server, against the local run measured in the same command.
func newQueueBenchCmd() *cobra.Command {
	var (
		cfg  bench.QueueConfig
		scen string
	)
	cmd := &cobra.Command{
		Use:   "queue",
		Short: "Benchmark sweeps through the NATS queue (1, 2, 4 worker processes) against the local run",
		Long: `Time the scenario's run locally (model.Run on one worker), as sweep blocks in
this process, and through an embedded NATS server with each --procs count of
'steppe worker' processes of this binary (one goroutine each), and print the
draws per second and the speed-up over one worker process; then time an
explore sweep (--experiments of a Latin hypercube, four to a block) locally
and through one worker process, and print the queue's overhead per block of
both sweeps against their local runs, in wall and CPU time (target under 2%
at 2,048 draws a block), with the partials' sizes and the load average. All
on this machine; the ratios are measured in the same command.`,
		Args:    cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("draws", 1), flagcheck.AtLeast("block-draws", sim.BlockSize), flagcheck.AtLeast("reps", 1), flagcheck.AtLeast("experiments", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cfg.BlockDraws%sim.BlockSize != 0 {
				return inputErrf("--block-draws %d is not a multiple of %d (the simulation's block of draws)", cfg.BlockDraws, sim.BlockSize)
			}
			for _, n := range cfg.Workers {
				if n < 1 {
					return inputErrf("--procs: %d is not a positive count", n)
				}
			}
			sc, err := loadScenario(cmd.Context(), scen)
			if err != nil {
				return err
			}
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			cfg.World, cfg.Resolved = sc.World, string(sc.Resolved)
			cfg.StartWorker = func(url string) (*exec.Cmd, error) {
				c := exec.Command(exe, "worker", "--nats", url, "--workers", "1", "--quiet")
				c.Stderr = cmd.ErrOrStderr()
				return c, c.Start()
			}
			r, err := bench.Queue(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			r.Write(cmd.OutOrStdout())
			return nil
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&cfg.Draws, "draws", 8192, "Monte Carlo draws")
	fl.IntVar(&cfg.BlockDraws, "block-draws", 2048, "draws a block (a multiple of 64)")
	fl.Uint64Var(&cfg.Seed, "seed", 1, "random seed")
	fl.IntSliceVar(&cfg.Workers, "procs", []int{1, 2, 4}, "counts of worker processes to time")
	fl.IntVar(&cfg.Experiments, "experiments", 64, "experiments of the explore sweep also timed (a Latin hypercube, --block-draws/4 draws each, four to a block; 0: none)")
	fl.IntVar(&cfg.Reps, "reps", 3, "repetitions, alternated; the fastest of each counts")
	fl.StringVar(&scen, "scenario", defaultScenario, "scenario file or embedded name")
	return cmd
}
