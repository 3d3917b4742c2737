package gravity

import (
	"math"
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
	invBuf  []float64   // invSw's storage, reused by setWeights
	pool    []float64   // accumulators' storage, reused (see accBufs)
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
		bufs := newAccBufs(nc, 1, d.nlev, &d.pool)
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
		if len(d.invBuf) != d.m {
			d.invBuf = make([]float64, d.m)
		}
		for q := 0; q < 3; q++ {
			s := d.invBuf[d.off[q] : d.off[q]+d.nlev[q]]
			copy(s, bufs[0][q][0])
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
	return d.demeanAll([][]float64{v}, [][]float64{alpha}, [][]float64{out}, tol, tol, maxIter, d.threads)[0]
}

// residualRange computes out = v - Σ_q α_q[g_q] over observations lo..hi.
func (d *demeaner) residualRange(v, alpha, out []float64, lo, hi int) {
	switch d.q {
	case 1:
		a0, g0 := alpha[d.off[0]:], d.g[0]
		for i := lo; i < hi; i++ {
			out[i] = v[i] - a0[g0[i]]
		}
	case 2:
		a0, a1 := alpha[d.off[0]:d.off[1]], alpha[d.off[1]:]
		g0, g1 := d.g[0], d.g[1]
		for i := lo; i < hi; i++ {
			out[i] = v[i] - a0[g0[i]] - a1[g1[i]]
		}
	case 3:
		a0, a1, a2 := alpha[d.off[0]:d.off[1]], alpha[d.off[1]:d.off[2]], alpha[d.off[2]:]
		g0, g1, g2 := d.g[0], d.g[1], d.g[2]
		for i := lo; i < hi; i++ {
			out[i] = v[i] - a0[g0[i]] - a1[g1[i]] - a2[g2[i]]
		}
	default:
		for i := lo; i < hi; i++ {
			s := v[i]
			for q := 0; q < d.q; q++ {
				s -= alpha[d.off[q]+int(d.g[q][i])]
			}
			out[i] = s
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

// demeanAll demeans several columns concurrently with at most threads
// goroutines. alphas[j] is column j's warm-start coefficient vector; the
// first column uses tol0 and the others tol.
func (d *demeaner) demeanAll(vs, alphas, outs [][]float64, tol0, tol float64, maxIter, threads int) []demeanResult {
	res := make([]demeanResult, len(vs))
	if len(vs) == 0 {
		return res
	}
	switch d.q {
	case 0:
		for j := range vs {
			copy(outs[j], vs[j])
			res[j] = demeanResult{0, true}
		}
		return res
	case 1:
		// One dimension: the projection is the weighted group mean.
		nc := d.nChunks()
		bufs := newAccBufs(nc, len(vs), d.nlev, &d.pool)
		g, w := d.g[0], d.w
		parallel(nc, threads, func(k int) {
			lo, hi := d.chunk(k, nc)
			for j, v := range vs {
				s := bufs[k][0][j]
				for i := lo; i < hi; i++ {
					if w == nil {
						s[g[i]] += v[i]
					} else {
						s[g[i]] += w[i] * v[i]
					}
				}
			}
		})
		inv := d.invSw[0]
		for j := range vs {
			a := alphas[j]
			for l := range a {
				s := bufs[0][0][j][l]
				for k := 1; k < nc; k++ {
					s += bufs[k][0][j][l]
				}
				a[l] = s * inv[l]
			}
			res[j] = demeanResult{1, true}
		}
		parallel(nc, threads, func(k int) {
			lo, hi := d.chunk(k, nc)
			for j := range vs {
				d.residualRange(vs[j], alphas[j], outs[j], lo, hi)
			}
		})
		return res
	}
	tols := make([]float64, len(vs))
	for j := range tols {
		tols[j] = tol
	}
	tols[0] = tol0
	if d.nChunks() > 1 || threads <= 1 || len(vs) == 1 {
		return d.demeanMulti(vs, alphas, outs, tols, maxIter, threads, &d.pool)
	}
	// Small data (one chunk): parallelise over columns instead. Each
	// column's arithmetic does not depend on which others share its passes,
	// so results are the same as serially.
	groups := min(threads, len(vs))
	parallel(groups, groups, func(g int) {
		var idx []int
		for j := g; j < len(vs); j += groups {
			idx = append(idx, j)
		}
		r := d.demeanMulti(pick(vs, idx), pick(alphas, idx), pick(outs, idx), pick(tols, idx), maxIter, 1, nil)
		for k, j := range idx {
			res[j] = r[k]
		}
	})
	return res
}
