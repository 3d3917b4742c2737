package ge

import (
	"math"
	"strings"
	"testing"
)

// A comparison in the layout of `steppe network compare --json` (excerpt of
// the fast-track-integration comparison of the bundled network).
const netCompareJSON = `{"policy":"fast-track-integration","route_changes":[
 {"from":"KGZ","to":"UZB","before_hours":40,"after_hours":30}],
 "corridor_changes":[
 {"from":"UZB","to":"Kashgar","corridor":"china","before_through_russia":false,"after_through_russia":false,"before_hours":112.86119257690035,"after_hours":94.17695749974877},
 {"from":"TJK","to":"Kars","corridor":"middle","before_hours":200,"after_hours":190},
 {"from":"KGZ","to":"Kashgar","corridor":"china","before_hours":null,"after_hours":20}]}`

func TestRoutesToCostRatios(t *testing.T) {
	ch, err := ReadNetworkComparison(strings.NewReader(netCompareJSON), "cmp.json")
	if err != nil {
		t.Fatal(err)
	}
	hours, notes := RouteHours(ch, []string{"KGZ", "UZB", "TJK", "CHN", "RUS"})
	if len(hours) != 2 || len(notes) != 2 {
		t.Fatalf("hours %v notes %v", hours, notes)
	}
	if h := hours[Pair{"UZB", "CHN"}]; h[0] != 112.86119257690035 {
		t.Errorf("UZB-CHN hours %v", h)
	}
	m := Measure{Name: "routes", Kind: TransitTime, Pairs: Pairs{Symmetric: true}, Hours: hours}
	sh, err := m.shock(0.012)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := LogPartials([]string{"CHN", "KGZ", "UZB"}, 5, sh)
	if err != nil {
		t.Fatal(err)
	}
	// UZB->CHN and back: ratio (1+0.012*94.18/24)/(1+0.012*112.86/24)
	want := -5 * math.Log((1+0.012*94.17695749974877/24)/(1+0.012*112.86119257690035/24))
	if math.Abs(lb[2*3+0]-want) > 1e-12 || math.Abs(lb[0*3+2]-want) > 1e-12 {
		t.Errorf("UZB<->CHN partial effects %v, %v; want %v", lb[6], lb[2], want)
	}
	if _, err := ReadNetworkComparison(strings.NewReader(`{"route_changes": [{"from": 3}]}`), "bad.json"); err == nil || !strings.Contains(err.Error(), "bad.json: byte") {
		t.Errorf("bad JSON: %v", err)
	}
}
