package results

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// orderStats finds the same order statistics as a full sort, and leaves
// its input as it was, on evenly spread, tied, skewed (most values in one
// bucket) and negative data; it declines data with a NaN, an infinity or no
// spread, which the caller then selects over in full.
func TestOrderStats(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	gens := map[string]func() float64{
		"uniform":   r.Float64,
		"ties":      func() float64 { return float64(r.IntN(3)) / 7 },
		"skewed":    func() float64 { return math.Pow(r.Float64(), 40) },
		"outlier":   func() float64 { return float64(r.IntN(2)) * 1e-9 },
		"signed":    func() float64 { return r.NormFloat64() * 1e-3 },
		"lognormal": func() float64 { return math.Exp(3 * r.NormFloat64()) },
	}
	var sc selScratch
	for name, gen := range gens {
		for _, n := range []int{2, 3, 17, 1001, 10000} {
			x := make([]float64, n)
			for i := range x {
				x[i] = gen()
			}
			if n > 2 {
				x[n/2] = 1e6 // one outlier: the rest share a few buckets
			}
			orig := slices.Clone(x)
			sorted := slices.Sorted(slices.Values(x))
			for _, ranks := range [][]int{
				quantileRanks(n, cellProbs), quantileRanks(n, deltaProbs), {0, n - 1}, {n / 2},
			} {
				v := make([]float64, len(ranks))
				if !orderStats(x, ranks, v, &sc) {
					if sorted[0] != sorted[n-1] {
						t.Fatalf("%s n=%d: declined data with a spread", name, n)
					}
					continue
				}
				for j, k := range ranks {
					if v[j] != sorted[k] {
						t.Fatalf("%s n=%d ranks %v: rank %d is %v, want %v", name, n, ranks, k, v[j], sorted[k])
					}
				}
				if !slices.Equal(x, orig) {
					t.Fatalf("%s n=%d: orderStats changed its input", name, n)
				}
			}
		}
	}
	for _, x := range [][]float64{
		{1, math.NaN(), 2}, {1, math.Inf(1), 2}, {math.Inf(-1), 0}, {3, 3, 3}, {-math.MaxFloat64, math.MaxFloat64},
	} {
		if orderStats(x, []int{0}, make([]float64, 1), &sc) {
			t.Errorf("orderStats(%v) = true, want false (the caller selects over all of it)", x)
		}
	}
}
