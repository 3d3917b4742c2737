package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// The fake job: a spec "sleep=DURATION" makes each task take that long; a
// task is a number n, and its partial is a function of the spec and n; the
// task "poison" always fails.
type fakeJob struct {
	spec  string
	sleep time.Duration
	runs  *atomic.Int64
	start func(task string) // when a task starts, if not nil
}

func fakeOpener(runs *atomic.Int64, start func(string)) Opener {
	return func(_ context.Context, spec []byte) (Job, error) {
		j := &fakeJob{spec: string(spec), runs: runs, start: start}
		if d, ok := strings.CutPrefix(j.spec, "sleep="); ok {
			var err error
			if j.sleep, err = time.ParseDuration(d); err != nil {
				return nil, err
			}
		}
		return j, nil
	}
}

func (j *fakeJob) Run(ctx context.Context, task []byte) ([]byte, error) {
	if j.runs != nil {
		j.runs.Add(1)
	}
	if j.start != nil {
		j.start(string(task))
	}
	if string(task) == "poison" {
		return nil, errors.New("the poisoned task fails")
	}
	select {
	case <-time.After(j.sleep):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return fakePartial(j.spec, string(task)), nil
}

// fakePartial is what the fake job gives, computed here as a local run
// would.
func fakePartial(spec, task string) []byte {
	n, _ := strconv.Atoi(task)
	s := uint64(n)
	for i := range 1000 {
		s = s*6364136223846793005 + uint64(i)
	}
	return fmt.Appendf(nil, "%s|%d|%x", spec, n, s)
}

// fakeSweep has n numbered tasks named "experiment I, block 0".
func fakeSweep(spec string, n int) Sweep {
	sw := Sweep{Spec: []byte(spec)}
	for i := range n {
		sw.Tasks = append(sw.Tasks, Task{Name: fmt.Sprintf("experiment %d, block 0", i), Payload: []byte(strconv.Itoa(i))})
	}
	return sw
}

// local is the sweep's partials computed in this process, concatenated.
func local(sw Sweep) []byte {
	var b []byte
	for _, t := range sw.Tasks {
		b = append(b, fakePartial(string(sw.Spec), string(t.Payload))...)
	}
	return b
}

func serve(t *testing.T, token string) *Server {
	t.Helper()
	s, err := Serve(ServerOptions{Listen: "127.0.0.1:0", Store: t.TempDir(), Token: token})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func connect(t testing.TB, url string) *Conn {
	t.Helper()
	c, err := Connect(ConnOptions{URL: url, Name: t.Name()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// startWorkers starts n in-process workers, each on its own connection,
// and returns a function that stops them and waits.
func startWorkers(t testing.TB, url string, n int, open Opener) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range n {
		c := connect(t, url)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Work(ctx, WorkerOptions{Open: open, ID: fmt.Sprintf("w%d", i)}); err != nil {
				t.Errorf("worker %d: %v", i, err)
			}
		}()
	}
	return func() { cancel(); wg.Wait() }
}

// withWorkers starts a server and n in-process workers on the fake job,
// counting its runs in runs.
func withWorkers(t *testing.T, n int) (s *Server, runs *atomic.Int64) {
	t.Helper()
	s, runs = serve(t, ""), new(atomic.Int64)
	t.Cleanup(startWorkers(t, s.URL(), n, fakeOpener(runs, nil)))
	return s, runs
}

// gatherAll runs sw on c and returns its partials concatenated in order.
func gatherAll(ctx context.Context, c *Conn, sw Sweep, o RunOptions) ([]byte, error) {
	var b []byte
	next := 0
	err := c.Run(ctx, sw, o, func(i int, p []byte) error {
		if i != next {
			return fmt.Errorf("partial %d delivered, want %d", i, next)
		}
		next++
		b = append(b, p...)
		return nil
	})
	return b, err
}

var fast = QueueOptions{AckWait: time.Second, MaxDeliver: 3}

func TestWorkersGiveTheLocalResult(t *testing.T) {
	s := serve(t, "")
	for _, workers := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			var runs atomic.Int64
			stop := startWorkers(t, s.URL(), workers, fakeOpener(&runs, nil))
			defer stop()
			sw := fakeSweep(fmt.Sprintf("sleep=%dms", 5*workers), 20)
			var last Status
			got, err := gatherAll(context.Background(), connect(t, s.URL()), sw, RunOptions{QueueOptions: fast, Progress: func(st Status) { last = st }})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, local(sw)) {
				t.Errorf("merged partials differ from the local run:\n%s\n%s", got, local(sw))
			}
			if runs.Load() != 20 || last.Done != 20 || last.Total != 20 || last.Stored != 0 {
				t.Errorf("%d runs, last status %+v; want 20 runs, 20/20 done, none stored", runs.Load(), last)
			}
		})
	}
}

func TestSubmitAgainRecomputesNothing(t *testing.T) {
	s, runs := withWorkers(t, 2)
	sw := fakeSweep("again", 8)
	c := connect(t, s.URL())
	for range 2 {
		got, err := gatherAll(context.Background(), c, sw, RunOptions{QueueOptions: fast})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, local(sw)) {
			t.Errorf("merged partials differ from the local run")
		}
		if runs.Load() != 8 {
			t.Errorf("%d runs of 8 tasks after a resubmission; want 8", runs.Load())
		}
	}
}

func TestDuplicatePublishCountsOnce(t *testing.T) {
	s := serve(t, "")
	c := connect(t, s.URL())
	sw := fakeSweep("dup", 4)
	if _, _, err := c.setup(context.Background(), &fast); err != nil {
		t.Fatal(err)
	}
	// a worker that publishes task 1's partial twice (it died between
	// publishing and acknowledging, and ran the task again): the second
	// copy is a duplicate by its message id
	w := &worker{c: c, o: WorkerOptions{ID: "twice"}}
	id, subj := sw.ID(), partialPrefix+sw.ID()+".1"
	for range 2 {
		if err := w.publish(context.Background(), subj, id, "1", fakePartial("dup", "1")); err != nil {
			t.Fatal(err)
		}
	}
	// and a copy without a message id, as after the duplicate window: the
	// subject keeps one message
	if _, err := c.js.Publish(context.Background(), subj, fakePartial("dup", "1")); err != nil {
		t.Fatal(err)
	}
	ps, err := c.js.Stream(context.Background(), partialStream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ps.Info(context.Background(), jetstream.WithSubjectFilter(subj))
	if err != nil {
		t.Fatal(err)
	}
	if n := info.State.Subjects[subj]; n != 1 {
		t.Errorf("%d messages stored under %s, want 1", n, subj)
	}
	var runs atomic.Int64
	stop := startWorkers(t, s.URL(), 1, fakeOpener(&runs, nil))
	defer stop()
	delivered := map[int]int{}
	var last Status
	err = c.Run(context.Background(), sw, RunOptions{QueueOptions: fast, Progress: func(st Status) { last = st }}, func(i int, p []byte) error {
		delivered[i]++
		if !bytes.Equal(p, fakePartial("dup", strconv.Itoa(i))) {
			t.Errorf("partial %d: %q", i, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if delivered[i] != 1 {
			t.Errorf("partial %d delivered %d times, want once", i, delivered[i])
		}
	}
	if runs.Load() != 3 || last.Stored != 1 || last.Done != 4 {
		t.Errorf("%d runs, status %+v; want 3 runs (task 1 was stored), 1 stored, 4 done", runs.Load(), last)
	}
}

// A sweep run again after Purge, within the duplicate window, is computed
// and stored again (its partials' message ids are not taken for copies).
func TestPurgedSweepRunsAgain(t *testing.T) {
	s, runs := withWorkers(t, 1)
	c := connect(t, s.URL())
	sw := fakeSweep("purged", 3)
	for i := range 2 {
		if got, err := gatherAll(context.Background(), c, sw, RunOptions{QueueOptions: fast}); err != nil || !bytes.Equal(got, local(sw)) {
			t.Fatalf("run %d: %v", i, err)
		}
		if err := c.Purge(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if runs.Load() != 6 {
		t.Errorf("%d runs of 3 tasks twice; want 6", runs.Load())
	}
}

func TestCoordinatorRestartUsesStoredPartials(t *testing.T) {
	s := serve(t, "")
	sw := fakeSweep("sleep=20ms", 12)
	var runs atomic.Int64
	stop := startWorkers(t, s.URL(), 1, fakeOpener(&runs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	var first []byte
	err := connect(t, s.URL()).Run(ctx, sw, RunOptions{QueueOptions: fast}, func(i int, p []byte) error {
		first = append(first, p...)
		if i == 3 {
			cancel() // the coordinator goes away after four partials
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first coordinator: %v, want context.Canceled", err)
	}
	stop() // the worker stops too, releasing its task
	before := runs.Load()

	runs.Store(0)
	var mu sync.Mutex
	var ran []string
	stop = startWorkers(t, s.URL(), 1, fakeOpener(&runs, func(task string) { mu.Lock(); ran = append(ran, task); mu.Unlock() }))
	defer stop()
	var last Status
	got, err := gatherAll(context.Background(), connect(t, s.URL()), sw, RunOptions{QueueOptions: fast, Progress: func(st Status) { last = st }})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, local(sw)) || !bytes.HasPrefix(got, first) {
		t.Errorf("merged partials differ from the local run")
	}
	if last.Stored < 4 || int(runs.Load()) != 12-last.Stored {
		t.Errorf("restarted coordinator: %d partials stored, %d tasks run (%d before: %q); want at least 4 stored and the rest run once", last.Stored, runs.Load(), before, ran)
	}
}

func TestPoisonedTaskStopsTheSweep(t *testing.T) {
	s, _ := withWorkers(t, 2)
	sw := fakeSweep("poison", 5)
	sw.Tasks[2] = Task{Name: "experiment 7, block 2", Payload: []byte("poison")}
	_, err := gatherAll(context.Background(), connect(t, s.URL()), sw, RunOptions{QueueOptions: fast})
	var te *TaskError
	if !errors.As(err, &te) || te.Name != "experiment 7, block 2" || te.Deliveries != fast.MaxDeliver || !strings.Contains(err.Error(), "the poisoned task fails") {
		t.Fatalf("error %v (%#v), want a TaskError naming experiment 7, block 2 after %d deliveries with the job's error", err, te, fast.MaxDeliver)
	}
}

// A task whose every worker dies before acknowledging it (here: a consumer
// that takes it and never answers) is reported by the server's
// max-deliveries advisory.
func TestTaskWhoseWorkersDieStopsTheSweep(t *testing.T) {
	s := serve(t, "")
	c := connect(t, s.URL())
	qo := QueueOptions{AckWait: 200 * time.Millisecond, MaxDeliver: 2}
	sw := fakeSweep("dies", 1)
	sw.Tasks[0].Name = "experiment 3, block 0"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // the dying worker
		cons, err := c.js.Consumer(ctx, taskStream, consumerName)
		for err != nil && ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
			cons, err = c.js.Consumer(ctx, taskStream, consumerName)
		}
		for ctx.Err() == nil {
			if b, err := cons.Fetch(1, jetstream.FetchMaxWait(100*time.Millisecond)); err == nil {
				for range b.Messages() {
				}
			}
		}
	}()
	_, err := gatherAll(ctx, c, sw, RunOptions{QueueOptions: qo})
	var te *TaskError
	if !errors.As(err, &te) || te.Name != "experiment 3, block 0" || te.Deliveries != 2 {
		t.Fatalf("error %v, want a TaskError naming experiment 3, block 0 after 2 deliveries", err)
	}
}

func TestServerToken(t *testing.T) {
	s := serve(t, "s3cret")
	if c, err := Connect(ConnOptions{URL: s.URL()}); err == nil {
		c.Close()
		t.Error("connected without the token")
	}
	if c, err := Connect(ConnOptions{URL: s.URL(), Token: "wrong"}); err == nil {
		c.Close()
		t.Error("connected with a wrong token")
	}
	c, err := Connect(ConnOptions{URL: s.URL(), Token: "s3cret"})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestServeListensOnLoopbackByDefault(t *testing.T) {
	host, port, err := splitListen("")
	if err != nil || host != "127.0.0.1" || port != 4222 {
		t.Errorf("default listen %s:%d (%v), want 127.0.0.1:4222", host, port, err)
	}
	for _, bad := range []string{"4222", "host:", "host:http", "host:70000"} {
		if _, _, err := splitListen(bad); err == nil {
			t.Errorf("listen %q accepted", bad)
		}
	}
}
