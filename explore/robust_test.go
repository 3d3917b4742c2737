package explore

import (
	"math"
	"testing"
)

// A small hand-worked table: three policies over four scenarios.
//
//	        s1  s2  s3  s4
//	A        5   5   5   5
//	B        9   1   8   7
//	C        6   4   6   9
//
// best per scenario: 9 5 8 9. Regrets: A 4 0 3 4 (max 4); B 0 4 0 2 (4);
// C 3 1 2 0 (3). Worst: A 5, B 1, C 4. Means: A 5, B 6.25, C 6.25.
func TestRobustnessHandWorked(t *testing.T) {
	tab := map[string][]float64{"A": {5, 5, 5, 5}, "B": {9, 1, 8, 7}, "C": {6, 4, 6, 9}}
	var pol, sc []string
	var y []float64
	for _, p := range []string{"A", "B", "C"} {
		for s, v := range tab[p] {
			pol = append(pol, p)
			sc = append(sc, string(rune('1'+s)))
			y = append(y, v)
		}
	}
	thr := 5.0
	r, err := Robustness(pol, sc, y, RobustOptions{Threshold: &thr, Percentile: 0.25})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][4]float64{ // worst, max regret, mean, satisficing
		"A": {5, 4, 5, 1}, "B": {1, 4, 6.25, 0.75}, "C": {4, 3, 6.25, 0.75},
	}
	for _, s := range r.Policies {
		w := want[s.Policy]
		if s.Worst != w[0] || s.MaxRegret != w[1] || s.Mean != w[2] || *s.Satisficing != w[3] {
			t.Errorf("%s: %+v, want worst %v regret %v mean %v sat %v", s.Policy, s, w[0], w[1], w[2], w[3])
		}
	}
	if r.Best["maximin"] != "A" || r.Best["minimax_regret"] != "C" || r.Best["satisficing"] != "A" {
		t.Errorf("best %v", r.Best)
	}
	// Percentile 0.25 of B's sorted {1,7,8,9}: type-7 quantile = 1 + 0.75*6 = 5.5.
	for _, s := range r.Policies {
		if s.Policy == "B" && math.Abs(s.Percentile-5.5) > 1e-12 {
			t.Errorf("B 25th percentile %v, want 5.5", s.Percentile)
		}
	}
	// As a risk (smaller is better) the worst case is the largest value.
	r2, _ := Robustness(pol, sc, y, RobustOptions{Minimize: true})
	for _, s := range r2.Policies {
		if s.Policy == "B" && (s.Worst != 9 || s.MaxRegret != 4) {
			t.Errorf("minimise B: %+v", s)
		}
	}
	if r2.Best["minimax"] != "A" {
		t.Errorf("minimax best %v", r2.Best)
	}
}

func TestRobustnessBadInput(t *testing.T) {
	if _, err := Robustness([]string{"A", "B", "A"}, []string{"1", "1", "2"}, []float64{1, 2, 3}, RobustOptions{}); err == nil {
		t.Error("missing policy-scenario pair accepted")
	}
	if _, err := Robustness([]string{"A", "A"}, []string{"1", "2"}, []float64{1, 2}, RobustOptions{}); err == nil {
		t.Error("single policy accepted")
	}
}

func TestCartPlantedBox(t *testing.T) {
	in, y := plantedBox(4000, 4, 1, 0, 21)
	r, err := Cart(in, y, CartOptions{MaxDepth: 4})
	if err != nil {
		t.Fatal(err)
	}
	top := r.Leaves[0]
	if top.Density < 0.95 || top.Coverage < 0.9 {
		t.Errorf("best leaf %+v rules %v", top.BoxStats, top.Rules)
	}
	if math.Abs(top.Limits.Lo[0]-0.2) > 0.02 || math.Abs(top.Limits.Hi[0]-0.6) > 0.02 || math.Abs(top.Limits.Lo[1]-0.5) > 0.02 {
		t.Errorf("best leaf limits %v %v rules %v", top.Limits.Lo, top.Limits.Hi, top.Rules)
	}
	total := 0
	for _, l := range r.Leaves {
		total += l.N
	}
	if total != 4000 {
		t.Errorf("leaves hold %d experiments, want 4000", total)
	}
}
