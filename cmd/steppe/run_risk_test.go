package main

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// TestRiskDecisionInSim runs the default scenario with the calibrated
// decision model: results are probabilities, identical for any number of
// workers, and the stated cost terms are bound to scenario parameters.
func TestRiskDecisionInSim(t *testing.T) {
	sc, err := loadScenario("central-asia")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := newRiskDecision(sc.World)
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
