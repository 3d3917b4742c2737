package sim

import (
	"context"
	"slices"
	"testing"

	"github.com/steppe-dev/steppe/dist"
)

// TestFirstRepeatsTheRunsBlocks: runs over consecutive ranges of draws
// (Options.First a multiple of BlockSize) give the blocks, sums included,
// of the run from 0, and Header with Means on their sums added in block
// order gives the run's means bit for bit.
func TestFirstRepeatsTheRunsBlocks(t *testing.T) {
	w := testWorld(0.01)
	w.Hazards[0].Monthly.Dist = dist.Uniform{Min: 0.001, Max: 0.03}
	m, err := New(w, Engines{})
	if err != nil {
		t.Fatal(err)
	}
	const draws = 3*BlockSize + 17
	type blk struct {
		lo, hi             int
		pany, onsets, sums []float64
	}
	collect := func(o Options) ([]blk, *Output) {
		var bs []blk
		o.Each = func(b *Block) error {
			bs = append(bs, blk{b.Lo, b.Hi, slices.Clone(b.PAny), slices.Clone(b.Onsets), slices.Clone(b.Sums)})
			return nil
		}
		out, err := m.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		return bs, out
	}
	for _, paths := range []bool{false, true} {
		whole, want := collect(Options{Draws: draws, Seed: 7, Workers: 3, Paths: paths})
		var parts []blk
		for _, r := range [][2]int{{0, BlockSize}, {BlockSize, 2 * BlockSize}, {3 * BlockSize, draws}, {2 * BlockSize, 3 * BlockSize}} {
			bs, _ := collect(Options{First: r[0], Draws: r[1] - r[0], Seed: 7, Workers: 2, Paths: paths})
			parts = append(parts, bs...)
		}
		slices.SortFunc(parts, func(a, b blk) int { return a.lo - b.lo })
		if len(parts) != len(whole) {
			t.Fatalf("paths %v: %d blocks in ranges, %d in the run", paths, len(parts), len(whole))
		}
		total := make([]float64, len(whole[0].sums))
		for i, p := range parts {
			g := whole[i]
			if p.lo != g.lo || p.hi != g.hi || !slices.Equal(p.pany, g.pany) || !slices.Equal(p.onsets, g.onsets) || !slices.Equal(p.sums, g.sums) {
				t.Fatalf("paths %v: block %d-%d differs from the run's %d-%d", paths, p.lo, p.hi, g.lo, g.hi)
			}
			for j, v := range p.sums {
				total[j] += v
			}
		}
		if slices.Equal(whole[0].pany, whole[1].pany) {
			t.Fatal("draws do not differ: the test cannot tell blocks apart")
		}
		out, err := m.Header(Options{Draws: draws, Seed: 7, Paths: paths})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Means(out, total); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(out.Triggers, want.Triggers) || !slices.Equal(out.Interventions, want.Interventions) ||
			!slices.Equal(out.Completion, want.Completion) || !slices.Equal(out.Effects, want.Effects) {
			t.Fatalf("paths %v: means from the blocks' sums differ from the run's", paths)
		}
		if err := m.Means(out, total[1:]); err == nil {
			t.Fatal("Means took sums of the wrong length")
		}
	}
	if _, err := m.Run(context.Background(), Options{Draws: 1, First: -1}); err == nil {
		t.Fatal("Run took a negative First")
	}
}
