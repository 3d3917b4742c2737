package network

import (
	"fmt"
	"math"
	"sort"
)

// Config names the region and the outside power whose territory the
// measures test, and the route costs.
type Config struct {
	Region []string // states whose linkage and dependence are measured; default the C5
	Russia string   // ISO3 of the transit state tested; default "RUS"
	Costs  Costs
}

// DefaultConfig is the five Central Asian states, Russia and DefaultCosts.
func DefaultConfig() Config {
	return Config{Region: []string{"KAZ", "KGZ", "TJK", "TKM", "UZB"}, Russia: "RUS", Costs: DefaultCosts()}
}

func (c Config) inRegion(code string) bool {
	for _, r := range c.Region {
		if r == code {
			return true
		}
	}
	return false
}

// LayerSummary counts a layer's edges.
type LayerSummary struct {
	Layer           Layer              `json:"layer"`
	Nodes           int                `json:"nodes"`
	Edges           int                `json:"edges"`
	Km              float64            `json:"km"`
	KmByMode        map[Mode]float64   `json:"km_by_mode"`
	KmByStatus      map[Status]float64 `json:"km_by_status"`
	BorderCrossings map[string]int     `json:"border_crossings"` // "KAZ-CHN" -> edges
}

// Linkage is the number of independent paths between two capitals.
type Linkage struct {
	Layer            Layer  `json:"layer"`
	A                string `json:"a"`
	B                string `json:"b"`
	EdgeDisjoint     int    `json:"edge_disjoint"`
	EdgeDisjointNoRU int    `json:"edge_disjoint_without_russia"`
	NodeDisjoint     int    `json:"node_disjoint"`
	NodeDisjointNoRU int    `json:"node_disjoint_without_russia"`
}

// Dependence is a state's reliance on Russian territory for one layer's
// external links: External is the maximum flow (in Unit) from the state's
// nodes to every node outside the region; WithoutRussia the same with
// Russian nodes removed; Share = 1 - WithoutRussia/External is the part of
// external capacity that must enter Russia (to reach Russia or to cross
// it). Capacities come from the features; when at least half of the layer's
// edges give one, the others get the layer's median and are counted in
// AssumedEdges; otherwise every edge counts as one line (Unit "lines") and
// AssumedEdges counts the capacities so ignored. Edges are undirected: a
// pipeline's capacity counts in both directions.
type Dependence struct {
	Country       string  `json:"country"`
	Layer         Layer   `json:"layer"`
	Unit          string  `json:"unit"`
	External      float64 `json:"external"`
	WithoutRussia float64 `json:"without_russia"`
	Share         float64 `json:"share"` // NaN when External is 0
	AssumedEdges  int     `json:"assumed_edges"`
}

// Measures are all network measures of one view.
type Measures struct {
	Summary    []LayerSummary `json:"summary"`
	Routes     []Route        `json:"routes"` // freight, generalized cost, between region capitals
	Corridors  []CorridorSet  `json:"corridors"`
	Linkage    []Linkage      `json:"linkage"`
	Dependence []Dependence   `json:"dependence"`
	Warnings   []string       `json:"warnings"`
}

// CorridorSet is the corridor comparison for one origin.
type CorridorSet struct {
	Origin string          `json:"origin"`
	Routes []CorridorRoute `json:"routes"`
}

// Summarize counts the view's nodes, edges and km per layer.
func (v *View) Summarize() []LayerSummary {
	g := v.G
	var out []LayerSummary
	for _, l := range Layers {
		s := LayerSummary{Layer: l, KmByMode: map[Mode]float64{}, KmByStatus: map[Status]float64{}, BorderCrossings: map[string]int{}}
		seen := map[int]bool{}
		for e := range g.Edges {
			ed := &g.Edges[e]
			if ed.Layer() != l || !v.EdgeOn(e) {
				continue
			}
			s.Edges++
			s.Km += ed.LengthKm
			s.KmByMode[ed.Mode] += ed.LengthKm
			s.KmByStatus[ed.Status] += ed.LengthKm
			seen[ed.From], seen[ed.To] = true, true
			if ed.Crossing {
				s.BorderCrossings[pairKey(ed.Countries[0], ed.Countries[1])]++
			}
		}
		s.Nodes = len(seen)
		if s.Edges > 0 {
			out = append(out, s)
		}
	}
	return out
}

func pairKey(a, b string) string {
	if b < a {
		a, b = b, a
	}
	return a + "-" + b
}

// layerCaps returns the capacity of every edge of layer l for flows.
func (v *View) layerCaps(l Layer) (cap []float64, unit string, assumed int) {
	g := v.G
	cap = make([]float64, len(g.Edges))
	var known []float64
	units := map[string]int{}
	for e := range g.Edges {
		ed := &g.Edges[e]
		if ed.Layer() == l && v.EdgeOn(e) && ed.Capacity > 0 {
			known = append(known, ed.Capacity)
			units[ed.CapacityUnit]++
		}
	}
	active := 0
	for e := range g.Edges {
		if g.Edges[e].Layer() == l && v.EdgeOn(e) {
			active++
		}
	}
	// With capacities for fewer than half of the layer's edges, a median
	// fill would be mostly assumption: count lines instead.
	useCaps := len(known) > 0 && 2*len(known) >= active
	fill := 1.0
	unit = "lines"
	if useCaps {
		sort.Float64s(known)
		fill = known[len(known)/2]
		best := -1
		for u, k := range units {
			if k > best || (k == best && u < unit) {
				unit, best = u, k
			}
		}
	}
	for e := range g.Edges {
		ed := &g.Edges[e]
		if ed.Layer() != l {
			continue
		}
		if ed.Capacity > 0 && useCaps {
			cap[e] = ed.Capacity
		} else {
			cap[e] = fill
			if v.EdgeOn(e) && (useCaps || len(known) > 0) {
				assumed++
			}
		}
	}
	return cap, unit, assumed
}

// Dependence returns the Russian-transit dependence of country c in layer l.
// used, when given, marks the edges that carry flow in either maximum flow
// (edges outside both cannot change the result when removed).
func (v *View) Dependence(c string, l Layer, cfg Config, used []bool) Dependence {
	cap, unit, assumed := v.layerCaps(l)
	src, dst := v.exitEnds(c, l, cfg)
	d := Dependence{Country: c, Layer: l, Unit: unit, AssumedEdges: assumed}
	d.External = v.capacityFlow(src, dst, cap, used)
	d.WithoutRussia = v.WithoutCountry(cfg.Russia).capacityFlow(src, dst, cap, used)
	d.Share = math.NaN()
	if d.External > flowEps {
		d.Share = 1 - d.WithoutRussia/d.External
		if d.Share < 1e-12 {
			d.Share = 0
		}
	}
	return d
}

// withCapital returns the region's countries, in order, that have a capital
// node in caps (a layer's capitals).
func (c Config) withCapital(caps map[string]int) []string {
	var cs []string
	for _, code := range c.Region {
		if _, ok := caps[code]; ok {
			cs = append(cs, code)
		}
	}
	return cs
}

// exitEnds marks, in layer l, the nodes of country c (sources) and the nodes
// of countries outside the region (sinks), the two ends of the flows that
// Dependence and ExitPaths measure.
func (v *View) exitEnds(c string, l Layer, cfg Config) (src, dst []bool) {
	g := v.G
	src = make([]bool, len(g.Nodes))
	dst = make([]bool, len(g.Nodes))
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Layer != l {
			continue
		}
		src[i] = n.Country == c
		dst[i] = n.Country != "" && !cfg.inRegion(n.Country)
	}
	return src, dst
}

// Analyze computes every measure for the view.
func (v *View) Analyze(cfg Config) Measures {
	var m Measures
	m.Summary = v.Summarize()
	g := v.G
	noRU := v.WithoutCountry(cfg.Russia)
	for _, l := range Layers {
		caps := g.Capitals(l)
		cs := cfg.withCapital(caps)
		for i := 0; i < len(cs); i++ {
			for j := i + 1; j < len(cs); j++ {
				a, b := caps[cs[i]], caps[cs[j]]
				lk := Linkage{Layer: l, A: cs[i], B: cs[j],
					EdgeDisjoint: v.DisjointPaths(a, b, false, nil), EdgeDisjointNoRU: noRU.DisjointPaths(a, b, false, nil),
					NodeDisjoint: v.DisjointPaths(a, b, true, nil), NodeDisjointNoRU: noRU.DisjointPaths(a, b, true, nil)}
				if lk.EdgeDisjoint+lk.EdgeDisjointNoRU+lk.NodeDisjoint > 0 || l == Freight {
					m.Linkage = append(m.Linkage, lk)
				}
			}
		}
		for _, c := range cfg.Region {
			if !v.hasCountryLayer(c, l) {
				continue
			}
			m.Dependence = append(m.Dependence, v.Dependence(c, l, cfg, nil))
		}
	}
	caps := g.Capitals(Freight)
	for i, a := range cfg.Region {
		ca, ok := caps[a]
		if !ok {
			m.Warnings = append(m.Warnings, fmt.Sprintf("no capital of %s in the freight layer", a))
			continue
		}
		for _, b := range cfg.Region[i+1:] {
			if cb, ok := caps[b]; ok {
				m.Routes = append(m.Routes, v.Route(ca, cb, ByCost, cfg.Costs))
			}
		}
		m.Corridors = append(m.Corridors, CorridorSet{Origin: a, Routes: v.Corridors(ca, ByCost, cfg.Costs)})
	}
	return m
}

func (v *View) hasCountryLayer(c string, l Layer) bool {
	for e := range v.G.Edges {
		ed := &v.G.Edges[e]
		if ed.Layer() == l && v.EdgeOn(e) && (ed.Countries[0] == c || ed.Countries[1] == c) {
			return true
		}
	}
	return false
}

// ExitPaths returns the number of edge-disjoint paths in layer l from the
// nodes of country c to the nodes outside the region, over all territory and
// avoiding Russia: the state's independent exits (unit capacities, Menger
// 1927). The second number is the redundancy that does not depend on Moscow.
func (v *View) ExitPaths(c string, l Layer, cfg Config) (all, withoutRussia int) {
	src, dst := v.exitEnds(c, l, cfg)
	ones := make([]float64, len(v.G.Edges))
	for e := range ones {
		ones[e] = 1
	}
	all = int(math.Round(v.capacityFlow(src, dst, ones, nil)))
	withoutRussia = int(math.Round(v.WithoutCountry(cfg.Russia).capacityFlow(src, dst, ones, nil)))
	return all, withoutRussia
}

// TradeDependence is a state's Russian-transit dependence weighted by its
// trade: for each partner country p with trade value T_p (any unit, e.g. from
// the gravity engine or customs statistics), the share of the flow capacity
// from c's nodes to p's nodes that cannot avoid Russia, s_p = 1 -
// F_noRU(c->p)/F(c->p) (s = 1 for Russia itself), averaged with weights T_p
// over the partners the layer reaches. Partners without nodes in the layer
// or unreachable are listed in Unmapped and left out of the average.
type TradeDependence struct {
	Country   string             `json:"country"`
	Layer     Layer              `json:"layer"`
	Share     float64            `json:"share"` // NaN when no partner is reached
	ByPartner map[string]float64 `json:"by_partner"`
	Unmapped  []string           `json:"unmapped"`
}

// TradeDependence computes the trade-weighted dependence of c in layer l.
func (v *View) TradeDependence(c string, l Layer, trade map[string]float64, cfg Config) TradeDependence {
	g := v.G
	cap, _, _ := v.layerCaps(l)
	src := make([]bool, len(g.Nodes))
	for i := range g.Nodes {
		src[i] = g.Nodes[i].Layer == l && g.Nodes[i].Country == c
	}
	partners := make([]string, 0, len(trade))
	for p := range trade {
		partners = append(partners, p)
	}
	sort.Strings(partners)
	out := TradeDependence{Country: c, Layer: l, ByPartner: map[string]float64{}, Share: math.NaN()}
	noRU := v.WithoutCountry(cfg.Russia)
	var num, den float64
	for _, p := range partners {
		t := trade[p]
		if t <= 0 || p == c {
			continue
		}
		dst := make([]bool, len(g.Nodes))
		any := false
		for i := range g.Nodes {
			if g.Nodes[i].Layer == l && g.Nodes[i].Country == p {
				dst[i], any = true, true
			}
		}
		all := 0.0
		if any {
			all = v.capacityFlow(src, dst, cap, nil)
		}
		if all <= flowEps {
			out.Unmapped = append(out.Unmapped, p)
			continue
		}
		s := 1.0
		if p != cfg.Russia {
			s = 1 - noRU.capacityFlow(src, dst, cap, nil)/all
			if s < 1e-12 {
				s = 0
			}
		}
		out.ByPartner[p] = s
		num += t * s
		den += t
	}
	if den > 0 {
		out.Share = num / den
	}
	return out
}
