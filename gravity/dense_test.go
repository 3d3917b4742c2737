package gravity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// simPanel simulates a small Poisson gravity panel with known coefficients:
// exporter-year, importer-year and pair effects, two regressors, and some
// zero flows.
func simPanel(rng *rand.Rand, countries, years int, beta [2]float64) *Frame {
	var ex, im, yr, x1, x2, y []float64
	ey := make([]float64, countries*years)
	iy := make([]float64, countries*years)
	for k := range ey {
		ey[k] = rng.NormFloat64()
		iy[k] = rng.NormFloat64()
	}
	for i := 0; i < countries; i++ {
		for j := 0; j < countries; j++ {
			if i == j {
				continue
			}
			pair := rng.NormFloat64() * 0.5
			for t := 0; t < years; t++ {
				a := rng.Float64()
				b := rng.NormFloat64()
				eta := 1 + beta[0]*a + beta[1]*b + ey[i*years+t] + iy[j*years+t] + pair
				mu := math.Exp(eta)
				ex = append(ex, float64(i))
				im = append(im, float64(j))
				yr = append(yr, float64(2000+t))
				x1 = append(x1, a)
				x2 = append(x2, b)
				y = append(y, poissonDraw(rng, mu))
			}
		}
	}
	f := NewFrame()
	for _, c := range []struct {
		n string
		v []float64
	}{{"exp", ex}, {"imp", im}, {"year", yr}, {"x1", x1}, {"x2", x2}, {"y", y}} {
		if err := f.AddFloat(c.n, c.v); err != nil {
			panic(err)
		}
	}
	return f
}

func poissonDraw(rng *rand.Rand, mu float64) float64 {
	if mu > 50 {
		return math.Max(0, math.Round(mu+math.Sqrt(mu)*rng.NormFloat64()))
	}
	l := math.Exp(-mu)
	k := 0.0
	p := rng.Float64()
	for p > l {
		k++
		p *= rng.Float64()
	}
	return k
}

// denseIRLS fits Poisson (or OLS) by brute force: every fixed-effect level
// a dummy column (one level dropped per dimension after the first), plain
// IRLS with a dense least-squares solve. It is the textbook estimator the
// demeaning path must reproduce.
func denseIRLS(t *testing.T, f *Frame, xs []string, fes [][]string, poisson bool) (beta []float64, fitted []float64) {
	t.Helper()
	y, _ := f.Float("y")
	n := len(y)
	var cols [][]float64
	if len(fes) == 0 { // intercept
		one := make([]float64, n)
		for i := range one {
			one[i] = 1
		}
		cols = append(cols, one)
	}
	for _, x := range xs {
		v, _ := f.Float(x)
		cols = append(cols, v)
	}
	for q, fe := range fes {
		codes, levels, err := termCodes(f, FETerm{Vars: fe})
		if err != nil {
			t.Fatal(err)
		}
		start := 0
		if q > 0 {
			start = 1
		}
		for l := start; l < len(levels); l++ {
			c := make([]float64, n)
			for i := range c {
				if int(codes[i]) == l {
					c[i] = 1
				}
			}
			cols = append(cols, c)
		}
	}
	p := len(cols)
	X := mat.NewDense(n, p, nil)
	for j, c := range cols {
		for i, v := range c {
			X.Set(i, j, v)
		}
	}
	mu := make([]float64, n)
	eta := make([]float64, n)
	for i := range y {
		mu[i] = y[i] + 0.1
		eta[i] = math.Log(mu[i])
		if !poisson {
			mu[i], eta[i] = 1, 0
		}
	}
	var b mat.VecDense
	for iter := 0; iter < 100; iter++ {
		Xw := mat.NewDense(n, p, nil)
		zw := mat.NewVecDense(n, nil)
		for i := 0; i < n; i++ {
			w := 1.0
			z := y[i]
			if poisson {
				w = mu[i]
				z = eta[i] + (y[i]-mu[i])/mu[i]
			}
			sw := math.Sqrt(w)
			for j := 0; j < p; j++ {
				Xw.Set(i, j, X.At(i, j)*sw)
			}
			zw.SetVec(i, z*sw)
		}
		// Minimum-norm least squares: interacted dummies are rank deficient
		// (one redundant level per connected component), the coefficients
		// of x1 and x2 are still identified.
		var svd mat.SVD
		if !svd.Factorize(Xw, mat.SVDThin) {
			t.Fatal("SVD failed")
		}
		sv := svd.Values(nil)
		rank := 0
		for _, v := range sv {
			if v > 1e-10*sv[0] {
				rank++
			}
		}
		svd.SolveVecTo(&b, zw, rank)
		var e mat.VecDense
		e.MulVec(X, &b)
		maxd := 0.0
		for i := 0; i < n; i++ {
			maxd = math.Max(maxd, math.Abs(e.AtVec(i)-eta[i]))
			eta[i] = e.AtVec(i)
			if poisson {
				mu[i] = math.Exp(eta[i])
			} else {
				mu[i] = eta[i]
			}
		}
		if !poisson || maxd < 1e-13 {
			break
		}
	}
	beta = make([]float64, len(xs))
	if len(fes) == 0 {
		beta = make([]float64, len(xs)+1)
	}
	for j := range beta {
		beta[j] = b.AtVec(j)
	}
	return beta, mu
}

// TestDemeaningMatchesDummies compares the fixed-effect path with the dense
// dummy-variable fit on small data, for PPML and OLS, with one, two and
// three (interacted) fixed-effect dimensions.
func TestDemeaningMatchesDummies(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	f := simPanel(rng, 6, 4, [2]float64{0.7, -0.3}) // 120 rows
	specs := []struct {
		fes [][]string
	}{
		{nil}, // no fixed effects: an intercept
		{[][]string{{"exp"}}},
		{[][]string{{"exp"}, {"imp"}}},
		{[][]string{{"exp", "year"}, {"imp", "year"}, {"exp", "imp"}}},
	}
	for _, poisson := range []bool{true, false} {
		for _, sp := range specs {
			var parts []string
			for _, fe := range sp.fes {
				parts = append(parts, fmt.Sprint(joinCaret(fe)))
			}
			formula := "y ~ x1 + x2"
			if len(parts) > 0 {
				formula += " | " + joinPlus(parts)
			}
			name := formula
			opt := Options{FixefTol: 1e-13, GLMTol: 1e-14, GLMMaxIter: 100, Separation: SeparationNone}
			if !poisson {
				opt.Family = Gaussian
				name = "OLS " + name
			}
			t.Run(name, func(t *testing.T) {
				res, err := Fit(f, formula, opt)
				if err != nil {
					t.Fatal(err)
				}
				if res.Removed.Total() != 0 {
					t.Fatalf("simulated data has %d rows in all-zero groups; change the seed", res.Removed.Total())
				}
				beta, fitted := denseIRLS(t, f, []string{"x1", "x2"}, sp.fes, poisson)
				for j := range beta {
					if math.Abs(res.Coef[j]-beta[j]) > 1e-9*math.Max(1, math.Abs(beta[j])) {
						t.Errorf("coef %s = %.15g, dummies give %.15g", res.CoefNames[j], res.Coef[j], beta[j])
					}
				}
				for i := range fitted {
					if math.Abs(res.Fitted[i]-fitted[i]) > 1e-8*math.Max(1, math.Abs(fitted[i])) {
						t.Fatalf("fitted[%d] = %.15g, dummies give %.15g", i, res.Fitted[i], fitted[i])
					}
				}
			})
		}
	}
}

func joinCaret(v []string) string {
	s := v[0]
	for _, x := range v[1:] {
		s += "^" + x
	}
	return s
}

func joinPlus(v []string) string {
	s := v[0]
	for _, x := range v[1:] {
		s += " + " + x
	}
	return s
}

// TestRecoversKnownCoefficients simulates a gravity panel with known
// coefficients and checks that PPML recovers them within four standard
// errors (and within 0.05), for several seeds.
func TestRecoversKnownCoefficients(t *testing.T) {
	truth := [2]float64{0.5, -0.8}
	for seed := uint64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		f := simPanel(rng, 25, 6, truth) // 3,600 rows
		res, err := Fit(f, "y ~ x1 + x2 | exp^year + imp^year + exp^imp", Options{})
		if err != nil {
			t.Fatal(err)
		}
		v, err := res.Vcov(VcovSpec{Type: VcovCluster, Cluster: []FETerm{{Vars: []string{"exp", "imp"}}}})
		if err != nil {
			t.Fatal(err)
		}
		for j := range truth {
			d := math.Abs(res.Coef[j] - truth[j])
			if d > 4*v.SE[j] || d > 0.05 {
				t.Errorf("seed %d: %s = %.4f (se %.4f), truth %.2f", seed, res.CoefNames[j], res.Coef[j], v.SE[j], truth[j])
			}
		}
	}
}

// Results do not depend on the number of threads: chunking is fixed by the
// number of observations and partial sums are added in chunk order.
func TestThreadCountInvariance(t *testing.T) {
	old := chunkObs
	defer func() { chunkObs = old }()
	for _, co := range []int{400, old} { // several chunks on 3,600 rows; one chunk (columns in parallel)
		chunkObs = co
		t.Run(fmt.Sprint("chunk", co), testThreadCountInvariance)
	}
}

func testThreadCountInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	f := simPanel(rng, 25, 6, [2]float64{0.5, -0.8})
	var ref *Result
	var refSE []float64
	for _, th := range []int{1, 2, 3, 8} {
		res, err := Fit(f, "y ~ x1 + x2 | exp^year + imp^year + exp^imp", Options{Threads: th, Fixef: true})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = res
			v, err := res.Vcov(VcovSpec{Type: VcovHetero})
			if err != nil {
				t.Fatal(err)
			}
			refSE = v.SE
			continue
		}
		for j := range ref.Coef {
			if res.Coef[j] != ref.Coef[j] {
				t.Errorf("threads %d: coef %s = %.17g, 1 thread %.17g", th, res.CoefNames[j], res.Coef[j], ref.Coef[j])
			}
		}
		for i := range ref.Fitted {
			if res.Fitted[i] != ref.Fitted[i] {
				t.Fatalf("threads %d: fitted[%d] differs", th, i)
			}
		}
		if res.Deviance != ref.Deviance || res.Iterations != ref.Iterations || res.LogLik != ref.LogLik || res.LLNull != ref.LLNull {
			t.Errorf("threads %d: deviance %v iterations %d loglik %v null %v, 1 thread %v %d %v %v", th, res.Deviance, res.Iterations,
				res.LogLik, res.LLNull, ref.Deviance, ref.Iterations, ref.LogLik, ref.LLNull)
		}
		v, err := res.Vcov(VcovSpec{Type: VcovHetero})
		if err != nil {
			t.Fatal(err)
		}
		for j := range v.SE {
			if v.SE[j] != refSE[j] {
				t.Errorf("threads %d: hetero SE %d = %.17g, 1 thread %.17g", th, j, v.SE[j], refSE[j])
			}
		}
	}
}
