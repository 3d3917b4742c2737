package risk

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestPG1Moments checks the sampler's mean and variance against the
// closed forms E = tanh(z/2)/(2z), Var = (sinh z − z)/(4z³cosh²(z/2))
// (Polson, Scott and Windle 2013, section 2) on both sides of the
// truncation point and far in the tail.
func TestPG1Moments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n = 200000
	for _, z := range []float64{0, 0.5, 1.5, 3, 8, 25} {
		var s, s2 float64
		for i := 0; i < n; i++ {
			x := samplePG1(r, z)
			if !(x > 0) {
				t.Fatalf("PG(1,%v) draw %v not positive", z, x)
			}
			s += x
			s2 += x * x
		}
		mean := s / n
		v := s2/n - mean*mean
		wantM, wantV := pgMean(z), pgVar(z)
		se := math.Sqrt(wantV / n)
		if math.Abs(mean-wantM) > 4.5*se {
			t.Errorf("PG(1,%v) mean = %.6f, want %.6f (±%.2g)", z, mean, wantM, 4.5*se)
		}
		if math.Abs(v-wantV)/wantV > 0.03 {
			t.Errorf("PG(1,%v) var = %.6g, want %.6g", z, v, wantV)
		}
	}
}

func TestPGClosedForms(t *testing.T) {
	// Continuity of the series expansions at their switch points.
	if d := math.Abs(pgMean(1e-6) - pgMean(1.0001e-6)); d > 1e-9 {
		t.Errorf("pgMean discontinuous: %g", d)
	}
	if d := math.Abs(pgVar(0.999e-3) - pgVar(1.001e-3)); d > 1e-8 {
		t.Errorf("pgVar discontinuous: %g", d)
	}
}

func BenchmarkPG1(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var s float64
	for i := 0; i < b.N; i++ {
		s += samplePG1(r, float64(i%7))
	}
	_ = s
}
