package results

import (
	"bytes"
	"context"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sim"
)

// The Accumulator's passes over streamed draws give the same bytes as
// Summarize of the draws kept in memory: with everything in memory, with a
// pilot and a second pass, with wants narrowed by extra histogram passes
// (collect limit 4), on conditional probabilities and on 0/1 event paths,
// and for 1 and 3 workers.
func TestAccumulatorMatchesSummarize(t *testing.T) {
	sc, m := statedDefault(t)
	for _, tc := range []struct {
		name           string
		draws          int
		paths          bool
		pilot, collect int
		minPasses      int
	}{
		{"in memory", 300, false, DefaultPilotValues, maxCollect, 1},
		{"pilot and second pass", 1100, false, 1, maxCollect, 2},
		{"narrowed", 1100, false, 1, 0, 3},
		{"paths", 1100, true, 1, 4, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := sim.Options{Draws: tc.draws, Seed: 3, Paths: tc.paths}
			out, err := m.Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := Summarize(out, sc.World).WriteJSON(&want); err != nil {
				t.Fatal(err)
			}
			workers := []int{1, 3}
			if tc.minPasses > 2 || tc.paths {
				workers = []int{2} // the many passes are slow; one count shows them
			}
			for _, workers := range workers {
				a := NewAccumulator()
				a.PilotValues, a.collect = tc.pilot, tc.collect
				o.Workers, o.Each = workers, a.Add
				passes := 0
				var first *sim.Output
				for {
					passes++
					out, err := m.Run(context.Background(), o)
					if err != nil {
						t.Fatal(err)
					}
					if first == nil {
						first = out
					}
					if !a.Next() {
						break
					}
				}
				var got bytes.Buffer
				if err := a.Results(first, sc.World).WriteJSON(&got); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("%d workers, %d passes: streamed results differ from Summarize", workers, passes)
				}
				if passes < tc.minPasses {
					t.Errorf("%d passes, want at least %d (the case does not exercise what it names)", passes, tc.minPasses)
				}
			}
		})
	}
}

// statedDefault is the default scenario with its stated models only (the
// quickest to run).
func statedDefault(t testing.TB) (*scenario.Scenario, *sim.Model) {
	sc := fixture.Load(t, "scenarios/central-asia.yaml")
	m, err := sim.New(sc.World, sim.Engines{})
	if err != nil {
		t.Fatal(err)
	}
	return sc, m
}

// selectRanks puts each wanted rank's value at the rank, as a sort would,
// on random data with and without ties, for the ranks of the cells' and
// the deltas' quantiles and for adjacent, repeated-value and edge ranks.
func TestSelectRanks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 17, 100, 1001, 10000} {
		for _, levels := range []int{1, 2, 10, 1 << 30} {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(r.IntN(levels))
			}
			sorted := slices.Sorted(slices.Values(x))
			for _, ranks := range [][]int{
				quantileRanks(n, cellProbs), quantileRanks(n, deltaProbs),
				{0, n - 1}, {0, 1, 2}, {n / 3, n / 3, n/3 + 1, n - 1},
			} {
				ranks = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(ranks))), func(k int) bool { return k >= n })
				y := slices.Clone(x)
				selectRanks(y, ranks, 0, n-1, 2*bits.Len(uint(n)))
				for _, k := range ranks {
					if y[k] != sorted[k] {
						t.Fatalf("n=%d levels=%d ranks %v: rank %d is %v, want %v", n, levels, ranks, k, y[k], sorted[k])
					}
				}
				if !slices.Equal(slices.Sorted(slices.Values(y)), sorted) {
					t.Fatalf("n=%d levels=%d: selectRanks changed the values", n, levels)
				}
			}
		}
	}
}

// selectRank puts the k-th smallest value at k, as a sort would, on random
// data with and without ties.
func TestSelectRank(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 17, 100, 1001} {
		for _, levels := range []int{2, 10, 1 << 30} {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(r.IntN(levels))
			}
			sorted := slices.Sorted(slices.Values(x))
			for _, k := range []int{0, n / 20, n / 2, n - 1 - n/20, n - 1} {
				y := slices.Clone(x)
				selectRank(y, k)
				if y[k] != sorted[k] {
					t.Fatalf("n=%d levels=%d: selectRank(k=%d) = %v, want %v", n, levels, k, y[k], sorted[k])
				}
				for i := range y {
					if (i < k && y[i] > y[k]) || (i > k && y[i] < y[k]) {
						t.Fatalf("n=%d levels=%d k=%d: %v at %d is on the wrong side of %v", n, levels, k, y[i], i, y[k])
					}
				}
			}
		}
	}
}
