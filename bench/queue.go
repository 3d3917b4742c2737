package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

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
	// Identical says whether every merged result was byte for byte the
	// local run's.
	Identical bool
	// LoadBefore and LoadAfter are the 1-minute load averages.
	LoadBefore, LoadAfter string
}

// Queue times the scenario's run: locally (model.Run, one worker), as a
// sweep computed in this process, and through an embedded NATS server
// with each count of worker processes (each block on one goroutine, so
// one worker process is one core's worth of the local run). Every timing
// starts with the model assembled and its engines' caches cold for the
// timed draws, as in a fresh `steppe run`: the local run gets a freshly
// assembled model; the in-process worker and each worker process first
// compute a warm-up sweep with another seed (which assembles the engines),
// so that the timed sweep pays only what a worker pays per sweep (reading
// its scenario, assembling its model from the engines it holds) and per
// block. The coordinator's model is assembled before each timing.
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
		// the warm-up, as the workers': another seed's draws
		if _, err := m.Run(ctx, model.Options{Draws: 64, Seed: cfg.Seed + 1, Workers: 1}); err != nil {
			return nil, err
		}
		t, c := time.Now(), cpuSeconds()
		res, err := m.Run(ctx, model.Options{Draws: cfg.Draws, Seed: cfg.Seed, Workers: 1})
		keep(&r.Local, time.Since(t))
		keepCPU(&r.LocalCPU, cpuSeconds()-c)
		if err := check(res, err); err != nil {
			return nil, err
		}

		d, cpu, co, err := inProcess(ctx, cfg, header)
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
	r.LoadAfter = loadAverage()
	return r, nil
}

// runHeader is the header of the run sweep of cfg's scenario with the
// given seed and draws.
func runHeader(cfg QueueConfig, seed uint64, draws, blockDraws int) ([]byte, *sweep.Sweep, error) {
	s := &sweep.Sweep{Kind: sweep.KindRun, ScenarioName: cfg.World.Name, Scenario: cfg.Resolved, BlockDraws: blockDraws,
		Run: &sweep.RunSpec{Draws: draws, Seed: seed}}
	h, err := s.Encode()
	return h, s, err
}

// warmUp is the header of the warm-up sweep before a timing with n
// workers: 4n blocks of 64 draws with another seed.
func warmUp(cfg QueueConfig, n int) ([]byte, error) {
	h, _, err := runHeader(cfg, cfg.Seed+1, 64*4*n, 64)
	return h, err
}

// inProcess times the sweep's blocks computed one after another by one
// sweep.Worker in this process and merged.
func inProcess(ctx context.Context, cfg QueueConfig, header []byte) (time.Duration, float64, *sweep.Coordinator, error) {
	cache := new(model.Cache)
	w := &sweep.Worker{Cache: cache, Workers: 1}
	warm, err := warmUp(cfg, 1)
	if err != nil {
		return 0, 0, nil, err
	}
	if _, err := w.Execute(ctx, warm, sweep.Task{Phase: 1, Block: 0}.Encode()); err != nil {
		return 0, 0, nil, err
	}
	co, err := sweep.NewCoordinator(ctx, cache, header)
	if err != nil {
		return 0, 0, nil, err
	}
	t, c := time.Now(), cpuSeconds()
	for !co.Done() {
		for _, task := range co.Pending() {
			p, err := w.Execute(ctx, header, task.Encode())
			if err != nil {
				return 0, 0, nil, err
			}
			if _, err := co.Add(p); err != nil {
				return 0, 0, nil, err
			}
		}
	}
	return time.Since(t), cpuSeconds() - c, co, nil
}

// queueRun times the sweep whose header is given through a fresh embedded
// server with n fresh worker processes, after a warm-up sweep.
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
	// gather runs a sweep through the queue, timing it from submission to
	// the last partial merged (not the coordinator's model assembly)
	gather := func(header []byte) (*sweep.Coordinator, time.Duration, error) {
		co, err := sweep.NewCoordinator(ctx, cache, header)
		if err != nil {
			return nil, 0, err
		}
		t := time.Now()
		err = c.RunSweep(ctx, co, header, queue.RunOptions{}, nil)
		return co, time.Since(t), err
	}
	warm, err := warmUp(cfg, n)
	if err != nil {
		return 0, 0, nil, err
	}
	if _, _, err := gather(warm); err != nil {
		return 0, 0, nil, fmt.Errorf("warm-up: %w", err)
	}
	// CPU seconds of this process (server and coordinator) and the workers
	cpu := func() float64 {
		x := cpuSeconds()
		for _, p := range procs {
			x += procCPUSeconds(p.Process.Pid)
		}
		return x
	}
	c0 := cpu()
	co, d, err := gather(header)
	return d, cpu() - c0, co, err
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
	if one > 0 {
		blocks := time.Duration(r.Blocks * max(1, r.Phases))
		fmt.Fprintf(w, "  queue overhead per block at 1 worker: %+v against the local run (%+.1f%%, target under 2%%), %+v against the in-process blocks (%+.1f%%)\n",
			((one - r.Local) / blocks).Round(100*time.Microsecond), 100*(float64(one)/float64(r.Local)-1),
			((one - r.InProcess) / blocks).Round(100*time.Microsecond), 100*(float64(one)/float64(r.InProcess)-1))
	}
	same := "yes"
	if !r.Identical {
		same = "NO"
	}
	fmt.Fprintf(w, "  every merged result byte for byte the local run's: %s\n", same)
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
