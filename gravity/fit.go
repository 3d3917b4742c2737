package gravity

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
)

// Family selects the model.
type Family int

const (
	// Poisson is Poisson pseudo-maximum likelihood (fixest's fepois).
	Poisson Family = iota
	// Gaussian is ordinary least squares (fixest's feols).
	Gaussian
)

func (f Family) String() string {
	if f == Gaussian {
		return "OLS"
	}
	return "Poisson"
}

// SeparationCheck selects how observations whose outcome is perfectly
// predicted (and whose likelihood has no finite maximum) are found. It only
// applies to Poisson.
type SeparationCheck int

const (
	// SeparationFEReLU (the default) drops observations in fixed-effect
	// levels whose outcomes are all zero, then runs the iterative rectifier
	// (ReLU) test of Correia, Guimarães & Zylkin (2021) for separation by
	// regressors and fixed effects jointly.
	SeparationFEReLU SeparationCheck = iota
	// SeparationFE only drops all-zero fixed-effect levels, like fixest's
	// default fixef.rm = "perfect".
	SeparationFE
	// SeparationNone drops nothing.
	SeparationNone
)

// Options tunes the estimation. The zero value gives the defaults below,
// which are fixest's.
type Options struct {
	Family Family
	// FixefTol is the demeaning tolerance (default 1e-6, fixest fixef.tol):
	// sweeps stop when no fixed-effect coefficient moves by more than it,
	// absolutely or relative to 0.1+|α|.
	FixefTol float64
	// FixefMaxIter caps the demeaning sweeps per column and call (default 10000).
	FixefMaxIter int
	// GLMTol is the IRLS tolerance (default 1e-8, fixest glm.tol): stop when
	// |dev - dev_prev| / (0.1 + |dev|) < GLMTol.
	GLMTol float64
	// GLMMaxIter caps IRLS iterations (default 25, fixest glm.iter).
	GLMMaxIter int
	// CollinTol flags a regressor as collinear when its Cholesky pivot is at
	// most CollinTol times its diagonal (default 1e-10, fixest collin.tol).
	CollinTol float64
	// Threads is the number of goroutines used for demeaning (default
	// GOMAXPROCS).
	Threads int
	// Separation selects the separation check (Poisson only).
	Separation SeparationCheck
	// Fixef asks for the fixed-effect estimates in Result.FixedEffects.
	Fixef bool
	// Offset is an optional expression over frame columns (e.g. "ln_tau"
	// or "log(tau)") added to the linear predictor with coefficient 1, like
	// fixest's offset = ~x. Rows where it is missing or infinite are
	// dropped. Fitted values and LinPred include it; FixedEffects do not.
	Offset string
}

func (o Options) withDefaults() Options {
	if o.FixefTol <= 0 {
		o.FixefTol = 1e-6
	}
	if o.FixefMaxIter <= 0 {
		o.FixefMaxIter = 10000
	}
	if o.GLMTol <= 0 {
		o.GLMTol = 1e-8
	}
	if o.GLMMaxIter <= 0 {
		o.GLMMaxIter = 25
	}
	if o.CollinTol <= 0 {
		o.CollinTol = 1e-10
	}
	if o.Threads <= 0 {
		o.Threads = runtime.GOMAXPROCS(0)
	}
	return o
}

// RemovalReason says why an observation was not used.
type RemovalReason uint8

const (
	// RemovedMissing: a variable of the formula is NaN or missing.
	RemovedMissing RemovalReason = iota + 1
	// RemovedInfinite: a variable is ±Inf (e.g. log(0)).
	RemovedInfinite
	// RemovedAllZeroFE: the observation is in a fixed-effect level whose
	// outcomes are all zero (Poisson).
	RemovedAllZeroFE
	// RemovedSeparated: separated by regressors (ReLU test, Poisson).
	RemovedSeparated
)

func (r RemovalReason) String() string {
	switch r {
	case 0:
		return "kept"
	case RemovedMissing:
		return "missing values"
	case RemovedInfinite:
		return "infinite values"
	case RemovedAllZeroFE:
		return "all-zero fixed-effect group"
	case RemovedSeparated:
		return "separated"
	}
	return "unknown"
}

// Removed counts removed observations by reason and lists them.
type Removed struct {
	Missing   int
	Infinite  int
	AllZeroFE int
	Separated int
	// Rows are the 0-based frame rows removed, ascending; Reasons parallel.
	Rows    []int
	Reasons []RemovalReason
}

// Total is the number of removed observations.
func (r Removed) Total() int { return len(r.Rows) }

// FEInfo describes one fixed-effect dimension in the estimation sample.
type FEInfo struct {
	Name string
	// Size is the number of levels used.
	Size int
	// RemovedLevels lists levels dropped because all their outcomes were
	// zero (Poisson), in sorted order.
	RemovedLevels []string
}

// FixedEffect holds the estimates of one dimension, normalised as fixest
// does: the first dimension is free and every further dimension has its
// reference level (the level of the first observation) set to 0.
type FixedEffect struct {
	Name   string
	Levels []string
	Values []float64
}

// Value returns the estimate of a level.
func (fe FixedEffect) Value(level string) (float64, bool) {
	i, ok := slices.BinarySearch(fe.Levels, level)
	if !ok {
		for j, l := range fe.Levels { // levels of numeric columns sort numerically
			if l == level {
				return fe.Values[j], true
			}
		}
		return 0, false
	}
	return fe.Values[i], true
}

// Result is a fitted model. Choose standard errors with Vcov.
type Result struct {
	Formula *Formula
	Family  Family
	Options Options

	// CoefNames and Coef are the estimated coefficients (collinear ones
	// removed); Collinear lists the removed regressors.
	CoefNames []string
	Coef      []float64
	Collinear []string

	NObs       int // observations used
	NObsOrigin int // rows of the frame
	Removed    Removed
	FE         []FEInfo

	// Rows are the frame rows used (0-based); Fitted, Y and LinPred are
	// aligned with them.
	Rows    []int32
	Y       []float64
	Fitted  []float64
	LinPred []float64

	Iterations      int   // IRLS iterations (1 for OLS)
	DemeanIters     []int // sweeps of the last demeaning, per column
	Converged       bool
	NParams         int // coefficients + fixed effects - (dimensions - 1), as fixest counts
	Deviance        float64
	LogLik          float64
	LLNull          float64
	PseudoR2        float64 // Poisson: 1 - (LogLik - NParams)/(LLNull - 1), fixest's (adjusted) pseudo R²
	SqCor           float64 // squared correlation of Y and Fitted
	SSR, SSRNull    float64 // OLS
	SSRFEOnly       float64 // OLS: SSR of the fixed effects alone
	R2, AdjR2       float64 // OLS
	WithinR2        float64 // OLS
	WithinAdjR2     float64 // OLS
	RMSE, Sigma2    float64 // OLS
	FixedEffects    []FixedEffect
	Warnings        []string
	frame           *Frame
	dims            []feDim
	xt              [][]float64 // demeaned regressors (weighted for Poisson)
	w               []float64   // IRLS weights (nil for OLS)
	resid           []float64   // y - fitted
	bread           [][]float64 // (X̃'WX̃)^-1
	rowIndex        map[int32]int32
	interceptOnlyFE bool
}

// FittedAt returns the fitted value of frame row (0-based), or false if the
// row was removed.
func (r *Result) FittedAt(row int) (float64, bool) {
	i, ok := slices.BinarySearch(r.Rows, int32(row))
	if !ok {
		return math.NaN(), false
	}
	return r.Fitted[i], true
}

// Coefficient returns the estimate of a named regressor.
func (r *Result) Coefficient(name string) (float64, bool) {
	for i, n := range r.CoefNames {
		if n == name {
			return r.Coef[i], true
		}
	}
	return 0, false
}

// InputError is an error caused by the data or formula the user supplied.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErrorf(format string, a ...any) error {
	return &InputError{fmt.Errorf(format, a...)}
}

// IsInputError reports whether err was caused by bad user input (formula,
// data) rather than a numerical failure.
func IsInputError(err error) bool {
	var ie *InputError
	var fe *FormulaError
	return errors.As(err, &ie) || errors.As(err, &fe)
}

// Fit parses formula and estimates the model on f. See FitFormula.
func Fit(f *Frame, formula string, opt Options) (*Result, error) {
	fm, err := ParseFormula(formula)
	if err != nil {
		return nil, err
	}
	return FitFormula(f, fm, opt)
}

// FitFormula estimates a parsed formula on f: PPML by IRLS (Family Poisson)
// or OLS (Family Gaussian), with the fixed effects swept out by accelerated
// alternating projections.
func FitFormula(f *Frame, fm *Formula, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	if err := fm.checkColumns(f); err != nil {
		return nil, err
	}
	n0 := f.NRow()
	res := &Result{Formula: fm, Family: opt.Family, Options: opt, NObsOrigin: n0, frame: f}

	s, err := prepareSample(f, fm, opt)
	if err != nil {
		return nil, err
	}
	y, xs, names, rawFE, rawLev, reason, feRemoved := s.y, s.xs, s.names, s.rawFE, s.rawLev, s.reason, s.feRemoved
	var off []float64 // offset on the kept rows
	res.Warnings = append(res.Warnings, s.warnings...)
	rows := keptRows(reason)
	for i, r := range reason {
		if r == 0 {
			continue
		}
		res.Removed.Rows = append(res.Removed.Rows, i)
		res.Removed.Reasons = append(res.Removed.Reasons, r)
		switch r {
		case RemovedMissing:
			res.Removed.Missing++
		case RemovedInfinite:
			res.Removed.Infinite++
		case RemovedAllZeroFE:
			res.Removed.AllZeroFE++
		case RemovedSeparated:
			res.Removed.Separated++
		}
	}
	n := len(rows)
	if n == 0 {
		return nil, inputErrorf("no observations left after removing %d (missing %d, infinite %d, all-zero fixed effects %d, separated %d)",
			res.Removed.Total(), res.Removed.Missing, res.Removed.Infinite, res.Removed.AllZeroFE, res.Removed.Separated)
	}
	res.Rows = rows
	res.NObs = n

	// Compact the sample.
	yc := gather(y, rows)
	xc := make([][]float64, len(xs))
	for j := range xs {
		xc[j] = gather(xs[j], rows)
	}
	dims := make([]feDim, len(fm.FE))
	for q, t := range fm.FE {
		dims[q] = restrict(t.Label(), rawFE[q], rawLev[q], rows)
		res.FE = append(res.FE, FEInfo{Name: t.Label(), Size: len(dims[q].levels), RemovedLevels: feRemoved[q]})
	}
	res.dims = dims
	intercept := len(dims) == 0 && !fm.NoIntercept
	if intercept {
		one := make([]float64, n)
		for i := range one {
			one[i] = 1
		}
		xc = append([][]float64{one}, xc...)
		names = append([]string{"(Intercept)"}, names...)
	}
	res.Y = yc
	if s.offset != nil {
		off = gather(s.offset, rows)
	}

	switch opt.Family {
	case Poisson:
		err = fitPoisson(res, yc, off, xc, names, dims, opt)
	case Gaussian:
		err = fitOLS(res, yc, off, xc, names, dims, opt)
	default:
		err = fmt.Errorf("unknown family %d", opt.Family)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// sample is the data of a formula over all frame rows, with the reason
// each removed row was dropped.
type sample struct {
	y         []float64
	xs        [][]float64
	names     []string
	rawFE     [][]int32
	rawLev    [][]string
	reason    []RemovalReason
	feRemoved [][]string
	offset    []float64 // nil without Options.Offset
	warnings  []string
}

// prepareSample evaluates the formula and decides which rows to drop:
// missing and infinite values, then (Poisson) all-zero fixed-effect levels
// and separated observations.
func prepareSample(f *Frame, fm *Formula, opt Options) (*sample, error) {
	n0 := f.NRow()
	var warnings []string
	y, err := fm.LHS.eval(f, n0)
	if err != nil {
		return nil, &InputError{fmt.Errorf("outcome %s: %w", fm.LHS, err)}
	}
	xs := make([][]float64, len(fm.RHS))
	names := make([]string, len(fm.RHS))
	for j, e := range fm.RHS {
		if xs[j], err = e.eval(f, n0); err != nil {
			return nil, &InputError{fmt.Errorf("regressor %s: %w", e, err)}
		}
		names[j] = e.String()
	}
	rawFE, rawLev, err := feTermsCodes(f, fm.FE, opt.Threads)
	if err != nil {
		return nil, err
	}

	var offset []float64
	if opt.Offset != "" {
		e, err := ParseExpr(opt.Offset)
		if err != nil {
			return nil, fmt.Errorf("offset: %w", err)
		}
		if err := checkExprColumns(e, f, opt.Offset); err != nil {
			return nil, fmt.Errorf("offset: %w", err)
		}
		if offset, err = e.eval(f, n0); err != nil {
			return nil, &InputError{fmt.Errorf("offset %s: %w", e, err)}
		}
	}
	// 1. Missing and non-finite values.
	reason := make([]RemovalReason, n0) // 0 = kept
	for i := 0; i < n0; i++ {
		bad := classify(y[i])
		if offset != nil {
			if b := classify(offset[i]); b != 0 && (bad == 0 || b < bad) {
				bad = b
			}
		}
		for j := range xs {
			if b := classify(xs[j][i]); b != 0 && (bad == 0 || b < bad) {
				bad = b
			}
		}
		for q := range rawFE {
			if rawFE[q][i] < 0 {
				bad = RemovedMissing
			}
		}
		reason[i] = bad
	}
	if opt.Family == Poisson {
		for i := 0; i < n0; i++ {
			if reason[i] == 0 && y[i] < 0 {
				return nil, inputErrorf("Poisson outcome %s is negative (%g) at row %d; PPML needs y >= 0", fm.LHS, y[i], i+1)
			}
		}
	}
	// 2. All-zero fixed-effect levels (Poisson), repeated until stable.
	feRemoved := make([][]string, len(fm.FE))
	if opt.Family == Poisson && opt.Separation != SeparationNone && len(rawFE) > 0 {
		feRemoved = dropAllZeroFE(y, rawFE, rawLev, reason)
	}
	// 3. Separation by regressors (ReLU).
	if rows := keptRows(reason); opt.Family == Poisson && opt.Separation == SeparationFEReLU && len(rows) > 0 {
		sep, warn, err := reluSeparation(y, xs, rawFE, rawLev, rows, opt)
		if err != nil {
			return nil, err
		}
		if warn != "" {
			warnings = append(warnings, warn)
		}
		if len(sep) > 0 {
			for _, r := range sep {
				reason[r] = RemovedSeparated
			}
			// Dropping separated rows can empty or zero further levels.
			more := dropAllZeroFE(y, rawFE, rawLev, reason)
			for q := range more {
				feRemoved[q] = append(feRemoved[q], more[q]...)
				slices.Sort(feRemoved[q])
			}
		}
	}
	return &sample{y, xs, names, rawFE, rawLev, reason, feRemoved, offset, warnings}, nil
}

func classify(x float64) RemovalReason {
	switch {
	case math.IsNaN(x):
		return RemovedMissing
	case math.IsInf(x, 0):
		return RemovedInfinite
	}
	return 0
}

func keptRows(reason []RemovalReason) []int32 {
	n := 0
	for _, r := range reason {
		if r == 0 {
			n++
		}
	}
	rows := make([]int32, 0, n)
	for i, r := range reason {
		if r == 0 {
			rows = append(rows, int32(i))
		}
	}
	return rows
}

func gather(v []float64, rows []int32) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = v[r]
	}
	return out
}

// dropAllZeroFE marks rows in fixed-effect levels whose kept outcomes are
// all zero, repeating until no level changes, and returns the removed level
// labels per dimension (sorted).
func dropAllZeroFE(y []float64, raw [][]int32, lev [][]string, reason []RemovalReason) [][]string {
	removed := make([][]string, len(raw))
	for {
		// Judge every dimension on the same sample (as fixest's single
		// pass does), then drop, and repeat until nothing changes.
		bad := make([][]bool, len(raw))
		changed := false
		for q := range raw {
			sum := make([]float64, len(lev[q]))
			cnt := make([]int32, len(lev[q]))
			for i, c := range raw[q] {
				if reason[i] == 0 {
					sum[c] += y[i]
					cnt[c]++
				}
			}
			bad[q] = make([]bool, len(lev[q]))
			for k := range sum {
				if cnt[k] > 0 && sum[k] == 0 {
					bad[q][k] = true
					changed = true
					removed[q] = append(removed[q], lev[q][k])
				}
			}
		}
		if !changed {
			break
		}
		for q := range raw {
			for i, c := range raw[q] {
				if reason[i] == 0 && bad[q][c] {
					reason[i] = RemovedAllZeroFE
				}
			}
		}
	}
	for q := range removed {
		slices.Sort(removed[q])
	}
	return removed
}

// numChunks is the fixed number of chunks a pass over n observations is
// split into: it depends on n only, so sums are identical for any thread
// count.
func numChunks(n int) int { return min(maxChunks, max(1, n/chunkObs)) }

// forChunks runs f(chunk, lo, hi) over the fixed chunks of [0, n).
func forChunks(n, threads int, f func(c, lo, hi int)) {
	nc := numChunks(n)
	parallel(nc, threads, func(c int) { f(c, c*n/nc, (c+1)*n/nc) })
}

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
// It returns the indices kept.
func checkCollinear(xt, x [][]float64, w []float64, tol float64) (keep, dropped []int) {
	if len(xt) == 0 {
		return nil, nil
	}
	a := crossprod(xt, w)
	var ref []float64
	if x != nil {
		ref = make([]float64, len(x))
		for j, c := range x {
			ref[j] = crossvec([][]float64{c}, w, c)[0]
		}
	}
	return cholDrop(a, ref, tol)
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func fitPoisson(res *Result, y, off []float64, x [][]float64, names []string, dims []feDim, opt Options) error {
	n := len(y)
	k := len(x)
	var ybar float64
	for _, v := range y {
		ybar += v
	}
	ybar /= float64(n)
	mu := make([]float64, n)
	eta := make([]float64, n)
	for i := range y {
		// Starting values as R's glm poisson family (and fixest): μ = y + 0.1.
		mu[i] = y[i] + 0.1
		eta[i] = math.Log(mu[i])
	}
	// Σ y·log y is constant: the deviance then needs no logarithm per
	// iteration, since log μ = η.
	var ylogy float64
	for _, v := range y {
		if v > 0 {
			ylogy += v * math.Log(v)
		}
	}
	devOld := poissonDevianceEta(y, mu, eta, ylogy)
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
				res.Warnings = append(res.Warnings, fmt.Sprintf("demeaning did not converge in %d sweeps (IRLS iteration %d)", opt.FixefMaxIter, iter))
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
		// η = z − (z̃ − X̃β) (+ offset), μ = exp(η), and the deviance, in
		// one pass; partial sums are added in chunk order.
		devParts := make([]float64, numChunks(n))
		forChunks(n, opt.Threads, func(c, lo, hi int) {
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
				m := math.Exp(et)
				mu[i] = m
				dv += m - y[i]*(et+1)
			}
			devParts[c] = dv
		})
		var dsum float64
		for _, p := range devParts {
			dsum += p
		}
		dev := 2 * (ylogy + dsum)
		// Step halving when the deviance is not finite or blows up.
		for h := 0; h < 30 && (math.IsNaN(dev) || math.IsInf(dev, 0)); h++ {
			for i := range eta {
				eta[i] = (eta[i] + etaOld[i]) / 2
				mu[i] = math.Exp(eta[i])
			}
			dev = poissonDeviance(y, mu)
		}
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
		res.Warnings = append(res.Warnings, fmt.Sprintf("IRLS did not converge in %d iterations", opt.GLMMaxIter))
	}
	res.CoefNames = names
	res.Coef = beta
	res.Fitted = mu
	res.LinPred = eta
	res.xt = xt
	// The vcov uses the weights of the last IRLS step, at which X̃ was formed.
	w := make([]float64, n)
	for i := range w {
		w[i] = math.Exp(etaOld[i])
	}
	res.w = w
	res.resid = make([]float64, n)
	for i := range y {
		res.resid[i] = y[i] - mu[i]
	}
	if k > 0 {
		inv, _ := invSPD(crossprod(xt, w))
		res.bread = inv
	}
	// Fit statistics.
	res.Deviance = poissonDeviance(y, mu)
	res.LogLik = poissonLogLik(y, mu)
	var ybarU float64
	for _, v := range y {
		ybarU += v
	}
	ybarU /= float64(n)
	var lln float64
	for _, v := range y {
		lln += v*math.Log(ybarU) - ybarU - lgamma1(v)
	}
	if ybarU == 0 {
		lln = 0
	}
	res.LLNull = lln
	res.NParams = k + nFEParams(dims)
	// fixest's pseudo_r2 is McFadden's adjusted form: the model is charged
	// its parameters and the null model its intercept.
	res.PseudoR2 = 1 - (res.LogLik-float64(res.NParams))/(res.LLNull-1)
	res.SqCor = sqCor(y, mu)
	if opt.Fixef && len(dims) > 0 {
		res.FixedEffects = fixedEffects(d, dims, eta, off, x, beta, alphas, opt)
	}
	return nil
}

func nFEParams(dims []feDim) int {
	if len(dims) == 0 {
		return 0
	}
	s := 0
	for _, d := range dims {
		s += len(d.levels)
	}
	return s - (len(dims) - 1)
}

func lgamma1(y float64) float64 {
	v, _ := math.Lgamma(y + 1)
	return v
}

// poissonDevianceEta is 2·Σ(y·log y − y·η − y + μ) with μ = exp(η).
func poissonDevianceEta(y, mu, eta []float64, ylogy float64) float64 {
	var s float64
	for i, v := range y {
		s += mu[i] - v*(eta[i]+1)
	}
	return 2 * (ylogy + s)
}

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

func poissonLogLik(y, mu []float64) float64 {
	var s float64
	for i, v := range y {
		if v > 0 { // 0·log(μ) is 0 even when μ underflows
			s += v * math.Log(mu[i])
		}
		s -= mu[i] + lgamma1(v)
	}
	return s
}

func sqCor(a, b []float64) float64 {
	n := float64(len(a))
	var ma, mb float64
	for i := range a {
		ma += a[i]
		mb += b[i]
	}
	ma /= n
	mb /= n
	var sab, saa, sbb float64
	for i := range a {
		da, db := a[i]-ma, b[i]-mb
		sab += da * db
		saa += da * da
		sbb += db * db
	}
	c := sab / math.Sqrt(saa*sbb)
	return c * c
}

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
			res.Warnings = append(res.Warnings, fmt.Sprintf("demeaning did not converge in %d sweeps", opt.FixefMaxIter))
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
	var ybar float64
	for _, v := range y {
		ybar += v
	}
	ybar /= float64(n)
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

// fixedEffects recovers the fixed effects of a fit whose linear predictor
// is lp: their part of it is lp − offset − Xβ, and the demeaning
// projections alphas (α_z of the outcome, then α_j of each regressor) give
// the warm start α_z − Σ β_j α_j.
func fixedEffects(d *demeaner, dims []feDim, lp, off []float64, x [][]float64, beta []float64, alphas [][]float64, opt Options) []FixedEffect {
	lin := make([]float64, len(lp))
	for i := range lin {
		s := lp[i]
		if off != nil {
			s -= off[i]
		}
		for j := range beta {
			s -= x[j][i] * beta[j]
		}
		lin[i] = s
	}
	start := append([]float64(nil), alphas[0]...)
	for j := range beta {
		for p := range start {
			start[p] -= beta[j] * alphas[j+1][p]
		}
	}
	return recoverFE(d, dims, lin, start, opt)
}

// recoverFE solves D·α = lin (lin is the fixed-effect part of the linear
// predictor, exactly in the span of the dummies) by unweighted alternating
// projections from start, then normalises as fixest does.
func recoverFE(d *demeaner, dims []feDim, lin, start []float64, opt Options) []FixedEffect {
	d.setWeights(nil)
	out := make([]float64, len(lin))
	tol := math.Min(opt.FixefTol, 1e-10)
	d.demean(lin, start, out, tol, max(opt.FixefMaxIter, 100000))
	alpha := start
	for q := 1; q < len(dims); q++ {
		ref := dims[q].codes[0]
		c := alpha[d.off[q]+int(ref)]
		for k := 0; k < d.nlev[q]; k++ {
			alpha[d.off[q]+k] -= c
		}
		for k := 0; k < d.nlev[0]; k++ {
			alpha[d.off[0]+k] += c
		}
	}
	fes := make([]FixedEffect, len(dims))
	for q, dm := range dims {
		fes[q] = FixedEffect{Name: dm.label, Levels: dm.levels, Values: append([]float64(nil), alpha[d.off[q]:d.off[q]+d.nlev[q]]...)}
	}
	return fes
}

// coefTable is used by String.
func (r *Result) String() string {
	var b strings.Builder
	v, err := r.Vcov(VcovSpec{Type: VcovIID})
	if err != nil {
		return err.Error()
	}
	_ = r.WriteTable(&b, v)
	return b.String()
}
