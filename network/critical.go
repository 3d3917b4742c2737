package network

import (
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Criticality is the loss of the network measures when an element (an
// edge, a node, or a set of edges such as every crossing of one border) is
// removed from the view. It follows the network-vulnerability approach of
// scanning single removals and scoring each by the change in performance
// measures (Jenelius, Petersen and Mattsson 2006, "Importance and exposure
// in road network vulnerability analysis", Transportation Research Part A
// 40(7):537-560; Taylor, Sekhar and D'Este 2006, Networks and Spatial
// Economics 6:267-291).
type Criticality struct {
	Rank  int    `json:"rank"`
	Kind  string `json:"kind"` // edge, node or border
	ID    string `json:"id"`   // edge id, node label, or "KAZ-CHN"
	Label string `json:"label"`
	Layer Layer  `json:"layer,omitempty"`
	Edges int    `json:"edges"` // edges removed
	// Members: the edges of one line whose removals score the same (links
	// in series), reported as one item.
	Members []string `json:"members,omitempty"`
	// Disconnected: freight origin-destination pairs (capital to capital,
	// capital to corridor) that lose every route.
	Disconnected int `json:"disconnected"`
	// AddedHours: increase of generalized cost summed over the pairs that
	// stay connected.
	AddedHours float64 `json:"added_hours"`
	// LinkageLoss and LinkageLossNoRU: fall in edge-disjoint path counts,
	// summed over capital pairs and layers, with and without Russian
	// territory.
	LinkageLoss     int `json:"linkage_loss"`
	LinkageLossNoRU int `json:"linkage_loss_without_russia"`
	// DependenceRise: rise in Russian-transit dependence shares, summed over
	// the region's states and layers (1.0 = one state going from 0 to 100%).
	DependenceRise float64 `json:"dependence_rise"`
	// Betweenness: shortest paths by generalized cost (hours) between
	// pairs of the view's nodes that pass through the element (Brandes
	// 2001, the view as one undirected graph, each pair once): a node's
	// node betweenness, an edge's edge betweenness, and for a border or a
	// set the sum over its edges (edges in series shown as one item: the
	// first one's). It ranks the elements the whole network
	// leans on, where the measures above score only the capitals' and
	// corridors' routes.
	Betweenness float64 `json:"betweenness"`
	edgeSet     []int
	node        int // the node a node item removes
}

type odPair struct {
	avoid   []string
	origin  int
	targets []int
	cost    float64
	path    []int
}

type linkItem struct {
	a, b       int
	count      int
	countNoRU  int
	used, uNRU []bool
}

type depItem struct {
	country string
	layer   Layer
	share   float64
	used    []bool
}

// evaluator holds the baseline measures and the edges each depends on, so
// that a removal recomputes only the measures that use a removed edge.
type evaluator struct {
	v     *View
	cfg   Config
	w     []float64
	od    []odPair
	links []linkItem
	deps  []depItem
}

func newEvaluator(v *View, cfg Config) *evaluator {
	ev := &evaluator{v: v, cfg: cfg, w: cfg.Costs.weights(v.G, ByCost)}
	g := v.G
	caps := g.Capitals(Freight)
	cors := g.corridors(Freight)
	for i, a := range cfg.Region {
		ca, ok := caps[a]
		if !ok {
			continue
		}
		dist, prev := v.dijkstra([]int{ca}, ev.w)
		for _, b := range cfg.Region[i+1:] {
			if cb, ok := caps[b]; ok {
				p := odPair{origin: ca, targets: []int{cb}}
				p.cost, p.path = bestOf(g, ca, p.targets, dist, prev)
				ev.od = append(ev.od, p)
			}
		}
		for _, c := range cors {
			d, pr := dist, prev
			if len(c.avoid) > 0 {
				d, pr = c.without(v).dijkstra([]int{ca}, ev.w)
			}
			p := odPair{origin: ca, targets: c.gateways, avoid: c.avoid}
			p.cost, p.path = bestOf(g, ca, p.targets, d, pr)
			ev.od = append(ev.od, p)
		}
	}
	noRU := v.WithoutCountry(cfg.Russia)
	for _, l := range Layers {
		caps := g.Capitals(l)
		cs := cfg.withCapital(caps)
		for i := range cs {
			for j := i + 1; j < len(cs); j++ {
				it := linkItem{a: caps[cs[i]], b: caps[cs[j]], used: make([]bool, len(g.Edges)), uNRU: make([]bool, len(g.Edges))}
				it.count = v.DisjointPaths(it.a, it.b, false, it.used)
				it.countNoRU = noRU.DisjointPaths(it.a, it.b, false, it.uNRU)
				if it.count > 0 {
					ev.links = append(ev.links, it)
				}
			}
		}
		for _, c := range cfg.Region {
			if !v.hasCountryLayer(c, l) {
				continue
			}
			it := depItem{country: c, layer: l, used: make([]bool, len(g.Edges))}
			it.share = v.Dependence(c, l, cfg, it.used).Share
			ev.deps = append(ev.deps, it)
		}
	}
	return ev
}

// bestOf returns the cost and edge path to the cheapest reachable target.
func bestOf(g *Network, o int, targets []int, dist []float64, prev []int32) (float64, []int) {
	best := -1
	for _, t := range targets {
		if !math.IsInf(dist[t], 1) && (best < 0 || dist[t] < dist[best]) {
			best = t
		}
	}
	if best < 0 {
		return math.Inf(1), nil
	}
	var path []int
	for x := best; x != o; {
		e := int(prev[x])
		path = append(path, e)
		if g.Edges[e].From == x {
			x = g.Edges[e].To
		} else {
			x = g.Edges[e].From
		}
	}
	return dist[best], path
}

func hits(used []bool, set []int) bool {
	for _, e := range set {
		if used[e] {
			return true
		}
	}
	return false
}

func onPath(path []int, set []int) bool {
	for _, e := range path {
		for _, r := range set {
			if e == r {
				return true
			}
		}
	}
	return false
}

// eval scores the removal of the edge set R.
func (ev *evaluator) eval(c *Criticality) {
	R := c.edgeSet
	c.Edges = len(R)
	var w *View
	view := func() *View {
		if w == nil {
			w = ev.v.WithoutEdges(R...)
		}
		return w
	}
	g := ev.v.G
	// routes: recompute each affected (origin, avoided countries) once
	trees := map[string][2]any{}
	for _, p := range ev.od {
		if math.IsInf(p.cost, 1) || !onPath(p.path, R) {
			continue
		}
		key := itoa(p.origin) + "|" + strings.Join(p.avoid, ",")
		t, ok := trees[key]
		if !ok {
			w := view()
			for _, a := range p.avoid {
				w = w.WithoutCountry(a)
			}
			d, pr := w.dijkstra([]int{p.origin}, ev.w)
			t = [2]any{d, pr}
			trees[key] = t
		}
		nc, _ := bestOf(g, p.origin, p.targets, t[0].([]float64), t[1].([]int32))
		if math.IsInf(nc, 1) {
			c.Disconnected++
		} else {
			c.AddedHours += nc - p.cost
		}
	}
	var wNRU *View
	for _, it := range ev.links {
		if hits(it.used, R) {
			c.LinkageLoss += it.count - view().DisjointPaths(it.a, it.b, false, nil)
		}
		if hits(it.uNRU, R) {
			if wNRU == nil {
				wNRU = view().WithoutCountry(ev.cfg.Russia)
			}
			c.LinkageLossNoRU += it.countNoRU - wNRU.DisjointPaths(it.a, it.b, false, nil)
		}
	}
	for _, it := range ev.deps {
		if math.IsNaN(it.share) || !hits(it.used, R) {
			continue
		}
		s := view().Dependence(it.country, it.layer, ev.cfg, nil).Share
		if math.IsNaN(s) {
			s = 1 // no external capacity left at all
		}
		c.DependenceRise += s - it.share
	}
}

// Critical scores the removal of every active edge, every node with an
// active edge, and every border (all crossing edges between two states, in
// all layers, removed together), in parallel over workers goroutines (0 =
// GOMAXPROCS), and returns them ranked: first by Disconnected, then
// LinkageLossNoRU, LinkageLoss, DependenceRise and AddedHours, all
// descending; ties by kind and id. Edges of one line whose removals score
// the same (links in series) are merged into one item listing its Members;
// unnamed nodes with one or two edges are not scored separately (removing
// one is removing one of its edges), nor are the region's capitals and the
// corridor gateways (the ends of the measured routes). The result does not depend on workers.
func (v *View) Critical(cfg Config, workers int) []Criticality {
	g := v.G
	var items []Criticality
	active := v.ActiveEdges()
	for _, e := range active {
		ed := &g.Edges[e]
		items = append(items, Criticality{Kind: "edge", ID: ed.ID, Label: edgeLabel(g, ed), Layer: ed.Layer(), edgeSet: []int{e}})
	}
	inc := map[int][]int{}
	for _, e := range active {
		inc[g.Edges[e].From] = append(inc[g.Edges[e].From], e)
		inc[g.Edges[e].To] = append(inc[g.Edges[e].To], e)
	}
	for n := range g.Nodes {
		nd := &g.Nodes[n]
		// An unnamed node with one or two edges is a bend, a terminus or a
		// border point: removing it is removing one of its edges.
		// The region's capitals and the corridor gateways are the ends of the
		// measured routes: removing one trivially cuts its own pairs.
		if (nd.CapitalOf != "" && cfg.inRegion(nd.CapitalOf)) || nd.Corridor != "" {
			continue
		}
		if es := inc[n]; len(es) > 2 || (len(es) > 0 && len(nd.Names) > 0) {
			id := "node/" + itoa(n)
			if len(nd.Names) > 0 {
				id = nd.Names[0]
			}
			items = append(items, Criticality{Kind: "node", ID: id, Label: nd.Label(), Layer: nd.Layer, edgeSet: es, node: n})
		}
	}
	borders := map[string][]int{}
	for _, e := range active {
		if ed := &g.Edges[e]; ed.Crossing {
			k := pairKey(ed.Countries[0], ed.Countries[1])
			borders[k] = append(borders[k], e)
		}
	}
	for k, es := range borders {
		items = append(items, Criticality{Kind: "border", ID: k, Label: "border " + k + " closed", edgeSet: es})
	}
	v.score(cfg, items, workers)
	if err := v.addBetweenness(cfg, items, workers); err != nil {
		panic(err) // unreachable: generalized costs are positive and finite
	}
	return groupSeries(g, items)
}

// addBetweenness sets each item's Betweenness: node betweenness for a
// node, the sum of its edges' edge betweenness otherwise.
func (v *View) addBetweenness(cfg Config, items []Criticality, workers int) error {
	g := v.G
	w := cfg.Costs.weights(g, ByCost)
	active := v.ActiveEdges()
	from, to, wt := make([]int, len(active)), make([]int, len(active)), make([]float64, len(active))
	at := make(map[int]int, len(active)) // network edge -> graph edge
	for i, e := range active {
		from[i], to[i], wt[i] = g.Edges[e].From, g.Edges[e].To, w[e]
		at[e] = i
	}
	pg, err := NewGraph(len(g.Nodes), from, to, wt, false)
	if err != nil {
		return err
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	b, err := pg.Betweenness(BetweennessOptions{Weighted: true, Workers: workers})
	if err != nil {
		return err
	}
	for i := range items {
		c := &items[i]
		if c.Kind == "node" {
			c.Betweenness = b.Node[c.node]
			continue
		}
		c.Betweenness = 0
		for _, e := range c.edgeSet {
			if k, ok := at[e]; ok {
				c.Betweenness += b.Edge[k]
			}
		}
	}
	return nil
}

// groupSeries merges the edges of one feature whose removals score the
// same into one item (the first one's rank), and renumbers the ranks.
func groupSeries(g *Network, items []Criticality) []Criticality {
	type key struct {
		feature       string
		disc, l, lnru int
		dep, hours    float64
	}
	first := map[key]int{}
	var out []Criticality
	for _, c := range items {
		if c.Kind != "edge" {
			out = append(out, c)
			continue
		}
		e := &g.Edges[c.edgeSet[0]]
		k := key{e.Feature, c.Disconnected, c.LinkageLoss, c.LinkageLossNoRU, math.Round(c.DependenceRise * 1e9), math.Round(c.AddedHours * 1e6)}
		if i, ok := first[k]; ok {
			o := &out[i]
			if len(o.Members) == 0 {
				o.Members = []string{o.ID}
			}
			o.Members = append(o.Members, c.ID)
			o.Edges++
			o.edgeSet = append(o.edgeSet, c.edgeSet...)
			continue
		}
		first[k] = len(out)
		out = append(out, c)
	}
	for i := range out {
		out[i].Rank = i + 1
		if m := out[i].Members; len(m) > 1 {
			sort.Strings(m)
			out[i].ID = m[0]
			ends := out[i].edgeSet
			lo, hi := &g.Edges[ends[0]], &g.Edges[ends[0]]
			for _, e := range ends {
				if g.Edges[e].Index < lo.Index {
					lo = &g.Edges[e]
				}
				if g.Edges[e].Index > hi.Index {
					hi = &g.Edges[e]
				}
			}
			out[i].Label = lo.Name + ": " + g.Nodes[lo.From].Label() + " – " + g.Nodes[hi.To].Label()
		}
	}
	return out
}

// CriticalSets scores the removal of caller-given edge sets, keyed by name.
func (v *View) CriticalSets(cfg Config, sets map[string][]int, workers int) []Criticality {
	var items []Criticality
	for k, es := range sets {
		items = append(items, Criticality{Kind: "set", ID: k, Label: k, edgeSet: es})
	}
	v.score(cfg, items, workers)
	if err := v.addBetweenness(cfg, items, workers); err != nil {
		panic(err) // unreachable: generalized costs are positive and finite
	}
	return items
}

func (v *View) score(cfg Config, items []Criticality, workers int) {
	ev := newEvaluator(v, cfg)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ev.eval(&items[i])
			}
		}()
	}
	for i := range items {
		next <- i
	}
	close(next)
	wg.Wait()
	sort.SliceStable(items, func(i, j int) bool { return lessCrit(&items[i], &items[j]) })
	for i := range items {
		items[i].Rank = i + 1
	}
}

func lessCrit(a, b *Criticality) bool {
	if a.Disconnected != b.Disconnected {
		return a.Disconnected > b.Disconnected
	}
	if a.LinkageLossNoRU != b.LinkageLossNoRU {
		return a.LinkageLossNoRU > b.LinkageLossNoRU
	}
	if a.LinkageLoss != b.LinkageLoss {
		return a.LinkageLoss > b.LinkageLoss
	}
	if d := a.DependenceRise - b.DependenceRise; math.Abs(d) > 1e-9 {
		return d > 0
	}
	if d := a.AddedHours - b.AddedHours; math.Abs(d) > 1e-6 {
		return d > 0
	}
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	return a.ID < b.ID
}

func edgeLabel(g *Network, e *Edge) string {
	s := g.Nodes[e.From].Label() + " – " + g.Nodes[e.To].Label()
	if e.Name != "" {
		s = e.Name + ": " + s
	}
	return s
}
