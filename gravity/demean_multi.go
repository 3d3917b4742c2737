package gravity

import (
	"sync"
)

// With two or more fixed-effect dimensions (three in structural gravity:
// exporter×year, importer×year, pair) all columns share each pass
// over the observations, so the codes and weights are read once per sweep
// rather than once per column, and each pass is split into a fixed number of
// chunks that run in parallel, each accumulating into its own buffer. The
// chunking depends only on the number of observations, never on the thread
// count, and buffers are summed in chunk order: results are bit-identical
// whatever Options.Threads is.

// chunkObs is the number of observations per chunk (at most maxChunks
// chunks); a variable so tests can exercise several chunks on small data.
var chunkObs = 1 << 17

const maxChunks = 4

func (d *demeaner) nChunks() int { return numChunks(d.n) }

func (d *demeaner) chunk(k, nc int) (lo, hi int) {
	return k * d.n / nc, (k + 1) * d.n / nc
}

// parallel runs f(k) for k in [0, nc) on at most threads goroutines.
func parallel(nc, threads int, f func(k int)) {
	if nc == 1 || threads <= 1 {
		for k := 0; k < nc; k++ {
			f(k)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, nc)
	for k := 0; k < nc; k++ {
		next <- k
	}
	close(next)
	for t := 0; t < min(threads, nc); t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				f(k)
			}
		}()
	}
	wg.Wait()
}

// col3 is one column's state in the shared iteration.
type col3 struct {
	v, out     []float64
	alpha      []float64 // warm start in, solution out
	sv         []float64
	x, gx, ggx []float64
	tol        float64
	res        demeanResult
	done       bool
}

// demeanMulti demeans all columns against Q ≥ 2 dimensions; see demeanAll.
// The buffers come from pool (see accBufs; nil: allocated).
func (d *demeaner) demeanMulti(vs, alphas, outs [][]float64, tols []float64, maxIter, threads int, pool *[]float64) []demeanResult {
	nc := d.nChunks()
	cols := make([]*col3, len(vs))
	for j := range vs {
		cols[j] = &col3{v: vs[j], out: outs[j], alpha: alphas[j], tol: tols[j],
			x: alphas[j], gx: make([]float64, d.m), ggx: make([]float64, d.m)}
	}
	d.sumsMulti(cols, nc, threads, pool)
	scratch := newAccBufs(nc, len(cols), d.nlev, pool)
	s := d.off[1]
	active := cols
	for len(active) > 0 {
		if active = d.sweepStep(active, false, scratch, nc, threads); len(active) == 0 {
			break
		}
		active = d.sweepStep(active, true, scratch, nc, threads)
		var next []*col3
		for _, c := range active {
			// Irons–Tuck extrapolation on the state (dimensions 2..Q).
			var vprod, ssq float64
			for i := s; i < d.m; i++ {
				dg := c.ggx[i] - c.gx[i]
				d2 := dg - c.gx[i] + c.x[i]
				vprod += dg * d2
				ssq += d2 * d2
			}
			if ssq == 0 {
				copy(c.alpha, c.ggx)
				c.res.converged, c.done = true, true
				continue
			}
			coef := vprod / ssq
			for i := s; i < d.m; i++ {
				c.x[i] = c.ggx[i] - coef*(c.ggx[i]-c.gx[i])
			}
			if c.res.iters >= maxIter {
				c.done = true // not converged; alpha holds the last extrapolation
				continue
			}
			next = append(next, c)
		}
		active = next
	}
	d.residualMulti(cols, nc, threads)
	out := make([]demeanResult, len(cols))
	for j, c := range cols {
		out[j] = c.res
	}
	return out
}

// sweepStep sweeps the active columns once, F(x) → gx (or F(gx) → ggx
// when second), and returns those still moving; a column that stopped
// takes the new state as its solution.
func (d *demeaner) sweepStep(active []*col3, second bool, scratch accBufs, nc, threads int) []*col3 {
	states := func(c *col3) ([]float64, []float64) { return c.x, c.gx }
	if second {
		states = func(c *col3) ([]float64, []float64) { return c.gx, c.ggx }
	}
	d.sweepMulti(active, states, scratch, nc, threads)
	s := d.off[1]
	var next []*col3
	for _, c := range active {
		c.res.iters++
		from, to := states(c)
		if !stillMoving(from[s:], to[s:], c.tol) {
			copy(c.alpha, to)
			c.res.converged, c.done = true, true
			continue
		}
		next = append(next, c)
	}
	return next
}

// accBufs are per-chunk accumulators: buf[k][q][col][level], zeroed. They
// are carved from *pool, grown as needed, when pool is not nil: the
// demeaner keeps one pool (only one set of buffers is in use at a time),
// so each IRLS iteration reuses the memory of the last instead of
// allocating megabytes afresh.
type accBufs [][][][]float64

func newAccBufs(nc, ncol int, nlev []int, pool *[]float64) accBufs {
	size := 0
	for _, nl := range nlev {
		size += nc * ncol * nl
	}
	var flat []float64
	switch {
	case pool == nil:
		flat = make([]float64, size)
	case cap(*pool) < size:
		*pool = make([]float64, size)
		flat = *pool
	default:
		*pool = (*pool)[:size]
		flat = *pool
		clear(flat)
	}
	b := make(accBufs, nc)
	for k := range b {
		b[k] = make([][][]float64, len(nlev))
		for q, nl := range nlev {
			b[k][q] = make([][]float64, ncol)
			for j := range b[k][q] {
				b[k][q][j], flat = flat[:nl:nl], flat[nl:]
			}
		}
	}
	return b
}

// sumsMulti computes each column's weighted sums per level in one shared
// pass.
func (d *demeaner) sumsMulti(cols []*col3, nc, threads int, pool *[]float64) {
	bufs := newAccBufs(nc, len(cols), d.nlev, pool)
	w := d.w
	parallel(nc, threads, func(k int) {
		lo, hi := d.chunk(k, nc)
		j0 := 0
		if d.q == 3 && w != nil {
			g := [3][]int32{d.g[0][lo:hi], d.g[1][lo:hi], d.g[2][lo:hi]}
			for ; j0+3 <= len(cols); j0 += 3 {
				b := bufs[k]
				sums3w([3][3][]float64{
					{b[0][j0], b[1][j0], b[2][j0]}, {b[0][j0+1], b[1][j0+1], b[2][j0+1]}, {b[0][j0+2], b[1][j0+2], b[2][j0+2]},
				}, [3][]float64{cols[j0].v[lo:hi], cols[j0+1].v[lo:hi], cols[j0+2].v[lo:hi]}, w[lo:hi], g)
			}
		}
		for j := j0; j < len(cols); j++ {
			v := cols[j].v
			if d.q == 3 {
				g0, g1, g2 := d.g[0], d.g[1], d.g[2]
				s0, s1, s2 := bufs[k][0][j], bufs[k][1][j], bufs[k][2][j]
				for i := lo; i < hi; i++ {
					x := v[i]
					if w != nil {
						x *= w[i]
					}
					s0[g0[i]] += x
					s1[g1[i]] += x
					s2[g2[i]] += x
				}
				continue
			}
			for q := 0; q < d.q; q++ {
				g, s := d.g[q], bufs[k][q][j]
				for i := lo; i < hi; i++ {
					x := v[i]
					if w != nil {
						x *= w[i]
					}
					s[g[i]] += x
				}
			}
		}
	})
	for j, c := range cols {
		c.sv = make([]float64, d.m)
		for q := 0; q < d.q; q++ {
			dst := c.sv[d.off[q] : d.off[q]+d.nlev[q]]
			for k := 0; k < nc; k++ {
				for l, x := range bufs[k][q][j] {
					dst[l] += x
				}
			}
		}
	}
}

// sweepMulti applies one Gauss–Seidel sweep to every column: io returns
// the input and output coefficient vectors of a column.
func (d *demeaner) sweepMulti(cols []*col3, io func(*col3) ([]float64, []float64), bufs accBufs, nc, threads int) {
	outs := make([][]float64, len(cols))
	for j, c := range cols {
		in, out := io(c)
		copy(out, in)
		outs[j] = out
	}
	w := d.w
	for q := 0; q < d.q; q++ {
		gq := d.g[q]
		parallel(nc, threads, func(k int) {
			lo, hi := d.chunk(k, nc)
			accs := bufs[k][q][:len(outs)]
			for _, acc := range accs {
				clear(acc)
			}
			d.crossChunks(q, outs, accs, w, gq, lo, hi)
		})
		// The chunks' sums are added per level in chunk order; ranges of
		// levels run in parallel, which changes no level's arithmetic.
		nl := d.nlev[q]
		inv := d.invSw[q]
		parts := min(threads, maxChunks)
		parallel(parts, threads, func(p int) {
			lo, hi := p*nl/parts, (p+1)*nl/parts
			for j, c := range cols {
				o := outs[j][d.off[q] : d.off[q]+nl]
				sv := c.sv[d.off[q] : d.off[q]+nl]
				for l := lo; l < hi; l++ {
					a := bufs[0][q][j][l]
					for k := 1; k < nc; k++ {
						a += bufs[k][q][j][l]
					}
					o[l] = (sv[l] - a) * inv[l]
				}
			}
		})
	}
}

// crossChunks is crossChunk for several columns (coefficient vectors
// alphas, accumulators accs). With three dimensions and weights, the
// structural-gravity case, three columns at a time share one pass over the
// observations: the codes and weights are read once for all of them, and
// the columns' sums, independent chains of additions, overlap in the
// processor. Each column's additions are those of crossChunk in the same
// order, so the sums are bit for bit the same.
func (d *demeaner) crossChunks(q int, alphas, accs [][]float64, w []float64, gq []int32, lo, hi int) {
	if d.q == 3 && w != nil {
		p1, p2 := (q+1)%3, (q+2)%3
		g1, g2 := d.g[p1][lo:hi], d.g[p2][lo:hi]
		wc, gc := w[lo:hi], gq[lo:hi]
		dim := func(a []float64, p int) []float64 { return a[d.off[p] : d.off[p]+d.nlev[p]] }
		for len(alphas) >= 3 {
			a, b, c := alphas[0], alphas[1], alphas[2]
			cross3w(accs[0], accs[1], accs[2], dim(a, p1), dim(b, p1), dim(c, p1), dim(a, p2), dim(b, p2), dim(c, p2), wc, gc, g1, g2)
			alphas, accs = alphas[3:], accs[3:]
		}
	}
	for j, a := range alphas {
		d.crossChunk(q, a, accs[j], w, gq, lo, hi)
	}
}

// cross3w is crossChunk's weighted three-dimension loop for three columns
// (accumulators s, t, u; their coefficients of the other two dimensions
// a* and b*) over the chunk's observations.
func cross3w(s, t, u, as, at, au, bs, bt, bu, w []float64, gq, g1, g2 []int32) {
	g1, g2 = g1[:len(gq)], g2[:len(gq)]
	w = w[:len(gq)]
	for i, g := range gq {
		wi, k1, k2 := w[i], g1[i], g2[i]
		s[g] += wi * (as[k1] + bs[k2])
		t[g] += wi * (at[k1] + bt[k2])
		u[g] += wi * (au[k1] + bu[k2])
	}
}

// crossChunk accumulates into acc[g], over observations lo..hi of level g
// of dimension q, the weighted sum of the other dimensions' coefficients.
func (d *demeaner) crossChunk(q int, alpha, acc, w []float64, gq []int32, lo, hi int) {
	switch d.q {
	case 2:
		p := 1 - q
		a1, g1 := alpha[d.off[p]:d.off[p]+d.nlev[p]], d.g[p]
		if w == nil {
			for i := lo; i < hi; i++ {
				acc[gq[i]] += a1[g1[i]]
			}
		} else {
			for i := lo; i < hi; i++ {
				acc[gq[i]] += w[i] * a1[g1[i]]
			}
		}
	case 3:
		p1, p2 := (q+1)%3, (q+2)%3
		a1, a2 := alpha[d.off[p1]:d.off[p1]+d.nlev[p1]], alpha[d.off[p2]:d.off[p2]+d.nlev[p2]]
		g1, g2 := d.g[p1], d.g[p2]
		if w == nil {
			for i := lo; i < hi; i++ {
				acc[gq[i]] += a1[g1[i]] + a2[g2[i]]
			}
		} else {
			for i := lo; i < hi; i++ {
				acc[gq[i]] += w[i] * (a1[g1[i]] + a2[g2[i]])
			}
		}
	default:
		for i := lo; i < hi; i++ {
			var s float64
			for p := 0; p < d.q; p++ {
				if p != q {
					s += alpha[d.off[p]+int(d.g[p][i])]
				}
			}
			if w != nil {
				s *= w[i]
			}
			acc[gq[i]] += s
		}
	}
}

// sums3w is sumsMulti's weighted three-dimension pass for three columns
// v: s[j][q] receives column j's sums per level of dimension q, each added
// in row order as the one-column pass adds them.
func sums3w(s [3][3][]float64, v [3][]float64, w []float64, g [3][]int32) {
	g0, g1, g2 := g[0][:len(w)], g[1][:len(w)], g[2][:len(w)]
	v0, v1, v2 := v[0][:len(w)], v[1][:len(w)], v[2][:len(w)]
	for i, wi := range w {
		a, b, c := g0[i], g1[i], g2[i]
		x := v0[i] * wi
		s[0][0][a] += x
		s[0][1][b] += x
		s[0][2][c] += x
		x = v1[i] * wi
		s[1][0][a] += x
		s[1][1][b] += x
		s[1][2][c] += x
		x = v2[i] * wi
		s[2][0][a] += x
		s[2][1][b] += x
		s[2][2][c] += x
	}
}

// residualMulti writes each column's residual; with three dimensions,
// three columns at a time share one pass over the codes.
func (d *demeaner) residualMulti(cols []*col3, nc, threads int) {
	parallel(nc, threads, func(k int) {
		lo, hi := d.chunk(k, nc)
		rest := cols
		if d.q == 3 {
			for ; len(rest) >= 3; rest = rest[3:] {
				d.residual3(rest[:3], lo, hi)
			}
		}
		for _, c := range rest {
			d.residualRange(c.v, c.alpha, c.out, lo, hi)
		}
	})
}

// residual3 is residualRange for three columns over three dimensions, in
// one pass.
func (d *demeaner) residual3(cols []*col3, lo, hi int) {
	var a [3][3][]float64 // a[j][q]: column j's coefficients of dimension q
	for j, c := range cols {
		for q := range 3 {
			a[j][q] = c.alpha[d.off[q] : d.off[q]+d.nlev[q]]
		}
	}
	n := hi - lo
	v0, v1, v2 := cols[0].v[lo:hi][:n], cols[1].v[lo:hi][:n], cols[2].v[lo:hi][:n]
	o0, o1, o2 := cols[0].out[lo:hi][:n], cols[1].out[lo:hi][:n], cols[2].out[lo:hi][:n]
	g0, g1, g2 := d.g[0][lo:hi][:n], d.g[1][lo:hi][:n], d.g[2][lo:hi][:n]
	for i := range n {
		p, q, r := g0[i], g1[i], g2[i]
		o0[i] = v0[i] - a[0][0][p] - a[0][1][q] - a[0][2][r]
		o1[i] = v1[i] - a[1][0][p] - a[1][1][q] - a[1][2][r]
		o2[i] = v2[i] - a[2][0][p] - a[2][1][q] - a[2][2][r]
	}
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
