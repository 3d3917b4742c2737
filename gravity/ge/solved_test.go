package ge

import (
	"testing"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

// Solutions made by one Integration and used by another give the effects
// the second would solve, bit for bit; they are refused where anything
// the effects depend on differs: the fixed inputs (Fixed) or a draw's
// sampled inputs (another seed's draws, a changed distribution).
func TestSolvedUse(t *testing.T) {
	base, _ := loadCentralAsia(t, 2023)
	const draws, seed = 4, 9
	mk := func(edit func(w *world.World), st func(s *Study)) *Integration {
		t.Helper()
		w := testWorld()
		if edit != nil {
			edit(w)
		}
		s := Study{Baseline: base, Theta: DefaultTheta}
		if st != nil {
			st(&s)
		}
		g, err := NewIntegration(w, s, draws)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	src := mk(nil, nil)
	sols, err := src.SolveAll(seed)
	if err != nil {
		t.Fatal(err)
	}
	if want := draws * 2; len(sols) != want { // project "rail" in or out; "pact" changes no trade cost
		t.Fatalf("SolveAll: %d solutions, want %d", len(sols), want)
	}
	fixed := src.Fixed()

	fresh := mk(nil, nil)
	used := mk(nil, nil)
	if n := used.Use(fixed, sols); n != len(sols) {
		t.Fatalf("Use took %d of %d solutions", n, len(sols))
	}
	for d := 0; d < 3*draws; d++ {
		for _, done := range []uint64{0, 1, 2, 3} {
			want, err1 := fresh.Effects(seed, d, done)
			got, err2 := used.Effects(seed, d, done)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			for c := range want {
				if got[c] != want[c] {
					t.Fatalf("draw %d, done %b, economy %d: used %+v, solved %+v", d, done, c, got[c], want[c])
				}
			}
		}
	}

	for _, tc := range []struct {
		name  string
		g     *Integration
		fixed string
		sols  []Solved
	}{
		{"no digest", mk(nil, nil), "", sols},
		{"other fixed inputs", mk(nil, nil), "0" + fixed[1:], sols},
		{"other tolerance", mk(nil, func(s *Study) { s.Tol = 1e-6 }), fixed, sols},
		{"other pairs", mk(func(w *world.World) { w.Projects[0].TradeCost[1].To = "KAZ" }, nil), fixed, sols},
		{"other size distribution", mk(func(w *world.World) {
			w.Projects[0].TradeCost[0].Change.Dist = dist.Uniform{Min: -0.2, Max: -0.05}
		}, nil), fixed, sols},
		{"other theta", mk(nil, func(s *Study) { s.Theta = Param{Dist: dist.Uniform{Min: 4, Max: 6}} }), fixed, sols},
	} {
		if n := tc.g.Use(tc.fixed, tc.sols); n != 0 {
			t.Errorf("%s: Use took %d solutions", tc.name, n)
		}
	}
	// Another seed's draws sample other inputs: a solution relabelled with
	// it is refused.
	moved := append([]Solved(nil), sols...)
	for i := range moved {
		moved[i].Seed = seed + 1
	}
	if n := mk(nil, nil).Use(fixed, moved); n != 0 {
		t.Errorf("solutions relabelled with another seed: Use took %d", n)
	}
	if mk(nil, func(s *Study) { s.Solve = SolveHat }).Fixed() != "" {
		t.Error("a study with a solver of its own has a Fixed digest")
	}
}
