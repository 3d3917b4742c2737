package ge

import (
	"fmt"
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
	if err := base.Validate(); err != nil {
		return nil, err
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	n := base.N()
	if len(lb) != n*n {
		return nil, fmt.Errorf("shock matrix has %d cells, want %d", len(lb), n*n)
	}
	theta := opt.Theta
	Y := base.Output()
	E0 := base.Expenditure()
	D := make([]float64, n)
	for j := range D {
		D[j] = E0[j] - Y[j]
	}
	// piB[i*n+j] = pi_ij * B_ij
	piB := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			piB[i*n+j] = base.X[i*n+j] / E0[j] * math.Exp(lb[i*n+j])
		}
	}
	sumY := 0.0
	for _, y := range Y {
		sumY += y
	}
	E := append([]float64(nil), E0...)
	w := ones(n)
	P := ones(n)
	wt := make([]float64, n) // w^-theta
	ep := make([]float64, n) // E/P
	Xnew := append([]float64(nil), base.X...)
	res := &Result{Method: "exact hat algebra (ge_gravity)"}
	crit := math.Inf(1)
	iter := 0
	for iter < opt.MaxIter && crit > opt.Tol {
		iter++
		for j := 0; j < n; j++ {
			ep[j] = E[j] / P[j]
		}
		sYw := 0.0
		for i := 0; i < n; i++ {
			s := 0.0
			row := piB[i*n : (i+1)*n]
			for j, v := range row {
				s += v * ep[j]
			}
			w[i] = math.Pow(s/Y[i], 1/(1+theta))
			sYw += Y[i] * w[i]
		}
		scale := sumY / sYw
		for i := range w {
			w[i] *= scale
			wt[i] = math.Pow(w[i], -theta)
		}
		for j := range P {
			P[j] = 0
		}
		for i := 0; i < n; i++ {
			row := piB[i*n : (i+1)*n]
			for j, v := range row {
				P[j] += v * wt[i]
			}
		}
		for j := 0; j < n; j++ {
			if opt.Balance == Multiplicative {
				E[j] = E0[j] * w[j]
			} else {
				E[j] = Y[j]*w[j] + D[j]
			}
			ep[j] = E[j] / P[j]
		}
		// largest |log change| via the extreme ratios: one division per
		// cell instead of two logarithms
		rmax, rmin := 1.0, 1.0
		for i := 0; i < n; i++ {
			row := piB[i*n : (i+1)*n]
			old := Xnew[i*n : (i+1)*n]
			wti := wt[i]
			for j, v := range row {
				x := v * wti * ep[j]
				if x > 0 && old[j] > 0 {
					r := x / old[j]
					if r > rmax {
						rmax = r
					} else if r < rmin {
						rmin = r
					}
				}
				old[j] = x
			}
		}
		crit = math.Max(math.Log(rmax), -math.Log(rmin))
		sumEP := 0.0
		for _, v := range ep {
			sumEP += v
		}
		if math.IsNaN(crit) || math.IsNaN(sYw) || math.IsNaN(sumEP) || math.IsInf(sumEP, 0) {
			return nil, fmt.Errorf("exact hat algebra: iteration %d produced NaN (check for negative expenditure under additive balances)", iter)
		}
	}
	res.Iterations, res.FinalChange = iter, crit
	fillResult(res, base, Xnew, w, P, Y, E0, E, theta)
	if crit > opt.Tol {
		return res, fmt.Errorf("exact hat algebra: %w after %d iterations (last change %.3g > tol %.3g)", ErrNotConverged, iter, crit, opt.Tol)
	}
	return res, nil
}
