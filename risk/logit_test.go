package risk

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// simLogit simulates n rows with an intercept and k standard-normal or
// binary covariates under coefficients beta.
func simLogit(r *rand.Rand, n int, beta []float64) *Data {
	p := len(beta)
	fs := make([]Feature, p)
	for j := range fs {
		fs[j] = Feature{Name: "x" + string(rune('0'+j)), Scale: 1}
	}
	fs[0].Name = FeatIntercept
	d := &Data{Features: fs, Cands: make([]candidates, p)}
	for i := 0; i < n; i++ {
		row := make([]float64, p)
		row[0] = 1
		for j := 1; j < p; j++ {
			if j%2 == 0 {
				row[j] = b2f(r.Float64() < 0.4)
			} else {
				row[j] = r.NormFloat64()
			}
		}
		y := 0
		if r.Float64() < sigmoid(dot(row, beta)) {
			y = 1
		}
		d.X = append(d.X, row)
		d.Y = append(d.Y, y)
	}
	return d
}

// laplace returns the posterior mode and the sqrt of the diagonal of the
// inverse Hessian of the log posterior (Newton's method), the large-sample
// normal approximation of the posterior.
func laplace(d *Data, pr Priors) (mode, sd []float64) {
	p := len(d.Features)
	beta := make([]float64, p)
	h := make([]float64, p*p)
	g := make([]float64, p)
	for it := 0; it < 100; it++ {
		for k := range h {
			h[k] = 0
		}
		for j, f := range d.Features {
			q := pr.For(f.Name)
			g[j] = -(beta[j] - q.Mean) / (q.SD * q.SD)
			h[j*p+j] = 1 / (q.SD * q.SD)
		}
		for i, x := range d.X {
			mu := sigmoid(dot(x, beta))
			for j := 0; j < p; j++ {
				g[j] += (float64(d.Y[i]) - mu) * x[j]
				for k := 0; k <= j; k++ {
					h[j*p+k] += mu * (1 - mu) * x[j] * x[k]
				}
			}
		}
		cholesky(h, p)
		step := append([]float64(nil), g...)
		cholSolve(h, p, step)
		var norm float64
		for j := range beta {
			beta[j] += step[j]
			norm += step[j] * step[j]
		}
		if norm < 1e-20 {
			break
		}
	}
	// diag of H⁻¹ = Σ_k (L⁻¹)_kj².
	sd = make([]float64, p)
	for j := 0; j < p; j++ {
		e := make([]float64, p)
		e[j] = 1
		cholSolve(h, p, e)
		sd[j] = math.Sqrt(e[j])
	}
	return beta, sd
}

// TestLogitLargeSample: with n = 2000 the posterior is close to normal with
// the Laplace mean and sd (Bernstein-von Mises), so the Gibbs sampler's
// mean and sd must match them to within Monte Carlo and O(1/n) error.
func TestLogitLargeSample(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	d := simLogit(r, 2000, []float64{-0.5, 1, -1, 0.5})
	pr := DefaultPriors()
	fit, err := FitLogit(context.Background(), d, pr, FitOptions{Chains: 2, Warmup: 200, Draws: 1200, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	mode, sd := laplace(d, pr)
	for j, s := range fit.Summaries() {
		if math.Abs(s.Mean-mode[j]) > 0.15*sd[j]+4*sd[j]/math.Sqrt(s.Diag.ESSBulk) {
			t.Errorf("coef %d: posterior mean %.4f, Laplace %.4f (sd %.4f)", j, s.Mean, mode[j], sd[j])
		}
		if math.Abs(s.SD-sd[j])/sd[j] > 0.08 {
			t.Errorf("coef %d: posterior sd %.4f, Laplace %.4f", j, s.SD, sd[j])
		}
		if s.Diag.Rhat > 1.01 {
			t.Errorf("coef %d: Rhat %.4f", j, s.Diag.Rhat)
		}
	}
}

// TestLogitQuadrature compares the sampler with the exact posterior of an
// intercept-only model with few observations (a non-normal posterior),
// computed by numerical integration on a fine grid.
func TestLogitQuadrature(t *testing.T) {
	d := &Data{Features: []Feature{{Name: FeatIntercept, Scale: 1}}, Cands: make([]candidates, 1)}
	for i := 0; i < 12; i++ {
		d.X = append(d.X, []float64{1})
		d.Y = append(d.Y, b2f2(i < 2))
	}
	pr := DefaultPriors()
	pr.Intercept = Prior{Mean: 0, SD: 2.5}
	var z, m1, m2 float64
	for k := 0; k <= 200000; k++ {
		a := -15 + 30*float64(k)/200000
		lp := -0.5 * a * a / (2.5 * 2.5)
		for i := range d.Y {
			lp += logLik1(d.Y[i], a)
		}
		w := math.Exp(lp)
		z += w
		m1 += w * a
		m2 += w * a * a
	}
	mean := m1 / z
	sd := math.Sqrt(m2/z - mean*mean)
	fit, err := FitLogit(context.Background(), d, pr, FitOptions{Chains: 4, Warmup: 500, Draws: 5000, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	s := fit.Summaries()[0]
	se := sd / math.Sqrt(s.Diag.ESSBulk)
	if math.Abs(s.Mean-mean) > 4*se {
		t.Errorf("mean = %.4f, exact %.4f (MC se %.4f)", s.Mean, mean, se)
	}
	if math.Abs(s.SD-sd)/sd > 0.04 {
		t.Errorf("sd = %.4f, exact %.4f", s.SD, sd)
	}
}

func b2f2(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestLogitRecovery: on simulated data of episode-set size times four, the
// 90% credible intervals contain the true coefficients at about the stated
// rate across seeds.
func TestLogitRecovery(t *testing.T) {
	beta := []float64{-1, 1.5, -1, 0.8}
	var cov coverage
	for seed := uint64(0); seed < 20; seed++ {
		r := rand.New(rand.NewPCG(100+seed, 1))
		d := simLogit(r, 200, beta)
		fit, err := FitLogit(context.Background(), d, DefaultPriors(), FitOptions{Chains: 2, Warmup: 200, Draws: 500, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		for j, s := range fit.Summaries() {
			cov.add(beta[j], s.Q05, s.Q95)
		}
	}
	// 80 intervals at nominal 0.90: binomial sd 0.034; accept 0.80..0.98.
	cov.check(t, 0.80, 0.98)
}

// coverage counts the true values that fall in their 90% credible
// intervals [Q05, Q95], for recovery tests on simulated data.
type coverage struct{ in, n int }

func (c *coverage) add(truth, lo, hi float64) {
	c.n++
	if truth >= lo && truth <= hi {
		c.in++
	}
}

// check fails t unless the share covered lies in [lo, hi].
func (c coverage) check(t *testing.T, lo, hi float64) {
	t.Helper()
	rate := float64(c.in) / float64(c.n)
	if !(rate >= lo && rate <= hi) {
		t.Errorf("90%% interval coverage = %.3f (%d/%d), want about 0.90 (%.2f..%.2f)", rate, c.in, c.n, lo, hi)
	}
	t.Logf("coverage %.3f (%d/%d)", rate, c.in, c.n)
}

// BenchmarkFitLogitEpisodes times one full-size fit (45 rows, 11
// coefficients, 4 × 2000 iterations) on simulated data of the episode set's
// shape.
func BenchmarkFitLogitEpisodes(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	d := simLogit(r, 45, []float64{-2, 1, 0.5, -0.5, 1, 0, 0.3, 0, 1, -1, 0.5})
	for i := 0; i < b.N; i++ {
		if _, err := FitLogit(context.Background(), d, DefaultPriors(), DefaultFitOptions); err != nil {
			b.Fatal(err)
		}
	}
}
