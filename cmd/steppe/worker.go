package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/queue"
	"github.com/steppe-dev/steppe/sweep"
)

func newWorkerCmd() *cobra.Command {
	var (
		n     natsFlags
		o     queue.WorkerOptions
		sims  int
		quiet bool
	)
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Compute blocks of sweeps queued on a NATS server (steppe run --nats, explore run --nats)",
		Long: `Pull blocks of sweeps from the NATS server at --nats, compute them and store
their partial results, one block at a time, until stopped. A block is
acknowledged once its partial is stored; one whose worker dies is given to
another worker after the queue's AckWait. On SIGTERM or Ctrl-C the worker
finishes its block within --grace, else releases it to another worker, and
exits with status 0. With --idle-exit it also exits after that long with
nothing to do, for batch schedulers (a Kubernetes Job, a SLURM array).`,
		Example: `  steppe worker --nats nats://queue-host:4222
  STEPPE_NATS_TOKEN=s3cret steppe worker --nats nats://10.0.0.5:4222 --idle-exit 2m`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n.url == "" {
				return inputErrf("--nats is required")
			}
			if o.IdleExit < 0 || o.Grace < 0 {
				return inputErrf("--idle-exit and --grace must not be negative")
			}
			if sims < 0 {
				return inputErrf("--workers must not be negative, got %d", sims)
			}
			return runWorker(cmd, n, o, &sweep.Worker{Workers: sims, Build: versionString()}, quiet)
		},
	}
	fl := cmd.Flags()
	n.register(fl, "take blocks")
	fl.DurationVar(&o.IdleExit, "idle-exit", 0, "exit after this long without a block (0: never)")
	fl.DurationVar(&o.Grace, "grace", 20*time.Second, "on SIGTERM, how long the block in hand may take to finish before it is released")
	fl.StringVar(&o.ID, "id", "", "the worker's name in the coordinators' count (default host-pid)")
	fl.IntVar(&sims, "workers", 0, "goroutines one block's draws run on (0: all cores); results do not depend on it")
	fl.BoolVar(&quiet, "quiet", false, "no line per block on stderr")
	return cmd
}

func runWorker(cmd *cobra.Command, n natsFlags, o queue.WorkerOptions, w *sweep.Worker, quiet bool) error {
	c, err := n.connect("steppe worker")
	if err != nil {
		return err
	}
	defer c.Close()
	stderr := cmd.ErrOrStderr()
	if !quiet {
		o.Log = func(format string, a ...any) { logLine(stderr, format, a...) }
	}
	o.Open = queue.SweepOpener(w)
	st, err := c.Work(cmd.Context(), o)
	if !quiet {
		logLine(stderr, "%d blocks done, %d already stored, %d failed runs, %d released", st.Done, st.Skipped, st.Failed, st.Released)
	}
	return err
}

// logLine writes a timestamped line.
func logLine(w io.Writer, format string, a ...any) {
	fmt.Fprintf(w, "%s steppe worker: %s\n", time.Now().UTC().Format(time.RFC3339), fmt.Sprintf(format, a...))
}
