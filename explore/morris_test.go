package explore

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A linear model y = Σ b_i x_i has constant elementary effects: sigma = 0
// and mu* = |b_i|·(hi_i - lo_i), the change per step b_i(hi-lo)Δ divided
// by the step Δ in unit scale.
func TestMorrisLinear(t *testing.T) {
	b := []float64{2, -3, 0.5, 0}
	lo := []float64{0, -1, 10, 5}
	hi := []float64{1, 1, 20, 6}
	fs := make([]Factor, len(b))
	ranges := make([]float64, len(b))
	for i := range fs {
		fs[i] = Uniform(string(rune('a'+i)), lo[i], hi[i])
		ranges[i] = hi[i] - lo[i]
	}
	for _, levels := range []int{4, 6} {
		d, err := NewDesign(fs, DesignSpec{Kind: Morris, N: 20, Seed: 5, Levels: levels})
		if err != nil {
			t.Fatal(err)
		}
		y := make([]float64, d.Rows())
		for i, x := range d.X {
			for j := range b {
				y[i] += b[j] * x[j]
			}
		}
		r, err := MorrisAnalyze(d.X, y, MorrisOptions{Inputs: names(fs), Ranges: ranges})
		if err != nil {
			t.Fatal(err)
		}
		for j, e := range r.Effects {
			want := math.Abs(b[j]) * ranges[j]
			if math.Abs(e.MuStar-want) > 1e-6*math.Max(1, want) || e.Sigma > 1e-6*math.Max(1, want) || math.Abs(e.Mu-b[j]*ranges[j]) > 1e-6*math.Max(1, want) {
				t.Errorf("levels %d input %s: mu %.9g mu* %.9g sigma %.3g; want mu* %.9g sigma 0", levels, e.Input, e.Mu, e.MuStar, e.Sigma, want)
			}
		}
	}
}

func TestMorrisDesignSteps(t *testing.T) {
	fs := []Factor{Uniform("a", 0, 1), Uniform("b", 0, 1), Uniform("c", 0, 1)}
	d, err := NewDesign(fs, DesignSpec{Kind: Morris, N: 10, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d.Rows() != 10*4 {
		t.Fatalf("rows %d", d.Rows())
	}
	delta := MorrisStep(4)
	for tr := 0; tr < 10; tr++ {
		for k := 0; k < 3; k++ {
			a, b := d.U[tr*4+k], d.U[tr*4+k+1]
			moved := 0
			for j := range a {
				if a[j] != b[j] {
					moved++
					if math.Abs(math.Abs(a[j]-b[j])-delta) > 1e-8 {
						t.Fatalf("step of %v, want %v", b[j]-a[j], delta)
					}
				}
			}
			if moved != 1 {
				t.Fatalf("trajectory %d step %d moves %d inputs", tr, k, moved)
			}
		}
	}
}

// The selected trajectories are more spread out than a random subset of
// the same candidates (Campolongo et al. 2007).
func TestMorrisSelectionSpreads(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	spec := DesignSpec{Kind: Morris, N: 8, Levels: 4, Candidates: 60}
	cands := make([][][]float64, 0)
	all := morrisTrajectoriesAll(spec, 5, rng)
	cands = append(cands, all...)
	spread := func(idx []int) float64 {
		s := 0.0
		for i := range idx {
			for j := i + 1; j < len(idx); j++ {
				d := trajectoryDistance(cands[idx[i]], cands[idx[j]])
				s += d * d
			}
		}
		return math.Sqrt(s)
	}
	sel := selectTrajectories(cands, 8)
	better := 0
	for k := 0; k < 50; k++ {
		perm := rng.Perm(len(cands))[:8]
		if spread(sel) > spread(perm) {
			better++
		}
	}
	if better < 50 {
		t.Errorf("selection beat only %d of 50 random subsets", better)
	}
}

func TestMorrisBadInput(t *testing.T) {
	x := [][]float64{{0, 0}, {1, 0}, {1, 1}, {0, 0}, {1, 1}, {1, 0}}
	if _, err := MorrisAnalyze(x, make([]float64, 6), MorrisOptions{Inputs: []string{"a", "b"}}); err == nil {
		t.Error("step moving two inputs accepted")
	}
	x[4] = []float64{0, 1}
	x[5] = []float64{1, 1}
	if _, err := MorrisAnalyze(x, make([]float64, 6), MorrisOptions{Inputs: []string{"a", "b"}}); err == nil {
		t.Error("constant outcome accepted")
	}
	if _, err := MorrisAnalyze(x[:5], make([]float64, 5), MorrisOptions{Inputs: []string{"a", "b"}}); err == nil {
		t.Error("5 rows for 2 inputs accepted")
	}
}
