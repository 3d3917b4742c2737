package sim_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/internal/golden"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sim"
)

func defaultModel(t testing.TB) (*sim.Model, *scenario.Scenario) {
	t.Helper()
	sc := fixture.Load(t, "scenarios/central-asia.yaml")
	m, err := sim.New(sc.World, sim.Engines{})
	if err != nil {
		t.Fatal(err)
	}
	return m, sc
}

func runJSON(t testing.TB, m *sim.Model, sc *scenario.Scenario, o sim.Options) []byte {
	t.Helper()
	out, err := m.Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := results.Summarize(out, sc.World).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDefaultGolden is a regression golden: the default scenario at 200
// draws, seed 1. It is steppe's own output (not a reference result); rerun
// with -update after an intended change to the model or the scenario and
// review the diff.
func TestDefaultGolden(t *testing.T) {
	m, sc := defaultModel(t)
	got := runJSON(t, m, sc, sim.Options{Draws: 200, Seed: 1})
	golden.Check(t, filepath.Join("testdata", "central-asia-200.golden.json"), got, "go test ./sim -run TestDefaultGolden -update")
}

// TestDefaultWorkersByteIdentical: the JSON of the default scenario is
// byte-identical for 1, 2 and 8 workers.
func TestDefaultWorkersByteIdentical(t *testing.T) {
	m, sc := defaultModel(t)
	ref := runJSON(t, m, sc, sim.Options{Draws: 300, Seed: 9, Workers: 1})
	for _, n := range []int{2, 8} {
		if got := runJSON(t, m, sc, sim.Options{Draws: 300, Seed: 9, Workers: n}); !bytes.Equal(ref, got) {
			t.Errorf("%d workers: output differs from 1 worker", n)
		}
	}
}

// TestDefaultDeltaZeroForIdenticalPolicy: a copy of the baseline under
// another name has a delta of exactly zero everywhere.
func TestDefaultDeltaZeroForIdenticalPolicy(t *testing.T) {
	_, sc := defaultModel(t)
	w := sc.World
	base, _ := w.Policy(w.Baseline)
	cp := *base
	cp.ID = "copy"
	w.Policies = append(w.Policies, cp)
	m, err := sim.New(w, sim.Engines{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Run(context.Background(), sim.Options{Draws: 200, Seed: 3, Policies: []string{"copy"}})
	if err != nil {
		t.Fatal(err)
	}
	r := results.Summarize(out, w)
	for _, c := range r.Cells {
		if c.Policy == "copy" && (c.Delta.Mean != 0 || c.Delta.SE != 0) {
			t.Fatalf("%s %d: delta %+v, want exactly 0", c.Country, c.Year, *c.Delta)
		}
	}
}

// BenchmarkDefault runs the default scenario with both policies and reports
// nanoseconds per country-month (per policy).
func BenchmarkDefault(b *testing.B) {
	m, _ := defaultModel(b)
	fixture.BenchmarkRun(b, m, 1000)
}
