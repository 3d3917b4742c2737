package network

import (
	"sort"
	"strings"
)

// Node is a junction, terminus, named place or border point of one layer.
type Node struct {
	ID        int
	Layer     Layer
	At        Point
	Country   string   // ISO3 by point-in-polygon; "" at sea or outside the boundaries
	Names     []string // names of the point features snapped here
	Kind      string   // kind of the first named point (capital, port, station, gateway ...)
	CapitalOf string   // ISO3 when a capital point was snapped here
	Corridor  string   // corridor name of a gateway point
	Avoid     []string // countries a route to this corridor must not enter
	Border    bool     // inserted where a line crosses a border
}

// Label is the node's first name, or its id and position.
func (n *Node) Label() string {
	if len(n.Names) > 0 {
		return n.Names[0]
	}
	return "node " + itoa(n.ID) + " (" + n.Country + ")"
}

// Edge is a stretch of one line feature between two nodes. Edges are
// undirected; a graph may hold parallel edges (e.g. the three strings of the
// Central Asia–China gas pipeline).
type Edge struct {
	Index        int
	ID           string // "<feature id>/<k>", k = 1, 2, ... along the feature
	Feature      string // feature id; projects name features
	FeatureIndex int
	Name         string
	From, To     int
	Mode         Mode
	Status       Status
	LengthKm     float64
	PartKm       float64 // length of the whole line (part of the feature) the edge belongs to
	Capacity     float64 // as given by the feature; 0 when unknown
	CapacityUnit string
	Gauge        string
	Flow         Flow      // Forward: From to To only; Reverse: To to From only
	Schematic    bool      // placeholder geometry: straight between stations
	Countries    [2]string // country of From and To
	Crossing     bool      // From and To lie in two different countries
	Source       string
}

// Flow is the direction a line carries its goods, energy or power, relative
// to the order of its coordinates: Both (the default, and every rail, road
// and ferry line), Forward (along the line as drawn) or Reverse. Capacity
// flows ([View.Dependence]) use a one-way line only in its direction.
type Flow int8

// The flow directions.
const (
	Both Flow = iota
	Forward
	Reverse
)

var flowNames = map[string]Flow{"": Both, "both": Both, "forward": Forward, "reverse": Reverse}

// String is the flow's name in GeoJSON properties.flow.
func (f Flow) String() string {
	switch f {
	case Forward:
		return "forward"
	case Reverse:
		return "reverse"
	}
	return "both"
}

// Layer returns the edge's layer.
func (e *Edge) Layer() Layer { return LayerOf(e.Mode) }

// Network is an infrastructure graph built from geometry.
type Network struct {
	Nodes []Node
	Edges []Edge
	// adjacency in CSR form: for node v, arcs adjStart[v]..adjStart[v+1]
	adjStart []int32
	adjEdge  []int32
	adjTo    []int32
	byName   map[string][]int
	features map[string][]int // feature id -> edge indices
}

func (g *Network) index() {
	n := len(g.Nodes)
	g.adjStart = make([]int32, n+1)
	for _, e := range g.Edges {
		g.adjStart[e.From+1]++
		g.adjStart[e.To+1]++
	}
	for i := 0; i < n; i++ {
		g.adjStart[i+1] += g.adjStart[i]
	}
	fill := make([]int32, n)
	copy(fill, g.adjStart[:n])
	g.adjEdge = make([]int32, 2*len(g.Edges))
	g.adjTo = make([]int32, 2*len(g.Edges))
	for i, e := range g.Edges {
		g.adjEdge[fill[e.From]], g.adjTo[fill[e.From]] = int32(i), int32(e.To)
		fill[e.From]++
		g.adjEdge[fill[e.To]], g.adjTo[fill[e.To]] = int32(i), int32(e.From)
		fill[e.To]++
	}
	g.byName = map[string][]int{}
	for i := range g.Nodes {
		for _, nm := range g.Nodes[i].Names {
			k := normName(nm)
			g.byName[k] = append(g.byName[k], i)
		}
	}
	g.features = map[string][]int{}
	for i := range g.Edges {
		g.features[g.Edges[i].Feature] = append(g.features[g.Edges[i].Feature], i)
	}
}

func normName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Find returns the nodes named name (case-insensitive) in layer l, or, when
// name is an ISO3 code, the capital node of that state.
func (g *Network) Find(name string, l Layer) []int {
	var out []int
	for _, v := range g.byName[normName(name)] {
		if g.Nodes[v].Layer == l {
			out = append(out, v)
		}
	}
	if len(out) == 0 && len(name) == 3 {
		for i := range g.Nodes {
			if g.Nodes[i].Layer == l && strings.EqualFold(g.Nodes[i].CapitalOf, name) {
				out = append(out, i)
			}
		}
	}
	return out
}

// FeatureEdges returns the indices of the edges of feature id.
func (g *Network) FeatureEdges(id string) []int { return g.features[id] }

// Features returns the feature ids in the network, sorted.
func (g *Network) Features() []string {
	out := make([]string, 0, len(g.features))
	for k := range g.features {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Capitals returns the capital node of each state in layer l, keyed by ISO3.
func (g *Network) Capitals(l Layer) map[string]int {
	out := map[string]int{}
	for i := range g.Nodes {
		n := &g.Nodes[i]
		if n.Layer == l && n.CapitalOf != "" {
			if _, ok := out[n.CapitalOf]; !ok {
				out[n.CapitalOf] = i
			}
		}
	}
	return out
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	neg := i < 0
	if neg {
		i = -i
	}
	var b [20]byte
	p := len(b)
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		p--
		b[p] = '-'
	}
	return string(b[p:])
}
