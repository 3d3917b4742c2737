package gravity

import (
	"fmt"
	"math"

	"github.com/steppe-dev/steppe/internal/vexp"
)

// normalEquations returns X̃'WX̃ and X̃'Wz̃, accumulated per chunk.
func normalEquations(xt [][]float64, w, zt []float64, threads int) ([][]float64, []float64) {
	k := len(xt)
	n := len(zt)
	nc := numChunks(n)
	parts := make([][]float64, nc) // per chunk: k*k entries of A then k of b
	forChunks(n, threads, func(c, lo, hi int) {
		p := make([]float64, k*k+k)
		for a := 0; a < k; a++ {
			xa := xt[a][lo:hi]
			ww := w[lo:hi]
			for b := 0; b <= a; b++ {
				xb := xt[b][lo:hi]
				var s float64
				for i := range xa {
					s += ww[i] * xa[i] * xb[i]
				}
				p[a*k+b] = s
			}
			zz := zt[lo:hi]
			var s float64
			for i := range xa {
				s += ww[i] * xa[i] * zz[i]
			}
			p[k*k+a] = s
		}
		parts[c] = p
	})
	a := make([][]float64, k)
	for i := range a {
		a[i] = make([]float64, k)
	}
	bv := make([]float64, k)
	for _, p := range parts {
		for i := 0; i < k; i++ {
			for j := 0; j <= i; j++ {
				a[i][j] += p[i*k+j]
			}
			bv[i] += p[k*k+i]
		}
	}
	symmetrize(a)
	return a, bv
}

// checkCollinear drops regressors collinear with earlier ones or with the
// fixed effects, judged on the demeaned columns xt against the original
// columns x (a column the fixed effects explain demeans to almost nothing).

func fitPoisson(res *Result, y, off []float64, x [][]float64, names []string, dims []feDim, opt Options) error {
	n := len(y)
	k := len(x)
	mu := make([]float64, n)
	eta := make([]float64, n)
	// Starting values as R's glm poisson family (and fixest): μ = y + 0.1.
	// Σ y·log y is constant: the deviance then needs no logarithm per
	// iteration, since log μ = η. Partial sums are added in chunk order.
	ylogyParts := make([]float64, numChunks(n))
	devParts := make([]float64, numChunks(n))
	forChunks(n, opt.Threads, func(c, lo, hi int) {
		var yl, dv float64
		for i := lo; i < hi; i++ {
			v := y[i]
			mu[i] = v + 0.1
			eta[i] = math.Log(mu[i])
			if v > 0 {
				yl += v * math.Log(v)
			}
			dv += mu[i] - v*(eta[i]+1)
		}
		ylogyParts[c], devParts[c] = yl, dv
	})
	var ylogy, dsum float64
	for c := range ylogyParts {
		ylogy += ylogyParts[c]
		dsum += devParts[c]
	}
	devOld := 2 * (ylogy + dsum)
	d := newDemeaner(dims)
	d.threads = opt.Threads
	m := d.m
	// Working columns: z, then the regressors.
	z := make([]float64, n)
	zt := make([]float64, n)
	xt := make([][]float64, k)
	alphas := make([][]float64, k+1)
	for j := range alphas {
		alphas[j] = make([]float64, m)
	}
	for j := range xt {
		xt[j] = make([]float64, n)
	}
	etaOld := make([]float64, n)
	beta := make([]float64, k)
	innerTol := math.Max(opt.FixefTol, 1e-4)
	if len(dims) <= 1 {
		innerTol = opt.FixefTol
	}
	converged := false
	iter := 0
	var lastIters []int
	first := true
	for iter < opt.GLMMaxIter {
		iter++
		forChunks(n, opt.Threads, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				z[i] = eta[i] + (y[i]-mu[i])/mu[i]
				if off != nil {
					z[i] -= off[i]
				}
			}
		})
		w := mu
		d.setWeights(w)
		vs := append([][]float64{z}, x...)
		outs := append([][]float64{zt}, xt...)
		// The regressors are demeaned to the target tolerance on the first
		// iteration, where collinearity with the fixed effects is judged.
		xTol := innerTol
		if first {
			xTol = opt.FixefTol
		}
		rs := d.demeanAll(vs, alphas, outs, innerTol, xTol, opt.FixefMaxIter, opt.Threads)
		lastIters = lastIters[:0]
		for _, r := range rs {
			lastIters = append(lastIters, r.iters)
			if !r.converged {
				res.Warnings = append(res.Warnings, fmt.Errorf("%w in %d sweeps (IRLS iteration %d)", ErrDemeanNotConverged, opt.FixefMaxIter, iter))
			}
		}
		if first && k > 0 {
			first = false
			keep, dropped := checkCollinear(xt, x, w, opt.CollinTol)
			if len(dropped) > 0 {
				for _, j := range dropped {
					res.Collinear = append(res.Collinear, names[j])
				}
				x, xt, names = pick(x, keep), pick(xt, keep), pick(names, keep)
				alphas = append(alphas[:1], pick(alphas[1:], keep)...)
				k = len(x)
				beta = make([]float64, k)
			}
		}
		if k > 0 {
			a, b := normalEquations(xt, w, zt, opt.Threads)
			inv, ok := invSPD(a)
			if !ok {
				return fmt.Errorf("IRLS iteration %d: X'WX is not positive definite", iter)
			}
			beta = matVec(inv, b)
		}
		dev := ppmlStep(y, off, z, zt, xt, beta, eta, etaOld, mu, ylogy, opt.Threads)
		if math.IsNaN(dev) || math.IsInf(dev, 0) {
			return fmt.Errorf("IRLS iteration %d: deviance is not finite", iter)
		}
		crit := math.Abs(dev-devOld) / (0.1 + math.Abs(dev))
		devOld = dev
		if crit < opt.GLMTol {
			if innerTol > opt.FixefTol {
				innerTol = opt.FixefTol
				continue
			}
			converged = true
			break
		}
		innerTol = math.Max(opt.FixefTol, math.Min(innerTol, crit/10))
	}
	res.Iterations = iter
	res.Converged = converged
	res.DemeanIters = append([]int(nil), lastIters...)
	if !converged {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w in %d iterations", ErrNotConverged, opt.GLMMaxIter))
	}
	res.CoefNames = names
	res.Coef = beta
	ppmlStats(res, y, mu, eta, etaOld, xt, dims, opt.Threads)
	if opt.Fixef && len(dims) > 0 {
		res.FixedEffects = fixedEffects(d, dims, eta, off, x, beta, alphas, opt)
	}
	return nil
}

// ppmlStep takes one IRLS step: η = z − (z̃ − X̃β) (+ offset) and μ = exp(η)
// (in batches, vexp.Exp) per chunk, summing the deviance (partial sums added in chunk
// order), keeping the previous η in etaOld. When the deviance is not
// finite the step is halved towards etaOld, up to 30 times. It returns the
// deviance.
func ppmlStep(y, off, z, zt []float64, xt [][]float64, beta, eta, etaOld, mu []float64, ylogy float64, threads int) float64 {
	n, k := len(y), len(beta)
	devParts := make([]float64, numChunks(n))
	forChunks(n, threads, func(c, lo, hi int) {
		copy(etaOld[lo:hi], eta[lo:hi])
		var dv float64
		for i := lo; i < hi; i++ {
			e := zt[i]
			for j := 0; j < k; j++ {
				e -= xt[j][i] * beta[j]
			}
			et := z[i] - e
			if off != nil {
				et += off[i]
			}
			eta[i] = et
			mu[i] = et
		}
		vexp.Exp(mu[lo:hi]) // math.Exp's values, four at a time
		for i := lo; i < hi; i++ {
			dv += mu[i] - y[i]*(eta[i]+1)
		}
		devParts[c] = dv
	})
	var dsum float64
	for _, p := range devParts {
		dsum += p
	}
	dev := 2 * (ylogy + dsum)
	for h := 0; h < 30 && (math.IsNaN(dev) || math.IsInf(dev, 0)); h++ {
		for i := range eta {
			eta[i] = (eta[i] + etaOld[i]) / 2
			mu[i] = math.Exp(eta[i])
		}
		dev = poissonDeviance(y, mu)
	}
	return dev
}

// ppmlStats stores the fitted values of a converged PPML fit in res with
// what the variance and the fit statistics need: the weights of the last
// IRLS step (at which X̃ was formed), residuals, the bread (X̃'WX̃)⁻¹,
// deviance, log-likelihoods and fixest's pseudo R². The per-row work runs
// in the fixed chunks of forChunks, whose partial sums are added in chunk
// order, so the statistics do not depend on the thread count.
func ppmlStats(res *Result, y, mu, eta, etaOld []float64, xt [][]float64, dims []feDim, threads int) {
	n, k := len(y), len(xt)
	res.Fitted = mu
	res.LinPred = eta
	res.xt = xt
	// The vcov uses the weights of the last IRLS step, at which X̃ was formed.
	w := make([]float64, n)
	res.resid = make([]float64, n)
	type sums struct{ dev, ll, lgam, y float64 }
	parts := make([]sums, numChunks(n))
	forChunks(n, threads, func(c, lo, hi int) {
		var p sums
		copy(w[lo:hi], etaOld[lo:hi])
		vexp.Exp(w[lo:hi])
		for i := lo; i < hi; i++ {
			v, m := y[i], mu[i]
			res.resid[i] = v - m
			var lg float64
			if k := int(v); float64(k) == v && k >= 0 && k < len(smallLgamma1) {
				lg = smallLgamma1[k]
			} else {
				lg = lgamma1(v)
			}
			if v > 0 { // 0·log(μ) is 0 even when μ underflows
				p.dev += v*math.Log(v/m) - (v - m)
				p.ll += v * math.Log(m)
			} else {
				p.dev += m
			}
			p.ll -= m + lg
			p.lgam += lg
			p.y += v
		}
		parts[c] = p
	})
	var t sums
	for _, p := range parts {
		t.dev += p.dev
		t.ll += p.ll
		t.lgam += p.lgam
		t.y += p.y
	}
	res.w = w
	if k > 0 {
		a, _ := normalEquations(xt, w, xt[0], threads)
		inv, _ := invSPD(a)
		res.bread = inv
	}
	// Fit statistics.
	res.Deviance = 2 * t.dev
	res.LogLik = t.ll
	// The null model's log-likelihood, Σ y·log ȳ − ȳ − log y!, summed in
	// closed form.
	ybarU := t.y / float64(n)
	res.LLNull = 0
	if ybarU > 0 {
		res.LLNull = t.y*math.Log(ybarU) - float64(n)*ybarU - t.lgam
	}
	res.NParams = k + nFEParams(dims)
	// fixest's pseudo_r2 is McFadden's adjusted form: the model is charged
	// its parameters and the null model its intercept.
	res.PseudoR2 = 1 - (res.LogLik-float64(res.NParams))/(res.LLNull-1)
	res.SqCor = sqCor(y, mu)
}

func lgamma1(y float64) float64 {
	v, _ := math.Lgamma(y + 1)
	return v
}

// smallLgamma1 holds lgamma1 of the counts 0..255, the outcomes of most
// rows of a count panel, computed once.
var smallLgamma1 = func() (t [256]float64) {
	for k := range t {
		t[k] = lgamma1(float64(k))
	}
	return t
}()

func poissonDeviance(y, mu []float64) float64 {
	var s float64
	for i, v := range y {
		if v > 0 {
			s += v*math.Log(v/mu[i]) - (v - mu[i])
		} else {
			s += mu[i]
		}
	}
	return 2 * s
}

// mean is the arithmetic mean of v.
func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
