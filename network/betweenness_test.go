package network

import (
	"math"
	"testing"
)

// TestBetweennessBlockSums checks that summing a block of sources in one
// buffer gives the sum of the sources one at a time: on a graph of more
// than 128 nodes a block holds several sources (betweennessBlock), which
// the igraph goldens' small graphs never do. Each source alone is scaled
// by Nodes (and halved), so its result over Nodes is its own sum.
func TestBetweennessBlockSums(t *testing.T) {
	g := Lattice(12, 15, 0.1, 3)
	if betweennessBlock(g.Nodes()) < 2 {
		t.Fatalf("%d nodes: blocks of %d source", g.Nodes(), betweennessBlock(g.Nodes()))
	}
	for _, cutoff := range []float64{0, 4} {
		all, err := g.Betweenness(BetweennessOptions{Cutoff: cutoff, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		edge, node := make([]float64, g.Edges()), make([]float64, g.Nodes())
		for s := range g.Nodes() {
			one, err := g.Betweenness(BetweennessOptions{Cutoff: cutoff, Sources: []int{s}})
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range one.Edge {
				edge[i] += x / float64(g.Nodes())
			}
			for i, x := range one.Node {
				node[i] += x / float64(g.Nodes())
			}
		}
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
		for i := range edge {
			if !near(all.Edge[i], edge[i]) {
				t.Errorf("cutoff %v: edge %d betweenness %v, sources one at a time %v", cutoff, i, all.Edge[i], edge[i])
			}
		}
		for i := range node {
			if !near(all.Node[i], node[i]) {
				t.Errorf("cutoff %v: node %d betweenness %v, sources one at a time %v", cutoff, i, all.Node[i], node[i])
			}
		}
	}
}

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
