package queue

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/sweep"
)

// bigJob's partial is size bytes, at once: what the queue costs a block
// beyond its computation.
type bigJob struct{ size int }

func (j bigJob) Run(_ context.Context, task []byte) ([]byte, error) {
	return bytes.Repeat(task[:1], j.size), nil
}

// BenchmarkTransport6MiB is one block's round trip with a partial of
// 6 MiB (a run's block of 2,048 draws of the default scenario): queued,
// pulled by one in-process worker, stored, read back by the coordinator.
func BenchmarkTransport6MiB(b *testing.B) { benchTransport(b, 6<<20) }

// BenchmarkTransport1KiB is the same with a partial of 1 KiB (an explore
// block's rows): the queue's fixed cost a block.
func BenchmarkTransport1KiB(b *testing.B) { benchTransport(b, 1<<10) }

func benchTransport(b *testing.B, size int) {
	s, err := Serve(ServerOptions{Listen: "127.0.0.1:0", Store: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	w, err := Connect(ConnOptions{URL: s.URL()})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Work(ctx, WorkerOptions{Open: func(context.Context, []byte) (Job, error) { return bigJob{size}, nil }}) //nolint:errcheck
	c, err := Connect(ConnOptions{URL: s.URL()})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	sw := Sweep{Spec: []byte("big")}
	for i := range b.N {
		sw.Tasks = append(sw.Tasks, Task{Payload: []byte(strconv.Itoa(i % 10))})
	}
	b.ResetTimer()
	cpu := cpuTime()
	if err := c.Run(ctx, sw, RunOptions{}, func(int, []byte) error { return nil }); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user and system CPU time so far: the server's,
// the workers' and the coordinator's, when all run in this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExploreSweep times the explore sweep `steppe bench queue`
// times (16 experiments of a Latin hypercube over the default scenario's
// parameters, 512 draws each, four to a block of 2,048 draws) locally
// (explore.Run, one worker) and through the queue with one in-process
// worker of one goroutine; the coordinator's model is assembled before
// the timing, as the local run's is. The CPU profile of the queue case is
// the queue's cost beyond the blocks' work.
func BenchmarkExploreSweep(b *testing.B) {
	sc, cache, m, e := latinHypercube(b, 16, 1)
	o := model.OutcomeOptions{Draws: 512, Seed: 1}
	header, err := (&sweep.Sweep{Kind: sweep.KindExplore, ScenarioName: sc.World.Name, Scenario: string(sc.Resolved),
		Explore: &sweep.ExploreSpec{Comments: e.Comments, Factors: e.Factors, Cells: e.Cells, X: e.X, Outcomes: o}}).Encode()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("local", func(b *testing.B) {
		names, eval, err := m.Evaluator(e.Factors, o)
		if err != nil {
			b.Fatal(err)
		}
		cpu := cpuTime()
		for b.Loop() {
			f, err := os.Create(filepath.Join(b.TempDir(), "results.csv"))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := explore.Run(ctx, e, names, eval, f, explore.RunOptions{Workers: 1}); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
		b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
	})
	b.Run("queue", func(b *testing.B) {
		s, err := Serve(ServerOptions{Listen: "127.0.0.1:0", Store: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		defer startWorkers(b, s.URL(), 1, SweepOpener(&sweep.Worker{Cache: cache, Workers: 1}))()
		c := connect(b, s.URL())
		var cpu time.Duration
		for b.Loop() {
			b.StopTimer()
			co, err := sweep.NewCoordinator(ctx, cache, header)
			if err != nil {
				b.Fatal(err)
			}
			if err := c.Purge(ctx); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			c0 := cpuTime()
			if err := c.RunSweep(ctx, co, header, RunOptions{}, nil); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime() - c0
		}
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	})
}
