package network

import "testing"

// BenchmarkBetweennessCutoff is the anchor benchmark's edge betweenness
// (steppe bench network): a 224x224 lattice with 10% of its edges removed
// (seed 1), paths up to 30 edges, one worker.
func BenchmarkBetweennessCutoff(b *testing.B) {
	g := Lattice(224, 224, 0.1, 1)
	b.ResetTimer()
	for range b.N {
		if _, err := g.Betweenness(BetweennessOptions{Cutoff: 30, Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
