package ge

import (
	"math"
	"strings"
	"testing"
)

func TestShocks(t *testing.T) {
	cs := []string{"A", "B", "C"}
	lb, err := LogPartials(cs, 4,
		Agreement{Name: "AB", Pairs: Pairs{Members: []string{"A", "B"}}, PartialEffect: 0.2},
		Tariff{Name: "C on A", Pairs: Pairs{List: []Pair{{"A", "C"}}}, Old: 0.10, New: 0},
		CostRatio{Name: "rail", Ratio: map[Pair]float64{{"B", "C"}: 0.9}, Symmetric: true},
	)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{
		0, 0.2, -4 * math.Log(1/1.1),
		0.2, 0, -4 * math.Log(0.9),
		0, -4 * math.Log(0.9), 0,
	}
	for k := range want {
		if math.Abs(lb[k]-want[k]) > 1e-15 {
			t.Errorf("cell %d: %v, want %v", k, lb[k], want[k])
		}
	}
	for _, bad := range []Shock{
		Agreement{Name: "x", Pairs: Pairs{Members: []string{"A", "Z"}}, PartialEffect: 1},
		Agreement{Name: "nan", Pairs: Pairs{Members: []string{"A"}}, PartialEffect: math.NaN()},
		Tariff{Name: "t", Pairs: Pairs{List: []Pair{{"A", "B"}}}, Old: 0, New: -1.5},
		CostRatio{Name: "r", Ratio: map[Pair]float64{{"A", "B"}: 0}},
	} {
		if _, err := LogPartials(cs, 4, bad); err == nil {
			t.Errorf("%s accepted", bad.Describe())
		}
	}
	// time and distance conversions
	if r := TimeCost(10, 5, 0.01); math.Abs(r-1.05/1.10) > 1e-15 {
		t.Errorf("TimeCost %v", r)
	}
	// halving distance with elasticity -1 and theta 4 raises flows by 2x: costs x 2^(-1/4)
	if r := DistanceCost(1000, 500, -1, 4); math.Abs(-4*math.Log(r)-math.Log(2)) > 1e-12 {
		t.Errorf("DistanceCost %v", r)
	}
	if d := (Agreement{Name: "AB", PartialEffect: 0.2}).Describe(); !strings.Contains(d, "1.221") {
		t.Errorf("describe: %s", d)
	}
}
