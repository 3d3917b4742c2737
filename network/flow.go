package network

import "math"

// flowNet is a directed network for maximum flow, solved with Dinic's
// algorithm (Dinic 1970, "Algorithm for solution of a problem of maximum
// flow in networks with power estimation", Soviet Math. Doklady 11:1277).
type flowNet struct {
	head  []int32
	next  []int32
	to    []int32
	cap   []float64
	edge  []int32 // network edge of the arc, -1 for auxiliary arcs
	level []int32
	iter  []int32
}

func newFlowNet(n int) *flowNet {
	f := &flowNet{head: make([]int32, n)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

// arc adds u->v with capacity c and its residual twin.
func (f *flowNet) arc(u, v int, c float64, e int) {
	f.to = append(f.to, int32(v))
	f.cap = append(f.cap, c)
	f.edge = append(f.edge, int32(e))
	f.next = append(f.next, f.head[u])
	f.head[u] = int32(len(f.to) - 1)
	f.to = append(f.to, int32(u))
	f.cap = append(f.cap, 0)
	f.edge = append(f.edge, int32(e))
	f.next = append(f.next, f.head[v])
	f.head[v] = int32(len(f.to) - 1)
}

const flowEps = 1e-9

func (f *flowNet) bfs(s, t int) bool {
	n := len(f.head)
	if f.level == nil {
		f.level = make([]int32, n)
		f.iter = make([]int32, n)
	}
	for i := range f.level {
		f.level[i] = -1
	}
	q := []int32{int32(s)}
	f.level[s] = 0
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		for a := f.head[u]; a >= 0; a = f.next[a] {
			if f.cap[a] > flowEps && f.level[f.to[a]] < 0 {
				f.level[f.to[a]] = f.level[u] + 1
				q = append(q, f.to[a])
			}
		}
	}
	return f.level[t] >= 0
}

func (f *flowNet) dfs(u, t int32, up float64) float64 {
	if u == t {
		return up
	}
	for ; f.iter[u] >= 0; f.iter[u] = f.next[f.iter[u]] {
		a := f.iter[u]
		v := f.to[a]
		if f.cap[a] > flowEps && f.level[v] == f.level[u]+1 {
			if d := f.dfs(v, t, math.Min(up, f.cap[a])); d > flowEps {
				f.cap[a] -= d
				f.cap[a^1] += d
				return d
			}
		}
	}
	return 0
}

// maxflow returns the value of a maximum s-t flow.
func (f *flowNet) maxflow(s, t int) float64 {
	var total float64
	for f.bfs(s, t) {
		copy(f.iter, f.head)
		for {
			d := f.dfs(int32(s), int32(t), math.Inf(1))
			if d <= flowEps {
				break
			}
			total += d
		}
	}
	return total
}

// usedEdges marks the network edges that carry flow.
func (f *flowNet) usedEdges(mark []bool) {
	for a := 0; a < len(f.to); a += 2 {
		if e := f.edge[a]; e >= 0 && f.cap[a^1] > flowEps {
			mark[e] = true
		}
	}
}

// DisjointPaths returns the number of edge-disjoint (or, with nodeDisjoint,
// internally node-disjoint) paths between nodes s and t in the view, which
// by Menger's theorem (Menger 1927) equals a maximum flow with unit
// capacities (Ford and Fulkerson 1956). used, when not nil, is set for the
// edges of one maximum set of paths: removing any other edge cannot lower
// the count.
func (v *View) DisjointPaths(s, t int, nodeDisjoint bool, used []bool) int {
	if s == t || !v.nodeOn[s] || !v.nodeOn[t] {
		return 0
	}
	g := v.G
	n := len(g.Nodes)
	var f *flowNet
	var src, dst int
	if nodeDisjoint {
		f = newFlowNet(2 * n)
		for x := 0; x < n; x++ {
			if !v.nodeOn[x] {
				continue
			}
			c := 1.0
			if x == s || x == t {
				c = math.Inf(1)
			}
			f.arc(2*x, 2*x+1, c, -1)
		}
		for e := range g.Edges {
			if !v.EdgeOn(e) {
				continue
			}
			a, b := g.Edges[e].From, g.Edges[e].To
			f.arc(2*a+1, 2*b, 1, e)
			f.arc(2*b+1, 2*a, 1, e)
		}
		src, dst = 2*s, 2*t+1
	} else {
		f = newFlowNet(n)
		for e := range g.Edges {
			if !v.EdgeOn(e) {
				continue
			}
			a, b := g.Edges[e].From, g.Edges[e].To
			f.arc(a, b, 1, e)
			f.arc(b, a, 1, e)
		}
		src, dst = s, t
	}
	k := f.maxflow(src, dst)
	if used != nil {
		f.usedEdges(used)
	}
	return int(math.Round(k))
}

// capacityFlow is the maximum flow from every node in sources to every
// node in sinks with edge capacities cap (both directions).
func (v *View) capacityFlow(sources, sinks []bool, cap []float64, used []bool) float64 {
	g := v.G
	n := len(g.Nodes)
	// Count the arcs (with their twins) first, so that the flow network
	// is allocated once and not at all without a source.
	any, arcs := false, 0
	for x := 0; x < n; x++ {
		if v.nodeOn[x] && (sources[x] || sinks[x]) {
			any, arcs = any || sources[x], arcs+2
		}
	}
	if !any {
		return 0
	}
	for e := range g.Edges {
		if v.EdgeOn(e) && cap[e] > 0 {
			arcs += 4
		}
	}
	f := newFlowNet(n + 2)
	f.to, f.cap, f.edge, f.next = make([]int32, 0, arcs), make([]float64, 0, arcs), make([]int32, 0, arcs), make([]int32, 0, arcs)
	S, T := n, n+1
	for x := 0; x < n; x++ {
		if !v.nodeOn[x] {
			continue
		}
		if sources[x] {
			f.arc(S, x, math.Inf(1), -1)
		} else if sinks[x] {
			f.arc(x, T, math.Inf(1), -1)
		}
	}
	for e := range g.Edges {
		if !v.EdgeOn(e) || cap[e] <= 0 {
			continue
		}
		a, b := g.Edges[e].From, g.Edges[e].To
		if g.Edges[e].Flow != Reverse {
			f.arc(a, b, cap[e], e)
		}
		if g.Edges[e].Flow != Forward {
			f.arc(b, a, cap[e], e)
		}
	}
	val := f.maxflow(S, T)
	if used != nil {
		f.usedEdges(used)
	}
	return val
}
