package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/queue"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/sweep"
	"github.com/steppe-dev/steppe/world"
)

// QueueConfig is what [Queue] measures: a run of a scenario (its world and
// resolved text) cut into blocks, locally and through the NATS queue with
// each count of worker processes.
type QueueConfig struct {
	World    *world.World
	Resolved string
	Draws    int
	// BlockDraws is the sweep's block (0: sweep.DefaultBlockDraws).
	BlockDraws int
	Seed       uint64
	// Workers are the counts of worker processes to time.
	Workers []int
	// Experiments, when positive, adds an explore sweep of that many
	// experiments, four to a block.
	Experiments int
	// Reps repeats every measurement, alternating them; the fastest
	// of each counts.
	Reps int
	// StartWorker starts a worker process (steppe worker) on the NATS
	// server at url, running each block on one goroutine.
	StartWorker func(url string) (*exec.Cmd, error)
}

// QueueReport is [Queue]'s measurement.
type QueueReport struct {
	Scenario                  string
	Draws, BlockDraws, Blocks int
	Phases                    int
	// Local is model.Run on one worker (the single-machine path on one
	// core); Blocks is the same sweep's blocks computed one after another
	// in this process and merged (no queue).
	Local, InProcess time.Duration
	// Queue[i] is the wall time through the queue with Workers[i] worker
	// processes (server, workers and coordinator on this machine).
	Workers []int
	Queue   []time.Duration
	// LocalCPU, InProcessCPU and QueueCPU are the CPU seconds the same
	// runs took: this process's, and in the queue's case also the worker
	// processes' (read from /proc; 0 where there is none), which a busy
	// machine disturbs far less than wall time.
	LocalCPU, InProcessCPU float64
	QueueCPU               []float64
	// Experiments of ExperimentDraws draws each are the explore sweep
	// timed locally (explore.Run, one worker) and through the queue with one
	// worker process (0 experiments: none).
	Experiments, ExperimentDraws     int
	ExploreLocal, ExploreQueue       time.Duration
	ExploreLocalCPU, ExploreQueueCPU float64
	// PartialBytes is the mean size of a run block's partial in each
	// phase (pass over the draws), ExplorePartialBytes an explore block's.
	PartialBytes        []int
	ExplorePartialBytes int
	// Identical says whether every merged result was byte for byte the
	// local run's.
	Identical bool
	// LoadBefore and LoadAfter are the 1-minute load averages.
	LoadBefore, LoadAfter string
}

// Queue times the scenario's run: locally (model.Run, one worker), as a
// sweep computed in this process, and through an embedded NATS server
// with each count of worker processes (each block on one goroutine, so
// one worker process is one core's worth of the local run). Each path
// first runs the same work untimed, so that what is timed is the steady
// state of a long sweep, per block: the local model, the in-process
// worker and every worker process that took a block have the sweep's
// model assembled and their engines' caches filled; the queue then
// forgets the warm-up's partials (Conn.Purge) and the sweep is timed.
func Queue(ctx context.Context, cfg QueueConfig) (*QueueReport, error) {
	header, s, err := runHeader(cfg, cfg.Seed, cfg.Draws, cfg.BlockDraws)
	if err != nil {
		return nil, err
	}
	r := &QueueReport{Scenario: cfg.World.Name, Draws: cfg.Draws, BlockDraws: cfg.BlockDraws, Blocks: s.Blocks(), Workers: cfg.Workers,
		Queue: make([]time.Duration, len(cfg.Workers)), QueueCPU: make([]float64, len(cfg.Workers)), Identical: true, LoadBefore: loadAverage()}
	if r.BlockDraws == 0 {
		r.BlockDraws = sweep.DefaultBlockDraws
	}
	var want []byte
	keep := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	keepCPU := func(c *float64, x float64) {
		if *c == 0 || x < *c {
			*c = x
		}
	}
	check := func(res *results.Results, err error) error {
		if err != nil {
			return err
		}
		var b bytes.Buffer
		if err := res.WriteJSON(&b); err != nil {
			return err
		}
		if want == nil {
			want = b.Bytes()
		} else if !bytes.Equal(b.Bytes(), want) {
			r.Identical = false
		}
		return nil
	}
	for range max(1, cfg.Reps) {
		m, err := new(model.Cache).Assemble(cfg.World, model.Config{})
		if err != nil {
			return nil, err
		}
		// the warm-up, as the workers': the same run
		if _, err := m.Run(ctx, model.Options{Draws: cfg.Draws, Seed: cfg.Seed, Workers: 1}); err != nil {
			return nil, err
		}
		t, c := time.Now(), cpuSeconds()
		res, err := m.Run(ctx, model.Options{Draws: cfg.Draws, Seed: cfg.Seed, Workers: 1})
		keep(&r.Local, time.Since(t))
		keepCPU(&r.LocalCPU, cpuSeconds()-c)
		if err := check(res, err); err != nil {
			return nil, err
		}

		d, cpu, co, err := inProcess(ctx, cfg, header, &r.PartialBytes)
		if err != nil {
			return nil, err
		}
		keep(&r.InProcess, d)
		keepCPU(&r.InProcessCPU, cpu)
		r.Phases = co.Phase()
		if err := check(co.Results()); err != nil {
			return nil, err
		}

		for i, n := range cfg.Workers {
			d, cpu, co, err := queueRun(ctx, cfg, n, header)
			if err != nil {
				return nil, fmt.Errorf("%d worker processes: %w", n, err)
			}
			keep(&r.Queue[i], d)
			keepCPU(&r.QueueCPU[i], cpu)
			if err := check(co.Results()); err != nil {
				return nil, err
			}
		}
	}
	if cfg.Experiments > 0 {
		if err := exploreOverhead(ctx, cfg, r, keep, keepCPU); err != nil {
			return nil, fmt.Errorf("explore sweep: %w", err)
		}
	}
	r.LoadAfter = loadAverage()
	return r, nil
}

// exploreOverhead times an explore sweep of cfg.Experiments experiments of
// a Latin hypercube over the scenario's uncertain parameters, each of
// cfg.BlockDraws/4 draws (four experiments a block), locally (explore.Run
// on one worker) and through the queue with one worker process, and
// compares the results files.
func exploreOverhead(ctx context.Context, cfg QueueConfig, r *QueueReport, keep func(*time.Duration, time.Duration), keepCPU func(*float64, float64)) error {
	cache := new(model.Cache)
	m, err := cache.Assemble(cfg.World, model.Config{})
	if err != nil {
		return err
	}
	fs, err := m.Factors(model.FactorOptions{})
	if err != nil {
		return err
	}
	d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.LatinHypercube, N: cfg.Experiments, Seed: cfg.Seed})
	if err != nil {
		return err
	}
	e := d.Experiments()
	o := model.OutcomeOptions{Draws: max(1, r.BlockDraws/4), Seed: cfg.Seed}
	header := func(e *explore.Experiments, o model.OutcomeOptions) ([]byte, error) {
		return (&sweep.Sweep{Kind: sweep.KindExplore, ScenarioName: cfg.World.Name, Scenario: cfg.Resolved, BlockDraws: r.BlockDraws,
			Explore: &sweep.ExploreSpec{Comments: e.Comments, Factors: e.Factors, Cells: e.Cells, X: e.X, Outcomes: o}}).Encode()
	}
	h, err := header(e, o)
	if err != nil {
		return err
	}
	names, eval, err := m.Evaluator(e.Factors, o)
	if err != nil {
		return err
	}
	r.Experiments, r.ExperimentDraws = len(e.X), o.Draws
	p, err := sweep.Execute(ctx, cache, h, sweep.Task{Phase: 1, Block: 0}.Encode())
	if err != nil {
		return err
	}
	r.ExplorePartialBytes = len(p)
	var files [2]bytes.Buffer
	for i := range max(1, cfg.Reps) {
		// the warm-up, as the queue's: the same experiments
		if _, err := explore.Run(ctx, e, names, eval, &memFile{}, explore.RunOptions{Workers: 1}); err != nil {
			return err
		}
		f := &memFile{}
		t, c := time.Now(), cpuSeconds()
		if _, err := explore.Run(ctx, e, names, eval, f, explore.RunOptions{Workers: 1}); err != nil {
			return err
		}
		keep(&r.ExploreLocal, time.Since(t))
		keepCPU(&r.ExploreLocalCPU, cpuSeconds()-c)
		dq, cpu, co, err := queueRun(ctx, cfg, 1, h)
		if err != nil {
			return err
		}
		keep(&r.ExploreQueue, dq)
		keepCPU(&r.ExploreQueueCPU, cpu)
		g := &memFile{}
		if err := co.WriteResults(ctx, g); err != nil {
			return err
		}
		if i == 0 {
			files[0].Write(f.b)
			files[1].Write(g.b)
		}
		r.Identical = r.Identical && bytes.Equal(f.b, g.b) && bytes.Equal(f.b, files[0].Bytes())
	}
	return nil
}

// memFile is an explore.ResultsFile in memory.
type memFile struct {
	b   []byte
	off int64
}

func (f *memFile) Read(p []byte) (int, error) {
	if f.off >= int64(len(f.b)) {
		return 0, io.EOF
	}
	n := copy(p, f.b[f.off:])
	f.off += int64(n)
	return n, nil
}

func (f *memFile) Write(p []byte) (int, error) {
	if need := f.off + int64(len(p)); need > int64(len(f.b)) {
		f.b = append(f.b, make([]byte, need-int64(len(f.b)))...)
	}
	n := copy(f.b[f.off:], p)
	f.off += int64(n)
	return n, nil
}

func (f *memFile) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		off += f.off
	case io.SeekEnd:
		off += int64(len(f.b))
	}
	if off < 0 {
		return 0, fmt.Errorf("seek to %d", off)
	}
	f.off = off
	return off, nil
}

func (f *memFile) Truncate(n int64) error {
	if n < int64(len(f.b)) {
		f.b = f.b[:n]
	}
	return nil
}

// runHeader is the header of the run sweep of cfg's scenario with the
// given seed and draws.
func runHeader(cfg QueueConfig, seed uint64, draws, blockDraws int) ([]byte, *sweep.Sweep, error) {
	s := &sweep.Sweep{Kind: sweep.KindRun, ScenarioName: cfg.World.Name, Scenario: cfg.Resolved, BlockDraws: blockDraws,
		Run: &sweep.RunSpec{Draws: draws, Seed: seed}}
	h, err := s.Encode()
	return h, s, err
}

// inProcess times the sweep's blocks computed one after another by one
// sweep.Worker in this process and merged, and sets sizes to the mean
// size of a partial in each phase.
func inProcess(ctx context.Context, cfg QueueConfig, header []byte, sizes *[]int) (time.Duration, float64, *sweep.Coordinator, error) {
	cache := new(model.Cache)
	w := &sweep.Worker{Cache: cache, Workers: 1}
	co, err := sweep.NewCoordinator(ctx, cache, header)
	if err != nil {
		return 0, 0, nil, err
	}
	for _, task := range co.Pending() { // the warm-up: the same blocks
		if _, err := w.Execute(ctx, header, task.Encode()); err != nil {
			return 0, 0, nil, err
		}
	}
	var bytes, count []int // by phase
	t, c := time.Now(), cpuSeconds()
	for !co.Done() {
		bytes, count = append(bytes, 0), append(count, 0)
		for _, task := range co.Pending() {
			p, err := w.Execute(ctx, header, task.Encode())
			if err != nil {
				return 0, 0, nil, err
			}
			bytes[len(bytes)-1] += len(p)
			count[len(count)-1]++
			if _, err := co.Add(p); err != nil {
				return 0, 0, nil, err
			}
		}
	}
	d, used := time.Since(t), cpuSeconds()-c
	*sizes = (*sizes)[:0]
	for i, b := range bytes {
		*sizes = append(*sizes, b/max(1, count[i]))
	}
	return d, used, co, nil
}

// queueRun times the sweep whose header is given through a fresh embedded
// server with n fresh worker processes, after a warm-up run of the same
// sweep that the server then forgets (Purge).
func queueRun(ctx context.Context, cfg QueueConfig, n int, header []byte) (time.Duration, float64, *sweep.Coordinator, error) {
	dir, err := os.MkdirTemp("", "steppe-bench-queue-")
	if err != nil {
		return 0, 0, nil, err
	}
	defer os.RemoveAll(dir)
	srv, err := queue.Serve(queue.ServerOptions{Listen: "127.0.0.1:0", Store: dir})
	if err != nil {
		return 0, 0, nil, err
	}
	defer srv.Close()
	var procs []*exec.Cmd
	defer func() {
		for _, p := range procs {
			_ = p.Process.Signal(syscall.SIGTERM)
			_ = p.Wait()
		}
	}()
	for range n {
		p, err := cfg.StartWorker(srv.URL())
		if err != nil {
			return 0, 0, nil, err
		}
		procs = append(procs, p)
	}
	c, err := queue.Connect(queue.ConnOptions{URL: srv.URL(), Name: "steppe bench queue"})
	if err != nil {
		return 0, 0, nil, err
	}
	defer c.Close()
	cache := new(model.Cache)
	// CPU seconds of this process (server and coordinator) and the workers
	cpu := func() float64 {
		x := cpuSeconds()
		for _, p := range procs {
			x += procCPUSeconds(p.Process.Pid)
		}
		return x
	}
	// gather runs a sweep through the queue, timing it (wall and CPU)
	// from submission to the last partial merged: not the coordinator's
	// decoding of the header and assembly of the model, which a sweep
	// does once, as the local run's model is assembled before its timing
	gather := func(header []byte) (*sweep.Coordinator, time.Duration, float64, error) {
		co, err := sweep.NewCoordinator(ctx, cache, header)
		if err != nil {
			return nil, 0, 0, err
		}
		t, c0 := time.Now(), cpu()
		err = c.RunSweep(ctx, co, header, queue.RunOptions{}, nil)
		return co, time.Since(t), cpu() - c0, err
	}
	if _, _, _, err := gather(header); err != nil {
		return 0, 0, nil, fmt.Errorf("warm-up: %w", err)
	}
	if err := c.Purge(ctx); err != nil {
		return 0, 0, nil, err
	}
	co, d, used, err := gather(header)
	return d, used, co, err
}

// procCPUSeconds is a process's user+system CPU seconds from
// /proc/PID/stat (Linux; fields 14 and 15, in clock ticks of 1/100 s, the
// USER_HZ of every Linux architecture), or 0.
func procCPUSeconds(pid int) float64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	// the command name, field 2, is in parentheses and may hold spaces
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (u + st) / 100
}

// Write prints the report: each configuration's time and draws per
// second, the queue's overhead per block against the local run and
// against the same blocks computed in this process, and the speed-up of
// each worker count over one worker process.
func (r *QueueReport) Write(w io.Writer) {
	rate := func(d time.Duration) float64 { return float64(r.Draws) / d.Seconds() }
	fmt.Fprintf(w, "scenario %s: %d draws in %d blocks of %d (%d pass(es) over the draws); load average %s before, %s after\n",
		r.Scenario, r.Draws, r.Blocks, r.BlockDraws, r.Phases, r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(w, "  local run, 1 worker (model.Run):        %8v  %7.0f draws/s\n", r.Local.Round(time.Millisecond), rate(r.Local))
	fmt.Fprintf(w, "  sweep blocks in-process, 1 goroutine:   %8v  %7.0f draws/s  (/ local run = %.3f)\n", r.InProcess.Round(time.Millisecond), rate(r.InProcess), float64(r.InProcess)/float64(r.Local))
	var one time.Duration
	for i, n := range r.Workers {
		d := r.Queue[i]
		fmt.Fprintf(w, "  queue, %d worker process(es):           %8v  %7.0f draws/s  (/ local run = %.3f", n, d.Round(time.Millisecond), rate(d), float64(d)/float64(r.Local))
		if n == 1 {
			one = d
		} else if one > 0 {
			fmt.Fprintf(w, "; speed-up over 1 worker %.2fx", float64(one)/float64(d))
		}
		fmt.Fprintln(w, ")")
	}
	if r.LocalCPU > 0 && r.InProcessCPU > 0 {
		fmt.Fprintf(w, "  CPU seconds: local run %.2f, in-process blocks %.2f (/ local = %.3f)", r.LocalCPU, r.InProcessCPU, r.InProcessCPU/r.LocalCPU)
		for i, n := range r.Workers {
			if r.QueueCPU[i] > 0 {
				fmt.Fprintf(w, ", queue with %d worker(s) %.2f (/ local = %.3f, / in-process = %.3f)", n, r.QueueCPU[i], r.QueueCPU[i]/r.LocalCPU, r.QueueCPU[i]/r.InProcessCPU)
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "queue overhead per block with 1 worker process, against the local run timed in this command (target under 2%% at 2,048 draws a block):\n")
	if i := slices.Index(r.Workers, 1); i >= 0 {
		blocks := r.Blocks * max(1, r.Phases)
		fmt.Fprintf(w, "  run sweep, %d blocks of %d draws x %d pass(es): %s; a partial %s\n", r.Blocks, r.BlockDraws, max(1, r.Phases),
			overhead(blocks, r.Local, r.Queue[i], r.LocalCPU, r.QueueCPU[i]), partialSizes(r.PartialBytes))
	}
	if r.Experiments > 0 {
		blocks := (r.Experiments + 3) / 4
		fmt.Fprintf(w, "  explore sweep, %d experiments of %d draws in %d blocks of 4: %s; a partial %s (the experiments' outcome rows)\n",
			r.Experiments, r.ExperimentDraws, blocks, overhead(blocks, r.ExploreLocal, r.ExploreQueue, r.ExploreLocalCPU, r.ExploreQueueCPU), byteSize(r.ExplorePartialBytes))
		fmt.Fprintf(w, "  (explore: local explore.Run %v, %.2f CPU s; queue %v, %.2f CPU s)\n",
			r.ExploreLocal.Round(time.Millisecond), r.ExploreLocalCPU, r.ExploreQueue.Round(time.Millisecond), r.ExploreQueueCPU)
	}
	fmt.Fprintln(w, "  a run block's partial carries each of its draws' values in every pass: the summary keeps them for its")
	fmt.Fprintln(w, "  pilot (the first draws), and beyond it adds them into float sums in draw order (pass 1: sum of x; pass 2:")
	fmt.Fprintln(w, "  sum of (x - mean)^2), which only the values themselves reproduce bit for bit (package sweep's doc)")
	same := "yes"
	if !r.Identical {
		same = "NO"
	}
	fmt.Fprintf(w, "  every merged result byte for byte the local run's: %s\n", same)
}

// overhead formats the queue's cost per block beyond the local run's, in
// wall time and in CPU time, each also as a share of the local run's.
func overhead(blocks int, local, queued time.Duration, localCPU, queuedCPU float64) string {
	n := float64(max(1, blocks))
	cpu := "CPU n/a"
	if localCPU > 0 && queuedCPU > 0 {
		cpu = fmt.Sprintf("%+.1f ms CPU (%+.1f%% of the local run's)", 1000*(queuedCPU-localCPU)/n, 100*(queuedCPU/localCPU-1))
	}
	return fmt.Sprintf("%+.1f ms wall (%+.1f%%), %s", (queued-local).Seconds()*1000/n, 100*(float64(queued)/float64(local)-1), cpu)
}

// partialSizes formats the mean partial size of each pass.
func partialSizes(sizes []int) string {
	var b strings.Builder
	for i, n := range sizes {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s in pass %d", byteSize(n), i+1)
	}
	return b.String()
}

// byteSize formats n bytes.
func byteSize(n int) string {
	if n >= 1e6 {
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
	if n >= 1e4 {
		return fmt.Sprintf("%.0f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d bytes", n)
}

// loadAverage is the 1-minute load average from /proc/loadavg, or "n/a".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "n/a"
	}
	return f[0]
}
