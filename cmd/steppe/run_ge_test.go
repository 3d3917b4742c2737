package main

import (
	"testing"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// The adapter adds the general-equilibrium effects of completed projects
// to the simulation's effect vectors, per draw, deterministically.
func TestGEIntegrationAdapter(t *testing.T) {
	sc, err := loadScenario(defaultScenario)
	if err != nil {
		t.Fatal(err)
	}
	w := sc.World
	gi, err := newGEIntegration(w)
	if err != nil {
		t.Fatal(err)
	}
	if len(gi.Fields()) != 4 {
		t.Fatalf("fields %v", gi.Fields())
	}
	var cku, power int = -1, -1
	for i, p := range w.Projects {
		switch p.ID {
		case "cku-railway":
			cku = i
		case "regional-power-gas":
			power = i
		}
	}
	if cku < 0 || power < 0 {
		t.Skip("default scenario no longer has the cku-railway and regional-power-gas projects")
	}
	kgz, uzb := -1, -1
	for i, a := range w.Focus() {
		switch a.ID {
		case "KGZ":
			kgz = i
		case "UZB":
			uzb = i
		}
	}
	effects := func(done sim.ProjectSet, d int) []sim.Effects {
		out := make([]sim.Effects, len(w.Focus()))
		if err := gi.Effects(&sim.Draw{Index: d, Seed: 1}, done, out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	none := effects(0, 0)
	if none[kgz] != (sim.Effects{}) {
		t.Errorf("no project done: %v", none[kgz])
	}
	// CKU shortens Uzbekistan's route to China (the network engine's
	// route times); the capital-to-capital routes of Kyrgyzstan do not
	// change, so its effects are small (trade diversion only).
	rail := effects(sim.ProjectSet(1)<<uint(cku), 0)
	if !(rail[uzb][world.EIncome] > 0) || !(rail[uzb][world.EChinaTradeShare] > 0) {
		t.Errorf("CKU railway: UZB effects %v", rail[uzb])
	}
	if e := rail[kgz][world.EIncome]; !(e > -0.1 && e < 0.1) {
		t.Errorf("CKU railway: KGZ income %v%%, want a small diversion effect", e)
	}
	again := effects(sim.ProjectSet(1)<<uint(cku), 0)
	if again[kgz] != rail[kgz] {
		t.Error("not deterministic")
	}
	// the power project is outside the trade model: its stated income effect passes through
	both := effects(sim.ProjectSet(1)<<uint(cku)|sim.ProjectSet(1)<<uint(power), 0)
	if !(both[kgz][world.EIncome] > rail[kgz][world.EIncome]) {
		t.Errorf("power project's stated income effect lost: %v vs %v", both[kgz][world.EIncome], rail[kgz][world.EIncome])
	}
}
