package queue

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/sweep"
)

// The child-process worker: the test binary run with workerEnv set to the
// server's URL is a worker that prints "start TASK" as it starts each task
// of the fake job and stops (exit 0) on SIGTERM; with jobEnv "sweep" it
// runs package sweep's blocks instead.
const (
	workerEnv = "STEPPE_QUEUE_TEST_WORKER"
	jobEnv    = "STEPPE_QUEUE_TEST_JOB"
)

func TestMain(m *testing.M) {
	if url := os.Getenv(workerEnv); url != "" {
		os.Exit(childWorker(url, os.Getenv(jobEnv)))
	}
	os.Exit(m.Run())
}

func childWorker(url, job string) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	c, err := Connect(ConnOptions{URL: url})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer c.Close()
	var mu sync.Mutex
	start := func(task string) {
		mu.Lock()
		fmt.Printf("start %s\n", task)
		mu.Unlock()
	}
	open := fakeOpener(nil, start)
	if job == "sweep" {
		open = SweepOpener(&sweep.Worker{Workers: 1})
	}
	if _, err := c.Work(ctx, WorkerOptions{Open: open, Grace: 5 * time.Second}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// child is a worker process and the tasks it has started.
type child struct {
	cmd    *exec.Cmd
	starts chan string
}

func startChild(t *testing.T, url, job string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), workerEnv+"="+url, jobEnv+"="+job)
	// the child's stdout: its end closes when it exits, ours when read
	out, w, err := os.Pipe()
	if err == nil {
		cmd.Stdout, cmd.Stderr = w, os.Stderr
		err = cmd.Start()
		w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	ch := &child{cmd: cmd, starts: make(chan string, 100)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if task, ok := strings.CutPrefix(sc.Text(), "start "); ok {
				ch.starts <- task
			}
		}
		close(ch.starts)
		out.Close()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return ch
}

// Worker processes: one is killed (SIGKILL) in the middle of a task, which
// another finishes after AckWait; the merged partials are the local run's;
// the survivors stop on SIGTERM with exit status 0.
func TestKilledWorkerProcessesTaskIsRedelivered(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	s := serve(t, "")
	sw := fakeSweep("sleep=300ms", 8)
	victim := startChild(t, s.URL(), "fake")
	c := connect(t, s.URL())
	errc := make(chan error, 1)
	var got []byte
	go func() {
		var err error
		got, err = gatherAll(context.Background(), c, sw, RunOptions{QueueOptions: fast})
		errc <- err
	}()
	killed, ok := <-victim.starts // the victim is in the middle of this task
	if !ok {
		t.Fatal("the worker process started no task")
	}
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	others := []*child{startChild(t, s.URL(), "fake"), startChild(t, s.URL(), "fake")}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, local(sw)) {
		t.Errorf("merged partials differ from the local run:\n%s\n%s", got, local(sw))
	}
	rerun := false
	for _, o := range others {
		if err := o.cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		for task := range o.starts {
			rerun = rerun || task == killed
		}
		if err := o.cmd.Wait(); err != nil {
			t.Errorf("worker process after SIGTERM: %v, want exit status 0", err)
		}
	}
	if !rerun {
		t.Errorf("task %s, killed mid-run, was not run again by another worker", killed)
	}
}
