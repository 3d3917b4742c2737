package network

import (
	"math"
	"runtime"
	"sync"
)

// AccessLoss is the accessibility lost when one edge is removed.
type AccessLoss struct {
	Edge  int     `json:"edge"`
	Added float64 `json:"added"` // summed increase of distance from the sources to the nodes still reached
	Cut   int     `json:"cut"`   // (source, node) pairs that lose every path
}

// AccessibilityCriticality scores the removal of every edge of the view by
// the loss of accessibility from the sources: for each source s and node x,
// the increase of the shortest distance d(s, x) under weights w, summed over
// pairs that stay connected, and the number of pairs cut off. Only edges of
// some source's shortest-path tree can change a distance; for a tree edge
// into node v only the subtree below v changes, and it is repaired by a
// Dijkstra search restricted to the subtree, seeded from the rest of the
// tree (see the package doc). Edges are scored in parallel over workers
// goroutines (0 = GOMAXPROCS); the result is the same for any number of
// workers. The slice is indexed by edge.
func (v *View) AccessibilityCriticality(sources []int, w []float64, workers int) []AccessLoss {
	g := v.G
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]AccessLoss, len(g.Edges))
	for i := range out {
		out[i].Edge = i
	}
	n := len(g.Nodes)
	added := make([]float64, len(g.Edges))
	cut := make([]int32, len(g.Edges))
	scratch := make([]*repairScratch, workers)
	for i := range scratch {
		scratch[i] = newRepairScratch(n)
	}
	for _, s := range sources {
		t := v.spTree(s, w)
		// split tree edges (children of the tree, in pre-order) across workers
		var wg sync.WaitGroup
		chunk := (len(t.order) + workers - 1) / workers
		for k := 0; k < workers; k++ {
			lo, hi := k*chunk, min((k+1)*chunk, len(t.order))
			if lo >= hi {
				break
			}
			wg.Add(1)
			go func(sc *repairScratch, lo, hi int) {
				defer wg.Done()
				for i := lo; i < hi; i++ {
					x := t.order[i]
					if x == int32(s) {
						continue
					}
					e := t.parent[x]
					a, c := v.repairSubtree(t, x, e, w, sc)
					// one writer per edge and source: tree edges are distinct
					added[e] = a
					cut[e] = int32(c)
				}
			}(scratch[k], lo, hi)
		}
		wg.Wait()
		for _, x := range t.order {
			if x == int32(s) {
				continue
			}
			e := t.parent[x]
			out[e].Added += added[e]
			out[e].Cut += int(cut[e])
			added[e], cut[e] = 0, 0
		}
	}
	return out
}

// spt is a shortest-path tree in pre-order.
type spt struct {
	dist   []float64
	parent []int32 // edge into each node, -1 at the root or unreached
	order  []int32 // reached nodes in pre-order
	tin    []int32 // position in order, -1 when unreached
	tout   []int32 // end of the node's subtree in order
}

func (v *View) spTree(s int, w []float64) *spt {
	g := v.G
	n := len(g.Nodes)
	dist, prev := v.dijkstra([]int{s}, w)
	t := &spt{dist: dist, parent: prev, tin: make([]int32, n), tout: make([]int32, n)}
	// children in CSR form
	cnt := make([]int32, n+1)
	for x := 0; x < n; x++ {
		if e := prev[x]; e >= 0 {
			p := parentNode(g, x, int(e))
			cnt[p+1]++
		}
	}
	for i := 0; i < n; i++ {
		cnt[i+1] += cnt[i]
	}
	kids := make([]int32, cnt[n])
	fill := append([]int32(nil), cnt[:n]...)
	for x := 0; x < n; x++ {
		if e := prev[x]; e >= 0 {
			p := parentNode(g, x, int(e))
			kids[fill[p]] = int32(x)
			fill[p]++
		}
	}
	for i := range t.tin {
		t.tin[i] = -1
	}
	stack := []int32{int32(s)}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x < 0 { // close marker
			t.tout[-x-1] = int32(len(t.order))
			continue
		}
		t.tin[x] = int32(len(t.order))
		t.order = append(t.order, x)
		stack = append(stack, -x-1)
		for k := cnt[x+1] - 1; k >= cnt[x]; k-- {
			stack = append(stack, kids[k])
		}
	}
	return t
}

func parentNode(g *Network, x, e int) int {
	if g.Edges[e].From == x {
		return g.Edges[e].To
	}
	return g.Edges[e].From
}

type repairScratch struct {
	d    []float64
	h    *heap
	seen []int32
}

func newRepairScratch(n int) *repairScratch {
	sc := &repairScratch{d: make([]float64, n), h: newHeap(64)}
	for i := range sc.d {
		sc.d[i] = math.Inf(1)
	}
	return sc
}

// repairSubtree returns the summed distance increase and the number of
// nodes cut off in the subtree of x when edge e (into x) is removed.
func (v *View) repairSubtree(t *spt, x int32, e int32, w []float64, sc *repairScratch) (float64, int) {
	g := v.G
	lo, hi := t.tin[x], t.tout[x]
	in := func(y int32) bool { ty := t.tin[y]; return ty >= lo && ty < hi }
	h := sc.h
	h.n, h.k = h.n[:0], h.k[:0]
	sub := t.order[lo:hi]
	for _, y := range sub {
		best := math.Inf(1)
		for a := g.adjStart[y]; a < g.adjStart[y+1]; a++ {
			ed := g.adjEdge[a]
			if ed == e || !v.edgeOn[ed] {
				continue
			}
			z := g.adjTo[a]
			if !v.nodeOn[z] || t.tin[z] < 0 || in(z) {
				continue
			}
			if nd := t.dist[z] + w[ed]; nd < best {
				best = nd
			}
		}
		sc.d[y] = best
		if !math.IsInf(best, 1) {
			h.push(y, best)
		}
	}
	for h.len() > 0 {
		y, dy := h.pop()
		if dy > sc.d[y] {
			continue
		}
		for a := g.adjStart[y]; a < g.adjStart[y+1]; a++ {
			ed := g.adjEdge[a]
			if ed == e || !v.edgeOn[ed] {
				continue
			}
			z := g.adjTo[a]
			if !v.nodeOn[z] || !in(z) {
				continue
			}
			if nd := dy + w[ed]; nd < sc.d[z] {
				sc.d[z] = nd
				h.push(z, nd)
			}
		}
	}
	var added float64
	cut := 0
	for _, y := range sub {
		if math.IsInf(sc.d[y], 1) {
			cut++
		} else {
			added += sc.d[y] - t.dist[y]
		}
		sc.d[y] = math.Inf(1)
	}
	return added, cut
}
