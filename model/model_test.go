package model

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/internal/golden"
)

// defaultScenario is the embedded scenario steppe run runs by default.
const defaultScenario = "central-asia"

// assembleDefault assembles the embedded default scenario with cfg, or
// fails the test.
func assembleDefault(tb testing.TB, cfg Config) *Model {
	tb.Helper()
	m, err := Assemble(fixture.Embedded(tb, defaultScenario).World, cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// TestDefaultRunGolden: the model's API reproduces `steppe run --json`
// on the embedded default scenario (10,000 draws, seed 1) byte for byte.
// testdata/default-run.json is that command's output; regenerate it with
// `go test ./model -run DefaultRunGolden -update` when the model changes
// on purpose, and say why in the commit.
func TestDefaultRunGolden(t *testing.T) {
	m := assembleDefault(t, Config{})
	res, err := m.Run(context.Background(), Options{Draws: 10000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := res.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "default-run.json"), got.Bytes(), "go test ./model -run DefaultRunGolden -update")
}

// A Cache shares the bundled posterior and engine inputs between models,
// and the results do not depend on it or on the number of workers.
func TestCacheAndWorkers(t *testing.T) {
	c := new(Cache)
	run := func(c *Cache, workers int) []byte {
		m, err := c.Assemble(fixture.Embedded(t, defaultScenario).World, Config{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Run(context.Background(), Options{Draws: 300, Seed: 7, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		res.WriteJSON(&b)
		return b.Bytes()
	}
	a, b, d := run(c, 1), run(c, 3), run(nil, 2)
	if !bytes.Equal(a, b) || !bytes.Equal(a, d) {
		t.Error("results depend on the cache or the number of workers")
	}
	p1, _ := c.Posterior()
	p2, _ := c.Posterior()
	if p1 != p2 {
		t.Error("the cache read the bundled posterior twice")
	}
}

// Bad options are input errors that name the option.
func TestOptionErrors(t *testing.T) {
	m := assembleDefault(t, Config{Stated: true})
	for _, tc := range []struct {
		name   string
		err    func() error
		option string
	}{
		{"unknown country", func() error {
			_, _, err := m.Evaluator(nil, OutcomeOptions{Draws: 1, Countries: []string{"FRA"}})
			return err
		}, "countries"},
		{"year outside", func() error { _, _, err := m.Evaluator(nil, OutcomeOptions{Draws: 1, Years: []int{1990}}); return err }, "years"},
		{"no draws", func() error { _, _, err := m.Evaluator(nil, OutcomeOptions{}); return err }, "draws"},
		{"unknown param", func() error { _, err := m.Factors(FactorOptions{Params: []string{"nothing.here"}}); return err }, "params"},
	} {
		err := tc.err()
		var oe *OptionError
		if !IsInputError(err) || !asOption(err, &oe) || oe.Option != tc.option {
			t.Errorf("%s: %v, want an input error on option %q", tc.name, err, tc.option)
		}
	}
	if _, err := m.Run(context.Background(), Options{Draws: 1e9}); !IsInputError(err) {
		t.Errorf("a run over the memory budget: %v, want an input error", err)
	}
	if _, err := m.Run(context.Background(), Options{Draws: 10, Policies: []string{"nope"}}); !IsInputError(err) {
		t.Errorf("unknown policy: %v, want an input error", err)
	}
}

// The outcome columns of a design without a policy factor name every
// policy; with one, the experiment's policy.
func TestEvaluatorOutcomes(t *testing.T) {
	m := assembleDefault(t, Config{Stated: true})
	names, _, err := m.Evaluator([]string{"actors.KGZ.growth"}, OutcomeOptions{Draws: 1, Countries: []string{"KGZ"}, Years: []int{2032}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"p.baseline.KGZ.2032", "p.fast-track-integration.KGZ.2032", "delta.fast-track-integration.KGZ.2032"}
	if !slices.Equal(names, want) {
		t.Errorf("outcomes %v, want %v", names, want)
	}
	names, eval, err := m.Evaluator([]string{"actors.KGZ.growth", PolicyFactor}, OutcomeOptions{Draws: 50, Seed: 1, Countries: []string{"REGION"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(names, []string{"p.REGION.2042", "delta.REGION.2042"}) {
		t.Errorf("outcomes with a policy factor: %v", names)
	}
	x, err := eval(context.Background(), 0, []float64{3, 0})
	if err != nil {
		t.Fatal(err)
	}
	if x[1] != 0 || !(x[0] > 0 && x[0] < 1) {
		t.Errorf("baseline experiment: P %v, delta %v; want a probability and a zero delta", x[0], x[1])
	}
}

func asOption(err error, oe **OptionError) bool { return errors.As(err, oe) }
