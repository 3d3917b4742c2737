package risk

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

// The Gibbs sampler of the intervention model v2.
//
// Each process is a logistic regression with random intercepts,
//
//	y_k ~ Bernoulli(σ(η_k)),  η_k = x_k·β + Σ_f u_f[g_f(k)],
//	β_j ~ N(b_j, s_j²),  u_f[g] ~ N(0, τ_f²),  τ_f ~ half-normal(0, t_f),
//
// sampled with the Pólya-Gamma augmentation of Polson, Scott and Windle
// (2013): given ω_k ~ PG(1, η_k) the likelihood is Gaussian in
// θ = (β, u), with precision P = XᵀΩX + D(τ)⁻¹ and linear term
// h = Xᵀκ + D⁻¹b, κ_k = y_k − ½. One sweep of a process is
//
//  1. ω | θ, x                 (exact PG draws, samplePG1);
//  2. τ_f | ω, x, τ_−f         with θ integrated out: the log density is
//     −Σ_f G_f log τ_f − ½ log|P| + ½ hᵀP⁻¹h plus the log prior, sampled on
//     log τ_f by slice sampling with stepping out (Neal 2003, Annals of
//     Statistics 31(3)); collapsing θ avoids the slow mixing of the
//     centred hierarchical Gibbs sampler near τ = 0 (the "funnel");
//  3. θ | τ, ω, x              one joint Gaussian draw.
//
// Steps 2-3 draw (τ, θ) from their joint conditional given ω (a partially
// collapsed Gibbs sampler, van Dyk and Park 2008, JASA 103(482)). The last
// factor of a process (country; conflict) has one level per row, so its
// block of P is diagonal: P is factored through the Schur complement of
// that block, which keeps a sweep linear in the number of its levels. The
// other columns (fixed effects and the three sub-regions) form the dense
// block.
//
// After the three processes, every missing covariate cell is drawn from its
// full conditional: its imputation pool (observed values of the training
// rows, stratified) reweighted by the likelihood of the row's outcomes in
// every process that uses it (as [FitLogit] does). The severity shares are
// drawn from their Dirichlet posteriors, which do not depend on the rest.

type tpProc struct {
	def   tpProcDef
	rows  []int // crisis index per process row
	y     []int
	kappa []float64
	nlev  []int   // levels per factor
	lev   [][]int // [factor][row] level
	// Stated level priors: lvPrec[f][g] > 0 replaces level g's N(0, τ_f²)
	// prior by N(lvMean[f][g], 1/lvPrec[f][g]); nHier[f] counts the levels
	// that keep the hierarchical prior.
	lvMean, lvPrec [][]float64
	nHier          []int
	prMean         []float64
	prPrec         []float64
	sdScale        []float64
	betaOff        int
	facOff         []int
	sdOff          []int
	d              int // dense block: fixed effects and the levels of all factors but the last
}

func (pr *tpProc) p() int { return len(pr.def.cols) }

// big reports whether the last factor is handled as the diagonal block.
func (pr *tpProc) big() bool { return len(pr.nlev) > 0 }

type tpUse struct{ proc, k, j int }

type tpMiss struct {
	i, v  int
	cands candidates
	uses  []tpUse
}

type tpModel struct {
	raw       [][tvN]float64
	procs     []*tpProc
	miss      []tpMiss
	sevInv    []float64 // Dirichlet posterior concentrations, invited path
	sevUn     []float64
	lay       tpLayout
	nParam    int
	sevInvOff int
	sevUnOff  int
	rowPos    [][]int // [proc][crisis] → process row or −1
}

func newTPModel(cs []Crisis, p *TwoProcessPosterior) *tpModel {
	m := &tpModel{lay: p.lay, nParam: len(p.Params)}
	m.raw = make([][tvN]float64, len(cs))
	for i := range cs {
		m.raw[i] = crisisRaw(&cs[i])
	}
	levels := map[string][]string{groupCountry: p.Countries, groupSubregion: p.Subregions, groupConflict: p.Conflicts}
	label := func(f string, c *Crisis) string {
		switch f {
		case groupCountry:
			return c.Country
		case groupSubregion:
			return c.Subregion
		}
		return c.Conflict
	}
	l := p.lay
	offs := map[string]struct {
		beta int
		fac  []int
		sd   []int
	}{
		ProcRequest:   {l.reqBeta, []int{l.reqCountry}, []int{l.reqSD}},
		ProcAccept:    {l.accBeta, nil, nil},
		ProcUninvited: {l.unBeta, []int{l.unSub, l.unConf}, []int{l.unSD, l.unSD2}},
	}
	for _, def := range tpProcesses() {
		pr := &tpProc{def: def}
		o := offs[def.name]
		pr.betaOff, pr.facOff, pr.sdOff = o.beta, o.fac, o.sd
		for i := range cs {
			c := &cs[i]
			in := false
			switch def.name {
			case ProcRequest:
				in = true
				pr.y = append(pr.y, c.Request)
			case ProcAccept:
				in = c.Request == 1
				if in {
					pr.y = append(pr.y, int(b2f(c.Intervention())))
				}
			case ProcUninvited:
				in = c.Request == 0
				if in {
					pr.y = append(pr.y, int(b2f(c.Intervention())))
				}
			}
			if in {
				pr.rows = append(pr.rows, i)
			}
		}
		for _, y := range pr.y {
			pr.kappa = append(pr.kappa, float64(y)-0.5)
		}
		for _, f := range def.factors {
			labs := levels[f]
			pr.nlev = append(pr.nlev, len(labs))
			lv := make([]int, len(pr.rows))
			for k, i := range pr.rows {
				lv[k] = int(groupRef(labs, label(f, &cs[i]))) - 1
			}
			pr.lev = append(pr.lev, lv)
			pr.sdScale = append(pr.sdScale, p.Priors.GroupSD[def.name+".sd."+f].SD)
			mean, prec := make([]float64, len(labs)), make([]float64, len(labs))
			nh := 0
			for g, lab := range labs {
				if q, ok := p.Priors.Level[def.name+"."+f+"["+lab+"]"]; ok {
					mean[g], prec[g] = q.Mean, 1/(q.SD*q.SD)
				} else {
					nh++
				}
			}
			pr.lvMean, pr.lvPrec, pr.nHier = append(pr.lvMean, mean), append(pr.lvPrec, prec), append(pr.nHier, nh)
		}
		for _, c := range def.cols {
			q := p.Priors.Coef[tpCoefName(def.name, c.Name)]
			pr.prMean = append(pr.prMean, q.Mean)
			pr.prPrec = append(pr.prPrec, 1/(q.SD*q.SD))
		}
		pr.d = pr.p()
		for f := 0; f+1 < len(pr.nlev); f++ {
			pr.d += pr.nlev[f]
		}
		m.procs = append(m.procs, pr)
	}
	m.rowPos = make([][]int, len(m.procs))
	for pi, pr := range m.procs {
		m.rowPos[pi] = make([]int, len(cs))
		for i := range m.rowPos[pi] {
			m.rowPos[pi][i] = -1
		}
		for k, i := range pr.rows {
			m.rowPos[pi][i] = k
		}
	}
	for i := range cs {
		for v := 0; v < tvN; v++ {
			if !math.IsNaN(m.raw[i][v]) {
				continue
			}
			ms := tpMiss{i: i, v: v, cands: p.pools[v].forRow(&cs[i])}
			for pi, pr := range m.procs {
				k := m.rowPos[pi][i]
				if k < 0 {
					continue
				}
				for j, c := range pr.def.cols {
					if c.v == v {
						ms.uses = append(ms.uses, tpUse{pi, k, j})
					}
				}
			}
			if len(ms.uses) > 0 {
				m.miss = append(m.miss, ms)
			}
		}
	}
	m.severity(cs, p)
	return m
}

// severity sets the conjugate Dirichlet posteriors of the outcome shares.
func (m *tpModel) severity(cs []Crisis, p *TwoProcessPosterior) {
	l := p.lay
	// Severity: conjugate Dirichlet posteriors. Invited rows of non-members
	// carry no information on the CSTO share (a CSTO deployment is
	// impossible for them) and are left out; an invited covert operation or
	// invasion counts as peacekeeping (the consented category), an
	// uninvited CSTO deployment as peacekeeping.
	m.sevInvOff, m.sevUnOff = l.sevInv, l.sevUn
	for _, o := range sevInvitedCats {
		m.sevInv = append(m.sevInv, p.Priors.Severity["severity.invited."+o.String()])
	}
	for _, o := range sevUninvitedCats {
		m.sevUn = append(m.sevUn, p.Priors.Severity["severity.uninvited."+o.String()])
	}
	for i := range cs {
		c := &cs[i]
		switch {
		case c.Invited() && c.CSTOMember == 1:
			if c.Response == world.OutcomeCSTODeployment {
				m.sevInv[1]++
			} else {
				m.sevInv[0]++
			}
		case c.Uninvited():
			switch c.Response {
			case world.OutcomeCovert:
				m.sevUn[1]++
			case world.OutcomeInvasion:
				m.sevUn[2]++
			default:
				m.sevUn[0]++
			}
		}
	}
}

// tpState is one chain's state of one process, with scratch space.
type tpState struct {
	x     [][]float64 // design rows (fixed-effect columns)
	beta  []float64
	u     [][]float64 // per factor, per level
	sig   []float64
	omega []float64
	// Sufficient statistics given ω and scratch.
	A, S          []float64 // d×d, lower triangle
	hd, hs, q, mu []float64
	a, z          []float64
	Bm            []float64 // G×d
	Dw, hg, dc    []float64 // G
	hge           []float64 // hg plus a stated level prior's precision × mean
	ind           tpIndep
	off, prop     []float64
}

// tpIndep is an independence Metropolis-Hastings move for the fixed
// effects β of one process given the random intercepts: proposals from a
// multivariate t with ν = 5 degrees of freedom, centred on the mean of the
// chain's draws in the second half of its warm-up, with 1.5² times their
// covariance, frozen when warm-up ends (so the kernel is a fixed MH kernel
// during sampling). Pólya-Gamma Gibbs moves mix slowly when events are
// rare (Johndrow, Smith, Pillai and Dunson 2019, "MCMC for imbalanced
// categorical data", JASA 114(527)); the independence move makes large
// jumps where the posterior is close to its warm-up approximation and is
// rejected, harmlessly, where it is not.
type tpIndep struct {
	n            int
	sum, cross   []float64
	mu, L        []float64
	ready        bool
	tries, accep int
}

const tpIndepNu = 5

func (in *tpIndep) observe(beta []float64) {
	p := len(beta)
	if in.sum == nil {
		in.sum, in.cross = make([]float64, p), make([]float64, p*p)
	}
	in.n++
	for j, b := range beta {
		in.sum[j] += b
		for k := 0; k <= j; k++ {
			in.cross[j*p+k] += b * beta[k]
		}
	}
}

// freeze turns the warm-up moments into the proposal; it leaves the move
// off if they are too few or degenerate.
func (in *tpIndep) freeze() {
	p := len(in.sum)
	if in.n < 4*p+20 {
		return
	}
	fn := float64(in.n)
	in.mu = make([]float64, p)
	in.L = make([]float64, p*p)
	for j := range in.mu {
		in.mu[j] = in.sum[j] / fn
	}
	for j := 0; j < p; j++ {
		for k := 0; k <= j; k++ {
			in.L[j*p+k] = 2.25 * (in.cross[j*p+k]/fn - in.mu[j]*in.mu[k])
		}
	}
	in.ready = cholesky(in.L, p)
}

// logQ is the log proposal density up to a constant.
func (in *tpIndep) logQ(beta, buf []float64) float64 {
	p := len(beta)
	var q float64
	for i := 0; i < p; i++ {
		s := beta[i] - in.mu[i]
		for k := 0; k < i; k++ {
			s -= in.L[i*p+k] * buf[k]
		}
		buf[i] = s / in.L[i*p+i]
		q += buf[i] * buf[i]
	}
	return -0.5 * float64(tpIndepNu+p) * math.Log1p(q/tpIndepNu)
}

// logPostBeta is log p(β | u, x, y) up to a constant; st.off holds each
// row's random-intercept sum.
func (pr *tpProc) logPostBeta(st *tpState, beta []float64) float64 {
	var l float64
	for k := range pr.rows {
		l += logLik1(pr.y[k], dot(st.x[k], beta)+st.off[k])
	}
	for j, b := range beta {
		d := b - pr.prMean[j]
		l -= 0.5 * pr.prPrec[j] * d * d
	}
	return l
}

// indepMove is one independence MH update of β.
func (pr *tpProc) indepMove(r *rand.Rand, st *tpState) {
	in := &st.ind
	if !in.ready {
		return
	}
	p := pr.p()
	for k := range pr.rows {
		var o float64
		for f := range pr.nlev {
			o += st.u[f][pr.lev[f][k]]
		}
		st.off[k] = o
	}
	z := st.z[:p]
	for j := range z {
		z[j] = r.NormFloat64()
	}
	w := math.Sqrt(tpIndepNu / (2 * dist.Gamma(r, tpIndepNu/2.0)))
	prop := st.prop
	for i := 0; i < p; i++ {
		s := 0.0
		for k := 0; k <= i; k++ {
			s += in.L[i*p+k] * z[k]
		}
		prop[i] = in.mu[i] + w*s
	}
	buf := st.q[:p]
	la := pr.logPostBeta(st, prop) - in.logQ(prop, buf) - pr.logPostBeta(st, st.beta) + in.logQ(st.beta, buf)
	in.tries++
	if math.Log(r.Float64()) < la {
		copy(st.beta, prop)
		in.accep++
	}
}

func (pr *tpProc) newState(r *rand.Rand, raw [][tvN]float64) *tpState {
	p, d, n := pr.p(), pr.d, len(pr.rows)
	st := &tpState{beta: make([]float64, p), omega: make([]float64, n)}
	st.x = make([][]float64, n)
	for k, i := range pr.rows {
		st.x[k] = make([]float64, p)
		for j := range pr.def.cols {
			st.x[k][j] = pr.def.cols[j].value(&raw[i])
		}
	}
	// Dispersed starts, so that R-hat can detect chains that disagree.
	for j := range st.beta {
		st.beta[j] = pr.prMean[j] + (2*r.Float64()-1)*math.Min(1, 1/math.Sqrt(pr.prPrec[j]))
	}
	for f, g := range pr.nlev {
		st.u = append(st.u, make([]float64, g))
		st.sig = append(st.sig, pr.sdScale[f]*math.Exp(r.Float64()-1.5))
	}
	st.off, st.prop = make([]float64, n), make([]float64, p)
	st.A, st.S = make([]float64, d*d), make([]float64, d*d)
	st.hd, st.hs, st.q, st.mu, st.a, st.z = make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)
	if pr.big() {
		g := pr.nlev[len(pr.nlev)-1]
		st.Bm, st.Dw, st.hg, st.dc, st.hge = make([]float64, g*d), make([]float64, g), make([]float64, g), make([]float64, g), make([]float64, g)
	}
	return st
}

func (pr *tpProc) eta(st *tpState, k int) float64 {
	e := dot(st.x[k], st.beta)
	for f := range pr.nlev {
		e += st.u[f][pr.lev[f][k]]
	}
	return e
}

// stats accumulates XᵀΩX and Xᵀκ for the dense block and the per-level
// sums of the diagonal block, given ω.
func (pr *tpProc) stats(st *tpState) {
	p, d := pr.p(), pr.d
	clear(st.A)
	clear(st.hd)
	nf := len(pr.nlev)
	if pr.big() {
		clear(st.Bm)
		clear(st.Dw)
		clear(st.hg)
	}
	a := st.a
	for k := range pr.rows {
		w, kap := st.omega[k], pr.kappa[k]
		copy(a, st.x[k])
		clear(a[p:])
		pos := p
		for f := 0; f+1 < nf; f++ {
			a[pos+pr.lev[f][k]] = 1
			pos += pr.nlev[f]
		}
		for j := 0; j < d; j++ {
			if a[j] == 0 {
				continue
			}
			st.hd[j] += kap * a[j]
			wj := w * a[j]
			row := st.A[j*d : j*d+j+1]
			for l := range row {
				row[l] += wj * a[l]
			}
		}
		if pr.big() {
			g := pr.lev[nf-1][k]
			st.Dw[g] += w
			st.hg[g] += kap
			b := st.Bm[g*d : (g+1)*d]
			for j := 0; j < d; j++ {
				b[j] += w * a[j]
			}
		}
	}
}

// logMarg returns log p(ω-data | τ) with θ integrated out (up to a
// constant), leaving the Cholesky factor of the Schur complement in st.S,
// its right-hand side in st.hs and the diagonal block in st.dc.
func (pr *tpProc) logMarg(st *tpState, sig []float64) float64 {
	p, d := pr.p(), pr.d
	S, hs := st.S, st.hs
	copy(S, st.A)
	copy(hs, st.hd)
	for j := 0; j < p; j++ {
		S[j*d+j] += pr.prPrec[j]
		hs[j] += pr.prPrec[j] * pr.prMean[j]
	}
	val := 0.0
	nf := len(pr.nlev)
	pos := p
	for f := 0; f+1 < nf; f++ {
		prec := 1 / (sig[f] * sig[f])
		for g := 0; g < pr.nlev[f]; g++ {
			if lp := pr.lvPrec[f][g]; lp > 0 {
				S[(pos+g)*d+pos+g] += lp
				hs[pos+g] += lp * pr.lvMean[f][g]
				continue
			}
			S[(pos+g)*d+pos+g] += prec
		}
		pos += pr.nlev[f]
		val -= float64(pr.nHier[f]) * math.Log(sig[f])
	}
	if pr.big() {
		sb := sig[nf-1]
		prec := 1 / (sb * sb)
		G := pr.nlev[nf-1]
		val -= float64(pr.nHier[nf-1]) * math.Log(sb)
		prod := 1.0
		lm, lp := pr.lvMean[nf-1], pr.lvPrec[nf-1]
		for g := 0; g < G; g++ {
			dc := st.Dw[g] + prec
			st.hge[g] = st.hg[g]
			if lp[g] > 0 {
				dc = st.Dw[g] + lp[g]
				st.hge[g] += lp[g] * lm[g]
			}
			st.dc[g] = dc
			val += 0.5 * st.hge[g] * st.hge[g] / dc
			// Σ log dc as the log of running products (one Log per few levels).
			if prod *= dc; prod > 1e250 {
				val -= 0.5 * math.Log(prod)
				prod = 1
			}
			b := st.Bm[g*d : (g+1)*d]
			for j := 0; j < d; j++ {
				if b[j] == 0 {
					continue
				}
				bj := b[j] / dc
				hs[j] -= bj * st.hge[g]
				row := S[j*d : j*d+j+1]
				for l := range row {
					row[l] -= bj * b[l]
				}
			}
		}
		val -= 0.5 * math.Log(prod)
	}
	if !cholesky(S, d) {
		return math.Inf(-1)
	}
	// ½ hsᵀS⁻¹hs = ½ |L⁻¹hs|²; log|S| = 2 Σ log L_jj.
	q := st.q
	prodL := 1.0 // Π L_jj: each lies between 1/(prior sd) and 1/τ_min, so d ≤ 30 factors stay finite
	for i := 0; i < d; i++ {
		s := hs[i]
		for k := 0; k < i; k++ {
			s -= S[i*d+k] * q[k]
		}
		q[i] = s / S[i*d+i]
		val += 0.5 * q[i] * q[i]
		prodL *= S[i*d+i]
	}
	return val - math.Log(prodL)
}

// sweep updates ω, τ and θ of one process.
func (pr *tpProc) sweep(r *rand.Rand, st *tpState) {
	for k := range pr.rows {
		st.omega[k] = samplePG1(r, pr.eta(st, k))
	}
	pr.stats(st)
	for f := range pr.nlev {
		s0 := pr.sdScale[f]
		target := func(t float64) float64 {
			if t < -12 || t > 6 {
				return math.Inf(-1)
			}
			st.sig[f] = math.Exp(t)
			return pr.logMarg(st, st.sig) - st.sig[f]*st.sig[f]/(2*s0*s0) + t
		}
		t := sliceSample(r, math.Log(st.sig[f]), target, 1, 16)
		st.sig[f] = math.Exp(t)
	}
	// The slice sampler returns a point it has just evaluated, so after the
	// last factor's update st holds the factorisation at the final τ; a
	// process without factors computes it here.
	if len(pr.nlev) == 0 && math.IsInf(pr.logMarg(st, st.sig), -1) {
		panic("risk: two-process posterior precision not positive definite")
	}
	p, d := pr.p(), pr.d
	mu, z := st.mu, st.z
	copy(mu, st.hs)
	cholSolve(st.S, d, mu)
	for j := range z {
		z[j] = r.NormFloat64()
	}
	solveLT(st.S, d, z)
	for j := 0; j < d; j++ {
		mu[j] += z[j]
	}
	copy(st.beta, mu[:p])
	nf := len(pr.nlev)
	pos := p
	for f := 0; f+1 < nf; f++ {
		copy(st.u[f], mu[pos:pos+pr.nlev[f]])
		pos += pr.nlev[f]
	}
	if pr.big() {
		ub := st.u[nf-1]
		for g := range ub {
			b := st.Bm[g*d : (g+1)*d]
			ub[g] = (st.hge[g]-dot(b, mu))/st.dc[g] + r.NormFloat64()/math.Sqrt(st.dc[g])
		}
	}
}

// sliceSample is one update of the univariate slice sampler with stepping
// out and shrinkage (Neal 2003, figs. 3 and 5): w is the initial width, m
// the limit on steps out.
func sliceSample(r *rand.Rand, x0 float64, f func(float64) float64, w float64, m int) float64 {
	y := f(x0) - r.ExpFloat64()
	lo := x0 - w*r.Float64()
	hi := lo + w
	j := int(math.Floor(float64(m) * r.Float64()))
	k := m - 1 - j
	for ; j > 0 && f(lo) > y; j-- {
		lo -= w
	}
	for ; k > 0 && f(hi) > y; k-- {
		hi += w
	}
	for {
		x1 := lo + r.Float64()*(hi-lo)
		if f(x1) > y {
			return x1
		}
		if x1 < x0 {
			lo = x1
		} else {
			hi = x1
		}
	}
}

// run samples one chain and returns its kept draws in the layout of the
// posterior.
func (m *tpModel) run(ctx context.Context, r *rand.Rand, warmup, draws int) [][]float64 {
	sts := make([]*tpState, len(m.procs))
	for pi, pr := range m.procs {
		sts[pi] = pr.newState(r, m.raw)
	}
	for _, ms := range m.miss {
		v := ms.cands.draw(r)
		for _, u := range ms.uses {
			sts[u.proc].x[u.k][u.j] = tpTransform(m.procs[u.proc].def.cols[u.j].kind, v)
		}
	}
	out := make([][]float64, 0, draws)
	var wbuf []float64
	eta0 := make([]float64, 8)
	var gam [3]float64
	for it := 0; it < warmup+draws; it++ {
		if it%64 == 0 && ctx.Err() != nil {
			return out
		}
		for pi, pr := range m.procs {
			st := sts[pi]
			pr.sweep(r, st)
			switch {
			case it >= warmup:
				pr.indepMove(r, st)
			case it >= warmup/2:
				st.ind.observe(st.beta)
				if it == warmup-1 {
					st.ind.freeze()
				}
			}
		}
		for _, ms := range m.miss {
			if len(ms.cands.V) == 0 {
				continue // a column never observed stays at its start (0)
			}
			eta0 = eta0[:0]
			for _, u := range ms.uses {
				pr, st := m.procs[u.proc], sts[u.proc]
				eta0 = append(eta0, pr.eta(st, u.k)-st.beta[u.j]*st.x[u.k][u.j])
			}
			var v float64
			v, wbuf = ms.cands.drawGiven(r, wbuf, func(val float64) float64 {
				var ll float64
				for n, u := range ms.uses {
					pr, st := m.procs[u.proc], sts[u.proc]
					ll += logLik1(pr.y[u.k], eta0[n]+st.beta[u.j]*tpTransform(pr.def.cols[u.j].kind, val))
				}
				return ll
			})
			for _, u := range ms.uses {
				sts[u.proc].x[u.k][u.j] = tpTransform(m.procs[u.proc].def.cols[u.j].kind, v)
			}
		}
		if it < warmup {
			continue
		}
		v := make([]float64, m.nParam)
		for pi, pr := range m.procs {
			st := sts[pi]
			copy(v[pr.betaOff:], st.beta)
			for f := range pr.nlev {
				copy(v[pr.facOff[f]:], st.u[f])
				v[pr.sdOff[f]] = st.sig[f]
			}
		}
		dirichlet(r, m.sevInv, gam[:len(m.sevInv)], v[m.sevInvOff:])
		dirichlet(r, m.sevUn, gam[:len(m.sevUn)], v[m.sevUnOff:])
		out = append(out, v)
	}
	return out
}

// dirichlet writes a Dirichlet(alpha) draw to out (normalised gamma
// variates); buf has len(alpha).
func dirichlet(r *rand.Rand, alpha, buf, out []float64) {
	var s float64
	for k, a := range alpha {
		buf[k] = dist.Gamma(r, a)
		s += buf[k]
	}
	for k := range alpha {
		out[k] = buf[k] / s
	}
}
