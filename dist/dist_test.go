package dist

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Reference quantiles from R 4.x: qnorm(0.975, 1, 2) = 4.919928;
// qlnorm(0.9, 0, 0.5) = 1.897953; qbeta(0.5, 2, 5) = 0.2644500;
// triangular(0, 1, 4) at p = 0.1: sqrt(0.1*4*1) = 0.632456.
func TestQuantiles(t *testing.T) {
	tests := []struct {
		d    Dist
		p    float64
		want float64
		tol  float64
	}{
		{Normal{1, 2}, 0.975, 4.919928, 1e-6},
		{LogNormal{0, 0.5}, 0.9, 1.897953, 1e-6},
		{Beta{Alpha: 2, Beta: 5}, 0.5, 0.2644500, 1e-6},
		{Beta{Alpha: 2, Beta: 5, Min: 10, Max: 20}, 0.5, 12.644500, 1e-5},
		{Triangular{0, 1, 4}, 0.1, 0.632456, 1e-6},
		{Triangular{0, 1, 4}, 0.75, 4 - math.Sqrt(0.25*4*3), 1e-12},
		{Uniform{2, 6}, 0.25, 3, 0},
		{Fixed{7}, 0.3, 7, 0},
	}
	for _, tc := range tests {
		if got := tc.d.Quantile(tc.p); math.Abs(got-tc.want) > tc.tol {
			t.Errorf("%v.Quantile(%g) = %.7g, want %.7g", tc.d, tc.p, got, tc.want)
		}
	}
}

// TestSampleMoments: sample means and variances of 200,000 draws are within
// 5 standard errors of the analytic values (fixed seed).
func TestSampleMoments(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		d        Dist
		mean, vr float64
	}{
		{Normal{1, 2}, 1, 4},
		{LogNormal{0, 0.5}, math.Exp(0.125), (math.Exp(0.25) - 1) * math.Exp(0.25)},
		{Uniform{2, 6}, 4, 16.0 / 12},
		{Beta{Alpha: 2, Beta: 5}, 2.0 / 7, 10.0 / (49 * 8)},
		{Beta{Alpha: 0.5, Beta: 0.5}, 0.5, 0.125},
		{Triangular{0, 1, 4}, 5.0 / 3, (0 + 1 + 16 - 0 - 0 - 4) / 18.0},
	}
	const n = 200000
	for _, tc := range tests {
		s, ss := 0.0, 0.0
		for i := 0; i < n; i++ {
			x := tc.d.Sample(r)
			s += x
			ss += x * x
		}
		m := s / n
		v := ss/n - m*m
		if se := math.Sqrt(tc.vr / n); math.Abs(m-tc.mean) > 5*se {
			t.Errorf("%v: mean %g, want %g ± %g", tc.d, m, tc.mean, 5*se)
		}
		if math.Abs(v-tc.vr) > 0.02*tc.vr+1e-9 {
			t.Errorf("%v: variance %g, want %g", tc.d, v, tc.vr)
		}
		if got := tc.d.Mean(); math.Abs(got-tc.mean) > 1e-12 {
			t.Errorf("%v.Mean() = %g, want %g", tc.d, got, tc.mean)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := []Dist{Normal{0, -1}, Uniform{2, 1}, Beta{Alpha: 0, Beta: 1}, Triangular{0, 5, 4}, Fixed{math.NaN()}, LogNormal{math.Inf(1), 1}}
	for _, d := range bad {
		if Validate(d) == nil {
			t.Errorf("%v: no error", d)
		}
	}
	good := []Dist{Normal{0, 1}, Uniform{1, 1}, Beta{Alpha: 1, Beta: 1}, Triangular{0, 0, 4}, Fixed{1}, LogNormal{0, 0}}
	for _, d := range good {
		if err := Validate(d); err != nil {
			t.Errorf("%v: %v", d, err)
		}
	}
}

func TestSupport(t *testing.T) {
	if lo, hi := (Beta{Alpha: 2, Beta: 2, Min: 3, Max: 5}).Support(); lo != 3 || hi != 5 {
		t.Errorf("beta support %g %g", lo, hi)
	}
	if lo, _ := (Normal{0, 1}).Support(); !math.IsInf(lo, -1) {
		t.Error("normal support")
	}
}
