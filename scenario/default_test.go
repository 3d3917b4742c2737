package scenario_test

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/internal/fixture"
)

func TestDefaultScenarioLoads(t *testing.T) {
	sc := fixture.Load(t, "scenarios/central-asia.yaml")
	w := sc.World
	if len(w.Focus()) != 5 || len(w.Policies) != 2 || w.Start.String() != "2022-02" || w.Horizon.String() != "2042-12" {
		t.Errorf("unexpected world: %d focus, %d policies, %v-%v", len(w.Focus()), len(w.Policies), w.Start, w.Horizon)
	}
}

// The default scenario's protest, border and insurgent hazards are copies
// of the calibrated posterior (data/posterior/triggers_hazard.yaml); when
// the posterior is refitted, the scenario must be updated with it.
func TestDefaultHazardsMatchPosterior(t *testing.T) {
	sc := fixture.Load(t, "scenarios/central-asia.yaml")
	psrc, err := data.ReadFile("posterior/triggers_hazard.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var post struct {
		Hazard map[string]map[string]struct {
			Value float64 `yaml:"value"`
			Dist  struct {
				Alpha float64 `yaml:"alpha"`
				Beta  float64 `yaml:"beta"`
			} `yaml:"dist"`
		} `yaml:"hazard"`
	}
	if err := yaml.Unmarshal(psrc, &post); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, h := range sc.World.Hazards {
		p, ok := post.Hazard[h.Country][h.Type.String()]
		if !ok {
			continue
		}
		n++
		b, isBeta := h.Monthly.Dist.(dist.Beta)
		if h.Monthly.V != p.Value || !isBeta || b.Alpha != p.Dist.Alpha || b.Beta != p.Dist.Beta || h.Monthly.Assumption {
			t.Errorf("%s %s: scenario %v %v, posterior %v beta(%v, %v)", h.Country, h.Type, h.Monthly.V, h.Monthly.Dist, p.Value, p.Dist.Alpha, p.Dist.Beta)
		}
	}
	if n != 15 {
		t.Errorf("%d of the posterior's 15 hazards are in the scenario", n)
	}
}
