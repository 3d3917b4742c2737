package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

// bigRunner stands in for the simulation in the durability test: it writes
// three 8 MiB files, so that storing a run takes long enough to be killed
// in the middle, and prints "WRITING <id>" just before handing them over.
// A scenario "hold" instead prints "HOLDING <id>" and runs until stopped,
// keeping the runs queued behind it waiting.
type bigRunner struct{}

func (bigRunner) Validate(context.Context, string, []byte, server.Resolver) (server.Checked, error) {
	return server.Checked{Policies: []string{"baseline"}, Draws: 1, Seed: 1}, nil
}

func (bigRunner) Admit(context.Context, server.Job, server.Budget) error { return nil }

func (bigRunner) Run(ctx context.Context, job server.Job, progress func(server.Progress)) (server.Output, error) {
	if string(job.Source) == "hold" {
		fmt.Printf("HOLDING %s\n", job.RunID)
		<-ctx.Done()
		return server.Output{}, ctx.Err()
	}
	var files []store.Artifact
	for _, n := range []string{"results.json", "results.csv", "view.json"} {
		b := make([]byte, 8<<20)
		rand.Read(b)
		files = append(files, store.Artifact{Name: n, ContentType: "application/octet-stream", Data: b})
	}
	progress(server.Progress{Done: 1, Total: 1})
	fmt.Printf("WRITING %s\n", job.RunID)
	return server.Output{Resolved: []byte("resolved\n"), Files: files}, nil
}

// TestServeChild is the server process of TestServeSurvivesKill and
// TestHostileChild: it runs only when they start this binary with
// STEPPE_SERVE_CHILD set to the data directory. It serves with bigRunner,
// or with the simulation when STEPPE_SERVE_REAL is set; STEPPE_SERVE_FLAGS
// adds flags (one a line).
func TestServeChild(t *testing.T) {
	dir := os.Getenv("STEPPE_SERVE_CHILD")
	if dir == "" {
		t.Skip("helper process of TestServeSurvivesKill")
	}
	if os.Getenv("STEPPE_SERVE_REAL") == "" {
		serveRunner = bigRunner{}
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}
	if f := os.Getenv("STEPPE_SERVE_FLAGS"); f != "" {
		args = append(args, strings.Split(f, "\n")...)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	go func() {
		// Stop gracefully on SIGTERM; SIGKILL is the point of the test.
		c := make(chan os.Signal, 1)
		signalNotify(c)
		<-c
		stop()
	}()
	os.Exit(run(ctx, args, os.Stdin, os.Stdout, os.Stderr))
}

// child is a running server process.
type child struct {
	cmd   *exec.Cmd
	url   string
	lines chan string
}

// startChild starts the server process of TestServeChild on the data
// directory dir; env adds to its environment.
func startChild(t *testing.T, dir string, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$")
	cmd.Env = append(append(os.Environ(), "STEPPE_SERVE_CHILD="+dir), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, lines: make(chan string, 16)}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			c.kill() // a failed test must not leave the server running
		}
	})
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	select {
	case l := <-c.lines:
		i := strings.Index(l, "http://")
		if i < 0 {
			t.Fatalf("server said %q", l)
		}
		c.url = strings.TrimSuffix(strings.Fields(l[i:])[0], "/")
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not start")
	}
	return c
}

func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	c.cmd.Wait()
}

func (c *child) runJSON(t *testing.T, id string) map[string]any {
	t.Helper()
	resp, err := http.Get(c.url + "/api/runs/" + id)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	return m
}

// waitLine reads the server's output until the line want, for up to 20 s.
func (c *child) waitLine(t *testing.T, want string) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				t.Fatalf("server exited before saying %q", want)
			}
			if l == want {
				return
			}
		case <-timeout:
			t.Fatalf("server did not say %q", want)
		}
	}
}

// waitDone waits up to 20 s for run id to be done.
func (c *child) waitDone(t *testing.T, id string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	m := c.runJSON(t, id)
	for m["status"] != "done" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		m = c.runJSON(t, id)
	}
	if m["status"] != "done" {
		t.Fatalf("run %s is %v, want done", id, m)
	}
}

func (c *child) create(t *testing.T) string {
	t.Helper()
	return c.createBody(t, `{"scenario":"central-asia"}`)
}

func (c *child) createBody(t *testing.T, body string) string {
	t.Helper()
	resp, err := http.Post(c.url+"/api/runs", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	json.NewDecoder(resp.Body).Decode(&m)
	if resp.StatusCode != 202 {
		t.Fatalf("create run: %d %v", resp.StatusCode, m)
	}
	return m["id"].(string)
}

// TestServeSurvivesKill kills the server with SIGKILL while it stores a
// run's results, restarts it, and checks that the database is intact and
// holds no partial results: the run is marked failed and has no files.
// Then it kills the server while one run holds the only worker and two
// wait: after the restart the two run to the end.
func TestServeSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	walPath := filepath.Join(dir, "steppe.db-wal")
	walSize := func() int64 {
		fi, err := os.Stat(walPath)
		if err != nil {
			return 0
		}
		return fi.Size()
	}
	// Kill the server once the write-ahead log has grown by 2 MiB since the
	// write began: the transaction that stores the run is then half
	// written. If the commit wins the race, try again.
	var killed string
	for attempt := 0; attempt < 3 && killed == ""; attempt++ {
		c := startChild(t, dir)
		id := c.create(t)
		select {
		case l := <-c.lines:
			if l != "WRITING "+id {
				c.kill()
				t.Fatalf("server said %q", l)
			}
		case <-time.After(20 * time.Second):
			c.kill()
			t.Fatal("run did not reach the write")
		}
		before := walSize()
		deadline := time.Now().Add(20 * time.Second)
		for walSize() < before+2<<20 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		c.kill()
		at := walSize()
		st, err := store.Open(context.Background(), filepath.Join(dir, "steppe.db"))
		if err != nil {
			t.Fatal(err)
		}
		r, err := st.Run(context.Background(), id)
		st.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("attempt %d: killed with the WAL at %d bytes (%d at the start of the write); run status then %s", attempt, at, before, r.Status)
		if r.Status != store.Done {
			killed = id
		}
	}
	if killed == "" {
		t.Fatal("every kill came after the commit; the test did not kill a write")
	}

	// Restart: the interrupted run is failed, with no results.
	c := startChild(t, dir)
	m := c.runJSON(t, killed)
	if m["status"] != "failed" || m["error"] != store.InterruptedMessage {
		t.Errorf("after restart the killed run is %v", m)
	}
	resp, err := http.Get(c.url + "/api/runs/" + killed + "/results")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 409 {
		t.Errorf("results of the killed run: %d, want 409", resp.StatusCode)
	}
	// A run that completes is whole, and stays whole across a kill.
	done := c.create(t)
	c.waitDone(t, done)

	// Runs queued behind a running one survive a kill and run after the
	// restart; the one that was running is failed.
	hold := c.createBody(t, `{"source":"hold"}`)
	c.waitLine(t, "HOLDING "+hold)
	queued := []string{c.create(t), c.create(t)}
	for _, id := range queued {
		if st := c.runJSON(t, id)["status"]; st != "queued" {
			t.Fatalf("run %s is %v behind a held worker, want queued", id, st)
		}
	}
	c.kill()
	c = startChild(t, dir)
	for _, id := range queued {
		c.waitDone(t, id)
	}
	if m := c.runJSON(t, hold); m["status"] != "failed" || m["error"] != store.InterruptedMessage {
		t.Errorf("after restart the run that held the worker is %v", m)
	}
	c.kill()
	st, err := store.Open(context.Background(), filepath.Join(dir, "steppe.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.IntegrityCheck(ctx); err != nil {
		t.Fatalf("PRAGMA integrity_check: %v", err)
	}
	if err := st.Consistency(ctx); err != nil {
		t.Fatalf("partial or corrupt results: %v", err)
	}
	if names, _ := st.ArtifactNames(ctx, killed); len(names) != 0 {
		t.Errorf("killed run has files %v", names)
	}
	if names, _ := st.ArtifactNames(ctx, done); len(names) != 3 {
		t.Errorf("finished run has files %v, want 3", names)
	}
	for _, id := range append(queued, done) {
		if r, _ := st.Run(ctx, id); r.Status != store.Done {
			t.Errorf("finished run %s is %s after a kill", id, r.Status)
		}
	}
}

// TestServeBenchSmall runs `steppe bench serve` at a tiny size: it must
// store a real run, read it under concurrency with no errors and report.
func TestServeBenchSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the simulation")
	}
	var out, errb strings.Builder
	code := run(context.Background(), []string{"bench", "serve", "--conns", "8", "--requests", "40", "--draws", "50"}, strings.NewReader(""), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"results, gzip", "reference: version", "p99 ms", "goal p99 < 50 ms"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestServeBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--addr", "nonsense"},
		{"serve", "--workers", "0"},
		{"serve", "--max-loads", "0"},
		{"serve", "--max-run-bytes", "-1"},
		{"serve", "--max-run-cpu", "-1s"},
		{"serve", "--max-body", "10"},
	} {
		var out, errb strings.Builder
		if code := run(context.Background(), args, strings.NewReader(""), &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errb.String())
		}
	}
}

func TestServeDataDirLock(t *testing.T) {
	dir := t.TempDir()
	unlock, err := store.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	var out, errb strings.Builder
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, strings.NewReader(""), &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "another steppe serve") {
		t.Fatalf("second server on one data directory: exit %d, %s", code, errb.String())
	}
}
