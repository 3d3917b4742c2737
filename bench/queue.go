package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
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
	// Identical says whether every merged result was byte for byte the
	// local run's.
	Identical bool
	// LoadBefore and LoadAfter are the 1-minute load averages.
	LoadBefore, LoadAfter string
}

// Queue times the scenario's run: locally (model.Run, one worker), as a
// sweep computed in this process, and through an embedded NATS server
// with each count of worker processes (each block on one goroutine, so
// one worker process is one core's worth of the local run). As the local
// run's model is assembled before its timing, the workers' and the
// coordinator's are: the queue runs the same sweep once to warm up (each
// worker process that takes a block assembles the sweep's model), forgets
// it, and runs it again timed.
func Queue(ctx context.Context, cfg QueueConfig) (*QueueReport, error) {
	s := &sweep.Sweep{Kind: sweep.KindRun, ScenarioName: cfg.World.Name, Scenario: cfg.Resolved, BlockDraws: cfg.BlockDraws,
		Run: &sweep.RunSpec{Draws: cfg.Draws, Seed: cfg.Seed}}
	header, err := s.Encode()
	if err != nil {
		return nil, err
	}
	r := &QueueReport{Scenario: cfg.World.Name, Draws: cfg.Draws, BlockDraws: cfg.BlockDraws, Blocks: s.Blocks(), Workers: cfg.Workers,
		Queue: make([]time.Duration, len(cfg.Workers)), Identical: true, LoadBefore: loadAverage()}
	if r.BlockDraws == 0 {
		r.BlockDraws = sweep.DefaultBlockDraws
	}
	cache := new(model.Cache)
	m, err := cache.Assemble(cfg.World, model.Config{})
	if err != nil {
		return nil, err
	}
	var want []byte
	keep := func(d *time.Duration, t time.Duration) {
		if *d == 0 || t < *d {
			*d = t
		}
	}
	check := func(res *results.Results) error {
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
	// warm the local model's engine caches as the queue's warm-up warms
	// the workers'
	if _, err := m.Run(ctx, model.Options{Draws: cfg.Draws, Seed: cfg.Seed, Workers: 1}); err != nil {
		return nil, err
	}
	for range max(1, cfg.Reps) {
		t := time.Now()
		res, err := m.Run(ctx, model.Options{Draws: cfg.Draws, Seed: cfg.Seed, Workers: 1})
		if err != nil {
			return nil, err
		}
		keep(&r.Local, time.Since(t))
		if err := check(res); err != nil {
			return nil, err
		}

		co, err := sweep.NewCoordinator(ctx, cache, header)
		if err != nil {
			return nil, err
		}
		w := &sweep.Worker{Cache: cache, Workers: 1}
		if _, err := w.Execute(ctx, header, co.Pending()[0].Encode()); err != nil { // the worker's model, as the queue's warm-up
			return nil, err
		}
		t = time.Now()
		for !co.Done() {
			for _, task := range co.Pending() {
				p, err := w.Execute(ctx, header, task.Encode())
				if err != nil {
					return nil, err
				}
				if _, err := co.Add(p); err != nil {
					return nil, err
				}
			}
		}
		keep(&r.InProcess, time.Since(t))
		r.Phases = co.Phase()
		if res, err = co.Results(); err != nil {
			return nil, err
		}
		if err := check(res); err != nil {
			return nil, err
		}

		for i, n := range cfg.Workers {
			d, res, err := queueRun(ctx, cfg, n, header, cache)
			if err != nil {
				return nil, fmt.Errorf("%d worker processes: %w", n, err)
			}
			keep(&r.Queue[i], d)
			if err := check(res); err != nil {
				return nil, err
			}
		}
	}
	r.LoadAfter = loadAverage()
	return r, nil
}

// queueRun times the sweep whose header is given through a fresh embedded
// server with n worker processes, after a warm-up run of the same sweep.
func queueRun(ctx context.Context, cfg QueueConfig, n int, header []byte, cache *model.Cache) (time.Duration, *results.Results, error) {
	dir, err := os.MkdirTemp("", "steppe-bench-queue-")
	if err != nil {
		return 0, nil, err
	}
	defer os.RemoveAll(dir)
	srv, err := queue.Serve(queue.ServerOptions{Listen: "127.0.0.1:0", Store: dir})
	if err != nil {
		return 0, nil, err
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
			return 0, nil, err
		}
		procs = append(procs, p)
	}
	c, err := queue.Connect(queue.ConnOptions{URL: srv.URL(), Name: "steppe bench queue"})
	if err != nil {
		return 0, nil, err
	}
	defer c.Close()
	// gather runs s through the queue, timing the sweep from submission to
	// the last partial merged (not the coordinator's model assembly)
	gather := func() (*sweep.Coordinator, time.Duration, error) {
		co, err := sweep.NewCoordinator(ctx, cache, header)
		if err != nil {
			return nil, 0, err
		}
		t := time.Now()
		err = c.RunSweep(ctx, co, header, queue.RunOptions{}, nil)
		return co, time.Since(t), err
	}
	// the warm-up: the same sweep, so that each worker that took a block
	// has the sweep's model; then the server forgets it
	if _, _, err := gather(); err != nil {
		return 0, nil, fmt.Errorf("warm-up: %w", err)
	}
	if err := c.Purge(ctx); err != nil {
		return 0, nil, err
	}
	co, d, err := gather()
	if err != nil {
		return 0, nil, err
	}
	res, err := co.Results()
	return d, res, err
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
