package network

import (
	"math"
	"math/rand/v2"
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

// TestSearchReference checks the unweighted search, whose loops skip
// bounds checks, against a plain one with checked indexing and separate
// arrays (hops, sigma, delta), written to do the same floating-point
// operations in the same order (sigma pushed from each node in BFS order;
// a node's dependency summed over its arcs in order, each term
// sigma_v*((1+delta_w)/sigma_w)), so that the two agree bit for bit: on
// random multigraphs with self-loops, directed and not, with and without
// a cutoff, every source added into the same sums.
func TestSearchReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 16))
	for c := range 12 {
		n, m := 2+r.IntN(40), r.IntN(120)
		from, to := make([]int, m), make([]int, m)
		for i := range from {
			from[i], to[i] = r.IntN(n), r.IntN(n)
		}
		g, err := NewGraph(n, from, to, nil, c%2 == 1)
		if err != nil {
			t.Fatal(err)
		}
		cutoff := []float64{0, 0.5, 1, 2.5, 3}[c%5]
		b := g.newBrandes(BetweennessOptions{Cutoff: cutoff})
		edge, node := make([]float64, g.Edges()), make([]float64, n)
		wantE, wantN := make([]float64, g.Edges()), make([]float64, n)
		for s := range n {
			b.source(int32(s), edge, node)
			referenceSearch(g, s, cutoff, wantE, wantN)
		}
		for i := range edge {
			if math.Float64bits(edge[i]) != math.Float64bits(wantE[i]) {
				t.Errorf("case %d (n %d, m %d, directed %v, cutoff %v): edge %d sum %v, reference %v", c, n, m, g.directed, cutoff, i, edge[i], wantE[i])
			}
		}
		for i := range node {
			if math.Float64bits(node[i]) != math.Float64bits(wantN[i]) {
				t.Errorf("case %d (n %d, m %d, directed %v, cutoff %v): node %d sum %v, reference %v", c, n, m, g.directed, cutoff, i, node[i], wantN[i])
			}
		}
	}
}

// referenceSearch adds source s's dependencies to edge and node: Brandes'
// BFS and accumulation with checked indexing (see TestSearchReference).
func referenceSearch(g *Graph, s int, cutoff float64, edge, node []float64) {
	hops, sigma, delta := make([]int, g.n), make([]float64, g.n), make([]float64, g.n)
	for i := range hops {
		hops[i] = -1
	}
	within := func(h int) bool { return cutoff == 0 || float64(h) <= cutoff }
	hops[s], sigma[s] = 0, 1
	queue := []int{s}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		if !within(hops[v] + 1) {
			continue
		}
		for a := g.outStart[v]; a < g.outStart[v+1]; a++ {
			w := int(g.outTo[a])
			if hops[w] < 0 {
				hops[w] = hops[v] + 1
				queue = append(queue, w)
			}
			if hops[w] == hops[v]+1 {
				sigma[w] += sigma[v]
			}
		}
	}
	for i := len(queue) - 1; i >= 0; i-- {
		v := queue[i]
		for a := g.outStart[v]; a < g.outStart[v+1]; a++ {
			if w := int(g.outTo[a]); hops[w] == hops[v]+1 {
				c := sigma[v] * ((1 + delta[w]) / sigma[w])
				edge[g.outEdge[a]] += c
				delta[v] += c
			}
		}
		if v != s {
			node[v] += delta[v]
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
