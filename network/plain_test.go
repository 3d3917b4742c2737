package network

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// igraphMeasures is one golden file of testdata/measures, made by
// testdata/igraph_measures.py (python-igraph 0.10.2; see testdata/README.md).
type igraphMeasures struct {
	Igraph      string
	Bridges     []int
	Articulate  []int `json:"articulation_points"`
	Membership  []int
	Sources     []int
	Hops        [][]*float64
	Distances   [][]*float64
	Betweenness []struct {
		Weighted   bool
		Cutoff     float64
		Edge, Node []float64
	}
}

func readMeasureCase(t *testing.T, path string) (*Graph, *igraphMeasures) {
	t.Helper()
	f := fixture.Open(t, path)
	g, err := ReadEdgeList(f, path)
	if err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile(strings.TrimSuffix(path, ".txt") + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var gold igraphMeasures
	if err := json.Unmarshal(js, &gold); err != nil {
		t.Fatal(err)
	}
	return g, &gold
}

func close9(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestIgraphMeasures checks bridges, articulation points, components, BFS
// and Dijkstra distances, and edge and node betweenness (unweighted and
// weighted, with and without cutoffs) against igraph on disconnected,
// multi-edge, self-loop, directed, weighted and lattice graphs.
func TestIgraphMeasures(t *testing.T) {
	paths, _ := filepath.Glob("testdata/measures/*.txt")
	if len(paths) < 7 {
		t.Fatalf("%d golden cases in testdata/measures, want 7", len(paths))
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			g, gold := readMeasureCase(t, path)
			if got := g.Bridges(); !slices.Equal(got, gold.Bridges) && !(len(got) == 0 && len(gold.Bridges) == 0) {
				t.Errorf("bridges %v, igraph %v", got, gold.Bridges)
			}
			if got := g.ArticulationPoints(); !slices.Equal(got, gold.Articulate) && !(len(got) == 0 && len(gold.Articulate) == 0) {
				t.Errorf("articulation points %v, igraph %v", got, gold.Articulate)
			}
			comp, _ := g.Components()
			for v := range comp {
				if int(comp[v]) != gold.Membership[v] {
					t.Errorf("component of %d: %d, igraph %d", v, comp[v], gold.Membership[v])
				}
			}
			s := g.NewSearch()
			for i, src := range gold.Sources {
				hops := s.BFS(src)
				for v, want := range gold.Hops[i] {
					if (want == nil) != (hops[v] < 0) || (want != nil && float64(hops[v]) != *want) {
						t.Errorf("hops %d->%d: %d, igraph %v", src, v, hops[v], want)
					}
				}
				if gold.Distances == nil {
					continue
				}
				d := s.Dijkstra(src)
				for v, want := range gold.Distances[i] {
					if (want == nil) != math.IsInf(d[v], 1) || (want != nil && !close9(d[v], *want)) {
						t.Errorf("distance %d->%d: %v, igraph %v", src, v, d[v], want)
					}
				}
			}
			for _, b := range gold.Betweenness {
				got, err := g.Betweenness(BetweennessOptions{Weighted: b.Weighted, Cutoff: b.Cutoff, Workers: 2})
				if err != nil {
					t.Fatal(err)
				}
				for e, want := range b.Edge {
					if !close9(got.Edge[e], want) {
						t.Errorf("weighted %v cutoff %v: edge %d betweenness %v, igraph %v", b.Weighted, b.Cutoff, e, got.Edge[e], want)
					}
				}
				for v, want := range b.Node {
					if !close9(got.Node[v], want) {
						t.Errorf("weighted %v cutoff %v: node %d betweenness %v, igraph %v", b.Weighted, b.Cutoff, v, got.Node[v], want)
					}
				}
			}
		})
	}
}

// TestBetweennessWorkers checks that betweenness is bit-identical for any
// number of workers, exact and sampled, and that a sample of every node is
// the exact value.
func TestBetweennessWorkers(t *testing.T) {
	g := Lattice(20, 20, 0.1, 3)
	for _, o := range []BetweennessOptions{{}, {Cutoff: 6}, {Sources: SampleSources(g.Nodes(), 37, 1)}} {
		var ref *Betweenness
		for _, w := range []int{1, 2, 3, 8} {
			o.Workers = w
			b, err := g.Betweenness(o)
			if err != nil {
				t.Fatal(err)
			}
			if ref == nil {
				ref = b
			} else if !slices.Equal(b.Edge, ref.Edge) || !slices.Equal(b.Node, ref.Node) {
				t.Errorf("cutoff %v, %d sources: %d workers differ from 1", o.Cutoff, len(o.Sources), w)
			}
		}
	}
	all := make([]int, g.Nodes())
	for i := range all {
		all[i] = i
	}
	exact, _ := g.Betweenness(BetweennessOptions{})
	sampled, _ := g.Betweenness(BetweennessOptions{Sources: all, Workers: 2})
	for e := range exact.Edge {
		if !close9(sampled.Edge[e], exact.Edge[e]) {
			t.Fatalf("edge %d: every node as sample %v, exact %v", e, sampled.Edge[e], exact.Edge[e])
		}
	}
}

// TestSampledBetweennessBound checks that a sampled estimate lies within
// SampleErrorBound of the exact value on every edge (alpha = 0.01, so a
// miss on any of the edges would be a 1-in-100 event per edge, and the
// bound is loose).
func TestSampledBetweennessBound(t *testing.T) {
	g := Lattice(15, 15, 0.1, 4)
	exact, _ := g.Betweenness(BetweennessOptions{})
	k := 40
	est, _ := g.Betweenness(BetweennessOptions{Sources: SampleSources(g.Nodes(), k, 2), Workers: 2})
	bound := SampleErrorBound(g.Nodes(), k, 0.01) / 2
	worst := 0.0
	for e := range exact.Edge {
		worst = math.Max(worst, math.Abs(est.Edge[e]-exact.Edge[e]))
	}
	if worst > bound || worst == 0 {
		t.Errorf("largest error %v, bound %v", worst, bound)
	}
	if SampleErrorBound(10, 10, 0.05) != 0 || !math.IsInf(SampleErrorBound(10, 0, 0.05), 1) {
		t.Error("bound at k = n is not 0, or at k = 0 not +Inf")
	}
	if b := SampleErrorBound(100, 25, 0.05); !close9(b, 100*99*math.Sqrt(math.Log(40)/50)) {
		t.Errorf("bound %v", b)
	}
}

// TestLattice checks the anchor graph's size and that the generator and
// the edge list round-trip.
func TestLattice(t *testing.T) {
	g := Lattice(224, 224, 0.1, 1)
	if g.Nodes() != 50176 || g.Edges() != 89914 {
		t.Fatalf("anchor graph %d nodes, %d edges; want 50176, 89914", g.Nodes(), g.Edges())
	}
	var b bytes.Buffer
	if err := g.WriteEdgeList(&b); err != nil {
		t.Fatal(err)
	}
	h, err := ReadEdgeList(&b, "anchor")
	if err != nil {
		t.Fatal(err)
	}
	if h.Nodes() != g.Nodes() || !slices.Equal(h.from, g.from) || !slices.Equal(h.to, g.to) || h.w != nil {
		t.Error("edge list does not round-trip")
	}
}

// TestNewGraphErrors checks that NewGraph refuses bad ends and weights.
func TestNewGraphErrors(t *testing.T) {
	for _, c := range []struct {
		n        int
		from, to []int
		w        []float64
		want     string
	}{
		{2, []int{0}, []int{2}, nil, "end outside 0..1"},
		{2, []int{0}, []int{1}, []float64{-1}, "weight -1"},
		{2, []int{0}, []int{1}, []float64{math.NaN()}, "weight NaN"},
		{2, []int{0}, []int{1}, []float64{math.Inf(1)}, "weight +Inf"},
		{2, []int{0}, []int{}, nil, "1 edge tails, 0 heads"},
	} {
		if _, err := NewGraph(c.n, c.from, c.to, c.w, false); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NewGraph(%v %v %v) = %v, want %q", c.from, c.to, c.w, err, c.want)
		}
	}
	g, _ := NewGraph(2, []int{0}, []int{1}, []float64{0}, false)
	if _, err := g.Betweenness(BetweennessOptions{Weighted: true}); err == nil {
		t.Error("weighted betweenness with a zero weight: no error")
	}
	if _, err := g.Betweenness(BetweennessOptions{Cutoff: -1}); err == nil {
		t.Error("negative cutoff: no error")
	}
	if _, err := g.Betweenness(BetweennessOptions{Sources: []int{5}}); err == nil {
		t.Error("source outside the graph: no error")
	}
}

// TestReadEdgeListErrors checks each refusal names the line.
func TestReadEdgeListErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"node a\nnode b\na c\n", "e.txt:3: unknown node \"c\" (field 2)"},
		{"node a\nnode a\n", "e.txt:2: duplicate node id \"a\""},
		{"a b 1\nb c -2\n", "e.txt:2: weight \"-2\" (field 3)"},
		{"a b NaN\n", "e.txt:1: weight \"NaN\""},
		{"a b +Inf\n", "e.txt:1: weight \"+Inf\""},
		{"a b x\n", "e.txt:1: weight \"x\""},
		{"a b 1\nb c\n", "e.txt:2: edge has 2 fields, earlier edges 3"},
		{"a b\n# c\nnode c\n", "e.txt:3: node \"c\" declared after the edges"},
		{"a\n", "e.txt:1: want FROM TO [WEIGHT]"},
		{"a b 1 2\n", "e.txt:1: want FROM TO [WEIGHT]"},
		{"a b\ndirected\n", "e.txt:2: \"directed\" must come once"},
	} {
		if _, err := ReadEdgeList(strings.NewReader(c.in), "e.txt"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadEdgeList(%q) = %v, want an error containing %q", c.in, err, c.want)
		}
	}
	g, err := ReadEdgeList(strings.NewReader("# a comment\ndirected\n\nx y 2 # trailing\ny z 0\nz z 1"), "e.txt")
	if err != nil {
		t.Fatal(err)
	}
	if g.Nodes() != 3 || g.Edges() != 3 || !g.Directed() || g.ID(2) != "z" {
		t.Errorf("read %d nodes, %d edges, directed %v", g.Nodes(), g.Edges(), g.Directed())
	}
	if f, to, w := g.Edge(1); f != 1 || to != 2 || w != 0 {
		t.Errorf("edge 1 = %d %d %v", f, to, w)
	}
}

// FuzzReadEdgeList checks that the reader never panics, and that what it
// accepts writes back to an edge list that reads to the same graph.
func FuzzReadEdgeList(f *testing.F) {
	for _, s := range []string{"a b\n", "node 1\nnode 2\n1 2 0.5\n", "directed\nx y 1\ny x 2\n", "a a\n", "a b NaN\n", "node a\nnode a\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ReadEdgeList(strings.NewReader(s), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		var b bytes.Buffer
		if err := g.WriteEdgeList(&b); err != nil {
			t.Fatal(err)
		}
		h, err := ReadEdgeList(&b, "again")
		if err != nil {
			t.Fatalf("written edge list does not read: %v", err)
		}
		if h.Nodes() != g.Nodes() || !slices.Equal(h.from, g.from) || !slices.Equal(h.to, g.to) || !slices.Equal(h.w, g.w) {
			t.Fatal("edge list does not round-trip")
		}
		g.Bridges()
		g.Components()
	})
}

// TestMultiSourceSearch checks that a search from several sources gives
// each node its distance to the nearest source, and that a Search reused
// for another query gives what a fresh one gives.
func TestMultiSourceSearch(t *testing.T) {
	g, gold := readMeasureCase(t, "testdata/measures/random-directed.txt")
	src := gold.Sources[:3]
	s := g.NewSearch()
	hops := append([]int32(nil), s.BFS(src...)...)
	dist := append([]float64(nil), s.Dijkstra(src...)...)
	hopRows, distRows := g.HopDistances(src, 2), g.Distances(src, 3)
	for v := 0; v < g.Nodes(); v++ {
		wantH, wantD := int32(-1), math.Inf(1)
		for i := range src {
			if h := hopRows[i][v]; h >= 0 && (wantH < 0 || h < wantH) {
				wantH = h
			}
			wantD = math.Min(wantD, distRows[i][v])
		}
		if hops[v] != wantH || dist[v] != wantD {
			t.Errorf("node %d: multi-source hops %d, distance %v; nearest single source %d, %v", v, hops[v], dist[v], wantH, wantD)
		}
	}
	// the rows match igraph's single-source distances
	for i := range src {
		for v, want := range gold.Distances[i] {
			if (want == nil) != math.IsInf(distRows[i][v], 1) || (want != nil && !close9(distRows[i][v], *want)) {
				t.Errorf("distance %d->%d: %v, igraph %v", src[i], v, distRows[i][v], want)
			}
		}
	}
	fresh := g.NewSearch().Dijkstra(src[1])
	if again := s.Dijkstra(src[1]); !slices.Equal(again, fresh) {
		t.Error("a reused Search differs from a fresh one")
	}
}
