package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/gravity"
)

// gravityBenchRun is what one child process measures.
type gravityBenchRun struct {
	Threads     int       `json:"threads"`
	Wall        []float64 `json:"wall_s"`
	CPU         []float64 `json:"cpu_s"`
	PeakRSSMB   float64   `json:"peak_rss_mb"`
	RSSBeforeMB float64   `json:"rss_before_fit_mb"`
	Rta         float64   `json:"rta"`
	Tariff      float64   `json:"tariff"`
	NObs        int       `json:"nobs"`
	Iterations  int       `json:"iterations"`
	ChecksumsOK bool      `json:"checksums_ok"`
	Checksums   string    `json:"checksums"`
	TradeWall   []float64 `json:"trade_wall_s,omitempty"`
	TradeCPU    []float64 `json:"trade_cpu_s,omitempty"`
}

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
			var ts []int
			for _, s := range strings.Split(threads, ",") {
				t, err := strconv.Atoi(strings.TrimSpace(s))
				if err != nil || t < 1 {
					return inputErrf("gravity bench: --threads %q: want a list like 1,2", threads)
				}
				ts = append(ts, t)
			}
			if child {
				run, err := gravityBenchChild(ts[0], reps, tradePath)
				if err != nil {
					return err
				}
				return json.NewEncoder(cmd.OutOrStdout()).Encode(run)
			}
			self, err := os.Executable()
			if err != nil {
				return fmt.Errorf("gravity bench: %w", err)
			}
			var runs []gravityBenchRun
			for _, t := range ts {
				args := []string{"gravity", "bench", "--child", "--threads", strconv.Itoa(t), "--reps", strconv.Itoa(reps)}
				if tradePath != "" {
					args = append(args, "--trade", tradePath)
				}
				c := exec.CommandContext(cmd.Context(), self, args...)
				var out bytes.Buffer
				c.Stdout = &out
				c.Stderr = cmd.ErrOrStderr()
				c.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(t))
				if err := c.Run(); err != nil {
					return fmt.Errorf("gravity bench: child with %d threads: %w", t, err)
				}
				var r gravityBenchRun
				if err := json.Unmarshal(out.Bytes(), &r); err != nil {
					return fmt.Errorf("gravity bench: child output: %w", err)
				}
				runs = append(runs, r)
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(runs)
			}
			return printGravityBench(cmd.OutOrStdout(), runs)
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

func gravityBenchChild(threads, reps int, tradePath string) (*gravityBenchRun, error) {
	run := &gravityBenchRun{Threads: threads}
	panel := gravity.BenchPanel()
	rows, sumY, zeros, size, sha := gravity.BenchPanelChecksums(panel)
	c := gravity.BenchChecksums
	run.ChecksumsOK = rows == c.Rows && sumY == c.SumY && zeros == c.Zeros && size == c.CSVBytes && sha == c.SHA256
	run.Checksums = fmt.Sprintf("rows %d, sum(y) %d, zeros %d, CSV %d bytes, SHA-256 %s", rows, sumY, zeros, size, sha)
	opt := gravity.Options{Threads: threads, Separation: gravity.SeparationFE} // fixest's sample rules
	runtime.GC()
	debug.FreeOSMemory()
	run.RSSBeforeMB = currentRSSMB()
	for range reps {
		cpu0 := cpuSeconds()
		t0 := time.Now()
		res, err := gravity.Fit(panel, gravity.BenchFormula, opt)
		if err != nil {
			return nil, err
		}
		run.Wall = append(run.Wall, time.Since(t0).Seconds())
		run.CPU = append(run.CPU, cpuSeconds()-cpu0)
		run.Rta, run.Tariff = res.Coef[0], res.Coef[1]
		run.NObs, run.Iterations = res.NObs, res.Iterations
		res = nil
		runtime.GC()
	}
	run.PeakRSSMB = peakRSSMB()
	if tradePath != "" {
		trade, err := gravity.ReadFile(tradePath)
		if err != nil {
			return nil, err
		}
		for range max(reps, 5) {
			cpu0 := cpuSeconds()
			t0 := time.Now()
			if _, err := gravity.Fit(trade, "Euros ~ log(dist_km) | Origin + Destination + Product + Year", opt); err != nil {
				return nil, err
			}
			run.TradeWall = append(run.TradeWall, time.Since(t0).Seconds())
			run.TradeCPU = append(run.TradeCPU, cpuSeconds()-cpu0)
		}
	}
	return run, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	return s[len(s)/2]
}

func printGravityBench(w io.Writer, runs []gravityBenchRun) error {
	fx := gravity.FixestBench
	fmt.Fprintf(w, "Benchmark panel: %s\n", runs[0].Checksums)
	if runs[0].ChecksumsOK {
		fmt.Fprintln(w, "Checksums: match the reference generator")
	} else {
		fmt.Fprintln(w, "Checksums: MISMATCH with the reference generator")
	}
	fmt.Fprintf(w, "Model: fepois(%s), fixest sample rules; %d obs used (fixest %d)\n", gravity.BenchFormula, runs[0].NObs, fx.NObs)
	fmt.Fprintf(w, "Estimates: rta %.10f (fixest %.10f), tariff %.10f (fixest %.10f)\n\n", runs[0].Rta, fx.Rta, runs[0].Tariff, fx.Tariff)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "threads\tbest wall s\tmedian wall s\tmedian CPU s\tfixest s\tratio best/fixest\tpeak RSS MB\tfixest MB\t")
	for _, r := range runs {
		lo, hi := fx.Secs1Lo, fx.Secs1Hi
		if r.Threads >= 2 {
			lo, hi = fx.Secs2Lo, fx.Secs2Hi
		}
		best := slices.Min(r.Wall)
		fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t%.1f-%.1f\t%.2f-%.2f\t%.0f\t%.0f\t\n",
			r.Threads, best, median(r.Wall), median(r.CPU), lo, hi, best/hi, best/lo, r.PeakRSSMB, fx.PeakMB)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(runs[0].TradeWall) > 0 {
		fmt.Fprintln(w, "\nSpec (a) on the trade data:")
		for _, r := range runs {
			lo, hi := fx.TradeSecs1Lo, fx.TradeSecs1Hi
			if r.Threads >= 2 {
				lo, hi = fx.TradeSecs2Lo, fx.TradeSecs2Hi
			}
			best := slices.Min(r.TradeWall)
			fmt.Fprintf(w, "  %d thread(s): best %.3f s, median CPU %.3f s; fixest %.2f-%.2f s; ratio %.2f-%.2f\n", r.Threads, best, median(r.TradeCPU), lo, hi, best/hi, best/lo)
		}
	}
	fmt.Fprintln(w, "\nRatios below 1 mean faster than fixest. fixest's figures were measured on the\n2-core reference machine; for a fair verdict run fixest side by side. Peak RSS\nincludes the panel itself (7 float64 columns, 56 MB).")
	return nil
}
