package model

import (
	"context"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

func TestNetworkIntegrationEffects(t *testing.T) {
	sc := fixture.Embedded(t, defaultScenario)
	w := sc.World
	ni, err := new(Cache).newNetworkIntegration(w)
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for i, p := range w.Projects {
		idx[p.ID] = i
	}
	cidx := map[string]int{}
	for i, c := range ni.countries {
		cidx[c] = i
	}
	out := make([]sim.Effects, len(ni.countries))
	if err := ni.Effects(nil, 0, out); err != nil {
		t.Fatal(err)
	}
	for i := range out {
		if out[i] != (sim.Effects{}) {
			t.Fatalf("no project done, country %d effects %v", i, out[i])
		}
	}
	// CKU gives Kyrgyzstan and Uzbekistan one more exit that avoids Russia
	// (Jalal-Abad/Andijan to Kashgar).
	cku := sim.ProjectSet(1) << uint(idx["cku-railway"])
	out = make([]sim.Effects, len(ni.countries))
	if err := ni.Effects(nil, cku, out); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"KGZ", "UZB"} {
		if got := out[cidx[c]][world.ERedundancy]; got != 1 {
			t.Errorf("%s redundancy change with CKU = %v, want +1", c, got)
		}
	}
	// Line D and CASA-1000 lower Kyrgyz dependence on Russia.
	pg := sim.ProjectSet(1) << uint(idx["regional-power-gas"])
	out = make([]sim.Effects, len(ni.countries))
	if err := ni.Effects(nil, pg, out); err != nil {
		t.Fatal(err)
	}
	if got := out[cidx["KGZ"]][world.ERussianTransit]; got >= 0 {
		t.Errorf("KGZ transit dependence change with regional power and gas = %v, want < 0", got)
	}
	// A project the network does not represent keeps its stated effect.
	w2 := *w
	w2.Projects = append(append([]world.Project(nil), w.Projects...), world.Project{ID: "made-up",
		Effects: []world.Effect{{Country: "KGZ", Field: world.ERussianTransit, Size: world.Fixed(-0.1)}}})
	ni2, err := new(Cache).newNetworkIntegration(&w2)
	if err != nil {
		t.Fatal(err)
	}
	out = make([]sim.Effects, len(ni2.countries))
	if err := ni2.Effects(nil, sim.ProjectSet(1)<<uint(len(w.Projects)), out); err != nil {
		t.Fatal(err)
	}
	if got := out[cidx["KGZ"]][world.ERussianTransit]; got != -0.1 {
		t.Errorf("stated effect of an unmapped project: %v, want -0.1", got)
	}
	// The adapter plugs into the simulation.
	m, err := sim.New(w, sim.Engines{Integration: []sim.Integration{ni}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Run(context.Background(), sim.Options{Draws: 20, Seed: 1}); err != nil {
		t.Fatal(err)
	}
}

// With the engines of steppe run, the network engine's computed transit
// dependence and exits replace the projects' stated russian_transit and
// redundancy effects: the baseline's only project (CKU) states -0.15 for
// Kyrgyz transit dependence, the network computes no change in the share
// but one more exit avoiding Russia.
func TestSimEnginesUseNetwork(t *testing.T) {
	sc := fixture.Embedded(t, defaultScenario)
	mm, err := Assemble(sc.World, Config{})
	if err != nil {
		t.Fatal(err)
	}
	m := mm.Sim
	out, err := m.Run(context.Background(), sim.Options{Draws: 8, Seed: 1, Policies: []string{"baseline"}})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range out.Engines.Integration {
		found = found || strings.HasPrefix(s, "network engine")
		if strings.Contains(s, "stated project effects") && strings.Contains(s, "russian_transit") {
			t.Errorf("russian_transit still stated: %q", s)
		}
	}
	if !found {
		t.Errorf("network engine not among %q", out.Engines.Integration)
	}
	res := results.Summarize(out, sc.World)
	c := res.Cell("baseline", "KGZ", 2042)
	if c == nil {
		t.Fatal("no baseline KGZ 2042 cell")
	}
	if got := c.Integration["russian_transit"]; got != 0 {
		t.Errorf("KGZ 2042 russian_transit = %v, want the network's 0, not the stated -0.15", got)
	}
	if got := c.Integration["redundancy"]; got != 1 {
		t.Errorf("KGZ 2042 redundancy = %v, want the network's +1", got)
	}
}

// Projects name their network lines in the scenario (network_features);
// without them the bundled project map applies, with the same lines for
// the default scenario. An unknown feature is bad input.
func TestNetworkFeaturesFromScenario(t *testing.T) {
	sc := fixture.Embedded(t, defaultScenario)
	w := sc.World
	cku, ok := w.Project("cku-railway")
	if !ok || len(cku.NetworkFeatures) != 1 || cku.NetworkFeatures[0] != "rail-cku" {
		t.Fatalf("cku-railway network_features: %+v", cku)
	}
	ni, err := new(Cache).newNetworkIntegration(w)
	if err != nil {
		t.Fatal(err)
	}
	w2 := *w
	w2.Projects = append([]world.Project(nil), w.Projects...)
	for i := range w2.Projects {
		w2.Projects[i].NetworkFeatures = nil
	}
	viaMap, err := new(Cache).newNetworkIntegration(&w2)
	if err != nil {
		t.Fatal(err)
	}
	all := sim.ProjectSet(1)<<uint(len(w.Projects)) - 1
	a, b := make([]sim.Effects, len(ni.countries)), make([]sim.Effects, len(ni.countries))
	if err := ni.Effects(nil, all, a); err != nil {
		t.Fatal(err)
	}
	if err := viaMap.Effects(nil, all, b); err != nil {
		t.Fatal(err)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("country %d: scenario features %v, project map %v", i, a[i], b[i])
		}
	}
	w2.Projects[0].NetworkFeatures = []string{"rail-nowhere"}
	if _, err := new(Cache).newNetworkIntegration(&w2); err == nil || !strings.Contains(err.Error(), "rail-nowhere") {
		t.Errorf("unknown feature: %v", err)
	}
}
