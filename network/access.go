package network

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
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
	added := make([]float64, n) // by pre-order position, one writer each
	cut := make([]int32, n)
	scratch := make([]*repairScratch, workers)
	for i := range scratch {
		scratch[i] = newRepairScratch(n)
	}
	for _, s := range sources {
		t := v.spTree(s, w)
		lt := v.localTree(t, w)
		// Work is handed out in small batches of pre-order positions: the
		// subtrees near the root are the largest, so static halves would not
		// balance.
		var next atomic.Int64
		next.Store(1) // position 0 is the source
		const batch = 32
		var wg sync.WaitGroup
		for k := 0; k < workers; k++ {
			wg.Add(1)
			go func(sc *repairScratch) {
				defer wg.Done()
				for {
					lo := int(next.Add(batch)) - batch
					if lo >= len(lt.dist) {
						return
					}
					for p := lo; p < min(lo+batch, len(lt.dist)); p++ {
						added[p], cut[p] = lt.repair(int32(p), sc)
					}
				}
			}(scratch[k])
		}
		wg.Wait()
		for p := 1; p < len(t.order); p++ {
			e := t.parent[t.order[p]]
			out[e].Added += added[p]
			out[e].Cut += int(cut[p])
		}
	}
	return out
}

// localTree is a source's shortest-path tree with nodes renumbered in
// pre-order, so that every subtree is a contiguous range of positions and
// its adjacency is contiguous in memory.
type localTree struct {
	dist   []float64 // by position
	tout   []int32   // end of the subtree of each position
	pedge  []int32   // tree edge into each position
	start  []int32   // CSR over positions
	to     []int32   // neighbour position, -1 when unreached
	edge   []int32
	weight []float64
}

func (v *View) localTree(t *spt, w []float64) *localTree {
	g := v.G
	r := len(t.order)
	lt := &localTree{dist: make([]float64, r), tout: make([]int32, r), pedge: make([]int32, r), start: make([]int32, r+1)}
	for p, x := range t.order {
		lt.dist[p] = t.dist[x]
		lt.tout[p] = t.tout[x]
		lt.pedge[p] = t.parent[x]
		for a := g.adjStart[x]; a < g.adjStart[x+1]; a++ {
			e := g.adjEdge[a]
			z := g.adjTo[a]
			if !v.edgeOn[e] || !v.nodeOn[z] {
				continue
			}
			lt.to = append(lt.to, t.tin[z])
			lt.edge = append(lt.edge, e)
			lt.weight = append(lt.weight, w[e])
		}
		lt.start[p+1] = int32(len(lt.to))
	}
	return lt
}

// repair returns the summed distance increase and the number of nodes cut
// off in the subtree at position p when its tree edge is removed. The
// subtree's nodes are seeded with their best distance through a neighbour
// outside it, heapified at once, then settled by Dijkstra with decrease-key
// inside the subtree only.
func (lt *localTree) repair(p int32, sc *repairScratch) (float64, int32) {
	lo, hi := p, lt.tout[p]
	e := lt.pedge[p]
	d := sc.d
	ih := &sc.ih
	ih.reset()
	for y := lo; y < hi; y++ {
		best := math.Inf(1)
		for a := lt.start[y]; a < lt.start[y+1]; a++ {
			z := lt.to[a]
			if z < 0 || (z >= lo && z < hi) || lt.edge[a] == e {
				continue
			}
			if nd := lt.dist[z] + lt.weight[a]; nd < best {
				best = nd
			}
		}
		d[y] = best
		if best < math.MaxFloat64 {
			ih.append(y, best)
		}
	}
	ih.heapify()
	for ih.len() > 0 {
		y, dy := ih.pop()
		for a := lt.start[y]; a < lt.start[y+1]; a++ {
			z := lt.to[a]
			if z < lo || z >= hi || lt.edge[a] == e {
				continue
			}
			if nd := dy + lt.weight[a]; nd < d[z] {
				d[z] = nd
				ih.decrease(z, nd)
			}
		}
	}
	var added float64
	var cut int32
	for y := lo; y < hi; y++ {
		if d[y] > math.MaxFloat64 {
			cut++
		} else {
			added += d[y] - lt.dist[y]
		}
	}
	return added, cut
}

// iheap is an indexed binary min-heap over node positions with
// decrease-key (each node at most once in the heap).
type iheap struct {
	minHeap         // at: heap index of a node, -1 when absent, -2 once settled
	out     []int32 // nodes popped or appended since reset, to clear at
}

func (h *iheap) reset() {
	for _, x := range h.out {
		h.at[x] = -1
	}
	h.out = h.out[:0]
	h.n, h.k = h.n[:0], h.k[:0]
}

func (h *iheap) append(x int32, k float64) {
	h.at[x] = int32(len(h.n))
	h.n = append(h.n, x)
	h.k = append(h.k, k)
	h.out = append(h.out, x)
}

func (h *iheap) heapify() {
	for i := len(h.n)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *iheap) pop() (int32, float64) {
	x, k := h.minHeap.pop()
	h.at[x] = -2 // settled
	return x, k
}

// decrease lowers x's key, inserting x when it is not in the heap. A
// settled node is never decreased: its distance is final.
func (h *iheap) decrease(x int32, k float64) {
	switch i := h.at[x]; {
	case i >= 0:
		h.k[i] = k
		h.up(int(i))
	case i == -1:
		h.n = append(h.n, x)
		h.k = append(h.k, k)
		h.out = append(h.out, x)
		h.up(len(h.n) - 1)
	}
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
	d  []float64
	ih iheap
}

func newRepairScratch(n int) *repairScratch {
	sc := &repairScratch{d: make([]float64, n), ih: iheap{minHeap: minHeap{at: make([]int32, n)}}}
	for i := range sc.ih.at {
		sc.ih.at[i] = -1
	}
	return sc
}

// TreeEdges returns, sorted, the edges that lie on the shortest-path tree of
// at least one source: the only edges whose removal can change a distance
// from the sources.
func (v *View) TreeEdges(sources []int, w []float64) []int {
	on := make([]bool, len(v.G.Edges))
	for _, s := range sources {
		_, prev := v.dijkstra([]int{s}, w)
		for _, e := range prev {
			if e >= 0 {
				on[e] = true
			}
		}
	}
	var out []int
	for e, ok := range on {
		if ok {
			out = append(out, e)
		}
	}
	return out
}
