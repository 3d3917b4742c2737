package gravity

import (
	"fmt"
	"math"
	"slices"
)

// feDim is one fixed-effect dimension restricted to the estimation sample:
// a dense int32 code per observation and a label per level.
type feDim struct {
	label  string
	codes  []int32
	levels []string
}

// rawCodes returns per-row codes (-1 = missing) of one frame column used as
// a fixed effect, with level labels in sorted order (numbers numerically).
func rawCodes(f *Frame, name string) ([]int32, []string, error) {
	c, ok := f.cols[name]
	if !ok {
		return nil, nil, fmt.Errorf("unknown column %q; available: %s", name, f.availableColumns())
	}
	if c.codes != nil {
		return c.codes, c.levels, nil
	}
	// Numeric column: levels are its distinct finite values, sorted.
	// Fast path: small non-negative integers (years, ids) use a presence
	// table instead of a hash map.
	if lo, hi, ok := intRange(c.num); ok && lo >= 0 && hi < 1<<24 {
		lut := make([]int32, int(hi)+1)
		for _, x := range c.num {
			if x == x && !math.IsInf(x, 0) {
				lut[int(x)] = 1
			}
		}
		var levels []string
		var k int32
		for v := range lut {
			if lut[v] != 0 {
				lut[v] = k
				k++
				levels = append(levels, formatNum(float64(v)))
			}
		}
		codes := make([]int32, len(c.num))
		for i, x := range c.num {
			if x != x || math.IsInf(x, 0) {
				codes[i] = -1
			} else {
				codes[i] = lut[int(x)]
			}
		}
		return codes, levels, nil
	}
	vals := make([]float64, 0, 64)
	seen := make(map[float64]struct{})
	for _, x := range c.num {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		if _, ok := seen[x]; !ok {
			seen[x] = struct{}{}
			vals = append(vals, x)
		}
	}
	slices.Sort(vals)
	idx := make(map[float64]int32, len(vals))
	levels := make([]string, len(vals))
	for i, x := range vals {
		idx[x] = int32(i)
		levels[i] = formatNum(x)
	}
	codes := make([]int32, len(c.num))
	for i, x := range c.num {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			codes[i] = -1
		} else {
			codes[i] = idx[x]
		}
	}
	return codes, levels, nil
}

// intRange reports the range of the finite values of v if they are all
// integers (and at least one exists).
func intRange(v []float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if x != x || math.IsInf(x, 0) {
			continue
		}
		if x != math.Trunc(x) {
			return 0, 0, false
		}
		lo = min(lo, x)
		hi = max(hi, x)
	}
	return lo, hi, lo <= hi
}

// feTermsCodes codes every fixed-effect term, each column coded once
// however many interactions use it, terms in parallel.
func feTermsCodes(f *Frame, terms []FETerm, threads int) ([][]int32, [][]string, error) {
	type coded struct {
		codes  []int32
		levels []string
		err    error
	}
	var names []string
	cache := map[string]*coded{}
	for _, t := range terms {
		for _, v := range t.Vars {
			if _, ok := cache[v]; !ok {
				cache[v] = &coded{}
				names = append(names, v)
			}
		}
	}
	parallel(len(names), threads, func(k int) {
		c := cache[names[k]]
		c.codes, c.levels, c.err = rawCodes(f, names[k])
	})
	for _, v := range names {
		if err := cache[v].err; err != nil {
			return nil, nil, &InputError{fmt.Errorf("fixed effect %s: %w", v, err)}
		}
	}
	codes := make([][]int32, len(terms))
	levels := make([][]string, len(terms))
	parallel(len(terms), threads, func(q int) {
		t := terms[q]
		c0 := cache[t.Vars[0]]
		cur, lev := c0.codes, c0.levels
		for _, v := range t.Vars[1:] {
			c := cache[v]
			cur, lev = combineCodes(cur, lev, c.codes, c.levels)
		}
		codes[q], levels[q] = cur, lev
	})
	return codes, levels, nil
}

// termCodes builds the per-row codes of a fixed-effect term (a column or an
// interaction a^b^c) over all frame rows. Levels of an interaction are the
// observed combinations, ordered lexicographically by component level and
// labelled "a_b" as fixest does.
func termCodes(f *Frame, t FETerm) ([]int32, []string, error) {
	codes, levels, err := rawCodes(f, t.Vars[0])
	if err != nil {
		return nil, nil, err
	}
	if len(t.Vars) == 1 {
		return codes, levels, nil
	}
	cur := codes
	curLev := levels
	for _, v := range t.Vars[1:] {
		c2, l2, err := rawCodes(f, v)
		if err != nil {
			return nil, nil, err
		}
		cur, curLev = combineCodes(cur, curLev, c2, l2)
	}
	return cur, curLev, nil
}

// combineCodes interacts two coded columns.
func combineCodes(a []int32, la []string, b []int32, lb []string) ([]int32, []string) {
	n := len(a)
	nb := int64(len(lb))
	out := make([]int32, n)
	total := int64(len(la)) * nb
	var keys []int64
	if total <= int64(4*n)+1<<20 {
		// Dense lookup table over all combinations.
		lut := make([]int32, total)
		for i := range n {
			if a[i] < 0 || b[i] < 0 {
				continue
			}
			lut[int64(a[i])*nb+int64(b[i])] = 1
		}
		var k int32
		for key := range lut {
			if lut[key] != 0 {
				lut[key] = k
				k++
				keys = append(keys, int64(key))
			} else {
				lut[key] = -1
			}
		}
		for i := range n {
			if a[i] < 0 || b[i] < 0 {
				out[i] = -1
				continue
			}
			out[i] = lut[int64(a[i])*nb+int64(b[i])]
		}
	} else {
		m := make(map[int64]int32)
		for i := range n {
			if a[i] < 0 || b[i] < 0 {
				continue
			}
			m[int64(a[i])*nb+int64(b[i])] = 0
		}
		keys = make([]int64, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for i, k := range keys {
			m[k] = int32(i)
		}
		for i := range n {
			if a[i] < 0 || b[i] < 0 {
				out[i] = -1
				continue
			}
			out[i] = m[int64(a[i])*nb+int64(b[i])]
		}
	}
	levels := make([]string, len(keys))
	for i, k := range keys {
		levels[i] = la[k/nb] + "_" + lb[k%nb]
	}
	return out, levels
}

// restrict maps raw codes to the rows kept, dropping levels with no
// observation, and returns the compact dimension.
func restrict(label string, raw []int32, levels []string, rows []int32) feDim {
	remap := make([]int32, len(levels))
	for i := range remap {
		remap[i] = -1
	}
	for _, r := range rows {
		remap[raw[r]] = 0
	}
	var k int32
	var kept []string
	for i := range remap {
		if remap[i] == 0 {
			remap[i] = k
			k++
			kept = append(kept, levels[i])
		}
	}
	codes := make([]int32, len(rows))
	for i, r := range rows {
		codes[i] = remap[raw[r]]
	}
	return feDim{label: label, codes: codes, levels: kept}
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
