package ge

import (
	"math"
	"sync"
	"testing"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

func testWorld() *world.World {
	w := &world.World{Name: "test"}
	for _, c := range c5 {
		w.Actors = append(w.Actors, world.Actor{ID: c, Role: world.Focus})
	}
	w.Actors = append(w.Actors, world.Actor{ID: "RUS", Role: world.External}, world.Actor{ID: "CHN", Role: world.External})
	w.Projects = []world.Project{
		{ID: "rail", Kind: "rail", TradeCost: []world.TradeCostChange{
			{From: "CHN", To: "KGZ", Change: world.Value{V: -0.1, Dist: dist.Uniform{Min: -0.15, Max: -0.05}}},
			{From: "KGZ", To: "UZB", Change: world.Value{V: -0.1, Dist: dist.Uniform{Min: -0.15, Max: -0.05}}},
		}},
		{ID: "pact", Kind: "border-policy", Effects: []world.Effect{
			{Country: "TJK", Field: world.EIncome, Size: world.Value{V: 0.7}},
			{Country: "TJK", Field: world.EBorderSecurity, Size: world.Value{V: 0.2}},
		}},
	}
	w.Policies = []world.Policy{{ID: "p", Projects: []world.PolicyProject{{Project: "rail"}, {Project: "pact"}}}}
	return w
}

func TestWorldPolicyAndIntegration(t *testing.T) {
	w := testWorld()
	p, notes, err := WorldPolicy(w, "p")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Measures) != 2 || len(notes) != 1 || !p.Measures[0].Pairs.Symmetric {
		t.Fatalf("measures %+v notes %v", p.Measures, notes)
	}
	if _, _, err := WorldPolicy(w, "nope"); err == nil {
		t.Error("unknown policy accepted")
	}
	base, _ := loadCentralAsia(t, 2023)
	g, err := NewIntegration(w, Study{Baseline: base, Theta: DefaultTheta}, 10)
	if err != nil {
		t.Fatal(err)
	}
	none, err := g.Effects(7, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range none {
		if e != (Effect{}) {
			t.Fatalf("no completed project, effects %+v", e)
		}
	}
	rail, err := g.Effects(7, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	kgz := rail[1]
	if !(kgz.Income > 0) || !(kgz.ChinaShare > 0) {
		t.Errorf("KGZ effects of a cheaper China-KGZ-UZB route %+v", kgz)
	}
	// draw 13 maps to GE draw 3: identical
	again, _ := g.Effects(7, 13, 1)
	for c := range rail {
		if math.Abs(again[c].Income-rail[c].Income) > 1e-12 {
			t.Errorf("draw 13 (GE draw 3) differs from draw 3: %v vs %v", again[c], rail[c])
		}
	}
	// the pact is outside the trade model: its stated income effect passes through
	both, _ := g.Effects(7, 3, 3)
	if d := both[2].Income - rail[2].Income; math.Abs(d-0.7) > 1e-12 {
		t.Errorf("TJK stated income effect of the pact: %v, want 0.7", d)
	}
	other, _ := g.Effects(7, 4, 1)
	if other[1].Income == kgz.Income {
		t.Error("different draws gave identical results")
	}
}

// Workers of the simulation call Effects at once; results must not depend
// on who computed them first.
func TestIntegrationConcurrent(t *testing.T) {
	base, _ := loadCentralAsia(t, 2023)
	g, err := NewIntegration(testWorld(), Study{Baseline: base, Theta: DefaultTheta}, 4)
	if err != nil {
		t.Fatal(err)
	}
	want, err := g.Effects(9, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	g2, _ := NewIntegration(testWorld(), Study{Baseline: base, Theta: DefaultTheta}, 4)
	var wg sync.WaitGroup
	got := make([][]Effect, 8)
	for k := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[k], _ = g2.Effects(9, 2+4*k, 3)
		}()
	}
	wg.Wait()
	for k := range got {
		for c := range want {
			if got[k][c] != want[c] {
				t.Fatalf("worker %d: %+v, want %+v", k, got[k][c], want[c])
			}
		}
	}
}

// A trade_cost entry stating a partial effect becomes a PartialEffect
// measure over all members of an agreement, and the scenario's theta
// replaces DefaultTheta.
func TestProjectMeasuresPartialEffectAndTheta(t *testing.T) {
	p := &world.Project{ID: "fta", Kind: "trade-agreement", Countries: []string{"KAZ", "KGZ", "UZB"},
		TradeCost: []world.TradeCostChange{{From: "KAZ", To: "UZB",
			PartialEffect: world.Value{V: 0.224249, Source: "BYZ 2019", Set: true, Dist: dist.Normal{Mu: 0.224249, Sigma: 0.073}}}}}
	ms := ProjectMeasures(p)
	if len(ms) != 1 || ms[0].Kind != PartialEffect || ms[0].Size.Source != "BYZ 2019" || len(ms[0].Pairs.Members) != 3 {
		t.Fatalf("measures %+v", ms)
	}
	if got := ms[0].Size.Dist.Mean(); got != 0.224249 {
		t.Errorf("partial effect mean %v", got)
	}
	w := &world.World{}
	if WorldTheta(w).Source != DefaultTheta.Source {
		t.Error("no gravity.theta: want DefaultTheta")
	}
	w.Gravity.Theta = world.Value{V: 4, Set: true, Source: "SW 2014", Dist: dist.Uniform{Min: 3, Max: 5}}
	if th := WorldTheta(w); th.Source != "SW 2014" || th.Dist.Mean() != 4 {
		t.Errorf("stated theta: %+v", th)
	}
}
