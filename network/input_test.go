package network

import (
	"strings"
	"testing"
)

// TestReadTrade checks the sums of repeated pairs, the case of the codes,
// and that each bad input names its line and column.
func TestReadTrade(t *testing.T) {
	got, err := ReadTrade(strings.NewReader("reporter,partner,value\nkaz,CHN,10\nKAZ,chn,2.5\nUZB,RUS,0\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got["KAZ"]["CHN"] != 12.5 || got["UZB"]["RUS"] != 0 || len(got) != 2 {
		t.Errorf("got %v", got)
	}
	for _, c := range []struct{ in, want string }{
		{"reporter,partner,value\nKAZ,CHN,-1\n", "trade t.csv:2:3: value \"-1\" is not a non-negative number"},
		{"reporter,partner,value\nKAZ,CHN,1\nKAZ,RUS,x\n", "trade t.csv:3:3:"},
		{"a,b,c\nKAZ,CHN,1\n", "trade t.csv:1: want a header reporter,partner,value"},
		{"", "trade t.csv:1: want a header"},
		{"reporter,partner,value\nKAZ,CHN\n", "trade t.csv: record on line 2"},
	} {
		if _, err := ReadTrade(strings.NewReader(c.in), "t.csv"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadTrade(%q) = %v, want an error containing %q", c.in, err, c.want)
		}
	}
}

// TestEdgeSet checks that a line feature stands for all its edges and an
// edge id for itself, and that an unknown id or none is refused.
func TestEdgeSet(t *testing.T) {
	g := Synthetic(3, 3, 10, 0, 1)
	e0, e1 := g.Edges[0].ID, g.Edges[1].ID
	es, err := g.EdgeSet([]string{e1, e0})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0] != 1 || es[1] != 0 {
		t.Errorf("EdgeSet(%s, %s) = %v, want [1 0]", e1, e0, es)
	}
	f := g.Edges[0].Feature // a synthetic edge is its own line feature
	if fe, err := g.EdgeSet([]string{f}); err != nil || len(fe) != len(g.FeatureEdges(f)) || len(fe) == 0 {
		t.Errorf("EdgeSet(%s) = %v, %v; want the feature's %d edges", f, fe, err, len(g.FeatureEdges(f)))
	}
	if _, err := g.EdgeSet([]string{"nope"}); err == nil || !strings.Contains(err.Error(), `"nope" is neither`) {
		t.Errorf("unknown id: err = %v", err)
	}
	if _, err := g.EdgeSet(nil); err == nil {
		t.Error("no ids: no error")
	}
}

// TestSelect checks the kind filter and the cut at top.
func TestSelect(t *testing.T) {
	items := []Criticality{{ID: "a", Kind: "edge"}, {ID: "b", Kind: "node"}, {ID: "c", Kind: "edge"}, {ID: "d", Kind: "border"}}
	ids := func(cs []Criticality) (s string) {
		for _, c := range cs {
			s += c.ID
		}
		return s
	}
	for _, c := range []struct {
		kinds []string
		top   int
		want  string
	}{
		{nil, 0, "abcd"}, {nil, 2, "ab"}, {[]string{"edge"}, 0, "ac"}, {[]string{"edge", "border"}, 2, "ac"}, {[]string{"node"}, 5, "b"},
	} {
		if got := ids(Select(items, c.kinds, c.top)); got != c.want {
			t.Errorf("Select(%v, %d) = %s, want %s", c.kinds, c.top, got, c.want)
		}
	}
}
