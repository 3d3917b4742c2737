package bench

import (
	"bytes"
	"context"
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
	"text/tabwriter"
	"time"

	"github.com/steppe-dev/steppe/gravity"
)

// GravityRun is what one child process measures.
type GravityRun struct {
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

// GravityRuns runs exe once per thread count, with args(threads) as its
// arguments and GOMAXPROCS set to the count, each in a fresh process so that
// its peak memory is its own; each child prints its [GravityRun] as JSON
// ([GravityChild]). The children's stderr goes to stderr.
func GravityRuns(ctx context.Context, exe string, args func(threads int) []string, threads []int, stderr io.Writer) ([]GravityRun, error) {
	var runs []GravityRun
	for _, t := range threads {
		c := exec.CommandContext(ctx, exe, args(t)...)
		var out bytes.Buffer
		c.Stdout = &out
		c.Stderr = stderr
		c.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(t))
		if err := c.Run(); err != nil {
			return nil, fmt.Errorf("gravity bench: child with %d threads: %w", t, err)
		}
		var r GravityRun
		if err := json.Unmarshal(out.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("gravity bench: child output: %w", err)
		}
		runs = append(runs, r)
	}
	return runs, nil
}

// GravityChild builds the benchmark panel, checks its checksums, and fits
// [gravity.BenchFormula] reps times with fixest's sample rules on the given
// threads, recording wall and CPU time and peak memory; with tradePath it
// also times spec (a) on fixest's trade data.
func GravityChild(threads, reps int, tradePath string) (*GravityRun, error) {
	run := &GravityRun{Threads: threads}
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

// WriteGravity prints the runs against fixest's figures: the checksums, the
// estimates, and per thread count the best and median times, peak memory
// and the ratios.
func WriteGravity(w io.Writer, runs []GravityRun) error {
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
