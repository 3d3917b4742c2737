package network

import "math"

// Comparison holds the measures of a baseline view and of the same view
// with a policy's project edges added, and their differences.
type Comparison struct {
	Policy     string            `json:"policy"`
	Features   []string          `json:"features"` // project line features added
	Baseline   Measures          `json:"baseline"`
	With       Measures          `json:"with_policy"`
	Routes     []RouteDelta      `json:"route_changes"`
	Corridors  []RouteDelta      `json:"corridor_changes"`
	Linkage    []LinkageDelta    `json:"linkage_changes"`
	Dependence []DependenceDelta `json:"dependence_changes"`
}

// RouteDelta is the change of one route's generalized cost.
type RouteDelta struct {
	From         string   `json:"from"` // ISO3 of the origin capital
	To           string   `json:"to"`   // ISO3 of the destination capital, or the gateway reached
	FromPlace    string   `json:"from_place"`
	ToPlace      string   `json:"to_place"`
	Corridor     string   `json:"corridor,omitempty"`
	BeforeHours  float64  `json:"before_hours"` // +Inf when there was no route
	AfterHours   float64  `json:"after_hours"`
	BeforeRussia bool     `json:"before_through_russia"`
	AfterRussia  bool     `json:"after_through_russia"`
	AfterEdges   []string `json:"-"`
}

// LinkageDelta is the change of a capital pair's disjoint path counts.
type LinkageDelta struct {
	Linkage
	Before Linkage `json:"before"`
}

// DependenceDelta is the change of a state's Russian-transit dependence.
type DependenceDelta struct {
	Country string  `json:"country"`
	Layer   Layer   `json:"layer"`
	Before  float64 `json:"before"`
	After   float64 `json:"after"`
}

// Compare computes the measures of base and of base plus the edges of the
// given features, and the differences that matter: every route, corridor,
// linkage and dependence figure that changed.
func Compare(base *View, policy string, features []string, cfg Config) (*Comparison, error) {
	with := base.Clone()
	for _, f := range features {
		es := base.G.FeatureEdges(f)
		if len(es) == 0 {
			return nil, &FeatureError{File: "policy " + policy, Index: -1, ID: f, Msg: "project names a line feature that is not in the network"}
		}
		for _, e := range es {
			with.edgeOn[e] = true
		}
	}
	c := &Comparison{Policy: policy, Features: features, Baseline: base.Analyze(cfg), With: with.Analyze(cfg),
		Routes: []RouteDelta{}, Corridors: []RouteDelta{}, Linkage: []LinkageDelta{}, Dependence: []DependenceDelta{}}
	code := func(n int, label string) string {
		if n >= 0 && base.G.Nodes[n].CapitalOf != "" {
			return base.G.Nodes[n].CapitalOf
		}
		return label
	}
	for i := range c.With.Routes {
		if d, ok := routeDelta(c.Baseline.Routes[i], c.With.Routes[i], ""); ok {
			r := c.With.Routes[i]
			d.From, d.To = code(r.FromNode, d.FromPlace), code(r.ToNode, d.ToPlace)
			c.Routes = append(c.Routes, d)
		}
	}
	for i := range c.With.Corridors {
		for j := range c.With.Corridors[i].Routes {
			a, b := c.Baseline.Corridors[i].Routes[j], c.With.Corridors[i].Routes[j]
			if d, ok := routeDelta(a.Route, b.Route, a.Corridor); ok {
				d.From = c.With.Corridors[i].Origin
				c.Corridors = append(c.Corridors, d)
			}
		}
	}
	before := map[[3]string]Linkage{}
	for _, l := range c.Baseline.Linkage {
		before[[3]string{string(l.Layer), l.A, l.B}] = l
	}
	for _, l := range c.With.Linkage {
		b := before[[3]string{string(l.Layer), l.A, l.B}]
		if b.EdgeDisjoint != l.EdgeDisjoint || b.EdgeDisjointNoRU != l.EdgeDisjointNoRU || b.NodeDisjoint != l.NodeDisjoint || b.NodeDisjointNoRU != l.NodeDisjointNoRU {
			c.Linkage = append(c.Linkage, LinkageDelta{Linkage: l, Before: b})
		}
	}
	dep := map[[2]string]float64{}
	for _, d := range c.Baseline.Dependence {
		dep[[2]string{d.Country, string(d.Layer)}] = d.Share
	}
	for _, d := range c.With.Dependence {
		b, ok := dep[[2]string{d.Country, string(d.Layer)}]
		if !ok {
			b = math.NaN()
		}
		if !(math.IsNaN(b) && math.IsNaN(d.Share)) && math.Abs(b-d.Share) > 1e-9 || math.IsNaN(b) != math.IsNaN(d.Share) {
			c.Dependence = append(c.Dependence, DependenceDelta{Country: d.Country, Layer: d.Layer, Before: b, After: d.Share})
		}
	}
	return c, nil
}

func routeDelta(a, b Route, corridor string) (RouteDelta, bool) {
	d := RouteDelta{From: a.From, To: b.To, FromPlace: a.From, ToPlace: b.To, Corridor: corridor, BeforeHours: math.Inf(1), AfterHours: math.Inf(1),
		BeforeRussia: a.ThroughRussia, AfterRussia: b.ThroughRussia, AfterEdges: b.Edges}
	if a.Found {
		d.BeforeHours = a.Hours
	}
	if b.Found {
		d.AfterHours = b.Hours
	}
	if d.To == "" {
		d.To, d.ToPlace = a.To, a.To
	}
	changed := a.Found != b.Found || math.Abs(d.BeforeHours-d.AfterHours) > 1e-6 || a.ThroughRussia != b.ThroughRussia
	return d, changed
}
