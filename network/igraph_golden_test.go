package network

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

var dumpGraph = flag.Bool("dump", false, "write testdata/igraph_graph.txt for testdata/igraph_golden.py")

// TestIgraphGolden checks shortest distances, edge- and node-disjoint path
// counts and accessibility criticality against python-igraph on a small
// synthetic graph (testdata/igraph_golden.json, made by
// testdata/igraph_golden.py; see testdata/README.md).
func TestIgraphGolden(t *testing.T) {
	if *dumpGraph {
		g := Synthetic(12, 12, 300, 0.10, 5)
		var b strings.Builder
		fmt.Fprintf(&b, "%d %d\n", len(g.Nodes), len(g.Edges))
		for _, e := range g.Edges {
			fmt.Fprintf(&b, "%d %d %.17g\n", e.From, e.To, e.LengthKm)
		}
		if err := os.WriteFile("testdata/igraph_graph.txt", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	src, err := os.ReadFile("testdata/igraph_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		N              int
		Edges          [][2]int
		Weights        []float64
		Sources        []int
		Distances      [][]*float64
		Pairs          [][2]int
		EdgeDisjoint   []int `json:"edge_disjoint"`
		VertexDisjoint []int `json:"vertex_disjoint"`
		Access         [][2]float64
	}
	if err := json.Unmarshal(src, &gold); err != nil {
		t.Fatal(err)
	}
	g := &Network{}
	for i := 0; i < gold.N; i++ {
		g.Nodes = append(g.Nodes, Node{ID: i, Layer: Freight})
	}
	for i, e := range gold.Edges {
		g.Edges = append(g.Edges, Edge{Index: i, ID: itoa(i), Feature: itoa(i), From: e[0], To: e[1], Mode: Road, Status: Existing, LengthKm: gold.Weights[i]})
	}
	g.index()
	v, _ := g.View([]Status{Existing}, nil)
	w := g.Lengths()
	for i, s := range gold.Sources {
		d, _ := v.dijkstra([]int{s}, w)
		for x, want := range gold.Distances[i] {
			if want == nil {
				if !math.IsInf(d[x], 1) {
					t.Errorf("d(%d,%d) = %v, igraph: unreachable", s, x, d[x])
				}
			} else if math.Abs(d[x]-*want) > 1e-9*(1+*want) {
				t.Errorf("d(%d,%d) = %v, igraph %v", s, x, d[x], *want)
			}
		}
	}
	for i, p := range gold.Pairs {
		if got := v.DisjointPaths(p[0], p[1], false, nil); got != gold.EdgeDisjoint[i] {
			t.Errorf("edge-disjoint %v = %d, igraph %d", p, got, gold.EdgeDisjoint[i])
		}
		if got := v.DisjointPaths(p[0], p[1], true, nil); got != gold.VertexDisjoint[i] {
			t.Errorf("node-disjoint %v = %d, igraph %d", p, got, gold.VertexDisjoint[i])
		}
	}
	acc := v.AccessibilityCriticality(gold.Sources, w, 2)
	for e, want := range gold.Access {
		if acc[e].Cut != int(want[1]) || math.Abs(acc[e].Added-want[0]) > 1e-9*(1+want[0]) {
			t.Errorf("edge %d: accessibility loss %+v, igraph %v", e, acc[e], want)
		}
	}
}
