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

	Iterations   int   // IRLS iterations (1 for OLS)
	DemeanIters  []int // sweeps of the last demeaning, per column
	Converged    bool
	NParams      int // coefficients + fixed effects - (dimensions - 1), as fixest counts
	Deviance     float64
	LogLik       float64
	LLNull       float64
	PseudoR2     float64 // Poisson: 1 - (LogLik - NParams)/(LLNull - 1), fixest's (adjusted) pseudo R²
	SqCor        float64 // squared correlation of Y and Fitted
	SSR, SSRNull float64 // OLS
	SSRFEOnly    float64 // OLS: SSR of the fixed effects alone
	R2, AdjR2    float64 // OLS
	WithinR2     float64 // OLS
	WithinAdjR2  float64 // OLS
	RMSE, Sigma2 float64 // OLS
	FixedEffects []FixedEffect
	Warnings     []error // see ErrDemeanNotConverged and the other sentinels
	frame        *Frame
	dims         []feDim
	xt           [][]float64 // demeaned regressors (weighted for Poisson)
	w            []float64   // IRLS weights (nil for OLS)
	resid        []float64   // y - fitted
	bread        [][]float64 // (X̃'WX̃)^-1
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
	var rows []int32
	if s.kept != nil {
		rows = s.kept.rows
	} else {
		rows = keptRows(reason)
	}
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
	dims := make([]feDim, len(fm.FE))
	if s.kept != nil { // gathered for the separation test
		copy(xc, s.kept.x)
		copy(dims, s.kept.dims)
		for q := range dims {
			dims[q].label = fm.FE[q].Label()
		}
	} else {
		for j := range xs {
			xc[j] = gather(xs[j], rows)
		}
		parallel(len(fm.FE), opt.Threads, func(q int) {
			dims[q] = restrict(fm.FE[q].Label(), rawFE[q], rawLev[q], rows)
		})
	}
	for q, t := range fm.FE {
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
