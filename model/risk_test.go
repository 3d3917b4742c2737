package model

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// TestRiskDecisionInSim runs the default scenario with the calibrated
// decision model: results are probabilities, identical for any number of
// workers, and the stated cost terms are bound to scenario parameters.
func TestRiskDecisionInSim(t *testing.T) {
	sc := fixture.Embedded(t, "central-asia")
	rd, err := new(Cache).newRiskDecision(sc.World, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var bound []string
	for _, e := range rd.extra {
		bound = append(bound, e.feature.String())
	}
	for _, f := range []world.DecisionFeature{world.FSanctionsExposure, world.FChinaInvestment, world.FIntegrationFallout, world.FRussianTransit} {
		if !slices.Contains(bound, f.String()) {
			t.Errorf("stated coefficient of %v not bound (bound: %v)", f, bound)
		}
	}
	m, err := sim.New(sc.World, sim.Engines{Decision: rd})
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) *sim.Output {
		out, err := m.Run(context.Background(), sim.Options{Draws: 40, Seed: 3, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := run(1), run(2)
	if !slices.Equal(a.PAny, b.PAny) {
		t.Error("results depend on the number of workers")
	}
	for _, p := range a.PAny {
		if !(p >= 0 && p <= 1) || math.IsNaN(p) {
			t.Fatalf("P = %v", p)
		}
	}
}

// TestScenarioPriors: the v1 model keeps its bundled posterior where a
// scenario states no priors; a scenario that asks for v1 with other priors
// (integration-prior) gets it refitted under them, once per cache, and the
// decision engine says so.
func TestScenarioPriors(t *testing.T) {
	sc := fixture.Embedded(t, "central-asia")
	if sc.World.Decision.Priors.Stated() || sc.World.Decision.Model != "" {
		t.Fatalf("the default scenario runs the model v2 and states no v1 priors: %+v", sc.World.Decision)
	}
	c := new(Cache)
	bundled, err := c.Posterior()
	if err != nil {
		t.Fatal(err)
	}
	p, refit, err := c.PosteriorFor(sc.World)
	if err != nil || refit != "" || p != bundled {
		t.Fatalf("default scenario: refit %q, err %v; want the bundled posterior (data/posterior/priors.json and the scenario's decision.priors must agree)", refit, err)
	}
	ip := fixture.Embedded(t, "integration-prior")
	q, refit, err := c.PosteriorFor(ip.World)
	if err != nil || refit == "" || q == bundled {
		t.Fatalf("integration-prior: refit %q, err %v; want a refitted posterior", refit, err)
	}
	if q2, _, _ := c.PosteriorFor(ip.World); q2 != q {
		t.Error("the same priors were refitted twice with one cache")
	}
	if got := q.Priors.For("non_russian_ties"); got.Mean != -0.5 || got.SD != 0.25 || !strings.Contains(got.Source, "integration-prior.yaml:") {
		t.Errorf("refitted posterior records prior %v from %q", got, got.Source)
	}
	m, err := c.Assemble(ip.World, Config{})
	if err != nil {
		t.Fatal(err)
	}
	want := "risk posterior refitted to data/episodes/episodes.csv under the scenario's decision.priors (non_russian_ties normal(-0.5, 0.25); 1000 draws)"
	if got := m.Engines.Decision.(*riskDecision).Describe(); !strings.Contains(got, want) {
		t.Errorf("decision engine says %q, want it to contain %q", got, want)
	}
}
