package network

import (
	"fmt"
	"math"
	"sort"
	"sync"
	"sync/atomic"
)

// Graph is a plain graph built from an edge list: nodes 0..n-1, edges with
// non-negative weights, directed or undirected, multi-edges and self-loops
// allowed. It holds adjacency in compressed sparse row form and is safe for
// concurrent reads. Unlike [Network] it carries no geometry, layers or
// countries: it is the graph the standard measures ([Graph.BFS],
// [Graph.Bridges], [Graph.Betweenness] ...) run on, and any edge list can
// be loaded into it ([ReadEdgeList]).
type Graph struct {
	n        int
	directed bool
	from, to []int32
	w        []float64 // nil: every edge weighs 1
	ids      []string  // node ids from the edge list; nil when built from numbers
	// out-arcs of v: outStart[v]..outStart[v+1] in outEdge/outTo. For an
	// undirected graph an edge is an arc both ways (a self-loop once).
	outStart, outEdge, outTo []int32
	// in-arcs, only for a directed graph (an undirected graph's are its out-arcs)
	inStart, inEdge, inTo []int32
	// arcs ignoring direction, for components, bridges and articulation
	// points; the out-arcs for an undirected graph
	undOnce                  sync.Once
	undStart, undEdge, undTo []int32
}

// NewGraph returns the graph of n nodes and the edges from[i] -> to[i]
// (i = 0..len(from)-1) with weights w (nil: all 1). It fails on an end
// outside 0..n-1, on lists of different lengths, and on a negative, NaN or
// infinite weight.
func NewGraph(n int, from, to []int, w []float64, directed bool) (*Graph, error) {
	if n < 0 || n > math.MaxInt32-1 {
		return nil, fmt.Errorf("graph: %d nodes", n)
	}
	if len(from) != len(to) || (w != nil && len(w) != len(from)) {
		return nil, fmt.Errorf("graph: %d edge tails, %d heads and %d weights", len(from), len(to), len(w))
	}
	g := &Graph{n: n, directed: directed, from: make([]int32, len(from)), to: make([]int32, len(to))}
	for i := range from {
		if from[i] < 0 || from[i] >= n || to[i] < 0 || to[i] >= n {
			return nil, fmt.Errorf("graph: edge %d (%d, %d) has an end outside 0..%d", i, from[i], to[i], n-1)
		}
		g.from[i], g.to[i] = int32(from[i]), int32(to[i])
	}
	if w != nil {
		for i, x := range w {
			if !(x >= 0) || math.IsInf(x, 1) {
				return nil, fmt.Errorf("graph: edge %d has weight %v; want a finite number >= 0", i, x)
			}
		}
		g.w = append([]float64(nil), w...)
	}
	g.index()
	return g, nil
}

// csr builds arcs from the edges: both ways when both, else tail to head
// (rev: head to tail). A self-loop is one arc.
func (g *Graph) csr(both, rev bool) (start, edge, to []int32) {
	start = make([]int32, g.n+1)
	for i := range g.from {
		a, b := g.from[i], g.to[i]
		if rev {
			a, b = b, a
		}
		start[a+1]++
		if both && a != b {
			start[b+1]++
		}
	}
	for v := 0; v < g.n; v++ {
		start[v+1] += start[v]
	}
	fill := append([]int32(nil), start[:g.n]...)
	edge = make([]int32, start[g.n])
	to = make([]int32, start[g.n])
	for i := range g.from {
		a, b := g.from[i], g.to[i]
		if rev {
			a, b = b, a
		}
		edge[fill[a]], to[fill[a]] = int32(i), b
		fill[a]++
		if both && a != b {
			edge[fill[b]], to[fill[b]] = int32(i), a
			fill[b]++
		}
	}
	return start, edge, to
}

func (g *Graph) index() {
	g.outStart, g.outEdge, g.outTo = g.csr(!g.directed, false)
	if g.directed {
		g.inStart, g.inEdge, g.inTo = g.csr(false, true)
	} else {
		g.inStart, g.inEdge, g.inTo = g.outStart, g.outEdge, g.outTo
	}
}

// und returns the arcs ignoring direction.
func (g *Graph) und() (start, edge, to []int32) {
	if !g.directed {
		return g.outStart, g.outEdge, g.outTo
	}
	g.undOnce.Do(func() { g.undStart, g.undEdge, g.undTo = g.csr(true, false) })
	return g.undStart, g.undEdge, g.undTo
}

// Nodes is the number of nodes.
func (g *Graph) Nodes() int { return g.n }

// Edges is the number of edges.
func (g *Graph) Edges() int { return len(g.from) }

// Directed reports whether edges are arcs from tail to head.
func (g *Graph) Directed() bool { return g.directed }

// Edge returns the ends and weight of edge e.
func (g *Graph) Edge(e int) (from, to int, w float64) {
	return int(g.from[e]), int(g.to[e]), g.weight(int32(e))
}

// ID returns node v's id in the edge list it was read from, or its number.
func (g *Graph) ID(v int) string {
	if g.ids != nil {
		return g.ids[v]
	}
	return itoa(v)
}

// Weighted reports whether the graph has edge weights.
func (g *Graph) Weighted() bool { return g.w != nil }

func (g *Graph) weight(e int32) float64 {
	if g.w == nil {
		return 1
	}
	return g.w[e]
}

// Search holds the buffers of one traversal of a Graph at a time, so that
// repeated searches allocate nothing. A Search is not safe for concurrent
// use; make one per goroutine.
type Search struct {
	g     *Graph
	hops  []int32
	dist  []float64
	queue []int32
	heap  heap
}

// NewSearch returns the buffers for searches of g.
func (g *Graph) NewSearch() *Search {
	s := &Search{g: g, hops: make([]int32, g.n), dist: make([]float64, g.n), queue: make([]int32, 0, g.n)}
	return s
}

// BFS returns the number of edges on a shortest path from the nearest of the
// sources to every node (-1 when unreachable), following arcs out of a node
// in a directed graph: with one source a breadth-first search (Moore 1959),
// with several a multi-source search. The slice is the Search's and is
// overwritten by its next call.
func (s *Search) BFS(sources ...int) []int32 {
	g, d := s.g, s.hops
	for i := range d {
		d[i] = -1
	}
	q := s.queue[:0]
	for _, x := range sources {
		if d[x] < 0 {
			d[x] = 0
			q = append(q, int32(x))
		}
	}
	for h := 0; h < len(q); h++ {
		v := q[h]
		dv := d[v] + 1
		for _, w := range g.outTo[g.outStart[v]:g.outStart[v+1]] {
			if d[w] < 0 {
				d[w] = dv
				q = append(q, w)
			}
		}
	}
	s.queue = q
	return d
}

// Dijkstra returns the weighted length of a shortest path from the nearest
// of the sources to every node (+Inf when unreachable), by Dijkstra's
// algorithm (1959) with a binary heap. The slice is the Search's and is
// overwritten by its next call.
func (s *Search) Dijkstra(sources ...int) []float64 {
	d := s.dist
	for i := range d {
		d[i] = math.Inf(1)
	}
	h := &s.heap
	h.reset()
	for _, x := range sources {
		if d[x] > 0 {
			d[x] = 0
			h.push(int32(x), 0)
		}
	}
	for h.len() > 0 {
		if v, dv := h.pop(); dv == d[v] { // else a stale entry
			s.relax(v, dv)
		}
	}
	return d
}

// relax lowers the tentative distance of v's out-neighbours through v,
// settled at distance dv, and queues those it lowers.
func (s *Search) relax(v int32, dv float64) {
	g, d := s.g, s.dist
	for a := g.outStart[v]; a < g.outStart[v+1]; a++ {
		w := g.outTo[a]
		if nd := dv + g.weight(g.outEdge[a]); nd < d[w] {
			d[w] = nd
			s.heap.push(w, nd)
		}
	}
}

// HopDistances returns BFS distances (edges on a shortest path, -1 when
// unreachable) from each source separately, row i for sources[i], over
// workers goroutines (0: 1). Rows do not depend on workers.
func (g *Graph) HopDistances(sources []int, workers int) [][]int32 {
	return fromEachSource(g, sources, workers, func(s *Search, x int) []int32 { return s.BFS(x) })
}

// Distances returns weighted shortest distances (+Inf when unreachable)
// from each source separately, row i for sources[i], over workers
// goroutines (0: 1).
func (g *Graph) Distances(sources []int, workers int) [][]float64 {
	return fromEachSource(g, sources, workers, func(s *Search, x int) []float64 { return s.Dijkstra(x) })
}

// fromEachSource runs search from each source separately over workers
// goroutines, each with a Search of its own, and keeps a copy of each row.
func fromEachSource[T any](g *Graph, sources []int, workers int, search func(s *Search, source int) []T) [][]T {
	out := make([][]T, len(sources))
	forEachParallel(len(sources), workers, func() func(int) {
		s := g.NewSearch()
		return func(i int) { out[i] = append([]T(nil), search(s, sources[i])...) }
	})
	return out
}

// forEachParallel calls a worker's function on each of 0..n-1, each index
// once, over workers goroutines (at least 1, at most n); mk makes one
// worker's function (its buffers).
func forEachParallel(n, workers int, mk func() func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := mk()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// Components returns the connected component of each node, ignoring edge
// direction (weak components of a directed graph), numbered 0, 1, ... in
// the order of their smallest node, and their number.
func (g *Graph) Components() (comp []int32, count int) {
	start, _, to := g.und()
	comp = make([]int32, g.n)
	for i := range comp {
		comp[i] = -1
	}
	q := make([]int32, 0, g.n)
	for r := 0; r < g.n; r++ {
		if comp[r] >= 0 {
			continue
		}
		c := int32(count)
		count++
		comp[r] = c
		q = append(q[:0], int32(r))
		for h := 0; h < len(q); h++ {
			v := q[h]
			for _, w := range to[start[v]:start[v+1]] {
				if comp[w] < 0 {
					comp[w] = c
					q = append(q, w)
				}
			}
		}
	}
	return comp, count
}

// Bridges returns the edges whose removal disconnects their ends, and
// ArticulationPoints the nodes whose removal adds a component (direction
// ignored; self-loops are never bridges and a doubled edge is not a
// bridge). Both come from one depth-first search with low points (Tarjan
// 1974, "A note on finding the bridges of a graph", Information Processing
// Letters 2:160-161; Hopcroft and Tarjan 1973, CACM 16:372-378), run
// iteratively so that a long path cannot overflow a stack: O(n + m) time.
// Results are sorted.
func (g *Graph) Bridges() []int {
	b, _ := g.lowpoints()
	return b
}

// ArticulationPoints: see [Graph.Bridges].
func (g *Graph) ArticulationPoints() []int {
	_, a := g.lowpoints()
	return a
}

func (g *Graph) lowpoints() (bridges, cuts []int) {
	start, edge, to := g.und()
	n := g.n
	disc := make([]int32, n) // discovery time + 1; 0: unvisited
	low := make([]int32, n)
	next := make([]int32, n)    // next arc to look at
	parentE := make([]int32, n) // edge to the DFS parent, -1 at a root
	isCut := make([]bool, n)
	stack := make([]int32, 0, 64)
	t := int32(0)
	for r := 0; r < n; r++ {
		if disc[r] != 0 {
			continue
		}
		t++
		disc[r], low[r], next[r], parentE[r] = t, t, start[r], -1
		stack = append(stack[:0], int32(r))
		rootChildren := 0
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if a := next[v]; a < start[v+1] {
				next[v]++
				e, w := edge[a], to[a]
				if e == parentE[v] || w == v {
					continue // the tree edge back up (only that one copy), or a self-loop
				}
				if disc[w] == 0 {
					t++
					disc[w], low[w], next[w], parentE[w] = t, t, start[w], e
					stack = append(stack, w)
					if int(v) == r {
						rootChildren++
					}
				} else if disc[w] < low[v] {
					low[v] = disc[w]
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				break
			}
			p := stack[len(stack)-1]
			if low[v] < low[p] {
				low[p] = low[v]
			}
			if low[v] > disc[p] {
				bridges = append(bridges, int(parentE[v]))
			}
			if int(p) != r && low[v] >= disc[p] {
				isCut[p] = true
			}
		}
		if rootChildren > 1 {
			isCut[r] = true
		}
	}
	sort.Ints(bridges)
	for v, c := range isCut {
		if c {
			cuts = append(cuts, v)
		}
	}
	return bridges, cuts
}
