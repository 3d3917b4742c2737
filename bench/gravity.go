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
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/steppe-dev/steppe/gravity"
)

// GravityRun is what one thread count measures: the fit in a child process
// of its own (Wall, CPU: fixest's sample rules; DefaultWall: steppe's
// default options, with the separation check), and, when run side by side,
// the whole command and fixest.
type GravityRun struct {
	Threads     int       `json:"threads"`
	Wall        []float64 `json:"wall_s"`
	CPU         []float64 `json:"cpu_s"`
	DefaultWall []float64 `json:"default_wall_s,omitempty"`
	DefaultCPU  []float64 `json:"default_cpu_s,omitempty"`
	ReadWall    []float64 `json:"read_wall_s,omitempty"`
	PeakRSSMB   float64   `json:"peak_rss_mb"`
	RSSBeforeMB float64   `json:"rss_before_fit_mb"`
	Estimates
	Iterations  int       `json:"iterations"`
	ChecksumsOK bool      `json:"checksums_ok"`
	Checksums   string    `json:"checksums"`
	TradeWall   []float64 `json:"trade_wall_s,omitempty"`
	TradeCPU    []float64 `json:"trade_cpu_s,omitempty"`
	// Command measures the command a user types, steppe gravity estimate
	// on the CSV with default options, one child process per repetition.
	Command ProcessRuns `json:"command"`
	Fixest  *FixestRun  `json:"fixest,omitempty"`
}

// Estimates are a fit's coefficients on the panel and its sample size.
type Estimates struct {
	Rta    float64 `json:"rta"`
	Tariff float64 `json:"tariff"`
	NObs   int     `json:"nobs"`
}

// ProcessRuns are a child process's wall and CPU times, one per run, and
// the largest peak resident memory over the runs.
type ProcessRuns struct {
	Wall   []float64 `json:"wall_s"`
	CPU    []float64 `json:"cpu_s"`
	PeakMB float64   `json:"peak_rss_mb"`
}

func (p *ProcessRuns) add(wall, cpu, peakMB float64) {
	p.Wall, p.CPU, p.PeakMB = append(p.Wall, wall), append(p.CPU, cpu), max(p.PeakMB, peakMB)
}

// FixestRun is fixest measured on the same CSV at the same thread count:
// the whole Rscript (start, library loading, fread, fepois) per repetition
// with its peak memory, and fread and fepois timed inside R (fepois's CPU
// time is R's user and system time, OpenMP threads included).
type FixestRun struct {
	Script ProcessRuns `json:"script"`
	ReadS  []float64   `json:"read_s"`
	FitS   []float64   `json:"fit_s"`
	FitCPU []float64   `json:"fit_cpu_s"`
	Estimates
}

// GravityChild fits [gravity.BenchFormula] reps times on the given threads
// with fixest's sample rules and reps times with steppe's default options,
// recording wall and CPU time and peak memory. The data is the panel's CSV
// at dataPath (the read is timed), or without it the panel built in memory
// (checking its checksums); with tradePath it also times spec (a) on
// fixest's trade data.
func GravityChild(threads, reps int, dataPath, tradePath string) (*GravityRun, error) {
	run := &GravityRun{Threads: threads}
	formula := gravity.BenchFormula
	var panel *gravity.Frame
	if dataPath != "" {
		t0 := time.Now()
		var err error
		if panel, err = gravity.ReadFile(dataPath); err != nil {
			return nil, err
		}
		run.ReadWall = append(run.ReadWall, time.Since(t0).Seconds())
		formula = gravity.BenchCSVFormula
		run.ChecksumsOK = true
	} else {
		panel = gravity.BenchPanel()
		sums, err := gravity.WriteBenchCSV(io.Discard, panel)
		if err != nil {
			return nil, err
		}
		run.ChecksumsOK, run.Checksums = sums.OK(), sums.String()
	}
	runtime.GC()
	debug.FreeOSMemory()
	run.RSSBeforeMB = currentRSSMB()
	for _, sep := range []gravity.SeparationCheck{gravity.SeparationFE, gravity.SeparationFEReLU} {
		for range reps {
			cpu0 := cpuSeconds()
			t0 := time.Now()
			res, err := gravity.Fit(panel, formula, gravity.Options{Threads: threads, Separation: sep})
			if err != nil {
				return nil, err
			}
			wall, cpu := time.Since(t0).Seconds(), cpuSeconds()-cpu0
			if sep == gravity.SeparationFEReLU {
				run.DefaultWall = append(run.DefaultWall, wall)
				run.DefaultCPU = append(run.DefaultCPU, cpu)
			} else {
				run.Wall = append(run.Wall, wall)
				run.CPU = append(run.CPU, cpu)
				run.Rta, run.Tariff = res.Coef[0], res.Coef[1]
				run.NObs, run.Iterations = res.NObs, res.Iterations
			}
			// Every fit starts from a collected heap, with either option.
			res = nil
			runtime.GC()
		}
	}
	run.PeakRSSMB = peakRSSMB()
	if tradePath != "" {
		trade, err := gravity.ReadFile(tradePath)
		if err != nil {
			return nil, err
		}
		opt := gravity.Options{Threads: threads, Separation: gravity.SeparationFE}
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

// fixestScript reads the panel's CSV with data.table's fread and fits
// fixest's fepois on it reps times on the given threads, printing the
// times measured inside R and the estimates as one JSON line. Arguments:
// CSV path, threads, reps.
const fixestScript = `suppressPackageStartupMessages({library(data.table); library(fixest)})
a <- commandArgs(trailingOnly = TRUE)
th <- as.integer(a[2]); reps <- as.integer(a[3])
setDTthreads(th); setFixest_nthreads(th)
t0 <- proc.time()[["elapsed"]]
d <- fread(a[1])
d[, tariff := tariff_pct / 100]
rd <- proc.time()[["elapsed"]] - t0
fit <- numeric(reps); cpu <- numeric(reps)
for (r in seq_len(reps)) {
  t0 <- proc.time()
  m <- fepois(y ~ rta + tariff | exp^year + imp^year + exp^imp, d, nthreads = th)
  t1 <- proc.time() - t0
  fit[r] <- t1[["elapsed"]]; cpu[r] <- t1[["user.self"]] + t1[["sys.self"]]
}
cat(sprintf('{"read_s": [%.4f], "fit_s": [%s], "fit_cpu_s": [%s], "rta": %.17g, "tariff": %.17g, "nobs": %d}\n',
  rd, paste(sprintf("%.4f", fit), collapse = ","), paste(sprintf("%.4f", cpu), collapse = ","),
  coef(m)[["rta"]], coef(m)[["tariff"]], nobs(m)))
`

// fixestCheck exits 0 when R has fixest and data.table.
const fixestCheck = `quit(status = if (requireNamespace("fixest", quietly = TRUE) && requireNamespace("data.table", quietly = TRUE)) 0 else 3)`

// GravityConfig sets up [GravitySideBySide].
type GravityConfig struct {
	Exe     string // the steppe binary
	Threads []int
	Reps    int
	Dir     string // where the panel's CSV and the R script are written
	Trade   string // optional fixest trade CSV, to time spec (a) too
	Stderr  io.Writer
}

// FixestAvailable runs the R check and says why fixest cannot be run
// beside steppe, or "" when it can.
func FixestAvailable(ctx context.Context, rscript string) (path, why string) {
	if rscript == "" {
		rscript = "Rscript"
	}
	path, err := exec.LookPath(rscript)
	if err != nil {
		return "", fmt.Sprintf("%s not found (install R: apt-get install r-base-core r-cran-data.table, then fixest)", rscript)
	}
	if err := exec.CommandContext(ctx, path, "-e", fixestCheck).Run(); err != nil {
		return "", "R lacks the fixest or data.table package (fixest is not packaged for Debian bookworm: R CMD INSTALL its source)"
	}
	return path, ""
}

// timedChild runs a child to the end and returns its wall and CPU time
// and peak memory, with its standard output.
func timedChild(ctx context.Context, env []string, stderr io.Writer, exe string, args ...string) (wall, cpu, peakMB float64, out []byte, err error) {
	c := exec.CommandContext(ctx, exe, args...)
	var b bytes.Buffer
	c.Stdout, c.Stderr, c.Env = &b, stderr, env
	t0 := time.Now()
	if err := c.Run(); err != nil {
		return 0, 0, 0, nil, fmt.Errorf("gravity bench: %s %v: %w", exe, args, err)
	}
	wall = time.Since(t0).Seconds()
	cpu, peakMB = childUsage(c.ProcessState)
	return wall, cpu, peakMB, b.Bytes(), nil
}

// GravitySideBySide writes the benchmark panel's CSV (checking the
// published checksums as it writes), then per thread count and repetition
// times the command a user types (steppe gravity estimate with default
// options) and, where R has fixest (rscript non-empty, see
// [FixestAvailable]), fixest's whole Rscript on the same file, one after
// the other; then the fit alone in one child of each. Every child gets
// GOMAXPROCS, data.table's and fixest's threads set to the count.
func GravitySideBySide(ctx context.Context, cfg GravityConfig, rscript string) ([]GravityRun, error) {
	csvPath := filepath.Join(cfg.Dir, "bench_panel.csv")
	checksums, ok, err := writePanelCSV(csvPath)
	if err != nil {
		return nil, err
	}
	script := filepath.Join(cfg.Dir, "fixest_bench.R")
	if rscript != "" {
		if err := os.WriteFile(script, []byte(fixestScript), 0o644); err != nil {
			return nil, fmt.Errorf("gravity bench: %w", err)
		}
	}
	var runs []GravityRun
	for _, t := range cfg.Threads {
		ts := strconv.Itoa(t)
		env := append(os.Environ(), "GOMAXPROCS="+ts, "OMP_NUM_THREADS="+ts)
		child := []string{"gravity", "bench", "--child", "--threads", ts, "--reps", strconv.Itoa(cfg.Reps), "--data", csvPath}
		if cfg.Trade != "" {
			child = append(child, "--trade", cfg.Trade)
		}
		_, _, _, out, err := timedChild(ctx, env, cfg.Stderr, cfg.Exe, child...)
		if err != nil {
			return nil, err
		}
		var r GravityRun
		if err := json.Unmarshal(out, &r); err != nil {
			return nil, fmt.Errorf("gravity bench: child output: %w", err)
		}
		r.Checksums, r.ChecksumsOK = checksums, ok
		var fx *FixestRun
		if rscript != "" {
			if _, _, _, out, err = timedChild(ctx, env, cfg.Stderr, rscript, script, csvPath, ts, strconv.Itoa(cfg.Reps)); err != nil {
				return nil, err
			}
			fx = &FixestRun{}
			if err := json.Unmarshal(out, fx); err != nil {
				return nil, fmt.Errorf("gravity bench: fixest output %q: %w", out, err)
			}
			fx.ReadS = nil // the fit-alone script's read is not a whole run
		}
		for range cfg.Reps {
			wall, cpu, peak, _, err := timedChild(ctx, env, cfg.Stderr, cfg.Exe, "gravity", "estimate", "--data", csvPath, "--formula", gravity.BenchCSVFormula, "--threads", ts)
			if err != nil {
				return nil, err
			}
			r.Command.add(wall, cpu, peak)
			if fx == nil {
				continue
			}
			wall, cpu, peak, out, err := timedChild(ctx, env, cfg.Stderr, rscript, script, csvPath, ts, "1")
			if err != nil {
				return nil, err
			}
			var one FixestRun
			if err := json.Unmarshal(out, &one); err != nil {
				return nil, fmt.Errorf("gravity bench: fixest output %q: %w", out, err)
			}
			fx.Script.add(wall, cpu, peak)
			fx.ReadS = append(fx.ReadS, one.ReadS...)
		}
		r.Fixest = fx
		runs = append(runs, r)
	}
	return runs, nil
}

// writePanelCSV writes the benchmark panel's CSV to path and reports its
// checksums and whether they are the published ones.
func writePanelCSV(path string) (string, bool, error) {
	fh, err := os.Create(path)
	if err != nil {
		return "", false, fmt.Errorf("gravity bench: %w", err)
	}
	defer fh.Close()
	sums, err := gravity.WriteBenchCSV(fh, gravity.BenchPanel())
	if err == nil {
		err = fh.Close()
	}
	if err != nil {
		return "", false, fmt.Errorf("gravity bench: %s: %w", path, err)
	}
	return sums.String(), sums.OK(), nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) == 0 {
		return math.NaN()
	}
	return s[len(s)/2]
}

// byThreads picks fixest's one-thread range (lo1, hi1) or, from two
// threads on, its two-thread range.
func byThreads(threads int, lo1, hi1, lo2, hi2 float64) (lo, hi float64) {
	if threads >= 2 {
		return lo2, hi2
	}
	return lo1, hi1
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
		lo, hi := byThreads(r.Threads, fx.Secs1Lo, fx.Secs1Hi, fx.Secs2Lo, fx.Secs2Hi)
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
			lo, hi := byThreads(r.Threads, fx.TradeSecs1Lo, fx.TradeSecs1Hi, fx.TradeSecs2Lo, fx.TradeSecs2Hi)
			best := slices.Min(r.TradeWall)
			fmt.Fprintf(w, "  %d thread(s): best %.3f s, median CPU %.3f s; fixest %.2f-%.2f s; ratio %.2f-%.2f\n", r.Threads, best, median(r.TradeCPU), lo, hi, best/hi, best/lo)
		}
	}
	fmt.Fprintln(w, "\nRatios below 1 mean faster than fixest. fixest's figures were measured on the\n2-core reference machine; for a fair verdict run fixest side by side. Peak RSS\nincludes the panel itself (7 float64 columns, 56 MB).")
	return nil
}

// WriteGravitySideBySide prints what [GravitySideBySide] measured: per
// thread count the medians of the whole command (steppe gravity estimate
// on the CSV against fixest's whole Rscript), of the fit alone (steppe's
// default options and fixest's sample rules against fepois) and of the
// CSV read (against fread), each with its ratio, and both peak memories.
// skipped says why fixest did not run (then only steppe's figures print);
// load holds the load average before and after.
func WriteGravitySideBySide(w io.Writer, runs []GravityRun, skipped string, load [2]float64) error {
	fmt.Fprintf(w, "\nThe command a user types, on the same CSV (medians; load average %.2f before, %.2f after):\n", load[0], load[1])
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if skipped != "" {
		fmt.Fprintln(tw, "threads\tcommand s\tcommand CPU s\tpeak RSS MB\tread s\tfit s (default)\tfit s (fixest rules)\t")
		for _, r := range runs {
			fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.0f\t%.3f\t%.3f\t%.3f\t\n", r.Threads, median(r.Command.Wall), median(r.Command.CPU), r.Command.PeakMB,
				median(r.ReadWall), median(r.DefaultWall), median(r.Wall))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "fixest: skipped: %s\n", skipped)
		return err
	}
	fmt.Fprintln(tw, "threads\twhat\tsteppe s\tfixest s\tratio\t")
	for _, r := range runs {
		fx := r.Fixest
		row := func(what string, s, f float64) {
			fmt.Fprintf(tw, "%d\t%s\t%.3f\t%.3f\t%.2f\t\n", r.Threads, what, s, f, s/f)
		}
		row("whole command (Rscript)", median(r.Command.Wall), median(fx.Script.Wall))
		row("  CPU", median(r.Command.CPU), median(fx.Script.CPU))
		row("fit, default options", median(r.DefaultWall), median(fx.FitS))
		row("  CPU", median(r.DefaultCPU), median(fx.FitCPU))
		row("fit, fixest's sample rules", median(r.Wall), median(fx.FitS))
		row("  CPU", median(r.CPU), median(fx.FitCPU))
		row("CSV read (fread)", median(r.ReadWall), median(fx.ReadS))
		fmt.Fprintf(tw, "%d\tpeak RSS MB, whole command\t%.0f\t%.0f\t%.2f\t\n", r.Threads, r.Command.PeakMB, fx.Script.PeakMB, r.Command.PeakMB/fx.Script.PeakMB)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "Ratios below 1 mean steppe is faster or smaller. When the load average exceeds the\ncores, wall times mostly measure the wait: read the CPU rows.")
	fx := runs[0].Fixest
	_, err := fmt.Fprintf(w, "fixest's estimates: rta %.10f, tariff %.10f on %d obs (steppe, fixest's rules: rta %.10f, tariff %.10f on %d)\n",
		fx.Rta, fx.Tariff, fx.NObs, runs[0].Rta, runs[0].Tariff, runs[0].NObs)
	return err
}
