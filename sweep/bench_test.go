package sweep

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/model"
)

// BenchmarkBlock compares one default block of the default scenario
// (DefaultBlockDraws draws, the engines `steppe run` uses, one core)
// computed by model.Run with the same draws as one sweep block: Execute,
// Add and Results. The difference is the sweep's own cost per block,
// before any transport; partial-bytes/draw is what a transport carries.
// cpu-ns/op is the process's CPU time (user and system, all threads), a
// steadier measure than wall time on a shared machine.
func BenchmarkBlock(b *testing.B) {
	r := RunSpec{Draws: DefaultBlockDraws, Seed: 1}
	ctx := context.Background()
	b.Run("local", func(b *testing.B) {
		sc := loadScenario(b, "")
		m, err := testCache().Assemble(sc.World, model.Config{})
		noErr(b, err)
		runtime.GC()
		var cpu time.Duration
		for b.Loop() {
			t0 := rusage(b)
			_, err := m.Run(ctx, model.Options{Draws: r.Draws, Seed: r.Seed, Workers: 1})
			noErr(b, err)
			cpu += rusage(b) - t0
		}
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	})
	b.Run("sweep", func(b *testing.B) {
		h := runHeader(b, Sweep{Run: &r})
		w := &Worker{Cache: testCache(), Workers: 1}
		// A coordinator for each round, made before the timing (and its
		// garbage collected), as the local run's model is.
		cs := make([]*Coordinator, b.N)
		for i := range cs {
			var err error
			cs[i], err = NewCoordinator(ctx, testCache(), h)
			noErr(b, err)
		}
		_, err := w.Execute(ctx, h, Task{Phase: 1, Block: 0}.Encode()) // the worker's model
		noErr(b, err)
		runtime.GC()
		var size int
		var cpu time.Duration
		b.ResetTimer()
		for _, c := range cs {
			t0 := rusage(b)
			p, err := w.Execute(ctx, h, Task{Phase: 1, Block: 0}.Encode())
			noErr(b, err)
			_, err = c.Add(p)
			noErr(b, err)
			_, err = c.Results()
			noErr(b, err)
			cpu += rusage(b) - t0
			size = len(p)
		}
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
		b.ReportMetric(float64(size)/float64(r.Draws), "partial-bytes/draw")
	})
}

// rusage is the process's CPU time so far (user and system, all threads).
func rusage(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
