package network

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeEdgeList checks the report of a small edge list (a triangle
// with a pendant path: one component, two bridges, two articulation
// points), its text, and that each bad edge list is a request error naming
// the file and line (moved from the binary's TestNetworkGraph).
func TestAnalyzeEdgeList(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("g.txt", "# triangle a-b-c with a tail c-d-e\na b\nb c\nc a\nc d\nd e\n")
	r, err := AnalyzeEdgeList(EdgeListRequest{Path: good, Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	// c-d carries a, b, c to d, e: 3 x 2 = 6 pairs; d-e 4 pairs
	if r.Nodes != 5 || r.Edges != 5 || r.Components != 1 || len(r.Bridges) != 2 || strings.Join(r.ArticulationPoints, ",") != "c,d" ||
		r.Top[0].Ends != [2]string{"c", "d"} || r.Top[0].Betweenness != 6 {
		t.Errorf("report %+v", r)
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"5 nodes, 5 edges, undirected, weighted: false; 1 connected components", "bridges (2):", "articulation points (2): c d", "edge betweenness (exact):"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	for name, c := range map[string]struct {
		text, want string
		weighted   bool
	}{
		"unknown.txt":    {"node a\nnode b\na b\nb c\n", "unknown.txt:4: unknown node \"c\"", false},
		"dup.txt":        {"node a\nnode a\n", "dup.txt:2: duplicate node id \"a\"", false},
		"negative.txt":   {"a b 1\nb c -1\n", "negative.txt:2: weight \"-1\"", false},
		"nan.txt":        {"a b NaN\n", "nan.txt:1: weight \"NaN\"", false},
		"unweighted.txt": {"a b\n", "--weighted: " + filepath.Join(dir, "unweighted.txt") + " has no edge weights", true},
	} {
		_, err := AnalyzeEdgeList(EdgeListRequest{Path: write(name, c.text), Weighted: c.weighted})
		if !IsRequestError(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want a request error with %q", name, err, c.want)
		}
	}
}
