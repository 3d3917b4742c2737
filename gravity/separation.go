package gravity

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Budget of the iterative (large-problem) ReLU path: rectifier steps,
// demeaning sweeps per projection, and accelerated projection rounds in
// all (each round demeans one column twice). On the 1M-row benchmark panel
// the test takes one step.
const (
	reluMaxIter   = 300
	reluMaxSweeps = 2000
	reluMaxRounds = 1500
)

// reluSeparation runs the iterative rectifier test of Correia, Guimarães &
// Zylkin (2021, "Verifying the existence of maximum likelihood estimates for
// generalized linear models", arXiv:1903.01633) on the kept rows (rows; the
// data as reluInputs gathers it) and returns the frame rows whose outcome
// is separated (y = 0 and perfectly predicted).
//
// The test looks for a certificate z = Xγ + Dα with z = 0 wherever y > 0 and
// z ≥ 0 wherever y = 0; the observations with z > 0 are separated. Starting
// from u = 1(y = 0), each step solves the least-squares problem
// min Σ_{y=0} (u − z)² subject to z = 0 where y > 0 (by the method of
// alternating projections, see below), then rectifies
// u = max(z, 0) on the y = 0 rows. It stops when the prediction is
// non-negative on every y = 0 row (z is then a certificate), or when no
// y = 0 residual is negative (the normal equations then rule out further
// separated rows).
//
// Problems small enough for dense algebra (n·p² ≤ denseLimit with p the
// number of regressors and fixed-effect levels) are solved exactly
// (reluDense). Larger ones solve each constrained least-squares step by
// accelerated alternating projections between the span of the regressors
// and fixed effects and the vectors vanishing on the y > 0 rows (instead
// of ppmlhdfe's method of weighting, whose huge weights left Gauss–Seidel
// demeaning unconverged), under a fixed budget; when the budget runs out
// the test is reported as inconclusive (a warning) and drops nothing.
// Large problems first run the rank probe [zerosDetermined], which proves
// in one least-squares fit that nothing can be separated on most panels.
func reluSeparation(isB []bool, x [][]float64, dims []feDim, rows []int32, opt Options) (sep []int32, warning, err error) {
	n := len(rows)
	if sep, ok := reluDense(isB, x, dims, reluTol, reluDenseMaxIter); ok {
		var out []int32
		for i, s := range sep {
			if s {
				out = append(out, rows[i])
			}
		}
		return out, nil, nil
	}
	if zerosDetermined(isB, x, dims, opt.Threads) {
		return nil, nil, nil
	}
	inconclusive := fmt.Errorf("%w within its budget (%d steps, %d projection rounds) on %d observations; no observation dropped by it (all-zero fixed-effect groups were dropped)", ErrSeparationInconclusive, reluMaxIter, reluMaxRounds, n)
	p, ok := newReluProjector(isB, x, dims, opt.Threads)
	if !ok {
		return nil, inconclusive, nil
	}
	if sep, ok := p.rectify(rows); ok {
		return sep, nil, nil
	}
	return nil, inconclusive, nil
}

// zerosDetermined reports whether, in the design A = [X D] of the
// regressors and fixed-effect dummies, every row with y = 0 (isB) is a
// linear combination of the rows with y > 0, that is rank(A_I) = rank(A)
// for the y > 0 rows I. Then any z = Aγ that vanishes on the y > 0 rows
// vanishes everywhere, so no observation is separated and the rectifier
// steps need not run: they could only confirm it.
//
// The check is a probe: z0 = Ac0 for a random c0 (fixed seed, so the
// result is reproducible), fitted by least squares on the y > 0 rows alone
// (the fixed effects swept out with weights 1(y > 0), then the regressors);
// the fit reproduces z0 on the y = 0 rows exactly when the ranks agree.
// The fit runs on the y > 0 rows alone (their weight is 1, the others' 0).
// When rank(A_I) < rank(A) the fitted coefficients differ from c0 by the
// component of c0 in null(A_I), which moves some y = 0 row unless that
// random component falls in null(A), an event of probability zero; a row
// moved by less than probeTol (relative to max|z0|) would take a design
// that is collinear to that precision. Any failure (no convergence,
// regressors collinear on the y > 0 rows, a residual above tolerance)
// answers false, and the rectifier runs as before.
func zerosDetermined(isB []bool, x [][]float64, dims []feDim, threads int) bool {
	n := len(isB)
	rng := rand.New(rand.NewPCG(0x5eed, uint64(n)))
	as := make([][]float64, len(dims)) // c0: coefficients of the fixed effects
	for q, dim := range dims {
		as[q] = make([]float64, len(dim.levels))
		for l := range as[q] {
			as[q][l] = rng.NormFloat64()
		}
	}
	gs := make([]float64, len(x)) // and of the regressors, scaled by their RMS
	for j, xj := range x {
		var ss float64
		for _, v := range xj {
			ss += v * v
		}
		if rms := math.Sqrt(ss / float64(n)); rms != 0 {
			gs[j] = rng.NormFloat64() / rms
		}
	}
	z0 := func(i int) float64 { // row i of z0 = Ac0
		var s float64
		for q, dim := range dims {
			s += as[q][dim.codes[i]]
		}
		for j, g := range gs {
			if g != 0 {
				s += g * x[j][i]
			}
		}
		return s
	}
	// The fit has weight 0 on the y = 0 rows: it runs on the y > 0 rows
	// alone (unit weights), and the y = 0 rows' residuals are computed from
	// its coefficients at the end.
	pos := make([]int32, 0, n)
	for i, b := range isB {
		if !b {
			pos = append(pos, int32(i))
		}
	}
	dimsI := make([]feDim, len(dims))
	for q, dim := range dims {
		codes := make([]int32, len(pos))
		for k, r := range pos {
			codes[k] = dim.codes[r]
		}
		dimsI[q] = feDim{label: dim.label, codes: codes, levels: dim.levels}
	}
	vs := make([][]float64, 1+len(x)) // z0 and the regressors on those rows,
	vs[0] = make([]float64, len(pos)) // demeaned in place
	for k, r := range pos {
		vs[0][k] = z0(int(r))
	}
	ref := make([]float64, len(x)) // the regressors' sums of squares, for checkCollinear's test
	for j, xj := range x {
		vs[1+j] = gather(xj, pos)
		ref[j] = wdot(vs[1+j], vs[1+j], nil)
	}
	ones := make([]float64, len(pos))
	for i := range ones {
		ones[i] = 1
	}
	d := newDemeaner(dimsI)
	d.threads = threads
	d.setWeights(ones) // weighted, so that the columns share each sweep
	alphas := make([][]float64, len(vs))
	for j := range vs {
		alphas[j] = make([]float64, d.m)
	}
	for _, r := range d.demeanAll(vs, alphas, vs, probeDemeanTol, probeDemeanTol, reluMaxSweeps, threads) {
		if !r.converged {
			return false
		}
	}
	// Residual of column j on row i: on the y > 0 rows from the fit, on
	// the others from its coefficients (z0i: row i of z0).
	k := 0 // index of row i among the y > 0 rows
	resid := func(j, i int, z0i float64) float64 {
		if !isB[i] {
			return vs[j][k]
		}
		v := z0i
		if j > 0 {
			v = x[j-1][i]
		}
		for q, dim := range dims {
			v -= alphas[j][d.off[q]+int(dim.codes[i])]
		}
		return v
	}
	var b []float64
	if xt := vs[1:]; len(xt) > 0 {
		a := crossprod(xt, nil)
		if _, dropped := cholDrop(a, ref, 1e-9); len(dropped) > 0 { // checkCollinear's test
			return false
		}
		inv, ok := invSPD(a)
		if !ok {
			return false
		}
		b = matVec(inv, crossvec(xt, nil, vs[0]))
	}
	var scale, worst float64
	for i := range isB {
		z0i := z0(i)
		r := resid(0, i, z0i)
		for j, bj := range b {
			r -= bj * resid(1+j, i, z0i)
		}
		if !isB[i] {
			k++
		}
		scale = math.Max(scale, math.Abs(z0i))
		worst = math.Max(worst, math.Abs(r))
	}
	return worst <= probeTol*scale
}

// Tolerances of the rank probe: demeaning, and the largest residual taken
// as zero, relative to max|z0|. A looser demeaning can only leave larger
// residuals, never hide one: the component of c0 that moves a y = 0 row
// lies in null(A_I), which the fit on the y > 0 rows never sees, so it
// stays whole however early the sweeps stop. On the 1M-row benchmark
// panel 1e-9 leaves residuals of 2e-11 (relative), far below probeTol.
const (
	probeDemeanTol = 1e-9
	probeTol       = 1e-6
)

// reluInputs gathers the test's data on the kept rows: which have y = 0,
// the regressors (with an intercept when there are no fixed effects) and
// the fixed effects; isB is nil when every row or no row has y = 0, where
// nothing can be separated.
func reluInputs(y []float64, xs [][]float64, raw [][]int32, lev [][]string, rows []int32) (isB []bool, x [][]float64, dims []feDim) {
	n := len(rows)
	isB = make([]bool, n)
	nb := 0
	for i, r := range rows {
		isB[i] = y[r] == 0
		if isB[i] {
			nb++
		}
	}
	if nb == 0 || nb == n {
		return nil, nil, nil
	}
	dims = make([]feDim, len(raw))
	for q := range raw {
		dims[q] = restrict("", raw[q], lev[q], rows)
	}
	x = make([][]float64, len(xs))
	for j := range xs {
		x[j] = gather(xs[j], rows)
	}
	if len(dims) == 0 { // intercept
		one := make([]float64, n)
		for i := range one {
			one[i] = 1
		}
		x = append(x, one)
	}
	return isB, x, dims
}

// Tolerances of the ReLU test: on the certificate z, for residuals taken
// as zero, and the dense path's step budget.
const (
	reluTol          = 1e-5
	reluZeroTol      = 1e-12
	reluDenseMaxIter = 1000
	reluInnerTol     = 1e-12 // demeaning inside a projection
	reluAPTol        = 1e-6  // convergence of the alternating projections (certificates are judged at 1e-5)
)

// reluProjector solves the ReLU test's least-squares steps under the
// equality constraints z_I = 0 by alternating projections (von Neumann):
// z ← P_C(P_S z) converges to the projection of u on S ∩ C, with S the
// span of the regressors and fixed effects (an unweighted, well-conditioned
// demeaning plus a regression) and C the vectors that vanish on the y > 0
// rows. The linear iteration is accelerated by Irons–Tuck extrapolation.
type reluProjector struct {
	isB        []bool
	d          *demeaner
	xt         [][]float64 // demeaned regressors, collinear ones dropped
	inv        [][]float64 // (X̃'X̃)⁻¹
	vt, alpha  []float64   // demeaning work space
	s          []float64   // P_S z of the last step
	z, gz, ggz []float64
	rounds     int // accelerated projection rounds, over all rectifier steps
}

// newReluProjector demeans the regressors and inverts X̃'X̃; false when
// either fails within the budget.
func newReluProjector(isB []bool, x [][]float64, dims []feDim, threads int) (*reluProjector, bool) {
	n := len(isB)
	d := newDemeaner(dims)
	d.threads = threads
	k := len(x)
	xt := make([][]float64, k)
	xAlpha := make([][]float64, k)
	for j := range xt {
		xt[j] = make([]float64, n)
		xAlpha[j] = make([]float64, d.m)
	}
	for _, r := range d.demeanAll(x, xAlpha, xt, reluInnerTol, reluInnerTol, reluMaxSweeps, threads) {
		if !r.converged {
			return nil, false
		}
	}
	keep, _ := checkCollinear(xt, x, nil, 1e-9)
	p := &reluProjector{isB: isB, d: d, xt: pick(xt, keep), vt: make([]float64, n), alpha: make([]float64, d.m),
		s: make([]float64, n), z: make([]float64, n), gz: make([]float64, n), ggz: make([]float64, n)}
	if len(p.xt) > 0 {
		var ok bool
		if p.inv, ok = invSPD(crossprod(p.xt, nil)); !ok {
			return nil, false
		}
	}
	return p, true
}

// projS writes P_S v into out.
func (p *reluProjector) projS(v, out []float64) bool {
	vt := p.vt
	if r := p.d.demean(v, p.alpha, vt, reluInnerTol, reluMaxSweeps); !r.converged {
		return false
	}
	if len(p.xt) > 0 {
		b := matVec(p.inv, crossvec(p.xt, nil, vt))
		for j, c := range p.xt {
			for i := range vt {
				vt[i] -= b[j] * c[i]
			}
		}
	}
	for i := range out {
		out[i] = v[i] - vt[i]
	}
	return true
}

// apply is one step z ← P_C(P_S z); p.s receives P_S z.
func (p *reluProjector) apply(z, out []float64) bool {
	if !p.projS(z, p.s) {
		return false
	}
	for i := range out {
		if p.isB[i] {
			out[i] = p.s[i]
		} else {
			out[i] = 0
		}
	}
	return true
}

// lse projects u on S ∩ C, leaving the result's P_S in p.s; false when
// the budget runs out.
func (p *reluProjector) lse(u []float64) bool {
	z, gz, ggz := p.z, p.gz, p.ggz
	copy(z, u)
	for it := 0; it < reluMaxSweeps; it++ {
		if p.rounds++; p.rounds > reluMaxRounds {
			return false
		}
		if !p.apply(z, gz) {
			return false
		}
		if maxAbsDiff(z, gz) < reluAPTol {
			copy(z, gz)
			return p.projS(z, p.s)
		}
		if !p.apply(gz, ggz) {
			return false
		}
		if maxAbsDiff(gz, ggz) < reluAPTol {
			copy(z, ggz)
			return p.projS(z, p.s)
		}
		var vprod, ssq float64
		for i := range z {
			dg := ggz[i] - gz[i]
			d2 := dg - gz[i] + z[i]
			vprod += dg * d2
			ssq += d2 * d2
		}
		if ssq == 0 {
			copy(z, ggz)
			return p.projS(z, p.s)
		}
		c := vprod / ssq
		for i := range z {
			z[i] = ggz[i] - c*(ggz[i]-gz[i])
		}
	}
	return false
}

// rectify runs the rectifier steps from u = 1(y = 0) and returns the
// separated frame rows; false when the budget runs out.
func (p *reluProjector) rectify(rows []int32) ([]int32, bool) {
	isB := p.isB
	n := len(isB)
	u := make([]float64, n)
	for i := range u {
		if isB[i] {
			u[i] = 1
		}
	}
	xbd := make([]float64, n)
	resid := make([]float64, n)
	for iter := 0; iter < reluMaxIter; iter++ {
		if !p.lse(u) {
			return nil, false
		}
		var eps float64
		for i := range xbd {
			xbd[i] = p.s[i]
			resid[i] = u[i] - p.s[i]
			if !isB[i] {
				eps = math.Max(eps, math.Abs(xbd[i]))
			}
		}
		delta := eps + reluTol
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
			return separatedRows(xbd, isB, rows), true
		}
		minRes := math.Inf(1)
		for i := range resid {
			if math.Abs(resid[i]) < reluZeroTol {
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
			return separatedRows(xbd, isB, rows), true
		}
		for i := range u {
			if isB[i] {
				u[i] = math.Max(xbd[i], 0)
			}
		}
	}
	return nil, false
}

func maxAbsDiff(a, b []float64) float64 {
	var m float64
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
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
