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

// ishigamiGridMuStar is the quantity mu* estimates on a p-level Morris
// grid: the mean |elementary effect| of each input over every step the
// grid allows. A step of input i goes from u_i = a to a + Δ, a in
// {0, ..., 1-Δ}, with every other input anywhere on the grid (each
// coordinate of a random trajectory is uniform on the p levels at every
// point), and its effect is the outcome's change over Δ.
func ishigamiGridMuStar(p int) []float64 {
	const D = 3
	delta := MorrisStep(p)
	level := func(l int) float64 { return -math.Pi + 2*math.Pi*clampUnit(float64(l)/float64(p-1)) }
	shift := int(math.Round(delta * float64(p-1)))
	out := make([]float64, D)
	for i := 0; i < D; i++ {
		sum, n := 0.0, 0
		var rec func(j int, l []int)
		rec = func(j int, l []int) {
			if j == D {
				for a := 0; a+shift < p; a++ {
					x0, x1 := make([]float64, D), make([]float64, D)
					for k := range D {
						x0[k], x1[k] = level(l[k]), level(l[k])
					}
					x0[i], x1[i] = level(a), level(a+shift)
					sum += math.Abs(ishigami(x1)-ishigami(x0)) / delta
					n++
				}
				return
			}
			if j == i {
				rec(j+1, l)
				return
			}
			for v := 0; v < p; v++ {
				l[j] = v
				rec(j+1, l)
			}
		}
		rec(0, make([]int, D))
		out[i] = sum / float64(n)
	}
	return out
}

// With the default design (no trajectory selection), mu* averaged over
// 20 seeds of r = 50 trajectories lies within 5% of the grid mean of the
// absolute elementary effects; with Campolongo's selection it does not.
func TestMorrisUnbiasedOnIshigami(t *testing.T) {
	pi := math.Pi
	fs := ishigamiFactors()
	want := ishigamiGridMuStar(4)
	mean := func(candidates int) []float64 {
		got := make([]float64, 3)
		const seeds = 20
		for seed := uint64(1); seed <= seeds; seed++ {
			d, err := NewDesign(fs, DesignSpec{Kind: Morris, N: 50, Seed: seed, Candidates: candidates})
			if err != nil {
				t.Fatal(err)
			}
			y := make([]float64, d.Rows())
			for i, x := range d.X {
				y[i] = ishigami(x)
			}
			r, err := MorrisAnalyze(d.X, y, MorrisOptions{Inputs: names(fs), Ranges: []float64{2 * pi, 2 * pi, 2 * pi}, Resamples: -1})
			if err != nil {
				t.Fatal(err)
			}
			for j, e := range r.Effects {
				got[j] += e.MuStar / seeds
			}
		}
		return got
	}
	got := mean(0)
	for j := range want {
		if math.Abs(got[j]-want[j]) > 0.05*want[j] {
			t.Errorf("x%d: mean mu* %.4g over 20 seeds; grid mean |EE| %.4g", j+1, got[j], want[j])
		}
	}
	t.Logf("grid mean |EE| %.4g; mean mu* %.4g", want, got)
	sel := mean(200)
	biased := false
	for j := range want {
		if math.Abs(sel[j]-want[j]) > 0.05*want[j] {
			biased = true
		}
	}
	if !biased {
		t.Errorf("with selection of 50 of 200 trajectories mean mu* %.4g is within 5%% of %.4g: the selection should bias it", sel, want)
	}
	t.Logf("with selection (50 of 200): %.4g", sel)
}
