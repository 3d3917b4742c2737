package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"unsafe"
)

// BetweennessOptions says which betweenness [Graph.Betweenness] computes.
type BetweennessOptions struct {
	// Weighted: shortest paths by edge weight (Dijkstra; weights must be
	// > 0), else by number of edges (BFS).
	Weighted bool
	// Cutoff > 0 counts only shortest paths of length (weight or edges) at
	// most Cutoff, as igraph's cutoff does; 0 counts all.
	Cutoff float64
	// Sources, when not nil, are the sources of the sampled-source
	// approximation (Brandes and Pich 2007): the sums over these sources
	// are scaled by Nodes/len(Sources). Nil: every node, the exact value.
	Sources []int
	// Workers is the number of goroutines (0: 1). Results do not depend on it.
	Workers int
}

// Betweenness is the edge and node betweenness of a graph: for each edge
// (node), the sum over ordered pairs (s, t), s != t, of the share of
// shortest s-t paths that use it (pass through it, s and t excluded),
// halved in an undirected graph, where (s, t) and (t, s) are one pair.
// These are igraph's edge_betweenness and betweenness (directed=True on a
// directed graph).
type Betweenness struct {
	Edge, Node []float64
	// Sources is the number of sources summed; Scale the factor applied
	// (Nodes/Sources for a sample, times 1/2 when undirected).
	Sources int
	Scale   float64
}

// betweennessBlock is the number of sources one worker sums before its
// partial sums are added to the total: a 64th of the sources, between 1
// and 256, so that there are blocks to share among workers and the adding
// of partial sums (two passes over the edges and nodes per block) stays
// small next to the searches. It depends on the number of sources only;
// partial sums are added in block order, so the floating-point result is
// the same for any worker count.
func betweennessBlock(sources int) int { return max(1, min(256, sources/64)) }

// tieEps is the relative tolerance under which two weighted path lengths
// are equal (shortest paths tie), as igraph compares them.
const tieEps = 1e-10

// Betweenness computes edge and node betweenness by Brandes' algorithm
// (Brandes 2001, "A faster algorithm for betweenness centrality", J.
// Mathematical Sociology 25:163-177; edge betweenness as in Brandes 2008,
// Social Networks 30:136-145): one shortest-path search per source counting
// the shortest paths to each node, then dependencies accumulated back from
// the farthest nodes, O(n m) unweighted and O(n m + n^2 log n) weighted.
// With a cutoff a search stops at that length. Sources are shared among
// workers in blocks of fixed size and the blocks' sums added in order, so
// that the result is bit-identical for any worker count.
func (g *Graph) Betweenness(o BetweennessOptions) (*Betweenness, error) {
	if o.Weighted && g.w != nil {
		for i, x := range g.w {
			if !(x > 0) {
				return nil, fmt.Errorf("betweenness: edge %d has weight %v; weighted betweenness needs weights > 0", i, x)
			}
		}
	}
	if o.Cutoff < 0 || math.IsNaN(o.Cutoff) {
		return nil, fmt.Errorf("betweenness: cutoff %v; want >= 0 (0: none)", o.Cutoff)
	}
	src := o.Sources
	scale := 1.0
	if src == nil {
		src = make([]int, g.n)
		for i := range src {
			src[i] = i
		}
	} else {
		for _, s := range src {
			if s < 0 || s >= g.n {
				return nil, fmt.Errorf("betweenness: source %d outside 0..%d", s, g.n-1)
			}
		}
		if len(src) > 0 {
			scale = float64(g.n) / float64(len(src))
		}
	}
	if !g.directed {
		scale /= 2
	}
	res := &Betweenness{Edge: make([]float64, len(g.from)), Node: make([]float64, g.n), Sources: len(src), Scale: scale}
	bsize := betweennessBlock(len(src))
	nblocks := (len(src) + bsize - 1) / bsize
	workers := max(1, min(o.Workers, nblocks))
	type part struct {
		block      int
		edge, node []float64
	}
	// 2*workers buffers circulate: a block is handed out only with a free
	// buffer, and buffers come back once their block is added, in order.
	free := make(chan *part, 2*workers)
	for i := 0; i < 2*workers; i++ {
		free <- &part{edge: make([]float64, len(g.from)), node: make([]float64, g.n)}
	}
	todo := make(chan *part)
	done := make(chan *part, 2*workers)
	go func() {
		for b := 0; b < nblocks; b++ {
			p := <-free
			p.block = b
			todo <- p
		}
		close(todo)
	}()
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bs := g.newBrandes(o)
			for p := range todo {
				clear(p.edge)
				clear(p.node)
				for _, s := range src[p.block*bsize : min(len(src), (p.block+1)*bsize)] {
					bs.source(int32(s), p.edge, p.node)
				}
				done <- p
			}
		}()
	}
	pending := map[int]*part{}
	for next := 0; next < nblocks; {
		p := <-done
		pending[p.block] = p
		for q, ok := pending[next]; ok; q, ok = pending[next] {
			delete(pending, next)
			for i, x := range q.edge {
				res.Edge[i] += x
			}
			for i, x := range q.node {
				res.Node[i] += x
			}
			next++
			free <- q
		}
	}
	wg.Wait()
	if scale != 1 {
		for i := range res.Edge {
			res.Edge[i] *= scale
		}
		for i := range res.Node {
			res.Node[i] *= scale
		}
	}
	return res, nil
}

// brandes holds one worker's buffers. Only the nodes a search reached are
// reset after it, so that a search with a small cutoff costs what it
// reaches, not the whole graph.
type brandes struct {
	g        *Graph
	weighted bool
	cutoff   float64
	hops     []int32
	dist     []float64
	sigma    []float64
	delta    []float64
	order    []int32 // nodes in non-decreasing distance from the source
	touched  []int32
	heap     heap
	// unweighted searches: per-node state in one array and arcs as
	// (head, edge) pairs, so that a step touches one cache line per node
	st   []bfsState
	out  []arc
	outS []int32
	// the arcs on shortest paths found by the last search, those out of
	// order[i] at succ[succS[i]:succS[i+1]]
	succ  []arc
	succS []int32
}

// bfsState is a node's state in an unweighted search: its distance in
// edges (-1: not reached) and x, its number of shortest paths sigma until
// its dependency delta is known, then (1 + delta) / sigma, the share of
// it that each shortest path into it carries back (one slot for both, so
// that four nodes share a cache line).
type bfsState struct {
	hops int32
	x    float64
}

type arc struct{ to, edge int32 }

func pairs(to, edge []int32) []arc {
	a := make([]arc, len(to))
	for i := range a {
		a[i] = arc{to[i], edge[i]}
	}
	return a
}

func (g *Graph) newBrandes(o BetweennessOptions) *brandes {
	b := &brandes{g: g, weighted: o.Weighted && g.w != nil, cutoff: o.Cutoff}
	if b.weighted {
		b.hops, b.dist, b.sigma, b.delta = make([]int32, g.n), make([]float64, g.n), make([]float64, g.n), make([]float64, g.n)
		for i := range b.hops {
			b.hops[i] = -1
			b.dist[i] = math.Inf(1)
		}
		return b
	}
	b.st = make([]bfsState, g.n)
	for i := range b.st {
		b.st[i].hops = -1
	}
	b.outS, b.out = g.outStart, pairs(g.outTo, g.outEdge)
	// a search records each arc at most once
	b.order, b.succ, b.succS = make([]int32, g.n+1), make([]arc, len(b.out)), make([]int32, g.n+1)
	return b
}

// sourceBFS is source for an unweighted search: BFS counting shortest
// paths up to the cutoff and recording the arcs on them, then
// dependencies accumulated over those arcs in reverse BFS order (each
// node after all nodes farther from the source, so its successors'
// shares are known).
//
// Its loops index the worker's buffers without bounds checks (stAt ...): with
// them the search took 1.3 times as long (the checks, and the slice
// lengths they keep in registers, spill the loop's own values to the
// stack). Every index is in range by construction: arc heads and nodes
// taken from order are nodes of the graph (NewGraph checks each edge's
// ends), below len(st); n, the number of nodes reached, is at most g.n,
// and order and succS hold g.n+1; each node's arcs are scanned once, when
// it leaves the queue, so at most len(out) arcs are recorded in succ;
// arcs' edges are below len(edge), which is checked here with len(node).
func (b *brandes) sourceBFS(s int32, edge, node []float64) {
	if len(edge) < len(b.g.from) || len(node) < b.g.n || s < 0 || int(s) >= b.g.n {
		panic("network: betweenness buffers shorter than the graph")
	}
	cut := int32(math.MaxInt32)
	if b.cutoff > 0 {
		cut = int32(min(b.cutoff, math.MaxInt32-1))
	}
	st, out, outS := unsafe.Pointer(&b.st[0]), unsafe.Pointer(&b.out[0]), unsafe.Pointer(&b.outS[0])
	order, succ, succS := unsafe.Pointer(&b.order[0]), unsafe.Pointer(&b.succ[0]), unsafe.Pointer(&b.succS[0])
	ep, np := unsafe.Pointer(&edge[0]), unsafe.Pointer(&node[0])
	ss := stAt(st, s)
	ss.hops, ss.x = 0, 1
	*i32At(order, 0) = s
	n, k := 1, int32(0)
	h := 0
	for ; h < n; h++ {
		*i32At(succS, h) = k
		v := *i32At(order, h)
		sv := stAt(st, v)
		dv, x := sv.hops, sv.x
		if dv >= cut {
			break // order is by distance: no node from here on has arcs to follow
		}
		d1 := dv + 1
		for i, end := *i32At(outS, int(v)), *i32At(outS, int(v)+1); i < end; i++ {
			a := *arcAt(out, i)
			w := stAt(st, a.to)
			// a head's hops are -1 (not reached), dv-1, dv or d1; the
			// arc is on shortest paths for -1 and d1, one comparison as
			// unsigned and the only branch
			hw := w.hops
			if uint32(hw) < uint32(d1) {
				continue
			}
			// first reached (hw = -1): sigma starts from 0, not the stale
			// x; without a branch, from hw's sign bit
			neg := int64(hw) >> 63
			w.hops, w.x = d1, math.Float64frombits(math.Float64bits(w.x)&^uint64(neg))+x
			*i32At(order, n) = a.to
			n -= int(neg)
			*arcAt(succ, k) = a
			k++
		}
	}
	// the nodes at the cutoff have no successors: delta 0, share 1/sigma
	for i := h; i < n; i++ {
		w := stAt(st, *i32At(order, i))
		w.hops, w.x = -1, 1/w.x
	}
	*i32At(succS, h) = k
	for i := h - 1; i >= 0; i-- {
		v := *i32At(order, i)
		sv := stAt(st, v)
		sigma := sv.x
		delta := 0.0
		for j, end := *i32At(succS, i), *i32At(succS, i+1); j < end; j++ {
			a := *arcAt(succ, j)
			c := sigma * stAt(st, a.to).x
			*f64At(ep, a.edge) += c
			delta += c
		}
		// v's successors are done and no node reads its hops again: it is
		// reset here, its share kept for its predecessors
		sv.hops, sv.x = -1, (1+delta)/sigma
		if i > 0 { // the source is no node's intermediate
			*f64At(np, v) += delta
		}
	}
}

// the sizes stAt and arcAt step by
var (
	_ [unsafe.Sizeof(bfsState{}) - 16]byte
	_ [16 - unsafe.Sizeof(bfsState{})]byte
	_ [unsafe.Sizeof(arc{}) - 8]byte
	_ [8 - unsafe.Sizeof(arc{})]byte
)

// stAt, arcAt, i32At and f64At are &p[i] for p the first element of an
// array, without a bounds check: the caller guarantees 0 <= i < the
// array's length.
func stAt(p unsafe.Pointer, i int32) *bfsState { return (*bfsState)(unsafe.Add(p, uintptr(i)*16)) }
func arcAt(p unsafe.Pointer, i int32) *arc     { return (*arc)(unsafe.Add(p, uintptr(i)*8)) }
func i32At(p unsafe.Pointer, i int) *int32     { return (*int32)(unsafe.Add(p, uintptr(i)*4)) }
func f64At(p unsafe.Pointer, i int32) *float64 { return (*float64)(unsafe.Add(p, uintptr(i)*8)) }

// source adds source s's dependencies to edge and node.
func (b *brandes) source(s int32, edge, node []float64) {
	g := b.g
	if !b.weighted {
		b.sourceBFS(s, edge, node)
		return
	}
	b.dijkstra(s)
	in, inE, inTo := g.inStart, g.inEdge, g.inTo
	sigma, delta := b.sigma, b.delta
	for i := len(b.order) - 1; i > 0; i-- { // order[0] is s, which has no predecessor
		w := b.order[i]
		cw := (1 + delta[w]) / sigma[w]
		for a := in[w]; a < in[w+1]; a++ {
			if v := inTo[a]; b.pred(v, w, inE[a]) {
				c := sigma[v] * cw
				edge[inE[a]] += c
				delta[v] += c
			}
		}
		node[w] += delta[w]
	}
	for _, v := range b.touched {
		b.hops[v], b.dist[v], b.sigma[v], b.delta[v] = -1, math.Inf(1), 0, 0
	}
	b.touched = b.touched[:0]
}

// pred reports whether arc e from v lies on a weighted shortest path to w.
func (b *brandes) pred(v, w, e int32) bool {
	if v == w || math.IsInf(b.dist[v], 1) || b.sigma[v] == 0 {
		return false
	}
	return tie(b.dist[v]+b.g.w[e], b.dist[w])
}

// tie reports whether a and b are equal within tieEps relative.
func tie(a, b float64) bool {
	return math.Abs(a-b) <= tieEps*math.Max(math.Abs(a), math.Abs(b))
}

func (b *brandes) dijkstra(s int32) {
	g := b.g
	h := &b.heap
	h.reset()
	b.dist[s], b.sigma[s] = 0, 1
	b.touched = append(b.touched, s)
	b.order = b.order[:0]
	h.push(s, 0)
	for h.len() > 0 {
		v, dv := h.pop()
		if dv > b.dist[v] || b.hops[v] == 1 {
			continue // stale entry, or settled already
		}
		if b.cutoff > 0 && dv > b.cutoff && !tie(dv, b.cutoff) {
			break
		}
		b.hops[v] = 1 // settled
		b.order = append(b.order, v)
		for a := g.outStart[v]; a < g.outStart[v+1]; a++ {
			w := g.outTo[a]
			if w == v || b.hops[w] == 1 {
				continue
			}
			nd := dv + g.w[g.outEdge[a]]
			switch {
			case math.IsInf(b.dist[w], 1):
				b.touched = append(b.touched, w)
				b.dist[w] = nd
				h.push(w, nd)
			case nd < b.dist[w] && !tie(nd, b.dist[w]):
				b.dist[w] = nd
				h.push(w, nd)
			}
		}
	}
	// sigma in settling order: each node's predecessors are settled before it
	for _, w := range b.order[1:] {
		for a := g.inStart[w]; a < g.inStart[w+1]; a++ {
			v := g.inTo[a]
			if b.hops[v] == 1 && v != w && tie(b.dist[v]+g.w[g.inEdge[a]], b.dist[w]) {
				b.sigma[w] += b.sigma[v]
			}
		}
	}
	// only settled nodes count as predecessors in the accumulation
	for _, v := range b.touched {
		if b.hops[v] != 1 {
			b.sigma[v] = 0
		}
	}
}

// SampleSources returns k distinct nodes of 0..n-1 drawn uniformly without
// replacement from the seed, sorted: the sources of a sampled betweenness.
func SampleSources(n, k int, seed uint64) []int {
	k = min(k, n)
	r := rand.New(rand.NewPCG(seed, 0xb7a))
	p := r.Perm(n)[:k]
	sort.Ints(p)
	return p
}

// SampleErrorBound is the half-width of a confidence interval, at level
// 1-alpha, of a sampled-source betweenness estimate (k sources drawn
// without replacement from n nodes, before the undirected halving): each
// source adds at most n-1 to an edge's or node's sum, so by Hoeffding's
// inequality (Hoeffding 1963, J. American Statistical Association
// 58:13-30, which holds for sampling without replacement too) the scaled
// estimate lies within n(n-1) sqrt(ln(2/alpha)/(2k)) of the exact value
// with probability at least 1-alpha, for each edge or node separately
// (the bound of Brandes and Pich 2007, Int. J. Bifurcation and Chaos
// 17:2303-2318). Halve it for an undirected graph.
func SampleErrorBound(n, k int, alpha float64) float64 {
	if k <= 0 {
		return math.Inf(1)
	}
	if k >= n {
		return 0
	}
	return float64(n) * float64(n-1) * math.Sqrt(math.Log(2/alpha)/(2*float64(k)))
}
