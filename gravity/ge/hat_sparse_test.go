package ge

import (
	"math"
	"testing"
)

// The sparse solver (zero flows skipped, convergence from the per-country
// ratios) against the dense loops it replaced, kept here as the reference:
// same number of iterations and the same results up to rounding.
func TestSolveHatSparseIdentical(t *testing.T) {
	base, _ := loadCentralAsia(t, 2023)
	for _, tc := range []struct {
		theta float64
		sh    Shock
	}{
		{5, Agreement{Name: "c5", Pairs: Pairs{Members: c5}, PartialEffect: 0.224249}},
		{3, Agreement{Name: "c5", Pairs: Pairs{Members: c5}, PartialEffect: 0.5}},
		{8.28, CostRatio{Name: "cku", Ratio: map[Pair]float64{{"UZB", "CHN"}: 0.99, {"TJK", "CHN"}: 0.99}, Symmetric: true}},
	} {
		lb, err := LogPartials(base.Countries, tc.theta, tc.sh)
		if err != nil {
			t.Fatal(err)
		}
		for _, bal := range []Balance{Additive, Multiplicative} {
			opt := Options{Theta: tc.theta, Balance: bal}
			got, err := SolveHat(base, lb, opt)
			if err != nil {
				t.Fatal(err)
			}
			want, err := denseSolveHat(base, lb, opt)
			if err != nil {
				t.Fatal(err)
			}
			if got.Iterations != want.Iterations {
				t.Errorf("theta %v: %d iterations, dense %d", tc.theta, got.Iterations, want.Iterations)
			}
			for i := range want.Welfare {
				if d := math.Abs(got.Welfare[i]/want.Welfare[i] - 1); d > 1e-12 {
					t.Fatalf("theta %v %s: welfare %v, dense %v", tc.theta, base.Countries[i], got.Welfare[i], want.Welfare[i])
				}
				if d := math.Abs(got.RealWage[i]/want.RealWage[i] - 1); d > 1e-12 {
					t.Fatalf("theta %v %s: real wage %v, dense %v", tc.theta, base.Countries[i], got.RealWage[i], want.RealWage[i])
				}
			}
			for k := range want.Flows.X {
				if d := math.Abs(got.Flows.X[k] - want.Flows.X[k]); d > 1e-12*math.Abs(want.Flows.X[k]) {
					t.Fatalf("flow %d: %v, dense %v", k, got.Flows.X[k], want.Flows.X[k])
				}
			}
		}
	}
}

// denseSolveHat is SolveHat as it was before zero flows were skipped (the
// reference for TestSolveHatSparseIdentical).
func denseSolveHat(base *Flows, lb []float64, opt Options) (*Result, error) {
	p, err := newProblem(base, lb, opt)
	if err != nil {
		return nil, err
	}
	n, theta := p.n, p.opt.Theta
	// piB[i*n+j] = pi_ij * B_ij
	piB := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			piB[i*n+j] = base.X[i*n+j] / p.E0[j] * math.Exp(lb[i*n+j])
		}
	}
	E := append([]float64(nil), p.E0...)
	w := ones(n)
	P := ones(n)
	wt := make([]float64, n) // w^-theta
	ep := make([]float64, n) // E/P
	Xnew := append([]float64(nil), base.X...)
	iter, crit, err := p.iterate(func(iter int) (float64, error) {
		for j := range ep {
			ep[j] = E[j] / P[j]
		}
		sYw := 0.0
		for i := 0; i < n; i++ {
			s := 0.0
			for j, v := range piB[i*n : (i+1)*n] {
				s += v * ep[j]
			}
			w[i] = math.Pow(s/p.Y[i], 1/(1+theta))
			sYw += p.Y[i] * w[i]
		}
		p.numeraire(w, wt, sYw)
		clear(P)
		for k, v := range piB {
			P[k%n] += v * wt[k/n]
		}
		p.expenditures(E, ep, w, P)
		// largest |log change| via the extreme ratios: one division per
		// cell instead of two logarithms
		rmax, rmin := 1.0, 1.0
		for k, v := range piB {
			x := v * wt[k/n] * ep[k%n]
			if x > 0 && Xnew[k] > 0 {
				rmax, rmin = math.Max(rmax, x/Xnew[k]), math.Min(rmin, x/Xnew[k])
			}
			Xnew[k] = x
		}
		crit := math.Max(math.Log(rmax), -math.Log(rmin))
		return crit, hatNaN(iter, crit, sYw, ep)
	})
	if err != nil {
		return nil, err
	}
	return p.finish(&Result{Method: "exact hat algebra (ge_gravity)"}, "exact hat algebra", Xnew, w, P, E, iter, crit)
}
