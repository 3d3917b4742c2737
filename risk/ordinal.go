package risk

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/steppe-dev/steppe/world"
)

// Ordinal is a fitted cumulative-logit (proportional-odds) model of the
// outcome scale (McCullagh 1980, "Regression models for ordinal data",
// JRSS B 42(2)):
//
//	P(outcome ≤ k | x) = σ(c_k − x·β),  k = 0 … K−2,  c_0 < c_1 < … < c_{K−2},
//
// where x excludes the intercept (absorbed by the cutpoints). It is sampled
// with Hamiltonian Monte Carlo (Neal 2011, "MCMC using Hamiltonian
// dynamics", Handbook of MCMC ch. 5) on the unconstrained parameters
// (β, c_0, log(c_k − c_{k−1})), with the step size tuned during warm-up by
// the dual averaging of Hoffman and Gelman (2014, "The No-U-Turn sampler",
// JMLR 15, section 3.2), alternating with the same Gibbs imputation step of
// missing cells as [FitLogit].
type Ordinal struct {
	Features []Feature // including the intercept, whose coefficient is unused (0)
	Priors   Priors
	K        int // number of outcome categories
	// Chains[c][s] = (β_1 … β_{p−1}, c_0 … c_{K−2}).
	Chains [][][]float64
	Diag   []Diag
	Cands  []candidates
	Accept float64 // mean HMC acceptance probability after warm-up
}

// NumParams is the length of one draw.
func (o *Ordinal) NumParams() int { return len(o.Features) - 1 + o.K - 1 }

// Draws returns all kept draws, chain after chain.
func (o *Ordinal) Draws() [][]float64 {
	var out [][]float64
	for _, c := range o.Chains {
		out = append(out, c...)
	}
	return out
}

type ordModel struct {
	d     *Data
	x     [][]float64 // imputed design without intercept column
	p     int         // slopes
	k     int         // categories
	bMean []float64
	bPrec []float64
	cut   Prior
}

// unpack maps unconstrained θ to (β, cutpoints); it returns the log
// Jacobian of the cutpoint transform.
func (m *ordModel) unpack(th []float64, cut []float64) float64 {
	cut[0] = th[m.p]
	var logJ float64
	for k := 1; k < m.k-1; k++ {
		u := th[m.p+k]
		cut[k] = cut[k-1] + math.Exp(u)
		logJ += u
	}
	return logJ
}

// logCatProb is log P(y = k | η) and its derivatives with respect to η,
// c_k and c_{k−1}.
func logCatProb(y, K int, eta float64, cut []float64) (lp, dEta, dHi, dLo float64) {
	var fHi, fLo, dfHi, dfLo float64 // F and F(1−F) at the upper and lower cut
	if y < K-1 {
		fHi = sigmoid(cut[y] - eta)
		dfHi = fHi * (1 - fHi)
	} else {
		fHi = 1
	}
	if y > 0 {
		fLo = sigmoid(cut[y-1] - eta)
		dfLo = fLo * (1 - fLo)
	}
	pr := fHi - fLo
	if y == 0 {
		// log σ(c_0 − η) stably.
		lp = -softplus(eta - cut[0])
	} else if y == K-1 {
		lp = -softplus(cut[K-2] - eta)
	} else {
		pr = math.Max(pr, 1e-300)
		lp = math.Log(pr)
	}
	pr = math.Max(pr, 1e-300)
	return lp, -(dfHi - dfLo) / pr, dfHi / pr, -dfLo / pr
}

// logPost returns the log posterior and fills grad.
func (m *ordModel) logPost(th, grad, cut []float64) float64 {
	for i := range grad {
		grad[i] = 0
	}
	logJ := m.unpack(th, cut)
	lp := logJ
	for j := 0; j < m.p; j++ {
		d := th[j] - m.bMean[j]
		lp -= 0.5 * d * d * m.bPrec[j]
		grad[j] -= d * m.bPrec[j]
	}
	gc := make([]float64, m.k-1) // d/d cut
	cp := 1 / (m.cut.SD * m.cut.SD)
	for k := 0; k < m.k-1; k++ {
		d := cut[k] - m.cut.Mean
		lp -= 0.5 * d * d * cp
		gc[k] -= d * cp
	}
	for i, x := range m.x {
		eta := dot(x, th[:m.p])
		y := m.d.Ord[i]
		l, dEta, dHi, dLo := logCatProb(y, m.k, eta, cut)
		lp += l
		for j := 0; j < m.p; j++ {
			grad[j] += dEta * x[j]
		}
		if y < m.k-1 {
			gc[y] += dHi
		}
		if y > 0 {
			gc[y-1] += dLo
		}
	}
	// Chain rule: c_k = c_0 + Σ_{l≤k} exp(u_l): dc_k/dc_0 = 1, dc_k/du_l = exp(u_l) for l ≤ k.
	var tail float64
	for k := m.k - 2; k >= 0; k-- {
		tail += gc[k]
		if k == 0 {
			grad[m.p] = tail
		} else {
			grad[m.p+k] = tail*math.Exp(th[m.p+k]) + 1 // +1 from the log Jacobian
		}
	}
	return lp
}

// FitOrdinal samples the ordinal model on d (Ord holds categories
// 0..world.NumOutcomes−1).
func FitOrdinal(ctx context.Context, d *Data, pr Priors, o FitOptions) (*Ordinal, error) {
	K := int(world.NumOutcomes)
	p := len(d.Features) - 1
	fit := &Ordinal{Features: d.Features, Priors: pr, K: K, Cands: d.Cands, Chains: make([][][]float64, o.Chains)}
	accs := make([]float64, o.Chains)
	err := forChains(ctx, o.Chains, o.Workers, func(c int) {
		r := rand.New(rand.NewPCG(o.Seed^0x51ab, uint64(c)+1))
		m := &ordModel{d: d, p: p, k: K, cut: pr.Cut, bMean: make([]float64, p), bPrec: make([]float64, p)}
		for j, f := range d.Features[1:] {
			q := pr.For(f.Name)
			m.bMean[j], m.bPrec[j] = q.Mean, 1/(q.SD*q.SD)
		}
		xi, miss := imputeInit(r, d)
		m.x = make([][]float64, len(xi))
		for i := range xi {
			m.x[i] = xi[i][1:]
		}
		fit.Chains[c], accs[c] = runHMC(r, m, miss, o.Warmup, o.Draws)
	})
	if err != nil {
		return nil, err
	}
	var acc float64
	for _, a := range accs {
		acc += a
	}
	fit.Accept = acc / float64(o.Chains)
	fit.Diag = diagnoseAll(fit.Chains, fit.NumParams())
	return fit, nil
}

// runHMC runs one chain and returns draws in (β, cutpoints) form.
func runHMC(r *rand.Rand, m *ordModel, miss []missCell, warmup, draws int) ([][]float64, float64) {
	n := m.p + m.k - 1
	th := make([]float64, n)
	for k := 0; k < m.k-1; k++ { // start at spread cutpoints
		if k == 0 {
			th[m.p] = -1 + 0.2*r.NormFloat64()
		} else {
			th[m.p+k] = math.Log(0.5) + 0.1*r.NormFloat64()
		}
	}
	for j := 0; j < m.p; j++ {
		th[j] = 0.2 * r.NormFloat64()
	}
	cut := make([]float64, m.k-1)
	grad := make([]float64, n)
	g1 := make([]float64, n)
	mom := make([]float64, n)
	th1 := make([]float64, n)
	lp := m.logPost(th, grad, cut)
	// Dual averaging state (Hoffman and Gelman 2014, eq. 6).
	const target, gamma, t0, kappa = 0.8, 0.05, 10.0, 0.75
	eps := 0.1
	mu := math.Log(10 * eps)
	var hbar, logEpsBar float64
	const steps = 20
	out := make([][]float64, 0, draws)
	var accSum float64
	for it := 0; it < warmup+draws; it++ {
		e := eps
		if it >= warmup {
			e = math.Exp(logEpsBar)
		}
		e *= 0.9 + 0.2*r.Float64() // jitter
		copy(th1, th)
		copy(g1, grad)
		var h0 float64
		for i := range mom {
			mom[i] = r.NormFloat64()
			h0 += mom[i] * mom[i]
		}
		h0 = lp - 0.5*h0
		lp1 := lp
		for s := 0; s < steps; s++ {
			for i := range mom {
				mom[i] += 0.5 * e * g1[i]
				th1[i] += e * mom[i]
			}
			lp1 = m.logPost(th1, g1, cut)
			for i := range mom {
				mom[i] += 0.5 * e * g1[i]
			}
		}
		var k1 float64
		for i := range mom {
			k1 += mom[i] * mom[i]
		}
		h1 := lp1 - 0.5*k1
		a := 0.0
		if !math.IsNaN(h1) {
			a = math.Min(1, math.Exp(h1-h0))
		}
		if r.Float64() < a {
			copy(th, th1)
			copy(grad, g1)
			lp = lp1
		}
		if it < warmup {
			t := float64(it + 1)
			hbar = (1-1/(t+t0))*hbar + (target-a)/(t+t0)
			logEps := mu - math.Sqrt(t)/gamma*hbar
			eta := math.Pow(t, -kappa)
			logEpsBar = eta*logEps + (1-eta)*logEpsBar
			eps = math.Exp(logEps)
		} else {
			accSum += a
		}
		if len(miss) > 0 {
			m.imputeStep(r, th, cut, miss)
			lp = m.logPost(th, grad, cut)
		}
		if it >= warmup {
			m.unpack(th, cut)
			d := make([]float64, n)
			copy(d, th[:m.p])
			copy(d[m.p:], cut)
			out = append(out, d)
		}
	}
	return out, accSum / float64(draws)
}

func (m *ordModel) imputeStep(r *rand.Rand, th, cut []float64, miss []missCell) {
	m.unpack(th, cut)
	var w []float64
	for _, mc := range miss {
		j := mc.j - 1 // design without intercept
		if j < 0 {
			continue
		}
		c := m.d.Cands[mc.j]
		if len(c.V) == 0 {
			continue
		}
		x := m.x[mc.i]
		eta0 := dot(x, th[:m.p]) - th[j]*x[j]
		x[j], w = c.drawGiven(r, w, func(v float64) float64 {
			l, _, _, _ := logCatProb(m.d.Ord[mc.i], m.k, eta0+th[j]*v, cut)
			return l
		})
	}
}

// CategoryProbs fills out with P(outcome = k | η) for one draw's cutpoints.
func CategoryProbs(eta float64, cut []float64, out []float64) {
	prev := 0.0
	for k := range out {
		f := 1.0
		if k < len(cut) {
			f = sigmoid(cut[k] - eta)
		}
		out[k] = f - prev
		prev = f
	}
}
