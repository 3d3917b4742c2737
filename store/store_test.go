package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func open(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "steppe.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

func newRun(id string, created time.Time) Run {
	return Run{ID: id, Name: "test", ScenarioName: "central-asia", ScenarioSource: "name: x\n",
		Policies: []string{"baseline", "fast-track-integration"}, Draws: 100, Seed: 1<<63 + 5,
		Version: "dev", Status: Queued, Created: created}
}

func TestLifecycle(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if v, err := s.SchemaVersion(ctx); err != nil || v != 2 {
		t.Fatalf("schema version %d, %v; want 2", v, err)
	}
	if err := s.CreateRun(ctx, newRun("a", t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateRun(ctx, newRun("a", t0)); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate id: %v, want ErrExists", err)
	}
	if err := s.CreateRun(ctx, newRun("b", t0.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx, 0)
	if err != nil || len(runs) != 2 || runs[0].ID != "b" {
		t.Fatalf("Runs = %+v, %v; want b then a", runs, err)
	}
	if runs[0].ScenarioSource != "" || runs[0].Draws != 100 {
		t.Fatalf("listing carries the scenario text or lost fields: %+v", runs[0])
	}
	got, err := s.Run(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if got.Seed != 1<<63+5 || got.Status != Queued || len(got.Policies) != 2 || !got.Created.Equal(t0) {
		t.Fatalf("round trip lost data: %+v", got)
	}
	if err := s.MarkRunning(ctx, "a", t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkRunning(ctx, "a", t0); !errors.Is(err, ErrState) {
		t.Fatalf("second start: %v, want ErrState", err)
	}
	out := Outcome{Status: Done, Resolved: "resolved: yes\n", At: t0.Add(2 * time.Minute), Artifacts: []Artifact{
		{Name: "results.json", ContentType: "application/json", Data: []byte(`{"ok":true}`)},
		{Name: "results.csv", ContentType: "text/csv", Data: []byte("a,b\n1,2\n")},
	}}
	if err := s.Finish(ctx, "a", out); err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(ctx, "a", out); !errors.Is(err, ErrState) {
		t.Fatalf("second finish: %v, want ErrState", err)
	}
	if err := s.Finish(ctx, "nope", out); !errors.Is(err, ErrNotFound) {
		t.Fatalf("finish unknown: %v, want ErrNotFound", err)
	}
	a, err := s.Artifact(ctx, "a", "results.csv")
	if err != nil || string(a.Data) != "a,b\n1,2\n" || a.ContentType != "text/csv" || len(a.SHA256) != 64 {
		t.Fatalf("artifact = %+v, %v", a, err)
	}
	if _, err := s.Artifact(ctx, "a", "view.json"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing artifact: %v", err)
	}
	got, _ = s.Run(ctx, "a")
	if got.Status != Done || got.Resolved != "resolved: yes\n" || got.Started.IsZero() || got.Finished.IsZero() {
		t.Fatalf("finished run = %+v", got)
	}
	if err := s.Consistency(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRun(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRun(ctx, "a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if names, _ := s.ArtifactNames(ctx, "a"); len(names) != 0 {
		t.Fatalf("artifacts survive delete: %v", names)
	}
}

// A failing artifact insert must roll back the status change too.
func TestFinishIsAtomic(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if err := s.CreateRun(ctx, newRun("a", t0)); err != nil {
		t.Fatal(err)
	}
	dup := []Artifact{{Name: "x", ContentType: "text/plain", Data: []byte("1")}, {Name: "x", ContentType: "text/plain", Data: []byte("2")}}
	if err := s.Finish(ctx, "a", Outcome{Status: Done, Artifacts: dup, At: t0}); err == nil {
		t.Fatal("duplicate artifact names: want error")
	}
	r, _ := s.Run(ctx, "a")
	if r.Status != Queued {
		t.Fatalf("status after failed finish = %s, want queued", r.Status)
	}
	if names, _ := s.ArtifactNames(ctx, "a"); len(names) != 0 {
		t.Fatalf("partial artifacts stored: %v", names)
	}
}

// TestRecoverAndReopen: after a restart a run that was running is failed
// and the queued ones come back, oldest first, with everything needed to
// run them.
func TestRecoverAndReopen(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	for i, id := range []string{"q2", "q1", "r", "d"} {
		r := newRun(id, t0.Add(-time.Duration(i)*time.Minute))
		r.File, r.Set = id+".yaml", map[string]float64{"actors.KGZ.request_propensity": 0.25}
		if err := s.CreateRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	s.MarkRunning(ctx, "r", t0)
	s.Finish(ctx, "d", Outcome{Status: Done, At: t0})
	s.Close()

	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	n, queued, err := s2.Recover(ctx, t0.Add(time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("Recover = %d, %v; want 1", n, err)
	}
	var ids []string
	for _, q := range queued {
		ids = append(ids, q.ID)
		if q.Status != Queued || q.File != q.ID+".yaml" || q.Set["actors.KGZ.request_propensity"] != 0.25 || q.ScenarioSource != "name: x\n" || q.Draws != 100 {
			t.Errorf("queued run %+v", q)
		}
	}
	if strings.Join(ids, ",") != "q1,q2" {
		t.Errorf("queued runs %v, want q1,q2 (oldest first)", ids)
	}
	for id, want := range map[string]Status{"q1": Queued, "q2": Queued, "r": Failed, "d": Done} {
		r, _ := s2.Run(ctx, id)
		if r.Status != want {
			t.Errorf("run %s status %s, want %s", id, r.Status, want)
		}
		if want == Failed && r.Error != InterruptedMessage {
			t.Errorf("run %s error %q", id, r.Error)
		}
	}
	if err := s2.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	var mode string
	s2.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal_mode %q, want wal", mode)
	}
}

func TestScenarios(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if err := s.PutScenario(ctx, Scenario{Name: "mine", Source: "extends: central-asia\n", Created: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutScenario(ctx, Scenario{Name: "mine", Source: "x", Created: t0}); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate scenario: %v", err)
	}
	sc, err := s.Scenario(ctx, "mine")
	if err != nil || sc.Source != "extends: central-asia\n" {
		t.Fatalf("Scenario = %+v, %v", sc, err)
	}
	if _, err := s.Scenario(ctx, "other"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown scenario: %v", err)
	}
	list, err := s.Scenarios(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "mine" {
		t.Fatalf("Scenarios = %+v, %v", list, err)
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	s, path := open(t)
	s.db.Exec("PRAGMA user_version = 99")
	s.Close()
	if _, err := Open(ctx, path); err == nil {
		t.Fatal("opening a newer schema: want error")
	}
}

func BenchmarkArtifact(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.CreateRun(ctx, newRun("a", t0))
	s.Finish(ctx, "a", Outcome{Status: Done, At: t0, Artifacts: []Artifact{{Name: "results.json", ContentType: "application/json", Data: make([]byte, 200<<10)}}})
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.Artifact(ctx, "a", "results.json"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDuplicateKeyByCode checks that only a taken key is reported as
// ErrExists: other constraint failures (a CHECK on draws, a status the
// schema does not know) keep their own error.
func TestDuplicateKeyByCode(t *testing.T) {
	ctx := context.Background()
	s, _ := open(t)
	if err := s.CreateRun(ctx, newRun("a", t0)); err != nil {
		t.Fatal(err)
	}
	zeroDraws := newRun("b", t0)
	zeroDraws.Draws = 0
	for _, c := range []struct {
		name   string
		run    Run
		exists bool
	}{
		{"taken id", newRun("a", t0), true},
		{"draws check", zeroDraws, false},
	} {
		err := s.CreateRun(ctx, c.run)
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if errors.Is(err, ErrExists) != c.exists {
			t.Errorf("%s: %v; ErrExists = %v, want %v", c.name, err, !c.exists, c.exists)
		}
	}
}
