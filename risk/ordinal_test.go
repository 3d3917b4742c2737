package risk

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/steppe-dev/steppe/world"
)

func simOrdinal(r *rand.Rand, n int, beta, cut []float64) *Data {
	fs := []Feature{{Name: FeatIntercept, Scale: 1}}
	for j := range beta {
		fs = append(fs, Feature{Name: "x" + string(rune('1'+j)), Scale: 1})
	}
	d := &Data{Features: fs, Cands: make([]candidates, len(fs))}
	probs := make([]float64, len(cut)+1)
	for i := 0; i < n; i++ {
		row := []float64{1}
		for range beta {
			row = append(row, r.NormFloat64())
		}
		CategoryProbs(dot(row[1:], beta), cut, probs)
		u, k := r.Float64(), 0
		for ; k < len(probs)-1; k++ {
			u -= probs[k]
			if u < 0 {
				break
			}
		}
		d.X = append(d.X, row)
		d.Ord = append(d.Ord, k)
	}
	return d
}

func TestOrdinalGradient(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	K := int(world.NumOutcomes)
	d := simOrdinal(r, 60, []float64{0.7, -0.4}, []float64{-2, -1, 0, 0.5, 1, 2})
	m := &ordModel{d: d, p: 2, k: K, cut: Prior{0, 5, ""}, bMean: []float64{0, 0}, bPrec: []float64{0.16, 0.16}}
	for _, row := range d.X {
		m.x = append(m.x, row[1:])
	}
	th := []float64{0.3, -0.2, -1.5, -0.3, 0.1, -0.5, 0.2, -0.1}
	g := make([]float64, len(th))
	cut := make([]float64, K-1)
	m.logPost(th, g, cut)
	for i := range th {
		h := 1e-6
		tp := append([]float64(nil), th...)
		tm := append([]float64(nil), th...)
		tp[i] += h
		tm[i] -= h
		dummy := make([]float64, len(th))
		num := (m.logPost(tp, dummy, cut) - m.logPost(tm, dummy, cut)) / (2 * h)
		if math.Abs(num-g[i]) > 1e-4*math.Max(1, math.Abs(num)) {
			t.Errorf("grad[%d] = %.6f, numerical %.6f", i, g[i], num)
		}
	}
}

// TestOrdinalRecovery: simulated ordinal data with known slopes and
// cutpoints; the 90% intervals cover the truth at about the nominal rate
// and the chains converge.
func TestOrdinalRecovery(t *testing.T) {
	beta := []float64{1.0, -0.6}
	cut := []float64{-1.5, -0.5, 0, 0.6, 1.2, 2.2}
	var cov, tot int
	for seed := uint64(0); seed < 5; seed++ {
		r := rand.New(rand.NewPCG(200+seed, 1))
		d := simOrdinal(r, 300, beta, cut)
		fit, err := FitOrdinal(context.Background(), d, DefaultPriors(), FitOptions{Chains: 2, Warmup: 300, Draws: 400, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		truth := append(append([]float64(nil), beta...), cut...)
		draws := fit.Draws()
		for j, v := range truth {
			col := make([]float64, len(draws))
			for s := range draws {
				col[s] = draws[s][j]
			}
			sv := sortedCopy(col)
			tot++
			if v >= quantileSorted(sv, 0.05) && v <= quantileSorted(sv, 0.95) {
				cov++
			}
			if fit.Diag[j].Rhat > 1.05 {
				t.Errorf("seed %d param %d: Rhat %.3f", seed, j, fit.Diag[j].Rhat)
			}
		}
		if fit.Accept < 0.6 {
			t.Errorf("seed %d: HMC acceptance %.2f, want ≈ 0.8", seed, fit.Accept)
		}
	}
	rate := float64(cov) / float64(tot)
	if rate < 0.78 || rate > 0.99 {
		t.Errorf("coverage %.3f (%d/%d), want about 0.90", rate, cov, tot)
	}
	t.Logf("coverage %.3f (%d/%d)", rate, cov, tot)
}
