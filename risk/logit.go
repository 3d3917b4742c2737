package risk

import (
	"context"
	"math"
	"math/rand/v2"
)

// FitOptions control a sampler run. The zero value is not valid; use
// [DefaultFitOptions].
type FitOptions struct {
	Chains int
	Warmup int // iterations discarded per chain
	Draws  int // iterations kept per chain
	Seed   uint64
	// NoDiag skips the convergence diagnostics (out-of-sample refits).
	NoDiag bool
	// Workers runs up to this many chains at once (0 or 1: one at a time).
	// Each chain has its own random stream, so results do not depend on it.
	Workers int
}

// forChains runs f(c) for every chain, up to workers at a time, and returns
// the first error.
func forChains(ctx context.Context, chains, workers int, f func(c int)) error {
	workers = max(1, min(workers, chains))
	sem := make(chan struct{}, workers)
	done := make(chan struct{}, chains)
	for c := 0; c < chains; c++ {
		if err := ctx.Err(); err != nil {
			for i := 0; i < c; i++ {
				<-done
			}
			return err
		}
		sem <- struct{}{}
		go func(c int) {
			f(c)
			<-sem
			done <- struct{}{}
		}(c)
	}
	for c := 0; c < chains; c++ {
		<-done
	}
	return ctx.Err()
}

// DefaultFitOptions are used by steppe calibrate for the full-data fit.
var DefaultFitOptions = FitOptions{Chains: 4, Warmup: 1000, Draws: 2000, Seed: 1}

// Logit is a fitted Bayesian logistic regression: posterior draws of the
// coefficients of P(intervention | episode) = σ(x·β).
type Logit struct {
	Features []Feature
	Priors   Priors
	// Chains[c][s] is draw s of chain c: a coefficient vector.
	Chains [][][]float64
	Diag   []Diag // per coefficient
	// Cands is the imputation distribution used for missing cells.
	Cands []candidates
}

// FitLogit samples the posterior of the logistic model on d with the
// Pólya-Gamma Gibbs sampler of Polson, Scott and Windle (2013): given
// ω_i ~ PG(1, x_i·β) the coefficients are Gaussian,
//
//	β | ω, y ~ N(m, V),  V = (XᵀΩX + B⁻¹)⁻¹,  m = V(Xᵀκ + B⁻¹b),  κ_i = y_i − ½,
//
// with prior β ~ N(b, B). Missing cells are imputed inside the sampler
// (data augmentation): each sweep draws every missing x_ij from its full
// conditional, the empirical distribution of the observed column reweighted
// by the likelihood of y_i. Chains run in parallel (o.Workers) with independent
// streams, so the result is the same for any number of workers.
func FitLogit(ctx context.Context, d *Data, pr Priors, o FitOptions) (*Logit, error) {
	p := len(d.Features)
	fit := &Logit{Features: d.Features, Priors: pr, Cands: d.Cands, Chains: make([][][]float64, o.Chains)}
	b := make([]float64, p)
	binv := make([]float64, p)
	for j, f := range d.Features {
		q := pr.For(f.Name)
		b[j] = q.Mean
		binv[j] = 1 / (q.SD * q.SD)
	}
	err := forChains(ctx, o.Chains, o.Workers, func(c int) {
		r := rand.New(rand.NewPCG(o.Seed, uint64(c)+1))
		fit.Chains[c] = runLogitChain(r, d, b, binv, o.Warmup, o.Draws)
	})
	if err != nil {
		return nil, err
	}
	if !o.NoDiag {
		fit.Diag = diagnoseAll(fit.Chains, p)
	}
	return fit, nil
}

func diagnoseAll(chains [][][]float64, p int) []Diag {
	out := make([]Diag, p)
	for j := 0; j < p; j++ {
		cs := make([][]float64, len(chains))
		for c := range chains {
			cs[c] = make([]float64, len(chains[c]))
			for s, v := range chains[c] {
				cs[c][s] = v[j]
			}
		}
		out[j] = Diagnose(cs)
	}
	return out
}

type missCell struct{ i, j int }

// imputeInit fills missing cells of a copy of d.X with draws from the
// column's empirical distribution.
func imputeInit(r *rand.Rand, d *Data) ([][]float64, []missCell) {
	x := make([][]float64, len(d.X))
	var miss []missCell
	for i, row := range d.X {
		x[i] = append([]float64(nil), row...)
		for j, v := range row {
			if math.IsNaN(v) {
				miss = append(miss, missCell{i, j})
				x[i][j] = d.Cands[j].draw(r)
			}
		}
	}
	return x, miss
}

// drawGiven samples a candidate with probability proportional to its
// weight times exp(ll(value)): the full conditional of a missing cell given
// the rest of the model (data augmentation). buf is scratch space, returned
// for reuse.
func (c candidates) drawGiven(r *rand.Rand, buf []float64, ll func(v float64) float64) (float64, []float64) {
	w := buf[:0]
	mx := math.Inf(-1)
	for _, v := range c.V {
		l := ll(v)
		w = append(w, l)
		mx = math.Max(mx, l)
	}
	var tot float64
	for k := range w {
		w[k] = c.W[k] * math.Exp(w[k]-mx)
		tot += w[k]
	}
	u := r.Float64() * tot
	k := 0
	for ; k < len(w)-1; k++ {
		u -= w[k]
		if u < 0 {
			break
		}
	}
	return c.V[k], w
}

// draw samples from the candidates' weights (0 when there are none: a
// column never observed in the training data sits at its centre).
func (c candidates) draw(r *rand.Rand) float64 {
	if len(c.V) == 0 {
		return 0
	}
	u := r.Float64()
	for k, w := range c.W {
		u -= w
		if u < 0 {
			return c.V[k]
		}
	}
	return c.V[len(c.V)-1]
}

func runLogitChain(r *rand.Rand, d *Data, b, binv []float64, warmup, draws int) [][]float64 {
	p := len(b)
	n := len(d.X)
	x, miss := imputeInit(r, d)
	beta := make([]float64, p)
	omega := make([]float64, n)
	prec := make([]float64, p*p)
	rhs := make([]float64, p)
	z := make([]float64, p)
	w := make([]float64, 0, 16)
	out := make([][]float64, 0, draws)
	for it := 0; it < warmup+draws; it++ {
		for i := 0; i < n; i++ {
			omega[i] = samplePG1(r, dot(x[i], beta))
		}
		for k := range prec {
			prec[k] = 0
		}
		for j := 0; j < p; j++ {
			prec[j*p+j] = binv[j]
			rhs[j] = binv[j] * b[j]
		}
		for i := 0; i < n; i++ {
			xi := x[i]
			kappa := float64(d.Y[i]) - 0.5
			for j := 0; j < p; j++ {
				rhs[j] += kappa * xi[j]
				wj := omega[i] * xi[j]
				for k := 0; k <= j; k++ {
					prec[j*p+k] += wj * xi[k]
				}
			}
		}
		if !cholesky(prec, p) {
			panic("risk: posterior precision not positive definite")
		}
		// m = P⁻¹ rhs; β = m + L⁻ᵀ z.
		cholSolve(prec, p, rhs)
		for j := range z {
			z[j] = r.NormFloat64()
		}
		solveLT(prec, p, z)
		for j := 0; j < p; j++ {
			beta[j] = rhs[j] + z[j]
		}
		for _, m := range miss {
			c := d.Cands[m.j]
			if len(c.V) == 0 {
				continue
			}
			eta0 := dot(x[m.i], beta) - beta[m.j]*x[m.i][m.j]
			x[m.i][m.j], w = c.drawGiven(r, w, func(v float64) float64 { return logLik1(d.Y[m.i], eta0+beta[m.j]*v) })
		}
		if it >= warmup {
			out = append(out, append([]float64(nil), beta...))
		}
	}
	return out
}

// logLik1 is log P(y | η) for the logistic model.
func logLik1(y int, eta float64) float64 {
	if y == 1 {
		return -softplus(-eta)
	}
	return -softplus(eta)
}

// softplus is log(1 + eᵗ) without overflow.
func softplus(t float64) float64 {
	if t > 30 {
		return t
	}
	if t < -30 {
		return math.Exp(t)
	}
	return math.Log1p(math.Exp(t))
}

func sigmoid(t float64) float64 {
	if t >= 0 {
		return 1 / (1 + math.Exp(-t))
	}
	e := math.Exp(t)
	return e / (1 + e)
}

// sigmoidExp is sigmoid(t) given e = exp(−|t|), bit for bit.
func sigmoidExp(t, e float64) float64 {
	if t >= 0 {
		return 1 / (1 + e)
	}
	return e / (1 + e)
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// cholesky factors the symmetric positive definite p×p matrix a (lower
// triangle used) in place into L with a = LLᵀ; it reports false if a is not
// positive definite.
func cholesky(a []float64, p int) bool {
	for j := 0; j < p; j++ {
		s := a[j*p+j]
		for k := 0; k < j; k++ {
			s -= a[j*p+k] * a[j*p+k]
		}
		if !(s > 0) {
			return false
		}
		ljj := math.Sqrt(s)
		a[j*p+j] = ljj
		for i := j + 1; i < p; i++ {
			s := a[i*p+j]
			for k := 0; k < j; k++ {
				s -= a[i*p+k] * a[j*p+k]
			}
			a[i*p+j] = s / ljj
		}
	}
	return true
}

// cholSolve solves LLᵀx = b in place.
func cholSolve(l []float64, p int, b []float64) {
	for i := 0; i < p; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= l[i*p+k] * b[k]
		}
		b[i] = s / l[i*p+i]
	}
	solveLT(l, p, b)
}

// solveLT solves Lᵀx = b in place.
func solveLT(l []float64, p int, b []float64) {
	for i := p - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < p; k++ {
			s -= l[k*p+i] * b[k]
		}
		b[i] = s / l[i*p+i]
	}
}

// Draws returns all kept draws, chain after chain.
func (f *Logit) Draws() [][]float64 {
	var out [][]float64
	for _, c := range f.Chains {
		out = append(out, c...)
	}
	return out
}

// Predict returns the posterior predictive probability of an intervention
// for a design row x (transformed; NaN where missing). Missing cells are
// integrated over the imputation distribution with a fixed-seed Monte Carlo
// draw per posterior draw, so Predict is deterministic.
func (f *Logit) Predict(x []float64) float64 {
	draws := f.Draws()
	r := rand.New(rand.NewPCG(7, 7))
	row := make([]float64, len(x))
	var s float64
	for _, beta := range draws {
		for j, v := range x {
			if math.IsNaN(v) {
				v = f.Cands[j].draw(r)
			}
			row[j] = v
		}
		s += sigmoid(dot(row, beta))
	}
	return s / float64(len(draws))
}

// Summary is a posterior summary of one coefficient.
type Summary struct {
	Name               string
	Mean, SD           float64
	Q05, Q50, Q95      float64
	PPositive          float64 // posterior probability the coefficient is > 0
	Prior              Prior
	PriorQ05, PriorQ95 float64
	Diag               Diag
}

// Summaries returns the posterior summary of every coefficient with its
// prior's 90% interval for comparison.
func (f *Logit) Summaries() []Summary {
	return summarize(f.Features, f.Priors, f.Draws(), f.Diag)
}

func summarize(fs []Feature, pr Priors, draws [][]float64, dg []Diag) []Summary {
	out := make([]Summary, len(fs))
	for j, ft := range fs {
		v := make([]float64, len(draws))
		var pos float64
		for s, d := range draws {
			v[s] = d[j]
			if d[j] > 0 {
				pos++
			}
		}
		m, va := meanVar(v)
		sv := sortedCopy(v)
		q := pr.For(ft.Name)
		out[j] = Summary{Name: ft.Name, Mean: m, SD: math.Sqrt(va),
			Q05: quantileSorted(sv, 0.05), Q50: quantileSorted(sv, 0.5), Q95: quantileSorted(sv, 0.95),
			PPositive: pos / float64(len(draws)), Prior: q,
			PriorQ05: q.Mean - 1.6448536269514722*q.SD, PriorQ95: q.Mean + 1.6448536269514722*q.SD}
		if dg != nil {
			out[j].Diag = dg[j]
		}
	}
	return out
}
