package gravity

import (
	"math"
	"sync"
)

// demeaner sweeps fixed effects out of columns by alternating projections,
// computed in the space of fixed-effect coefficients as fixest does (Bergé
// 2018): one Gauss–Seidel sweep updates each dimension's coefficients to the
// weighted group means of the variable net of the other dimensions, and
// successive sweeps are accelerated by the Irons–Tuck (1969) extrapolation.
// The coefficient vector of each column is kept between calls so the next
// IRLS iteration starts from it (warm start): any start is valid because the
// residual v - Dα does not depend on where the iteration began once it has
// converged.
type demeaner struct {
	n       int
	q       int
	g       [][]int32   // codes per dimension, length n each
	nlev    []int       // levels per dimension
	off     []int       // offset of each dimension in the coefficient vector
	m       int         // total coefficients
	w       []float64   // weights, nil = unit weights
	threads int         // goroutines for chunked passes
	invSw   [][]float64 // 1 / sum of weights per level
}

func newDemeaner(dims []feDim) *demeaner {
	d := &demeaner{q: len(dims)}
	for _, f := range dims {
		d.g = append(d.g, f.codes)
		d.nlev = append(d.nlev, len(f.levels))
		d.off = append(d.off, d.m)
		d.m += len(f.levels)
		d.n = len(f.codes)
	}
	d.setWeights(nil)
	return d
}

// setWeights sets the observation weights (nil for unit weights).
func (d *demeaner) setWeights(w []float64) {
	d.w = w
	d.invSw = d.invSw[:0]
	if d.q == 3 && w != nil {
		nc := d.nChunks()
		bufs := newAccBufs(nc, 1, d.nlev)
		g0, g1, g2 := d.g[0], d.g[1], d.g[2]
		parallel(nc, d.threads, func(k int) {
			lo, hi := d.chunk(k, nc)
			s0, s1, s2 := bufs[k][0][0], bufs[k][1][0], bufs[k][2][0]
			for i := lo; i < hi; i++ {
				x := w[i]
				s0[g0[i]] += x
				s1[g1[i]] += x
				s2[g2[i]] += x
			}
		})
		for q := 0; q < 3; q++ {
			s := bufs[0][q][0]
			for k := 1; k < nc; k++ {
				for l, x := range bufs[k][q][0] {
					s[l] += x
				}
			}
			for l := range s {
				if s[l] > 0 {
					s[l] = 1 / s[l]
				}
			}
			d.invSw = append(d.invSw, s)
		}
		return
	}
	for q := 0; q < d.q; q++ {
		s := make([]float64, d.nlev[q])
		g := d.g[q]
		if w == nil {
			for _, c := range g {
				s[c]++
			}
		} else {
			for i, c := range g {
				s[c] += w[i]
			}
		}
		for k := range s {
			if s[k] > 0 {
				s[k] = 1 / s[k]
			}
		}
		d.invSw = append(d.invSw, s)
	}
}

// demeanResult reports one column's demeaning.
type demeanResult struct {
	iters     int
	converged bool
}

// demean writes to out the residual of v on the fixed effects (weighted by
// d.w), starting from and updating the coefficients alpha (length d.m).
// Convergence: every coefficient of dimensions 2..Q moves by at most tol in
// absolute value or relative to 0.1+|α| between two sweeps (fixest's rule).
func (d *demeaner) demean(v, alpha, out []float64, tol float64, maxIter int) demeanResult {
	if d.q == 0 {
		copy(out, v)
		return demeanResult{0, true}
	}
	// Weighted sums of v per level.
	sv := make([]float64, d.m)
	if d.q == 3 {
		s0, s1, s2 := sv[d.off[0]:d.off[1]], sv[d.off[1]:d.off[2]], sv[d.off[2]:]
		g0, g1, g2 := d.g[0], d.g[1][:len(d.g[0])], d.g[2][:len(d.g[0])]
		w := d.w
		v = v[:len(g0)]
		if w != nil {
			w = w[:len(g0)]
		}
		for i, c := range g0 {
			x := v[i]
			if w != nil {
				x *= w[i]
			}
			s0[c] += x
			s1[g1[i]] += x
			s2[g2[i]] += x
		}
	}
	for q := 0; q < d.q && d.q != 3; q++ {
		s := sv[d.off[q] : d.off[q]+d.nlev[q]]
		g := d.g[q]
		if d.w == nil {
			for i, c := range g {
				s[c] += v[i]
			}
		} else {
			w := d.w
			for i, c := range g {
				s[c] += w[i] * v[i]
			}
		}
	}
	res := demeanResult{}
	if d.q == 1 {
		inv := d.invSw[0]
		for k := range alpha {
			alpha[k] = sv[k] * inv[k]
		}
		res = demeanResult{1, true}
	} else {
		res = d.iterate(sv, alpha, tol, maxIter)
	}
	d.residual(v, alpha, out)
	return res
}

// residual computes out = v - sum_q alpha_q[g_q].
func (d *demeaner) residual(v, alpha, out []float64) {
	switch d.q {
	case 1:
		a0 := alpha[d.off[0]:]
		for i, c := range d.g[0] {
			out[i] = v[i] - a0[c]
		}
	case 2:
		a0, a1 := alpha[d.off[0]:], alpha[d.off[1]:]
		g0, g1 := d.g[0], d.g[1]
		for i := range out {
			out[i] = v[i] - a0[g0[i]] - a1[g1[i]]
		}
	case 3:
		a0, a1, a2 := alpha[d.off[0]:], alpha[d.off[1]:], alpha[d.off[2]:]
		g0, g1, g2 := d.g[0], d.g[1], d.g[2]
		for i := range out {
			out[i] = v[i] - a0[g0[i]] - a1[g1[i]] - a2[g2[i]]
		}
	default:
		copy(out, v)
		for q := 0; q < d.q; q++ {
			a := alpha[d.off[q]:]
			for i, c := range d.g[q] {
				out[i] -= a[c]
			}
		}
	}
}

// sweep applies one Gauss–Seidel pass: out gets the coefficients obtained
// from in (only dimensions 2..Q of in are read). acc is scratch of length
// max level count.
func (d *demeaner) sweep(sv, in, out, acc []float64) {
	copy(out, in)
	for q := 0; q < d.q; q++ {
		nl := d.nlev[q]
		a := acc[:nl]
		clear(a)
		d.crossSum(q, out, a)
		s := sv[d.off[q] : d.off[q]+nl]
		inv := d.invSw[q]
		o := out[d.off[q] : d.off[q]+nl]
		for k := range o {
			o[k] = (s[k] - a[k]) * inv[k]
		}
	}
}

// crossSum accumulates into acc[g] the weighted sum, over observations of
// level g of dimension q, of the other dimensions' coefficients.
func (d *demeaner) crossSum(q int, alpha, acc []float64) {
	w := d.w
	gq := d.g[q]
	switch d.q {
	case 2:
		p := 1 - q
		ap, gp := alpha[d.off[p]:], d.g[p]
		if w == nil {
			for i, c := range gq {
				acc[c] += ap[gp[i]]
			}
		} else {
			for i, c := range gq {
				acc[c] += w[i] * ap[gp[i]]
			}
		}
	case 3:
		p1, p2 := (q+1)%3, (q+2)%3
		a1, a2 := alpha[d.off[p1]:], alpha[d.off[p2]:]
		g1, g2 := d.g[p1], d.g[p2]
		g1 = g1[:len(gq)]
		g2 = g2[:len(gq)]
		if w == nil {
			for i, c := range gq {
				acc[c] += a1[g1[i]] + a2[g2[i]]
			}
		} else {
			w = w[:len(gq)]
			for i, c := range gq {
				acc[c] += w[i] * (a1[g1[i]] + a2[g2[i]])
			}
		}
	default:
		tmp := make([]float64, d.n)
		for p := 0; p < d.q; p++ {
			if p == q {
				continue
			}
			ap := alpha[d.off[p]:]
			for i, c := range d.g[p] {
				tmp[i] += ap[c]
			}
		}
		for i, c := range gq {
			if w == nil {
				acc[c] += tmp[i]
			} else {
				acc[c] += w[i] * tmp[i]
			}
		}
	}
}

// stillMoving reports whether any coefficient changed by more than tol in
// both absolute terms and relative to 0.1 + |a|.
func stillMoving(a, b []float64, tol float64) bool {
	for i := range a {
		diff := math.Abs(a[i] - b[i])
		if diff > tol && diff/(0.1+math.Abs(a[i])) > tol {
			return true
		}
	}
	return false
}

// iterate runs accelerated Gauss–Seidel sweeps until convergence; alpha holds
// the start on entry and the solution on exit.
func (d *demeaner) iterate(sv, alpha []float64, tol float64, maxIter int) demeanResult {
	maxLev := 0
	for _, k := range d.nlev {
		maxLev = max(maxLev, k)
	}
	acc := make([]float64, maxLev)
	gx := make([]float64, d.m)
	ggx := make([]float64, d.m)
	s := d.off[1] // the state is dimensions 2..Q; dimension 1 follows from them
	x := alpha
	iters := 0
	for iters < maxIter {
		d.sweep(sv, x, gx, acc)
		iters++
		if !stillMoving(x[s:], gx[s:], tol) {
			copy(alpha, gx)
			return demeanResult{iters, true}
		}
		d.sweep(sv, gx, ggx, acc)
		iters++
		if !stillMoving(gx[s:], ggx[s:], tol) {
			copy(alpha, ggx)
			return demeanResult{iters, true}
		}
		// Irons–Tuck extrapolation on the state.
		var vprod, ssq float64
		for i := s; i < d.m; i++ {
			dg := ggx[i] - gx[i]
			d2 := dg - gx[i] + x[i]
			vprod += dg * d2
			ssq += d2 * d2
		}
		if ssq == 0 {
			copy(alpha, ggx)
			return demeanResult{iters, true}
		}
		coef := vprod / ssq
		for i := s; i < d.m; i++ {
			x[i] = ggx[i] - coef*(ggx[i]-gx[i])
		}
	}
	return demeanResult{iters, false}
}

// demeanAll demeans several columns concurrently with at most threads
// goroutines. alphas[j] is column j's warm-start coefficient vector; the
// first column uses tol0 and the others tol.
func (d *demeaner) demeanAll(vs, alphas, outs [][]float64, tol0, tol float64, maxIter, threads int) []demeanResult {
	tolOf := func(j int) float64 {
		if j == 0 {
			return tol0
		}
		return tol
	}
	if d.q == 3 {
		tols := make([]float64, len(vs))
		for j := range tols {
			tols[j] = tolOf(j)
		}
		return d.demean3(vs, alphas, outs, tols, maxIter, threads)
	}
	res := make([]demeanResult, len(vs))
	if threads <= 1 || len(vs) == 1 {
		for j := range vs {
			res[j] = d.demean(vs[j], alphas[j], outs[j], tolOf(j), maxIter)
		}
		return res
	}
	sem := make(chan struct{}, threads)
	var wg sync.WaitGroup
	for j := range vs {
		wg.Add(1)
		sem <- struct{}{}
		go func(j int) {
			defer wg.Done()
			res[j] = d.demean(vs[j], alphas[j], outs[j], tolOf(j), maxIter)
			<-sem
		}(j)
	}
	wg.Wait()
	return res
}
