package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
)

// newGravityBenchCmd is `steppe bench gravity` (and, renamed, `steppe
// gravity bench`):
// it builds the 1,005,750-row benchmark panel with the reference generator
// (checking its published checksums), fits fixest's specification at 1 and
// 2 threads, each in a fresh child process so peak memory is its own, and
// prints time and peak memory with the ratio to fixest's figures.
func newGravityBenchCmd() *cobra.Command {
	var (
		threads   string
		reps      int
		child     bool
		tradePath string
		asJSON    bool
	)
	cmd := &cobra.Command{
		Use:   "gravity",
		Short: "Time PPML on the 1M-row benchmark panel against fixest's figures",
		Long: `Builds the 1,005,750-row benchmark panel (150 countries, 45 years, exporter-year,
importer-year and pair fixed effects) with the reference generator, checks its
checksums, and fits fepois(y ~ rta + tariff | exp^year + imp^year + exp^imp) at
each thread count in a fresh process. Prints the best and median wall time, the
CPU time, the peak resident memory, and the ratios to fixest 0.12's figures
(1.9-2.4 s on one thread, 1.4-1.7 s on two, about 460 MB peak).

Timings on a shared machine are noisy: compare side by side, and read the CPU
time when the machine is loaded. Optionally --trade FILE also times spec (a)
on fixest's trade data (fixest: 0.09-0.13 s on one thread, 0.06-0.08 on two).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if reps < 1 {
				return inputErrf("gravity bench: --reps must be at least 1")
			}
			ts, err := threadList("gravity bench", threads)
			if err != nil {
				return err
			}
			if child {
				run, err := bench.GravityChild(ts[0], reps, tradePath)
				if err != nil {
					return err
				}
				return json.NewEncoder(cmd.OutOrStdout()).Encode(run)
			}
			self, err := os.Executable()
			if err != nil {
				return fmt.Errorf("gravity bench: %w", err)
			}
			args := func(t int) []string {
				a := []string{"gravity", "bench", "--child", "--threads", strconv.Itoa(t), "--reps", strconv.Itoa(reps)}
				if tradePath != "" {
					a = append(a, "--trade", tradePath)
				}
				return a
			}
			runs, err := bench.GravityRuns(cmd.Context(), self, args, ts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(runs)
			}
			return bench.WriteGravity(cmd.OutOrStdout(), runs)
		},
	}
	f := cmd.Flags()
	f.StringVar(&threads, "threads", "1,2", "comma-separated thread counts")
	f.IntVar(&reps, "reps", 3, "fits per thread count")
	f.BoolVar(&child, "child", false, "internal: run one measurement in this process")
	_ = f.MarkHidden("child")
	f.StringVar(&tradePath, "trade", "", "optional fixest trade CSV to also time spec (a)")
	f.BoolVar(&asJSON, "json", false, "print the raw measurements as JSON")
	return cmd
}
