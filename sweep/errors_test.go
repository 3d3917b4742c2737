package sweep

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/model"
)

// smallRun is a cheap run sweep: the stated models, 100 draws in two
// blocks.
func smallRun(t testing.TB, seed uint64) (Sweep, []byte) {
	s := Sweep{Model: ModelConfig{Stated: true}, BlockDraws: 64, Run: &RunSpec{Draws: 100, Seed: seed}}
	return s, runHeader(t, s)
}

// partials computes every phase-1 partial of header, in block order.
func partials(t testing.TB, header []byte) [][]byte {
	t.Helper()
	s, err := Decode(header)
	if err != nil {
		t.Fatal(err)
	}
	var ps [][]byte
	for b := range s.Blocks() {
		p, err := Execute(context.Background(), testCache(), header, Task{Phase: 1, Block: b}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	return ps
}

// reframe changes a partial's body and gives it a valid checksum again,
// as a worker of another build (or a forger) would.
func reframe(p []byte, change func(body []byte) []byte) []byte {
	return (&partial{b: change(bytes.Clone(p[:len(p)-sumSize]))}).close()
}

func TestAddRefuses(t *testing.T) {
	s, h := smallRun(t, 11)
	_, other := smallRun(t, 12)
	ps := partials(t, h)
	head := len(partialMagic) + 16 // then phase, block, lo, hi
	bad := []struct {
		name    string
		partial []byte
		want    string
		corrupt bool // framing or payload, not a task outside the phase
	}{
		{"flipped byte", func() []byte { p := bytes.Clone(ps[0]); p[len(p)/2] ^= 1; return p }(), "checksum mismatch", true},
		{"truncated", ps[1][:len(ps[1])/2], "checksum mismatch", true},
		{"empty", nil, "not a partial", true},
		{"foreign", partials(t, other)[0], "partial of another sweep", false},
		{"short payload", reframe(ps[0], func(b []byte) []byte { return b[:len(b)-8] }), "values, but", true},
		{"trailing bytes", reframe(ps[0], func(b []byte) []byte { return append(b, 0) }), "bytes after the payload", true},
		{"later phase", reframe(ps[0], func(b []byte) []byte { b[head] = 2; return b }), "while gathering phase 1", false},
		{"no such block", reframe(ps[0], func(b []byte) []byte { b[head+1] = 9; return b }), "the sweep has 2 blocks", false},
		{"other range", reframe(ps[0], func(b []byte) []byte { b[head+2] = 1; return b }), "range 1-64, want 0-64", true},
	}
	c, err := NewCoordinator(context.Background(), testCache(), h)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range bad {
		added, err := c.Add(tc.partial)
		if err == nil || added || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Add = %v, %v; want an error with %q", tc.name, added, err, tc.want)
		}
		if errors.Is(err, ErrCorrupt) != tc.corrupt {
			t.Errorf("%s: %v: ErrCorrupt %v, want %v", tc.name, err, !tc.corrupt, tc.corrupt)
		}
		if n := len(c.Pending()); n != 2 {
			t.Fatalf("%s: a refused partial changed the pending tasks (%d)", tc.name, n)
		}
	}
	if _, err := c.Results(); err == nil {
		t.Fatal("Results before the merge ended")
	}
	if next, ok := c.Next(); !ok || next != (Task{Phase: 1, Block: 0}) {
		t.Fatalf("Next = %v, %v before any partial", next, ok)
	}
	// A second, different partial for a block taken is a conflict.
	if _, err := c.Add(ps[0]); err != nil {
		t.Fatal(err)
	}
	if next, ok := c.Next(); !ok || next != (Task{Phase: 1, Block: 1}) {
		t.Fatalf("Next = %v, %v after block 0", next, ok)
	}
	if done, total := c.Progress(); done != 1 || total != 2 || len(c.Pending()) != 1 {
		t.Fatalf("progress %d of %d, %d pending, after block 0", done, total, len(c.Pending()))
	}
	changed := reframe(ps[0], func(b []byte) []byte { b[len(b)-1] ^= 1; return b })
	var ce *ConflictError
	if _, err := c.Add(changed); !errors.As(err, &ce) || ce.Task != (Task{Phase: 1, Block: 0}) {
		t.Fatalf("Add of a different copy = %v, want a ConflictError of p1.b0", err)
	}
	if added, err := c.Add(ps[1]); err != nil || !added {
		t.Fatalf("Add = %v, %v", added, err)
	}
	if _, ok := c.Next(); !c.Done() || c.Pending() != nil || ok {
		t.Fatal("not done after every block")
	}
	if _, err := c.Add(reframe(ps[1], func(b []byte) []byte { b[head] = 2; return b })); err == nil || !strings.Contains(err.Error(), "(done)") {
		t.Fatalf("Add after the end = %v", err)
	}
	if got, want := encode(t)(c.Results()), localRun(t, s); !bytes.Equal(got, want) {
		t.Fatalf("results after refused partials differ from the local run's:\n%s", firstDiff(got, want))
	}
	if err := c.WriteResults(context.Background(), nil); err == nil {
		t.Fatal("a run sweep wrote explore results")
	}
}

func TestExecuteRefuses(t *testing.T) {
	_, h := smallRun(t, 11)
	ctx := context.Background()
	cases := []struct {
		name         string
		w            *Worker
		header, task []byte
		want         string
	}{
		{"task not json", &Worker{}, h, []byte("p1.b0"), "task:"},
		{"task unknown field", &Worker{}, h, []byte(`{"phase":1,"block":0,"x":1}`), "unknown field"},
		{"phase 0", &Worker{}, h, []byte(`{"phase":0,"block":0}`), "out of range"},
		{"block beyond", &Worker{}, h, Task{Phase: 1, Block: 2}.Encode(), "not in the sweep (2 blocks)"},
		{"header format", &Worker{}, []byte("steppe.sweep/v0\n{}"), Task{Phase: 1}.Encode(), `format "steppe.sweep/v0"`},
		{"build", &Worker{Cache: testCache(), Build: "steppe 9"}, withBuild(t, h, "steppe 1"), Task{Phase: 1}.Encode(), "submitted by steppe 1, this worker is steppe 9"},
	}
	for _, tc := range cases {
		if _, err := tc.w.Execute(ctx, tc.header, tc.task); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Execute = %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}

// withBuild returns header with Build set.
func withBuild(t testing.TB, header []byte, build string) []byte {
	s, err := Decode(header)
	if err != nil {
		t.Fatal(err)
	}
	s.Build = build
	h, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestPoisonedExperiment: an experiment the model refuses fails its
// block with an error naming it, and a bad policy index fails the header.
func TestPoisonedExperiment(t *testing.T) {
	sc := loadScenario(t, "")
	base := Sweep{Kind: KindExplore, ScenarioName: sc.World.Name, Scenario: string(sc.Resolved), BlockDraws: 64}
	cases := []struct {
		factor string
		x      float64
		want   string
	}{
		{model.DecisionDrawFactor, 1e6, "experiment 1: experiment 2: posterior.decision = 1e+06 is not a posterior draw"},
		{model.PolicyFactor, 7, "experiment 1, factor policy: 7 is not a policy index (0 to 1)"},
	}
	for _, tc := range cases {
		s := base
		s.Explore = &ExploreSpec{Factors: []string{tc.factor}, Cells: [][]string{{"0"}, {"x"}}, X: [][]float64{{0}, {tc.x}}, Outcomes: model.OutcomeOptions{Draws: 8, Seed: 1}}
		h, err := s.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if _, err = Execute(context.Background(), testCache(), h, Task{Phase: 1}.Encode()); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Execute = %v, want an error with %q", tc.factor, err, tc.want)
		}
	}
}

// TestExecuteDeterministic: a block's partial is the same bytes whatever
// the worker's goroutines, and whether the worker assembled the model for
// this task or kept it from another.
func TestExecuteDeterministic(t *testing.T) {
	_, run := smallRun(t, 11)
	ex, _ := exploreCase(t, 16, 64, true)      // four experiments a block
	split, _ := exploreCase(t, 100, 64, false) // two blocks an experiment
	for _, h := range [][]byte{run, ex, split} {
		task := Task{Phase: 1, Block: 1}.Encode()
		var first []byte
		for _, w := range []*Worker{{Workers: 1}, {Workers: 3}, {Cache: testCache(), Workers: 2}} {
			for range 2 {
				p, err := w.Execute(context.Background(), h, task)
				noErr(t, err)
				if first == nil {
					first = p
				} else if !bytes.Equal(p, first) {
					t.Fatalf("sweep %s: a worker of %d goroutines gave another partial", ID(h), w.Workers)
				}
			}
		}
	}
}
