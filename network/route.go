package network

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Costs define the generalized cost of a freight route in hours: running
// time at a mode's speed plus a fixed delay for each border crossing and for
// each ferry leg. The defaults come from the CAREC Corridor Performance
// Measurement and Monitoring (CPMM) Annual Report 2022 (ADB 2023): average
// time to clear a border-crossing point 40.6 h by rail and 9.9 h by road;
// speed without delay 53.9 km/h by rail and 42.0 km/h by road. Caspian
// ferry figures are assumptions, stated here because CPMM does not cover
// them: 20 km/h sailing speed (about 11 knots, a typical service speed of a
// rail/ro-ro ferry) and 48 h of waiting and port handling per ferry leg.
// Every value can be changed by the caller.
type Costs struct {
	SpeedKmh    map[Mode]float64 `json:"speed_kmh"`
	BorderHours map[Mode]float64 `json:"border_hours"` // per edge that crosses a border
	FerryHours  float64          `json:"ferry_hours"`  // per ferry leg (whole line), shared among its edges by length
}

// DefaultCosts returns the CPMM 2022 based defaults described at Costs.
func DefaultCosts() Costs {
	return Costs{
		SpeedKmh:    map[Mode]float64{Rail: 53.9, Road: 42.0, Ferry: 20, Gas: 1, Oil: 1, Power: 1},
		BorderHours: map[Mode]float64{Rail: 40.6, Road: 9.9, Ferry: 0},
		FerryHours:  48,
	}
}

// Metric selects what a shortest route minimises.
type Metric string

// Metrics.
const (
	ByLength Metric = "length" // km
	ByCost   Metric = "cost"   // generalized cost, hours
)

func (c Costs) edgeHours(e *Edge) float64 {
	s := c.SpeedKmh[e.Mode]
	if s <= 0 {
		s = 1
	}
	h := e.LengthKm / s
	if e.Crossing {
		h += c.BorderHours[e.Mode]
	}
	if e.Mode == Ferry && e.PartKm > 0 {
		// the waiting time of a ferry leg is shared among its edges (a
		// crossing splits a sailing into several edges)
		h += c.FerryHours * e.LengthKm / e.PartKm
	}
	return h
}

func (c Costs) weights(g *Network, m Metric) []float64 {
	w := make([]float64, len(g.Edges))
	for i := range g.Edges {
		if m == ByLength {
			w[i] = g.Edges[i].LengthKm
		} else {
			w[i] = c.edgeHours(&g.Edges[i])
		}
	}
	return w
}

// Route is a shortest route between two nodes.
type Route struct {
	From, To      string   `json:"-"`
	FromNode      int      `json:"from_node"`
	ToNode        int      `json:"to_node"`
	Layer         Layer    `json:"layer"`
	Metric        Metric   `json:"metric"`
	Found         bool     `json:"found"`
	LengthKm      float64  `json:"length_km"`
	Hours         float64  `json:"hours"` // generalized cost
	Edges         []string `json:"edges"`
	Via           []string `json:"via"`       // named nodes passed, in order
	Countries     []string `json:"countries"` // countries traversed, in order
	Crossings     []string `json:"crossings"` // "KAZ>CHN" per border crossing edge
	FerryLegs     int      `json:"ferry_legs"`
	ThroughRussia bool     `json:"through_russia"`
	// SchematicKm is the part of LengthKm on lines whose geometry is a
	// placeholder (straight between stations, properties.geometry
	// "schematic"), shorter than the track.
	SchematicKm float64 `json:"schematic_km"`
	edgeIdx     []int
}

// dijkstra computes distances from the sources over the view's edges of
// layer l with weights w (Dijkstra 1959, "A note on two problems in
// connexion with graphs", Numerische Mathematik 1:269-271), with a binary
// heap. prev holds the edge into each node on its shortest path, -1 at a
// source or an unreached node.
func (v *View) dijkstra(src []int, w []float64) (dist []float64, prev []int32) {
	g := v.G
	n := len(g.Nodes)
	dist = make([]float64, n)
	prev = make([]int32, n)
	for i := range dist {
		dist[i] = math.Inf(1)
		prev[i] = -1
	}
	h := newHeap(n)
	for _, s := range src {
		if v.nodeOn[s] {
			dist[s] = 0
			h.push(int32(s), 0)
		}
	}
	for h.len() > 0 {
		u, du := h.pop()
		if du > dist[u] {
			continue
		}
		for a := g.adjStart[u]; a < g.adjStart[u+1]; a++ {
			e := g.adjEdge[a]
			if !v.edgeOn[e] {
				continue
			}
			x := g.adjTo[a]
			if !v.nodeOn[x] {
				continue
			}
			if nd := du + w[e]; nd < dist[x] {
				dist[x] = nd
				prev[x] = e
				h.push(x, nd)
			}
		}
	}
	return dist, prev
}

// Route returns the shortest route from node a to node b.
func (v *View) Route(a, b int, m Metric, c Costs) Route {
	w := c.weights(v.G, m)
	_, prev := v.dijkstra([]int{a}, w)
	return v.routeFromTree(a, b, prev, m, c)
}

func (v *View) routeFromTree(a, b int, prev []int32, m Metric, c Costs) Route {
	g := v.G
	r := Route{From: g.Nodes[a].Label(), To: g.Nodes[b].Label(), FromNode: a, ToNode: b, Layer: g.Nodes[a].Layer, Metric: m}
	if a != b && prev[b] < 0 {
		return r
	}
	r.Found = true
	var path []int
	for x := b; x != a; {
		e := int(prev[x])
		path = append(path, e)
		ed := &g.Edges[e]
		if ed.From == x {
			x = ed.To
		} else {
			x = ed.From
		}
	}
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	r.edgeIdx = path
	addCountry := func(cc string) {
		if cc != "" && (len(r.Countries) == 0 || r.Countries[len(r.Countries)-1] != cc) {
			r.Countries = append(r.Countries, cc)
		}
		if cc == "RUS" {
			r.ThroughRussia = true
		}
	}
	x := a
	ferrySeen := map[string]bool{}
	addCountry(g.Nodes[a].Country)
	if len(g.Nodes[a].Names) > 0 {
		r.Via = append(r.Via, g.Nodes[a].Names[0])
	}
	for _, e := range path {
		ed := &g.Edges[e]
		r.Edges = append(r.Edges, ed.ID)
		r.LengthKm += ed.LengthKm
		if ed.Schematic {
			r.SchematicKm += ed.LengthKm
		}
		r.Hours += c.edgeHours(ed)
		if ed.Mode == Ferry && !ferrySeen[ed.Feature] {
			ferrySeen[ed.Feature] = true
			r.FerryLegs++
		}
		y := ed.To
		if y == x {
			y = ed.From
		}
		if ed.Crossing {
			r.Crossings = append(r.Crossings, g.Nodes[x].Country+">"+g.Nodes[y].Country)
		}
		addCountry(g.Nodes[y].Country)
		if len(g.Nodes[y].Names) > 0 {
			r.Via = append(r.Via, g.Nodes[y].Names[0])
		}
		x = y
	}
	return r
}

// Resolve finds the node for a place name (or ISO3 capital code) in layer
// l. A name may leave out a country suffix ("Khorgos" for "Khorgos CHN")
// when only one place fits; when several do, the error lists them.
func (v *View) Resolve(name string, l Layer) (int, error) {
	ns := v.G.Find(name, l)
	if len(ns) > 0 {
		return ns[0], nil
	}
	cands := v.G.withoutSuffix(name, l)
	switch len(cands) {
	case 0:
		return -1, fmt.Errorf("no place named %q in the %s layer", name, l)
	case 1:
		for _, n := range cands {
			return n, nil
		}
	}
	names := make([]string, 0, len(cands))
	for nm := range cands {
		names = append(names, fmt.Sprintf("%q", nm))
	}
	sort.Strings(names)
	return -1, fmt.Errorf("%q is ambiguous in the %s layer: %s", name, l, strings.Join(names, ", "))
}

// withoutSuffix returns the places of layer l whose name is name followed
// by a space and an ISO3 country code ("Khorgos CHN" for "Khorgos"),
// keyed by their full name.
func (g *Network) withoutSuffix(name string, l Layer) map[string]int {
	want := normName(name)
	out := map[string]int{}
	for i := range g.Nodes {
		if g.Nodes[i].Layer != l {
			continue
		}
		for _, nm := range g.Nodes[i].Names {
			k := normName(nm)
			if len(k) == len(want)+4 && strings.HasPrefix(k, want) && k[len(want)] == ' ' && isISO3(k[len(want)+1:]) {
				out[nm] = i
			}
		}
	}
	return out
}

func isISO3(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// CorridorRoute is the best route from an origin to one corridor's gateways.
type CorridorRoute struct {
	Corridor string   `json:"corridor"`
	Avoid    []string `json:"avoids,omitempty"`
	Route
}

// corridor is a named set of gateway nodes and the countries a route to
// them must avoid.
type corridor struct {
	name     string
	gateways []int
	avoid    []string
}

// corridors lists the corridors of layer l, sorted by name.
func (g *Network) corridors(l Layer) []corridor {
	idx := map[string]int{}
	var out []corridor
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Corridor == "" || n.Layer != l {
			continue
		}
		k, ok := idx[n.Corridor]
		if !ok {
			k = len(out)
			idx[n.Corridor] = k
			out = append(out, corridor{name: n.Corridor})
		}
		out[k].gateways = append(out[k].gateways, i)
		for _, a := range n.Avoid {
			if !containsString(out[k].avoid, a) {
				out[k].avoid = append(out[k].avoid, a)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// without removes the corridor's avoided countries from v.
func (c corridor) without(v *View) *View {
	for _, a := range c.avoid {
		v = v.WithoutCountry(a)
	}
	return v
}

// Corridors returns, for origin o, the cheapest route (by m) to each
// corridor: the gateway nodes that carry the same Corridor name (in the
// bundled network "northern" to Moscow, "middle" to Kars and Poti across
// the Caspian, "southern-iran" to Bandar Abbas, "southern-afghanistan" to
// Peshawar, "china" to Urumqi and Kashgar). A corridor whose gateways name
// countries to avoid (corridor_avoid) is routed without them: the Middle
// Corridor is by definition the route that does not enter Russia.
// Corridors are sorted by name.
func (v *View) Corridors(o int, m Metric, c Costs) []CorridorRoute {
	g := v.G
	w := c.weights(g, m)
	var out []CorridorRoute
	trees := map[string][2]any{}
	for _, cor := range g.corridors(g.Nodes[o].Layer) {
		key := strings.Join(cor.avoid, ",")
		t, ok := trees[key]
		if !ok {
			d, p := cor.without(v).dijkstra([]int{o}, w)
			t = [2]any{d, p}
			trees[key] = t
		}
		dist, prev := t[0].([]float64), t[1].([]int32)
		best := -1
		for _, x := range cor.gateways {
			if !math.IsInf(dist[x], 1) && (best < 0 || dist[x] < dist[best]) {
				best = x
			}
		}
		cr := CorridorRoute{Corridor: cor.name, Avoid: cor.avoid}
		if best >= 0 {
			cr.Route = v.routeFromTree(o, best, prev, m, c)
		} else {
			cr.Route = Route{From: g.Nodes[o].Label(), FromNode: o, ToNode: -1, Layer: g.Nodes[o].Layer, Metric: m}
		}
		out = append(out, cr)
	}
	return out
}

// minHeap is a binary min-heap of (node, key) pairs. When at is not nil it
// keeps each node's heap index there (for decrease-key); the heap with lazy
// deletion leaves it nil.
type minHeap struct {
	n  []int32
	k  []float64
	at []int32
}

func (h *minHeap) len() int { return len(h.n) }

// put stores (x, k) at heap index i.
func (h *minHeap) put(i int, x int32, k float64) {
	h.n[i], h.k[i] = x, k
	if h.at != nil {
		h.at[x] = int32(i)
	}
}

func (h *minHeap) up(i int) {
	x, k := h.n[i], h.k[i]
	for i > 0 {
		p := (i - 1) / 2
		if h.k[p] <= k {
			break
		}
		h.put(i, h.n[p], h.k[p])
		i = p
	}
	h.put(i, x, k)
}

func (h *minHeap) down(i int) {
	m := len(h.n)
	x, k := h.n[i], h.k[i]
	for {
		c := 2*i + 1
		if c >= m {
			break
		}
		if c+1 < m && h.k[c+1] < h.k[c] {
			c++
		}
		if h.k[c] >= k {
			break
		}
		h.put(i, h.n[c], h.k[c])
		i = c
	}
	h.put(i, x, k)
}

// pop removes and returns the node with the least key.
func (h *minHeap) pop() (int32, float64) {
	x, k := h.n[0], h.k[0]
	last := len(h.n) - 1
	h.put(0, h.n[last], h.k[last])
	h.n, h.k = h.n[:last], h.k[:last]
	if last > 0 {
		h.down(0)
	}
	return x, k
}

// heap is a binary min-heap of (node, key) with lazy deletion: a node is
// pushed again when its key falls, and stale entries are skipped. Its zero
// value is an empty heap.
type heap struct{ minHeap }

func (h *heap) reset() { h.n, h.k = h.n[:0], h.k[:0] }

func newHeap(c int) *heap {
	return &heap{minHeap{n: make([]int32, 0, c), k: make([]float64, 0, c)}}
}

func (h *heap) push(x int32, k float64) {
	h.n = append(h.n, x)
	h.k = append(h.k, k)
	h.up(len(h.n) - 1)
}

// Distances returns the shortest distances from node s to every node under
// edge weights w (+Inf where unreachable).
func (v *View) Distances(s int, w []float64) []float64 {
	d, _ := v.dijkstra([]int{s}, w)
	return d
}
