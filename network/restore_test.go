package network

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// A network restored from a built one's nodes and edges equals it, index
// included; nodes or edges out of order or out of range are errors.
func TestRestore(t *testing.T) {
	g, _ := mustBuild(t, tinyNet, tinyBoundaries, Options{})
	r, err := Restore(slices.Clone(g.Nodes), slices.Clone(g.Edges))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, g) {
		t.Error("restored network differs from the built one")
	}
	if len(r.FeatureEdges("new")) == 0 || len(r.Find("Acity", Freight)) != 1 {
		t.Error("restored network lost its feature or name index")
	}
	for _, c := range []struct {
		name string
		edit func(n []Node, e []Edge)
		want string
	}{
		{"node id", func(n []Node, _ []Edge) { n[1].ID = 7 }, "node 1 has id 7"},
		{"edge index", func(_ []Node, e []Edge) { e[2].Index = 0 }, "edge 2 has index 0"},
		{"edge end", func(n []Node, e []Edge) { e[0].To = len(n) }, "joins nodes"},
		{"negative end", func(_ []Node, e []Edge) { e[0].From = -1 }, "joins nodes"},
	} {
		n, e := slices.Clone(g.Nodes), slices.Clone(g.Edges)
		c.edit(n, e)
		if _, err := Restore(n, e); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}
