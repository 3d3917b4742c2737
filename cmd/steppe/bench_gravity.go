package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
)

// newGravityBenchCmd is `steppe bench gravity` (and, renamed, `steppe
// gravity bench`): it writes the 1,005,750-row benchmark panel's CSV with
// the reference generator (checking its published checksums), then at each
// thread count times the command a user types (steppe gravity estimate on
// that file) and the fit alone, each in child processes of their own so
// that peak memory is their own, and, where R has fixest, fixest's Rscript
// on the same file in the same run.
func newGravityBenchCmd() *cobra.Command {
	var (
		threads, tradePath, dataPath, rscript string
		reps                                  int
		child, asJSON, noFixest               bool
	)
	cmd := &cobra.Command{
		Use:   "gravity",
		Short: "Time steppe gravity estimate and its fit on the 1M-row panel beside fixest",
		Long: `Writes the 1,005,750-row benchmark panel (150 countries, 45 years, exporter-year,
importer-year and pair fixed effects) as CSV with the reference generator and
checks its checksums. At each thread count it times, --reps times each:

  - the command a user types: steppe gravity estimate --data panel.csv with
    default options, as a child process (wall, CPU, peak resident memory);
  - where Rscript with fixest and data.table is installed, fixest's whole
    Rscript on the same file (start, library loading, fread, fepois), one
    after the other with steppe's;
  - the fit alone: steppe's in one child (default options, and fixest's
    sample rules) and fepois in one R session, and the CSV read against fread.

It prints the medians and the ratios steppe/fixest (below 1 is faster), and the
fit against fixest 0.12's published figures (1.9-2.4 s on one thread, 1.4-1.7 s
on two, about 460 MB peak). Without R or fixest that comparison is skipped with
a message. Timings on a shared machine are noisy: read the load average printed
beside them. Optionally --trade FILE also times spec (a) on fixest's trade data
(fixest: 0.09-0.13 s on one thread, 0.06-0.08 on two).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if reps < 1 {
				return inputErrf("gravity bench: --reps %d: must be at least 1", reps)
			}
			ts, err := threadList("gravity bench", threads)
			if err != nil {
				return err
			}
			if child {
				run, err := bench.GravityChild(ts[0], reps, dataPath, tradePath)
				if err != nil {
					return err
				}
				return json.NewEncoder(cmd.OutOrStdout()).Encode(run)
			}
			self, err := os.Executable()
			if err != nil {
				return fmt.Errorf("gravity bench: %w", err)
			}
			dir, err := os.MkdirTemp("", "steppe-bench-gravity-")
			if err != nil {
				return fmt.Errorf("gravity bench: %w", err)
			}
			defer os.RemoveAll(dir)
			path, skipped := "", "--no-fixest"
			if !noFixest {
				path, skipped = bench.FixestAvailable(cmd.Context(), rscript)
			}
			load := [2]float64{bench.LoadAverage(), 0}
			cfg := bench.GravityConfig{Exe: self, Threads: ts, Reps: reps, Dir: dir, Trade: tradePath, Stderr: cmd.ErrOrStderr()}
			runs, err := bench.GravitySideBySide(cmd.Context(), cfg, path)
			if err != nil {
				return err
			}
			load[1] = bench.LoadAverage()
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, runs)
			}
			if err := bench.WriteGravity(out, runs); err != nil {
				return err
			}
			return bench.WriteGravitySideBySide(out, runs, skipped, load)
		},
	}
	f := cmd.Flags()
	f.StringVar(&threads, "threads", "1,2", "comma-separated thread counts")
	f.IntVar(&reps, "reps", 3, "runs per thread count of each measurement")
	f.BoolVar(&child, "child", false, "internal: run one measurement in this process")
	f.StringVar(&dataPath, "data", "", "internal: the panel's CSV for --child")
	_ = f.MarkHidden("child")
	_ = f.MarkHidden("data")
	f.StringVar(&tradePath, "trade", "", "optional fixest trade CSV to also time spec (a)")
	f.StringVar(&rscript, "rscript", "Rscript", "the Rscript that runs fixest")
	f.BoolVar(&noFixest, "no-fixest", false, "do not run fixest even where it is installed")
	f.BoolVar(&asJSON, "json", false, "print the raw measurements as JSON")
	return cmd
}
