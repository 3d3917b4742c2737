package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/queue"
	"github.com/steppe-dev/steppe/sweep"
)

// TestNatsGivesTheLocalOutput: steppe run --nats and steppe explore run
// --nats, with two workers on an embedded server, print and write what the
// local commands do, byte for byte; the worker verb stops on its context
// (SIGTERM) with status 0.
func TestNatsGivesTheLocalOutput(t *testing.T) {
	srv, err := queue.Serve(queue.ServerOptions{Listen: "127.0.0.1:0", Store: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int, 2)
	go func() {
		done <- run(ctx, []string{"worker", "--nats", srv.URL(), "--quiet", "--workers", "1"}, nil, os.Stderr, os.Stderr)
	}()
	c, err := queue.Connect(queue.ConnOptions{URL: srv.URL()}) // a second worker, in-process
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	go func() {
		_, err := c.Work(ctx, queue.WorkerOptions{Open: queue.SweepOpener(&sweep.Worker{Workers: 1, Build: versionString()})})
		if err != nil {
			t.Error(err)
		}
		done <- 0
	}()

	for _, args := range [][]string{{"run", "--draws", "300", "--json"}, {"run", "--draws", "200", "--seed", "4", "--policy", "fast-track-integration"}} {
		code, want, errs := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		code, got, errs := runCLI(t, append(args, "--nats", srv.URL())...)
		if code != 0 || got != want {
			t.Errorf("%v --nats: exit %d (%s), output differs from the local run's:\n%s\nwant\n%s", args, code, errs, got, want)
		}
	}

	dir := t.TempDir()
	exp := filepath.Join(dir, "exp.csv")
	if code, _, errs := runCLI(t, "explore", "sample", "--design", "lhs", "-n", "5", "--out", exp); code != 0 {
		t.Fatalf("explore sample: exit %d: %s", code, errs)
	}
	var files [2][]byte
	for i, extra := range [][]string{nil, {"--nats", srv.URL()}} {
		out := filepath.Join(dir, "res"+string(rune('0'+i))+".csv")
		if code, _, errs := runCLI(t, append([]string{"explore", "run", "--experiments", exp, "--draws", "64", "--out", out}, extra...)...); code != 0 {
			t.Fatalf("explore run %v: exit %d: %s", extra, code, errs)
		}
		files[i], _ = os.ReadFile(out)
	}
	if len(files[0]) == 0 || string(files[0]) != string(files[1]) {
		t.Errorf("explore run --nats wrote another results file than the local run:\n%s\nwant\n%s", files[1], files[0])
	}

	stop()
	if code := <-done; code != 0 {
		t.Errorf("steppe worker exit %d after its context ended, want 0", code)
	}
	<-done
}

// TestQueueServeToken: steppe queue serve with --token refuses clients
// without it and takes those that give it ($STEPPE_NATS_TOKEN), and stops
// with status 0 when its context ends.
func TestQueueServeToken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan int)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"queue", "serve", "--listen", addr, "--store", t.TempDir(), "--token", "s3cret"}, nil, io.Discard, &errb)
	}()
	url := "nats://" + addr
	var c *queue.Conn
	for range 100 { // until it listens
		if c, err = queue.Connect(queue.ConnOptions{URL: url, Token: "s3cret"}); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if code, _, errs := runCLI(t, "worker", "--nats", url, "--idle-exit", "1ms", "--quiet"); code != 2 || !strings.Contains(errs, "--nats") {
		t.Errorf("worker without the token: exit %d, %s; want 2 naming --nats", code, errs)
	}
	t.Setenv(natsTokenEnv, "s3cret")
	if code, _, errs := runCLI(t, "worker", "--nats", url, "--idle-exit", "1ms", "--quiet"); code != 0 {
		t.Errorf("worker with the token: exit %d, %s; want 0", code, errs)
	}
	stop()
	if code := <-done; code != 0 || !strings.Contains(errb.String(), url) {
		t.Errorf("queue serve: exit %d, stderr %q; want 0 and its URL", code, errb.String())
	}
}
