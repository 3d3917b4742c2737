package gravity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// randomFE draws n codes for each dimension's number of levels, in random
// order (so that levels recur at any distance).
func randomFE(rng *rand.Rand, n int, nlev ...int) []feDim {
	dims := make([]feDim, len(nlev))
	for q, nl := range nlev {
		codes := make([]int32, n)
		for i := range codes {
			codes[i] = int32(rng.IntN(nl))
		}
		dims[q] = feDim{codes: codes, levels: make([]string, nl)}
	}
	return dims
}

// The fused pass over several columns (crossChunks) must add each column's
// terms exactly as the one-column pass (crossChunk) does: the fit's bit-for-
// bit results rest on it. Checked for one to seven columns, weighted and
// not, over part of the rows.
func TestCrossChunksMatchesOneColumn(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	const n, lo, hi = 2000, 100, 1950
	dims := randomFE(rng, n, 7, 11, 40)
	w := make([]float64, n)
	for i := range w {
		w[i] = rng.ExpFloat64()
	}
	for _, weights := range [][]float64{w, nil} {
		d := newDemeaner(dims)
		d.setWeights(weights)
		for ncol := 1; ncol <= 7; ncol++ {
			t.Run(fmt.Sprintf("weighted=%v/cols=%d", weights != nil, ncol), func(t *testing.T) {
				alphas := make([][]float64, ncol)
				got := make([][]float64, ncol)
				for j := range alphas {
					alphas[j] = make([]float64, d.m)
					for l := range alphas[j] {
						alphas[j][l] = rng.NormFloat64()
					}
				}
				for q := range dims {
					for j := range got {
						got[j] = make([]float64, d.nlev[q])
					}
					d.crossChunks(q, alphas, got, weights, d.g[q], lo, hi)
					for j := range alphas {
						want := make([]float64, d.nlev[q])
						d.crossChunk(q, alphas[j], want, weights, d.g[q], lo, hi)
						for l := range want {
							if got[j][l] != want[l] {
								t.Fatalf("dimension %d column %d level %d: fused %.17g, alone %.17g", q, j, l, got[j][l], want[l])
							}
						}
					}
				}
			})
		}
	}
}

// Demeaning columns together gives each column's own demeaning bit for
// bit, coefficients and residuals, whatever the columns beside it: the
// shared passes (sums, sweeps, residuals) add each column's terms as a
// pass of its own would. Several chunks, weighted and not, one to seven
// columns with different tolerances.
func TestDemeanTogetherEqualsAlone(t *testing.T) {
	old := chunkObs
	defer func() { chunkObs = old }()
	chunkObs = 300
	rng := rand.New(rand.NewPCG(11, 13))
	const n = 1500
	dims := randomFE(rng, n, 9, 14, 60)
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + rng.Float64()
	}
	for _, weights := range [][]float64{w, nil} {
		for ncol := 1; ncol <= 7; ncol++ {
			vs := make([][]float64, ncol)
			tols := make([]float64, ncol)
			for j := range vs {
				vs[j] = make([]float64, n)
				for i := range vs[j] {
					vs[j][i] = rng.NormFloat64() + float64(dims[0].codes[i]%3)
				}
				tols[j] = []float64{1e-6, 1e-9, 1e-4}[j%3]
			}
			d := newDemeaner(dims)
			d.setWeights(weights)
			alphas, outs := make([][]float64, ncol), make([][]float64, ncol)
			for j := range vs {
				alphas[j], outs[j] = make([]float64, d.m), make([]float64, n)
			}
			got := d.demeanMulti(vs, alphas, outs, tols, 500, 2, &d.pool)
			for j := range vs {
				alpha, out := make([]float64, d.m), make([]float64, n)
				want := d.demeanMulti(vs[j:j+1], [][]float64{alpha}, [][]float64{out}, tols[j:j+1], 500, 1, nil)
				if got[j] != want[0] {
					t.Fatalf("weighted=%v cols=%d: column %d: %+v together, %+v alone", weights != nil, ncol, j, got[j], want[0])
				}
				for i := range out {
					if math.Float64bits(outs[j][i]) != math.Float64bits(out[i]) {
						t.Fatalf("weighted=%v cols=%d: column %d row %d: %.17g together, %.17g alone", weights != nil, ncol, j, i, outs[j][i], out[i])
					}
				}
				for l := range alpha {
					if math.Float64bits(alphas[j][l]) != math.Float64bits(alpha[l]) {
						t.Fatalf("weighted=%v cols=%d: column %d coefficient %d differs", weights != nil, ncol, j, l)
					}
				}
			}
		}
	}
}
