package server

import (
	"context"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// TestCloseAndResume: a server that stops fails the run it was running and
// leaves the runs still waiting queued in the store; the next server runs
// them (Resume), even more of them than its queue holds.
func TestCloseAndResume(t *testing.T) {
	ctx := context.Background()
	runs := testRuns(t)
	e := newEnv(t, func(c *Config) { c.Runs, c.Queue = runs, 2 })
	slow := e.create(`{"scenario":"slow"}`)
	e.waitFor(slow, "start", func(s store.Status) bool { return s == store.Running })
	waiting := []string{e.create(`{"scenario":"central-asia"}`), e.create(`{"scenario":"central-asia","draws":7}`)}
	e.srv.Close()
	if r, _ := runs.Run(ctx, slow); r.Status != store.Failed || r.Error != errShutdown.Error() {
		t.Errorf("the running run after Close: %s %q, want failed: %s", r.Status, r.Error, errShutdown)
	}
	failed, queued, err := runs.Recover(ctx, time.Now())
	if err != nil || failed != 0 || len(queued) != 2 || queued[0].ID != waiting[0] || queued[1].ID != waiting[1] {
		t.Fatalf("Recover after Close = %d, %v, %v; want 0 and the two waiting runs in order", failed, queued, err)
	}
	s2, err := New(Config{Runs: runs, Runner: &fakeRunner{}, Embedded: embedded, Workers: 1, Queue: -1}) // one admission slot
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	s2.Resume(queued)
	for _, id := range waiting {
		deadline := time.Now().Add(60 * time.Second)
		r, _ := runs.Run(ctx, id)
		for !r.Status.Final() && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
			r, _ = runs.Run(ctx, id)
		}
		if r.Status != store.Done {
			t.Errorf("resumed run %s is %s (%s), want done", id, r.Status, r.Error)
		}
		if names, _ := runs.ArtifactNames(ctx, id); len(names) != 3 {
			t.Errorf("resumed run %s has files %v", id, names)
		}
	}
	if r, _ := runs.Run(ctx, waiting[1]); r.Draws != 7 || r.File != "central-asia.yaml" {
		t.Errorf("resumed run %+v, want 7 draws of central-asia.yaml", r)
	}
}
