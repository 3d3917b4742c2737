package network

import (
	"fmt"
	"sort"
)

// View is a network with some edges and nodes switched off: the baseline
// of existing lines, a policy's network with its projects added, or either
// with an edge, a node, a border or a whole country removed. Views are
// cheap to copy and safe for concurrent reads.
type View struct {
	G      *Network
	edgeOn []bool
	nodeOn []bool
}

// View returns the network of edges whose status is in include, plus every
// edge of the features named in add whatever their status. An unknown
// feature id is an error.
func (g *Network) View(include []Status, add []string) (*View, error) {
	v := &View{G: g, edgeOn: make([]bool, len(g.Edges)), nodeOn: make([]bool, len(g.Nodes))}
	for i := range v.nodeOn {
		v.nodeOn[i] = true
	}
	for i := range g.Edges {
		for _, s := range include {
			if g.Edges[i].Status == s {
				v.edgeOn[i] = true
			}
		}
	}
	var missing []string
	for _, id := range add {
		es := g.features[id]
		if len(es) == 0 {
			missing = append(missing, id)
		}
		for _, e := range es {
			v.edgeOn[e] = true
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("no line features with ids %q in the network", missing)
	}
	return v, nil
}

// Clone copies the view.
func (v *View) Clone() *View {
	return &View{G: v.G, edgeOn: append([]bool(nil), v.edgeOn...), nodeOn: append([]bool(nil), v.nodeOn...)}
}

// EdgeOn reports whether edge e is in the view (and both its ends are).
func (v *View) EdgeOn(e int) bool {
	ed := &v.G.Edges[e]
	return v.edgeOn[e] && v.nodeOn[ed.From] && v.nodeOn[ed.To]
}

// NodeOn reports whether node n is in the view.
func (v *View) NodeOn(n int) bool { return v.nodeOn[n] }

// WithoutEdges returns a copy with the given edges removed.
func (v *View) WithoutEdges(es ...int) *View {
	w := v.Clone()
	for _, e := range es {
		w.edgeOn[e] = false
	}
	return w
}

// WithoutNodes returns a copy with the given nodes (and so their edges) removed.
func (v *View) WithoutNodes(ns ...int) *View {
	w := v.Clone()
	for _, n := range ns {
		w.nodeOn[n] = false
	}
	return w
}

// WithoutCountry returns a copy with every node in country code removed:
// the network as it is for anyone who will not, or cannot, cross that
// country's territory.
func (v *View) WithoutCountry(code string) *View {
	w := v.Clone()
	for i := range v.G.Nodes {
		if v.G.Nodes[i].Country == code {
			w.nodeOn[i] = false
		}
	}
	return w
}

// ActiveEdges lists the edges in the view.
func (v *View) ActiveEdges() []int {
	var out []int
	for i := range v.G.Edges {
		if v.EdgeOn(i) {
			out = append(out, i)
		}
	}
	return out
}

// OnlyModes returns a copy without the edges whose mode is not listed: for
// example rail alone, or rail and ferry without roads.
func (v *View) OnlyModes(modes ...Mode) *View {
	w := v.Clone()
	for i := range v.G.Edges {
		keep := false
		for _, m := range modes {
			if v.G.Edges[i].Mode == m {
				keep = true
			}
		}
		if !keep {
			w.edgeOn[i] = false
		}
	}
	return w
}
