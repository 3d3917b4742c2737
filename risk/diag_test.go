package risk

import (
	"math"
	"math/rand/v2"
	"testing"
)

func ar1Chains(r *rand.Rand, m, n int, phi float64, shift []float64) [][]float64 {
	out := make([][]float64, m)
	sd := math.Sqrt(1 - phi*phi)
	for c := range out {
		x := r.NormFloat64()
		out[c] = make([]float64, n)
		for i := range out[c] {
			x = phi*x + sd*r.NormFloat64()
			out[c][i] = x
			if shift != nil {
				out[c][i] += shift[c]
			}
		}
	}
	return out
}

// TestDiagnose checks R-hat and ESS against the analytic values for AR(1)
// chains: ESS = N(1−φ)/(1+φ) and R-hat → 1 for stationary chains.
func TestDiagnose(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, phi := range []float64{0, 0.5, 0.8} {
		var sumESS float64
		const reps = 5
		for rep := 0; rep < reps; rep++ {
			d := Diagnose(ar1Chains(r, 4, 1000, phi, nil))
			if d.Rhat > 1.02 {
				t.Errorf("phi=%v: Rhat = %.4f for stationary chains, want < 1.02", phi, d.Rhat)
			}
			sumESS += d.ESSBulk
		}
		got := sumESS / reps
		want := 4000 * (1 - phi) / (1 + phi)
		if math.Abs(got-want)/want > 0.15 {
			t.Errorf("phi=%v: ESS = %.0f, want %.0f ±15%%", phi, got, want)
		}
	}
	d := Diagnose(ar1Chains(r, 4, 500, 0.5, []float64{0, 0, 0, 2}))
	if d.Rhat < 1.1 {
		t.Errorf("Rhat = %.3f for a chain shifted by 2 sd, want > 1.1", d.Rhat)
	}
	// A scale difference only the folded (tail) R-hat detects.
	c := ar1Chains(r, 4, 1000, 0, nil)
	for i := range c[3] {
		c[3][i] *= 3
	}
	if d := Diagnose(c); d.Rhat < 1.05 {
		t.Errorf("Rhat = %.3f for a chain with 3x the scale, want > 1.05", d.Rhat)
	}
}
