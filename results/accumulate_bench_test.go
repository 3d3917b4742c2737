package results

import (
	"context"
	"slices"
	"testing"

	"github.com/steppe-dev/steppe/sim"
)

// BenchmarkAccumulator summarises `steppe run`'s default 10,000 draws of
// the default scenario's shape (2 policies, 382 series, all in memory: one
// pass) from blocks simulated once beforehand, and reports nanoseconds per
// draw: the summarising that the run's workers do besides simulating.
func BenchmarkAccumulator(b *testing.B) {
	sc, m := statedDefault(b)
	const draws = 10000
	var blocks []sim.Block
	keep := func(blk *sim.Block) error {
		c := *blk
		c.PAny, c.Onsets, c.TriggerCounts = slices.Clone(blk.PAny), slices.Clone(blk.Onsets), slices.Clone(blk.TriggerCounts)
		blocks = append(blocks, c)
		return nil
	}
	out, err := m.Run(context.Background(), sim.Options{Draws: draws, Seed: 1, Each: keep})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		a := NewAccumulator()
		for i := range blocks {
			if err := a.Add(&blocks[i]); err != nil {
				b.Fatal(err)
			}
		}
		if a.Next() {
			b.Fatal("the default run's draws took more than one pass")
		}
		a.Results(out, sc.World)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*draws), "ns/draw")
}
