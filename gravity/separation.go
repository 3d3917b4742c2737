package gravity

import (
	"fmt"
	"math"
)

// Budget of the iterative (large-problem) ReLU path.
const (
	reluMaxIter   = 50
	reluMaxSweeps = 2000
)

// reluSeparation runs the iterative rectifier test of Correia, Guimarães &
// Zylkin (2021, "Verifying the existence of maximum likelihood estimates for
// generalized linear models", arXiv:1903.01633) on the kept rows and returns
// the frame rows whose outcome is separated (y = 0 and perfectly predicted).
//
// The test looks for a certificate z = Xγ + Dα with z = 0 wherever y > 0 and
// z ≥ 0 wherever y = 0; the observations with z > 0 are separated. Starting
// from u = 1(y = 0), each step solves the least-squares problem
// min Σ_{y=0} (u − z)² subject to z = 0 where y > 0 (by the method of
// weighting: weight relWeight on the y > 0 rows), then rectifies
// u = max(z, 0) on the y = 0 rows. It stops when the prediction is
// non-negative on every y = 0 row (z is then a certificate), or when no
// y = 0 residual is negative (the normal equations then rule out further
// separated rows).
//
// Problems small enough for dense algebra (n·p² ≤ denseLimit with p the
// number of regressors and fixed-effect levels) are solved exactly
// (reluDense). Larger ones use weighted demeaning with a bounded budget
// (reluMaxIter rectifier steps of at most reluMaxSweeps sweeps); the
// weighted problem is ill-conditioned, so when the budget runs out the test
// is reported as inconclusive (warning) and drops nothing.
func reluSeparation(y []float64, xs [][]float64, raw [][]int32, lev [][]string, rows []int32, opt Options) ([]int32, string, error) {
	n := len(rows)
	var boundary []int
	for i, r := range rows {
		if y[r] == 0 {
			boundary = append(boundary, i)
		}
	}
	if len(boundary) == 0 || len(boundary) == n {
		return nil, "", nil
	}
	const (
		tol       = 1e-5 // tolerance on the certificate z
		relWeight = 1e8  // weight of the y > 0 rows (equality constraints)
		zeroTol   = 1e-12
		maxIter   = 1000
	)
	dims := make([]feDim, len(raw))
	for q := range raw {
		dims[q] = restrict("", raw[q], lev[q], rows)
	}
	x := make([][]float64, len(xs))
	for j := range xs {
		x[j] = gather(xs[j], rows)
	}
	intercept := len(dims) == 0
	if intercept {
		one := make([]float64, n)
		for i := range one {
			one[i] = 1
		}
		x = append(x, one)
	}
	isB := make([]bool, n)
	for i, r := range rows {
		isB[i] = y[r] == 0
	}
	if sep, ok := reluDense(isB, x, dims, tol, maxIter); ok {
		var out []int32
		for i, s := range sep {
			if s {
				out = append(out, rows[i])
			}
		}
		return out, "", nil
	}
	inconclusive := fmt.Sprintf("ReLU separation test inconclusive within its budget (%d steps of %d sweeps) on %d observations; no observation dropped by it (all-zero fixed-effect groups were dropped)", reluMaxIter, reluMaxSweeps, n)
	w := make([]float64, n)
	u := make([]float64, n)
	for i, r := range rows {
		if y[r] == 0 {
			w[i] = 1
			u[i] = 1
			isB[i] = true
		} else {
			w[i] = relWeight
		}
	}
	d := newDemeaner(dims)
	d.threads = opt.Threads
	d.setWeights(w)
	k := len(x)
	xt := make([][]float64, k)
	xAlpha := make([][]float64, k)
	for j := range xt {
		xt[j] = make([]float64, n)
		xAlpha[j] = make([]float64, d.m)
	}
	innerTol := 1e-11
	for _, r := range d.demeanAll(x, xAlpha, xt, innerTol, innerTol, reluMaxSweeps, opt.Threads) {
		if !r.converged {
			return nil, inconclusive, nil
		}
	}
	keep, _ := checkCollinear(xt, x, w, 1e-9)
	xt = pick(xt, keep)
	var inv [][]float64
	if len(xt) > 0 {
		var ok bool
		inv, ok = invSPD(crossprod(xt, w))
		if !ok {
			return nil, inconclusive, nil
		}
	}
	ut := make([]float64, n)
	uAlpha := make([]float64, d.m)
	xbd := make([]float64, n)
	resid := make([]float64, n)
	for iter := 0; iter < reluMaxIter; iter++ {
		if r := d.demean(u, uAlpha, ut, innerTol, reluMaxSweeps); !r.converged {
			return nil, inconclusive, nil
		}
		copy(resid, ut)
		if len(xt) > 0 {
			b := matVec(inv, crossvec(xt, w, ut))
			for j, c := range xt {
				for i := range resid {
					resid[i] -= b[j] * c[i]
				}
			}
		}
		var eps float64
		for i := range xbd {
			xbd[i] = u[i] - resid[i]
			if !isB[i] {
				eps = math.Max(eps, math.Abs(xbd[i]))
			}
		}
		delta := eps + tol
		allNonNeg := true
		for i := range xbd {
			switch {
			case !isB[i]:
				xbd[i] = 0
			case xbd[i] >= -0.1*delta && xbd[i] <= delta:
				xbd[i] = 0
			}
			if isB[i] && xbd[i] < 0 {
				allNonNeg = false
			}
		}
		if allNonNeg {
			return separatedRows(xbd, isB, rows), "", nil
		}
		minRes := math.Inf(1)
		for i := range resid {
			if math.Abs(resid[i]) < zeroTol {
				resid[i] = 0
			}
			if isB[i] {
				minRes = math.Min(minRes, resid[i])
			}
		}
		if minRes >= 0 {
			for i := range xbd {
				if isB[i] && resid[i] > delta {
					xbd[i] = 0
				}
			}
			return separatedRows(xbd, isB, rows), "", nil
		}
		for i := range u {
			if isB[i] {
				u[i] = math.Max(xbd[i], 0)
			}
		}
	}
	return nil, inconclusive, nil
}

func separatedRows(xbd []float64, isB []bool, rows []int32) []int32 {
	var out []int32
	for i := range xbd {
		if isB[i] && xbd[i] > 0 {
			out = append(out, rows[i])
		}
	}
	return out
}

// Separated returns the frame rows (0-based, ascending) that a Poisson fit
// of formula would drop for non-existence of the estimates: rows in
// all-zero fixed-effect levels and rows separated by the regressors (ReLU
// test), without fitting the model. Rows dropped for missing values are not
// included.
func Separated(f *Frame, formula string, opt Options) ([]int, error) {
	fm, err := ParseFormula(formula)
	if err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	if err := fm.checkColumns(f); err != nil {
		return nil, err
	}
	s, err := prepareSample(f, fm, Options{Family: Poisson, Separation: opt.Separation, Threads: opt.Threads})
	if err != nil {
		return nil, err
	}
	var out []int
	for i, r := range s.reason {
		if r == RemovedAllZeroFE || r == RemovedSeparated {
			out = append(out, i)
		}
	}
	return out, nil
}
