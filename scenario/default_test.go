package scenario_test

import (
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/scenario"
)

func TestDefaultScenarioLoads(t *testing.T) {
	src, err := data.ReadFile("scenarios/central-asia.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load("central-asia.yaml", src, scenario.Embedded(data.FS()))
	if err != nil {
		t.Fatalf("default scenario:\n%v", err)
	}
	w := sc.World
	if len(w.Focus()) != 5 || len(w.Policies) != 2 || w.Start.String() != "2022-02" || w.Horizon.String() != "2042-12" {
		t.Errorf("unexpected world: %d focus, %d policies, %v-%v", len(w.Focus()), len(w.Policies), w.Start, w.Horizon)
	}
}
