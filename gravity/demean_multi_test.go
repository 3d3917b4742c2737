package gravity

import (
	"fmt"
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
