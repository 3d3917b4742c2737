package network

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Squares in degrees: AAA lon 0-10, BBB lon 10-20, CCC lon 20-30 (all lat
// 0-10), RUS lon 0-20 lat 10-20.
const tinyBoundaries = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ADM0_A3":"AAA"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
{"type":"Feature","properties":{"ADM0_A3":"BBB"},"geometry":{"type":"Polygon","coordinates":[[[10,0],[20,0],[20,10],[10,10],[10,0]]]}},
{"type":"Feature","properties":{"ADM0_A3":"CCC"},"geometry":{"type":"Polygon","coordinates":[[[20,0],[30,0],[30,10],[20,10],[20,0]]]}},
{"type":"Feature","properties":{"ADM0_A3":"RUS"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,10],[20,10],[20,20],[0,20],[0,10]]]]}}
]}`

// Two capitals joined directly and through Russia; B also reaches CCC.
const tinyNet = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"ab","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[5,5],[15,5]]}},
{"type":"Feature","id":"ar","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[5,5],[5,15]]}},
{"type":"Feature","id":"rr","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[5,15],[15,15]]}},
{"type":"Feature","id":"rb","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[15,15],[15,5]]}},
{"type":"Feature","id":"bc","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[15,5],[25,5]]}},
{"type":"Feature","id":"new","properties":{"mode":"rail","status":"planned"},"geometry":{"type":"LineString","coordinates":[[5,5],[5,1],[25,1],[25,5]]}},
{"type":"Feature","properties":{"name":"Acity","kind":"capital","capital_of":"AAA"},"geometry":{"type":"Point","coordinates":[5,5]}},
{"type":"Feature","properties":{"name":"Bcity","kind":"capital","capital_of":"BBB"},"geometry":{"type":"Point","coordinates":[15,5]}},
{"type":"Feature","properties":{"name":"Ctown","kind":"gateway","corridor":"east"},"geometry":{"type":"Point","coordinates":[25,5]}},
{"type":"Feature","properties":{"name":"Rtown","kind":"gateway","corridor":"north"},"geometry":{"type":"Point","coordinates":[5,15]}}
]}`

func tinyConfig() Config {
	c := DefaultConfig()
	c.Region = []string{"AAA", "BBB"}
	return c
}

func mustBuild(t *testing.T, net, bnd string, opt Options) (*Network, *BuildReport) {
	t.Helper()
	var b *Boundaries
	if bnd != "" {
		var err error
		b, err = ReadBoundaries(strings.NewReader(bnd), "bnd")
		if err != nil {
			t.Fatal(err)
		}
	}
	feats, err := ReadGeoJSON(strings.NewReader(net), "net")
	if err != nil {
		t.Fatal(err)
	}
	g, rep, err := Build(feats, b, opt)
	if err != nil {
		t.Fatal(err)
	}
	return g, rep
}

// lawOfCosinesKm is an independent great-circle formula to check haversine.
func lawOfCosinesKm(a, b Point) float64 {
	r := math.Pi / 180
	c := math.Sin(a.Lat*r)*math.Sin(b.Lat*r) + math.Cos(a.Lat*r)*math.Cos(b.Lat*r)*math.Cos((b.Lon-a.Lon)*r)
	return EarthRadiusKm * math.Acos(math.Min(1, c))
}

func TestHaversine(t *testing.T) {
	// one degree of longitude on the equator is R*pi/180
	if d := HaversineKm(Point{0, 0}, Point{1, 0}); math.Abs(d-EarthRadiusKm*math.Pi/180) > 1e-9 {
		t.Fatalf("1 degree = %v", d)
	}
	for _, p := range [][2]Point{{{69.28, 41.31}, {71.43, 51.13}}, {{0, 0}, {1, 1}}, {{51.2, 43.6}, {49.9, 40.4}}} {
		if a, b := HaversineKm(p[0], p[1]), lawOfCosinesKm(p[0], p[1]); math.Abs(a-b) > 1e-6*b {
			t.Errorf("%v: haversine %v, law of cosines %v", p, a, b)
		}
	}
}

func TestSquareRoutesAndDisjointPaths(t *testing.T) {
	// A(0,0) B(1,0) C(1,1) D(0,1), ring plus diagonal A-C; pendant E(2,0) on B.
	net := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"ab","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,0]]}},
{"type":"Feature","id":"bc","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,0],[1,1]]}},
{"type":"Feature","id":"cd","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,1],[0,1]]}},
{"type":"Feature","id":"da","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[0,1],[0,0]]}},
{"type":"Feature","id":"ac","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}},
{"type":"Feature","id":"be","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,0],[2,0]]}},
{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[0,0]}},
{"type":"Feature","properties":{"name":"C"},"geometry":{"type":"Point","coordinates":[1,1]}},
{"type":"Feature","properties":{"name":"E"},"geometry":{"type":"Point","coordinates":[2,0]}}
]}`
	g, rep := mustBuild(t, net, "", Options{})
	if len(g.Nodes) != 5 || len(g.Edges) != 6 {
		t.Fatalf("nodes %d edges %d, want 5 and 6 (report %+v)", len(g.Nodes), len(g.Edges), rep)
	}
	if len(rep.Dangling) != 0 {
		t.Errorf("dangling %v", rep.Dangling)
	}
	v, _ := g.View([]Status{Existing}, nil)
	A, C, E := g.Find("A", Freight)[0], g.Find("c", Freight)[0], g.Find("E", Freight)[0]
	r := v.Route(A, C, ByLength, DefaultCosts())
	diag := lawOfCosinesKm(Point{0, 0}, Point{1, 1})
	if !r.Found || len(r.Edges) != 1 || r.Edges[0] != "ac/1" || math.Abs(r.LengthKm-diag) > 1e-6 {
		t.Errorf("A-C route %+v, want the diagonal of %.3f km", r, diag)
	}
	r = v.Route(A, E, ByLength, DefaultCosts())
	deg := EarthRadiusKm * math.Pi / 180
	if math.Abs(r.LengthKm-2*deg) > 1e-6 || strings.Join(r.Edges, ",") != "ab/1,be/1" {
		t.Errorf("A-E route %v %.3f km, want ab,be of %.3f", r.Edges, r.LengthKm, 2*deg)
	}
	cases := []struct {
		s, t      int
		edge, vtx int
		removed   string
	}{
		{A, C, 3, 3, ""},   // A-C, A-B-C, A-D-C
		{A, C, 2, 2, "ac"}, // without the diagonal
		{A, E, 1, 1, ""},   // pendant: one bridge
		{A, E, 0, 0, "be"},
	}
	for _, c := range cases {
		w := v
		if c.removed != "" {
			w = v.WithoutEdges(g.FeatureEdges(c.removed)...)
		}
		if got := w.DisjointPaths(c.s, c.t, false, nil); got != c.edge {
			t.Errorf("edge-disjoint %d-%d without %q = %d, want %d", c.s, c.t, c.removed, got, c.edge)
		}
		if got := w.DisjointPaths(c.s, c.t, true, nil); got != c.vtx {
			t.Errorf("node-disjoint %d-%d without %q = %d, want %d", c.s, c.t, c.removed, got, c.vtx)
		}
	}
}

func TestBowtieNodeVersusEdgeDisjoint(t *testing.T) {
	// Two triangles X1-X2-M and M-Y1-Y2 share M: two edge-disjoint paths
	// X1->Y1 but only one node-disjoint one (all pass M).
	net := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"t1","properties":{"mode":"gas"},"geometry":{"type":"LineString","coordinates":[[0,0],[0,1],[1,0.5],[0,0]]}},
{"type":"Feature","id":"t2","properties":{"mode":"gas"},"geometry":{"type":"LineString","coordinates":[[1,0.5],[2,0],[2,1],[1,0.5]]}},
{"type":"Feature","properties":{"name":"X1"},"geometry":{"type":"Point","coordinates":[0,0]}},
{"type":"Feature","properties":{"name":"X2"},"geometry":{"type":"Point","coordinates":[0,1]}},
{"type":"Feature","properties":{"name":"Y1"},"geometry":{"type":"Point","coordinates":[2,0]}}
]}`
	g, _ := mustBuild(t, net, "", Options{})
	v, _ := g.View([]Status{Existing}, nil)
	x, y := g.Find("X1", GasLayer)[0], g.Find("Y1", GasLayer)[0]
	if e, n := v.DisjointPaths(x, y, false, nil), v.DisjointPaths(x, y, true, nil); e != 2 || n != 1 {
		t.Fatalf("edge-disjoint %d node-disjoint %d, want 2 and 1", e, n)
	}
}

func TestSnappingCrossingsAndDangling(t *testing.T) {
	// r2 ends 1.1 km from r1 (snapped, tolerance 2 km); r3 ends 5.5 km away
	// (dangling); r4 crosses r1 (a rail junction); g1 and g2 cross but are
	// pipelines (no junction).
	net := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"r1","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[0,0],[2,0]]}},
{"type":"Feature","id":"r2","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[0.5,0.01],[0.5,1]]}},
{"type":"Feature","id":"r3","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1.0,0.05],[1.0,1]]}},
{"type":"Feature","id":"r4","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1.5,-1],[1.5,1]]}},
{"type":"Feature","id":"g1","properties":{"mode":"gas"},"geometry":{"type":"LineString","coordinates":[[0,5],[2,5]]}},
{"type":"Feature","id":"g2","properties":{"mode":"gas"},"geometry":{"type":"LineString","coordinates":[[1,4],[1,6]]}}
]}`
	g, rep := mustBuild(t, net, "", Options{})
	if len(rep.Snapped) != 1 || rep.Snapped[0].Feature != "r2" || rep.Snapped[0].Onto != "r1" || math.Abs(rep.Snapped[0].DistKm-1.112) > 0.01 {
		t.Errorf("snapped %+v, want r2 onto r1 at 1.112 km", rep.Snapped)
	}
	if rep.Crossings != 1 {
		t.Errorf("crossings %d, want 1 (rail only)", rep.Crossings)
	}
	dangling := map[string]int{}
	for _, d := range rep.Dangling {
		dangling[d.Feature]++
	}
	// r1 both ends, r2 far end, r3 both ends, r4 both ends, g1 and g2 both ends
	want := map[string]int{"r1": 2, "r2": 1, "r3": 2, "r4": 2, "g1": 2, "g2": 2}
	for k, n := range want {
		if dangling[k] != n {
			t.Errorf("dangling ends of %s = %d, want %d (all: %v)", k, dangling[k], n, rep.Dangling)
		}
	}
	// r1 is split at r2's snap point and at the r4 junction: 3 edges
	if n := len(g.FeatureEdges("r1")); n != 3 {
		t.Errorf("r1 has %d edges, want 3", n)
	}
	if n := len(g.FeatureEdges("g1")); n != 1 {
		t.Errorf("g1 has %d edges, want 1 (pipelines do not join where they cross)", n)
	}
}

func TestBorderCrossingEdgesAndCountries(t *testing.T) {
	g, rep := mustBuild(t, tinyNet, tinyBoundaries, Options{})
	// ab crosses AAA|BBB, ar AAA|RUS, rb RUS|BBB, bc BBB|CCC: 4 crossings;
	// the planned line crosses AAA|BBB and BBB|CCC: 2 more.
	if rep.BorderCrossings != 6 {
		t.Errorf("border crossings %d, want 6", rep.BorderCrossings)
	}
	for _, id := range []string{"ab", "ar", "rb", "bc"} {
		es := g.FeatureEdges(id)
		if len(es) != 3 {
			t.Fatalf("%s has %d edges, want 3 (domestic, crossing, domestic)", id, len(es))
		}
		mid := g.Edges[es[1]]
		if !mid.Crossing || mid.LengthKm > 2.5 {
			t.Errorf("%s middle edge %+v: want a short crossing edge", id, mid)
		}
		if g.Edges[es[0]].Crossing || g.Edges[es[2]].Crossing {
			t.Errorf("%s: end edges should be domestic", id)
		}
	}
	if c := g.Nodes[g.Find("Rtown", Freight)[0]].Country; c != "RUS" {
		t.Errorf("Rtown country %q", c)
	}
}

func TestTinyRouteLinkageDependence(t *testing.T) {
	g, _ := mustBuild(t, tinyNet, tinyBoundaries, Options{})
	v, _ := g.View([]Status{Existing}, nil)
	cfg := tinyConfig()
	a, _ := v.Resolve("AAA", Freight)
	b, _ := v.Resolve("bcity", Freight)
	r := v.Route(a, b, ByCost, cfg.Costs)
	if strings.Join(r.Countries, ",") != "AAA,BBB" || strings.Join(r.Crossings, ",") != "AAA>BBB" || r.ThroughRussia {
		t.Errorf("route %+v: want direct AAA>BBB", r)
	}
	wantH := r.LengthKm/53.9 + 40.6
	if math.Abs(r.Hours-wantH) > 1e-9 {
		t.Errorf("hours %v, want %v", r.Hours, wantH)
	}
	m := v.Analyze(cfg)
	if len(m.Linkage) != 1 || m.Linkage[0].EdgeDisjoint != 2 || m.Linkage[0].EdgeDisjointNoRU != 1 {
		t.Errorf("linkage %+v, want 2 paths, 1 without Russia", m.Linkage)
	}
	want := map[string]float64{"AAA": 0.5, "BBB": 2.0 / 3}
	for _, d := range m.Dependence {
		if math.Abs(d.Share-want[d.Country]) > 1e-9 || d.Unit != "lines" {
			t.Errorf("dependence %+v, want share %v", d, want[d.Country])
		}
	}
	// the planned line gives AAA a second exit to CCC avoiding Russia:
	// AAA external 3 (ar, ab, new), without Russia 2 -> 1/3.
	c, err := Compare(v, "test", []string{"new"}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Dependence {
		if d.Country == "AAA" && math.Abs(d.After-1.0/3) > 1e-9 {
			t.Errorf("AAA after policy %v, want 1/3", d.After)
		}
	}
	// routes between capitals are reported by ISO3 (the GE engine reads them)
	for _, r := range c.Routes {
		if r.From != "AAA" && r.From != "BBB" {
			t.Errorf("route change from %q, want an ISO3 code", r.From)
		}
	}
	if _, err := Compare(v, "x", []string{"nope"}, cfg); err == nil {
		t.Error("unknown feature accepted")
	}
}

func TestTinyCriticalityRanks(t *testing.T) {
	g, _ := mustBuild(t, tinyNet, tinyBoundaries, Options{})
	v, _ := g.View([]Status{Existing}, nil)
	cfg := tinyConfig()
	crit := v.Critical(cfg, 3)
	rankOf := map[string]Criticality{}
	for _, c := range crit {
		rankOf[c.Label] = c
		rankOf[c.ID] = c
	}
	// OD pairs: A-B, A-east, A-north, B-east, B-north (gateways Ctown and
	// Rtown, which, like the capitals, are route ends and not scored).
	for _, id := range []string{"Acity", "Bcity", "Ctown", "Rtown"} {
		if _, ok := rankOf[id]; ok {
			t.Errorf("%s scored: route ends are not", id)
		}
	}
	// bc (its 3 edges and the BBB-CCC border) cuts both
	// east pairs. Dependence sources are all of a state's nodes and sinks
	// all nodes outside the region, so the rise depends on the side:
	// crossing bc/2 or the border: AAA 0.5 -> 1 and BBB 2/3 -> 1 (+5/6);
	// bc/1 inside BBB: only AAA loses its exit (+0.5); bc/3 inside CCC:
	// CCC's border node is still reached (0).
	wantRise := map[string]float64{"bc/1": 0.5, "bc/2": 0.5 + 1.0/3, "bc/3": 0, "BBB-CCC": 0.5 + 1.0/3}
	for id, rise := range wantRise {
		c := rankOf[id]
		if c.Rank < 1 || c.Rank > 4 || c.Disconnected != 2 || math.Abs(c.DependenceRise-rise) > 1e-9 {
			t.Errorf("%s %+v: want rank 1-4, 2 pairs cut, dependence rise %v", id, c, rise)
		}
	}
	// ab (3 edges and the AAA-BBB border; its unnamed border nodes are not
	// scored on their own): the only A-B path
	// avoiding Russia. ab/2: AAA keeps only ar (0.5 -> 1), BBB keeps bc and
	// rb (2/3 -> 1/2): +1/3. ab/1 inside AAA: AAA still reaches BBB through
	// its border node, BBB loses the path through AAA to Russia: -1/6.
	// ab/3 inside BBB: AAA's crossing leads nowhere (+0.5), BBB unchanged.
	wantRise = map[string]float64{"ab/1": -1.0 / 6, "ab/2": 1.0 / 3, "ab/3": 0.5, "AAA-BBB": 1.0 / 3}
	for id, rise := range wantRise {
		c := rankOf[id]
		if c.Rank < 5 || c.Rank > 8 || c.LinkageLoss != 1 || c.LinkageLossNoRU != 1 || c.Disconnected != 0 || math.Abs(c.DependenceRise-rise) > 1e-9 {
			t.Errorf("%s %+v: want rank 5-8, linkage loss 1 and 1 without Russia, rise %v", id, c, rise)
		}
	}
	// exact order inside the groups: higher dependence rise first, then
	// border < edge < node
	for id, r := range map[string]int{"BBB-CCC": 1, "bc/2": 2, "bc/1": 3, "bc/3": 4, "ab/3": 5, "AAA-BBB": 6, "ab/2": 7, "ab/1": 8} {
		if rankOf[id].Rank != r {
			t.Errorf("%s rank %d, want %d", id, rankOf[id].Rank, r)
		}
	}
	if r := rankOf["rr/1"]; r.Rank <= 8 || r.LinkageLoss != 1 || r.LinkageLossNoRU != 0 {
		t.Errorf("rr/1 %+v: want rank > 8, linkage loss 1 through Russia only", r)
	}
	// Betweenness: the BBB-CCC border is bc's one crossing edge, bc/2; the
	// line is the only way east, so each of its edges carries the pairs of
	// the nodes on its two sides (their product), which falls eastward as
	// the east side shrinks.
	bc := rankOf["bc/2"].Betweenness
	if b := rankOf["BBB-CCC"].Betweenness; b != bc || bc < 1 {
		t.Errorf("border BBB-CCC betweenness %v, its edge bc/2 %v: want equal, at least 1", b, bc)
	}
	if b1, b3 := rankOf["bc/1"].Betweenness, rankOf["bc/3"].Betweenness; !(b1 > bc && bc > b3 && b3 >= 1) {
		t.Errorf("bc/1, bc/2, bc/3 betweenness %v %v %v: want decreasing eastward", b1, bc, b3)
	}
	// Same ranking with one worker.
	one := v.Critical(cfg, 1)
	for i := range one {
		if one[i].ID != crit[i].ID || one[i].AddedHours != crit[i].AddedHours || one[i].Betweenness != crit[i].Betweenness {
			t.Fatalf("rank %d differs with 1 worker: %s vs %s", i, one[i].ID, crit[i].ID)
		}
	}
}

func TestBadGeometryReported(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"syntax", `{"type":"FeatureCollection","features":[}`, "1:"},
		{"not fc", `{"type":"Feature"}`, "FeatureCollection"},
		{"null geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","properties":{"mode":"rail"},"geometry":null}]}`, `feature 0 (id "x"): empty feature`},
		{"one position", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,2]]}}]}`, "empty line"},
		{"out of range", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,2],[500,2]]}}]}`, `feature 0 (id "#0"): position 1`},
		{"nan string", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"n","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,2],["NaN",2]]}}]}`, `feature 0 (id "n")`},
		{"unclosed ring", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"p","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}`, "not closed"},
		{"wrong nesting", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"p","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,5]]]}}]}`, "wrong nesting"},
		{"bad mode", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"m","properties":{"mode":"canal"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}`, `mode "canal" unknown`},
		{"bad capacity", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"m","properties":{"mode":"gas","capacity":-3},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}`, "capacity"},
		{"partial without list", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"partial"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`, "needs properties.placeholder_segments"},
		{"placeholder out of range", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"partial","placeholder_segments":[0,2]},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`, "placeholder_segments[1] = 2 is not a segment index (0 to 1)"},
		{"placeholder not increasing", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"partial","placeholder_segments":[1,1]},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`, "indices must increase"},
		{"placeholder not integer", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"partial","placeholder_segments":[0.5]},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`, "is not a segment index"},
		{"placeholder on traced", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"traced","placeholder_segments":[0]},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`, `needs properties.geometry "partial"`},
		{"partial multi", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"partial","placeholder_segments":[0]},"geometry":{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[3,4],[5,6]]]}}]}`, "applies to a LineString, not 2 parts"},
		{"track_km on schematic", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"schematic","track_km":3},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}`, `track_km needs properties.geometry "traced" or "partial"`},
		{"track_km negative", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"traced","track_km":-3},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}`, "track_km -3 is not a positive number"},
		{"geometry collection", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[]}}]}`, "not supported"},
		{"second feature", `{"type":"FeatureCollection","features":[{"type":"Feature","id":"ok","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}},{"type":"Feature","id":"bad","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[]}}]}`, `feature 1 (id "bad")`},
	}
	for _, c := range cases {
		_, err := ReadGeoJSON(strings.NewReader(c.in), "in.geojson")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
	var fe *FeatureError
	_, err := ReadGeoJSON(strings.NewReader(cases[2].in), "in.geojson")
	if !errors.As(err, &fe) || fe.Index != 0 || fe.ID != "x" {
		t.Errorf("errors.As FeatureError: %v", err)
	}
}

func FuzzReadGeoJSON(f *testing.F) {
	f.Add(tinyNet)
	f.Add(tinyBoundaries)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"mode":"rail"},"geometry":{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[1,1],[2,0]]]}}]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[1e308,1]}}]}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}}]}`)
	f.Add(`{"type":"FeatureCollection","features":null}`)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"t","properties":{"mode":"rail","geometry":"partial","placeholder_segments":[1]},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4],[5,6]]}}]}`)
	bnd, _ := ReadBoundaries(strings.NewReader(tinyBoundaries), "b")
	f.Fuzz(func(t *testing.T, s string) {
		feats, err := ReadGeoJSON(strings.NewReader(s), "fuzz")
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if len(feats) > 200 {
			return
		}
		g, _, err := Build(feats, bnd, Options{})
		if err != nil || g == nil {
			return
		}
		v, err := g.View([]Status{Existing, Construction, Planned}, nil)
		if err != nil {
			t.Fatal(err)
		}
		v.Analyze(DefaultConfig())
		_, _ = NewBoundaries(feats, "fuzz")
	})
}

func TestTinyTradeDependence(t *testing.T) {
	g, _ := mustBuild(t, tinyNet, tinyBoundaries, Options{})
	v, _ := g.View([]Status{Existing}, nil)
	// AAA trades 3 with CCC (reachable without Russia by ab-bc: share 0)
	// and 1 with Russia (share 1): weighted 1/4. "ZZZ" has no nodes.
	d := v.TradeDependence("AAA", Freight, map[string]float64{"CCC": 3, "RUS": 1, "ZZZ": 5}, tinyConfig())
	if math.Abs(d.Share-0.25) > 1e-12 || d.ByPartner["CCC"] != 0 || d.ByPartner["RUS"] != 1 || len(d.Unmapped) != 1 {
		t.Errorf("%+v, want share 1/4, ZZZ unmapped", d)
	}
	// Without the direct line, CCC is reached only through Russia.
	w := v.WithoutEdges(g.FeatureEdges("ab")...)
	d = w.TradeDependence("AAA", Freight, map[string]float64{"CCC": 3, "RUS": 1}, tinyConfig())
	if d.Share != 1 {
		t.Errorf("without ab: %+v, want 1", d)
	}
}
