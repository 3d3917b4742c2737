package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newSimBenchCmd measures the simulation on the default scenario against
// the goal of issue 15 (10,000 draws, both policies, under 0.5 s on 2
// cores, bench.SimGoal) and against references measured in the same
// command: the scenario's stated models without engines, the cost of one
// counter-based uniform per country, trigger type, month and policy, and a
// bare Bernoulli trial per country-month and policy on the same workers,
// the least any Monte Carlo over monthly events must pay.
func newSimBenchCmd() *cobra.Command {
	var draws, workers int
	var scen string
	cmd := &cobra.Command{
		Use:     "sim",
		Short:   "Benchmark the simulation (ns per country-month) against the 0.5-second goal and a bare Bernoulli loop",
		Args:    cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("draws", 1), flagcheck.AtLeast("workers", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			t0 := time.Now()
			sc, err := checkScenario(cmd.Context(), scen)
			if err != nil {
				return err
			}
			r, err := bench.Sim(cmd.Context(), bench.SimConfig{World: sc.World, Draws: draws, Workers: workers, Load: time.Since(t0)})
			if err != nil {
				return err
			}
			r.Write(cmd.OutOrStdout())
			return nil
		},
	}
	cmd.Flags().IntVar(&draws, "draws", 10000, "Monte Carlo draws")
	cmd.Flags().IntVar(&workers, "workers", 0, "workers for the parallel run (0: all cores)")
	cmd.Flags().StringVar(&scen, "scenario", defaultScenario, "scenario file or embedded name")
	return cmd
}
