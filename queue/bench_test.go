package queue

import (
	"bytes"
	"context"
	"strconv"
	"testing"
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
func BenchmarkTransport6MiB(b *testing.B) {
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
	go w.Work(ctx, WorkerOptions{Open: func(context.Context, []byte) (Job, error) { return bigJob{6 << 20}, nil }}) //nolint:errcheck
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
	if err := c.Run(ctx, sw, RunOptions{}, func(int, []byte) error { return nil }); err != nil {
		b.Fatal(err)
	}
}
