package sim_test

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

func TestHazardInfo(t *testing.T) {
	src := func(s string) world.Value { return world.Value{V: 0.01, Source: s, Set: true} }
	asm := world.Value{V: 0.01, Assumption: true, Reason: "judgement", Set: true}
	cases := []struct {
		name string
		hz   []world.Hazard
		want string
	}{
		{"none", nil, "no base hazards (scenario triggers.hazard is empty)"},
		{"mixed", []world.Hazard{
			{Country: "A", Type: world.TriggerProtest, Monthly: src("risk posterior (x.yaml): 4 events")},
			{Country: "B", Type: world.TriggerProtest, Monthly: src("risk posterior (x.yaml): 2 events")},
			{Country: "A", Type: world.TriggerEthnic, Monthly: asm},
			{Country: "A", Type: world.TriggerBorder, Monthly: src("risk posterior (x.yaml): 0 events")},
			// one assumption makes the whole type stated
			{Country: "A", Type: world.TriggerInsurgent, Monthly: src("risk posterior (x.yaml): 1 event")},
			{Country: "B", Type: world.TriggerInsurgent, Monthly: asm},
		}, "scenario triggers.hazard: protest, border from risk posterior (x.yaml); ethnic, insurgent stated assumptions"},
		{"two sources", []world.Hazard{
			{Country: "A", Type: world.TriggerProtest, Monthly: src("ACLED: x")},
			{Country: "B", Type: world.TriggerProtest, Monthly: src("MMP: y")},
		}, "scenario triggers.hazard: protest from several sources"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := sim.HazardInfo(&world.World{Hazards: c.hz}); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// The default scenario takes protest, border and insurgent hazards from the
// calibrated posterior; the run must not call them stated.
func TestDefaultHazardInfo(t *testing.T) {
	m, _ := defaultModel(t)
	got := sim.HazardInfo(m.World())
	if !strings.Contains(got, "protest, border, insurgent from steppe risk posterior (data/posterior/triggers_hazard.yaml)") {
		t.Errorf("default scenario hazards: %s", got)
	}
}
