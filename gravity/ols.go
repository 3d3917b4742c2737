package gravity

import (
	"errors"
	"fmt"
	"math"
)

func fitOLS(res *Result, y, off []float64, x [][]float64, names []string, dims []feDim, opt Options) error {
	n := len(y)
	k := len(x)
	d := newDemeaner(dims)
	d.threads = opt.Threads
	yt := make([]float64, n)
	xt := make([][]float64, k)
	for j := range xt {
		xt[j] = make([]float64, n)
	}
	alphas := make([][]float64, k+1)
	for j := range alphas {
		alphas[j] = make([]float64, d.m)
	}
	ydm := y
	if off != nil {
		ydm = make([]float64, n)
		for i := range y {
			ydm[i] = y[i] - off[i]
		}
	}
	vs := append([][]float64{ydm}, x...)
	outs := append([][]float64{yt}, xt...)
	rs := d.demeanAll(vs, alphas, outs, opt.FixefTol, opt.FixefTol, opt.FixefMaxIter, opt.Threads)
	res.Converged = true
	for _, r := range rs {
		res.DemeanIters = append(res.DemeanIters, r.iters)
		if !r.converged {
			res.Converged = false
			res.Warnings = append(res.Warnings, fmt.Errorf("%w in %d sweeps", ErrDemeanNotConverged, opt.FixefMaxIter))
		}
	}
	if k > 0 {
		keep, dropped := checkCollinear(xt, x, nil, opt.CollinTol)
		for _, j := range dropped {
			res.Collinear = append(res.Collinear, names[j])
		}
		if len(dropped) > 0 {
			x, xt, names = pick(x, keep), pick(xt, keep), pick(names, keep)
			alphas = append(alphas[:1], pick(alphas[1:], keep)...)
			k = len(x)
		}
	}
	beta := make([]float64, k)
	if k > 0 {
		inv, ok := invSPD(crossprod(xt, nil))
		if !ok {
			return errors.New("X'X is not positive definite")
		}
		beta = matVec(inv, crossvec(xt, nil, yt))
		res.bread = inv
	}
	resid := make([]float64, n)
	fitted := make([]float64, n)
	var ssr, sfe float64
	for i := range y {
		e := yt[i]
		for j := 0; j < k; j++ {
			e -= xt[j][i] * beta[j]
		}
		resid[i] = e
		fitted[i] = y[i] - e
		ssr += e * e
		sfe += yt[i] * yt[i]
	}
	ybar := mean(y)
	var sst float64
	for _, v := range y {
		sst += (v - ybar) * (v - ybar)
	}
	res.Iterations = 1
	res.CoefNames = names
	res.Coef = beta
	res.Fitted = fitted
	res.LinPred = fitted
	res.xt = xt
	res.resid = resid
	res.NParams = k + nFEParams(dims)
	nf := float64(n)
	K := float64(res.NParams)
	res.SSR = ssr
	res.SSRNull = sst
	res.SSRFEOnly = sfe
	res.Sigma2 = ssr / (nf - K)
	res.RMSE = math.Sqrt(ssr / nf)
	res.R2 = 1 - ssr/sst
	res.AdjR2 = 1 - (1-res.R2)*(nf-1)/(nf-K)
	if len(dims) > 0 {
		res.WithinR2 = 1 - ssr/sfe
		res.WithinAdjR2 = 1 - (1-res.WithinR2)*(nf-float64(nFEParams(dims)))/(nf-K)
	}
	res.LogLik = -nf / 2 * (math.Log(2*math.Pi) + math.Log(ssr/nf) + 1)
	res.Deviance = ssr
	res.SqCor = sqCor(y, fitted)
	if opt.Fixef && len(dims) > 0 {
		res.FixedEffects = fixedEffects(d, dims, fitted, off, x, beta, alphas, opt)
	}
	return nil
}
