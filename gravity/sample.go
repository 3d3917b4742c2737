package gravity

import (
	"fmt"
	"math"
	"slices"
)

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
	warnings  []error
	kept      *keptSample // when the separation test gathered the final sample
}

// keptSample is the data on the kept rows as reluInputs gathers it for
// the separation test: when the test drops nothing, these are the rows
// the fit uses, and the fit takes them as they are.
type keptSample struct {
	rows []int32
	x    [][]float64 // the regressors on the rows
	dims []feDim     // the fixed effects on the rows, unlabelled
}

// prepareSample evaluates the formula and decides which rows to drop:
// missing and infinite values, then (Poisson) all-zero fixed-effect levels
// and separated observations.
func prepareSample(f *Frame, fm *Formula, opt Options) (*sample, error) {
	n0 := f.NRow()
	var warnings []error
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
	forChunks(n0, opt.Threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
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
	})
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
	var kept *keptSample
	if rows := keptRows(reason); opt.Family == Poisson && opt.Separation == SeparationFEReLU && len(rows) > 0 {
		isB, x, dims := reluInputs(y, xs, rawFE, rawLev, rows)
		var sep []int32
		if isB != nil {
			var warn error
			if sep, warn, err = reluSeparation(isB, x, dims, rows, opt); err != nil {
				return nil, err
			}
			if warn != nil {
				warnings = append(warnings, warn)
			}
			if len(sep) == 0 {
				kept = &keptSample{rows, x[:len(xs)], dims}
			}
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
	return &sample{y, xs, names, rawFE, rawLev, reason, feRemoved, offset, warnings, kept}, nil
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
