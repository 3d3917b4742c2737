package server

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/explore"
)

// ishigamiCSV returns a Sobol'-Saltelli design of n base samples over the
// Ishigami function (a = 7, b = 0.1, inputs uniform on [-π, π]), as
// `steppe explore sample` writes it plus the outcome column y.
func ishigamiCSV(t testing.TB, n int) string {
	t.Helper()
	return ishigamiGroupedCSV(t, n, nil)
}

// ishigamiGroupedCSV is ishigamiCSV for a design over groups of factors
// (Jacques, Lavergne & Devictor 2006); nil groups means one per factor.
func ishigamiGroupedCSV(t testing.TB, n int, groups []explore.Group) string {
	t.Helper()
	factors := []explore.Factor{
		explore.Uniform("x1", -math.Pi, math.Pi),
		explore.Uniform("x2", -math.Pi, math.Pi),
		explore.Uniform("x3", -math.Pi, math.Pi),
	}
	d, err := explore.NewDesign(factors, explore.DesignSpec{Kind: explore.SobolSaltelli, N: n, Seed: 3, Groups: groups})
	if err != nil {
		t.Fatal(err)
	}
	e := d.Experiments()
	rows := make([][]string, len(e.Cells))
	for i, x := range d.X {
		y := math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
		rows[i] = append(append([]string{strconv.Itoa(i)}, e.Cells[i]...), explore.FormatFloat(y))
	}
	var b strings.Builder
	if err := explore.WriteCSV(&b, e.Comments, []string{"experiment", "x1", "x2", "x3", "y"}, rows); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func jsonBody(t *testing.T, v map[string]any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExploreAPI checks the explore endpoints' answers and exact status
// codes, and that the Sobol' estimates are those of package explore on the
// Ishigami function (analytic S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424,
// 0.2437).
func TestExploreAPI(t *testing.T) {
	csv := ishigamiCSV(t, 512)
	e := newEnv(t, func(c *Config) { c.MaxCSV = 1 << 20 })
	constant := "a,b,y\n1,2,5\n2,3,5\n3,4,5\n"
	manyLevels := "a,y\n"
	for i := 0; i <= maxLevels; i++ {
		manyLevels += "L" + strconv.Itoa(i) + "," + strconv.Itoa(i%2) + "\n"
	}
	tests := []struct {
		name, path string
		body       map[string]any
		raw        string
		want       int
		contains   string
	}{
		{name: "sobol", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "outcome": "y", "resamples": 200}, want: 200, contains: `"input":"x1"`},
		{name: "sobol explicit inputs", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "inputs": []string{"x1", "x2", "x3"}, "outcome": "y", "resamples": -1}, want: 200, contains: `"lo":null`},
		{name: "sobol malformed csv", path: "/api/explore/sobol", body: map[string]any{"csv": "x1,y\n1,\"2\n3\"x,4\n", "inputs": []string{"x1"}, "outcome": "y"}, want: 400, contains: "malformed CSV"},
		{name: "sobol ragged csv", path: "/api/explore/sobol", body: map[string]any{"csv": "x1,y\n1,2\n3\n", "inputs": []string{"x1"}, "outcome": "y"}, want: 400, contains: "row: got 1 fields, want 2"},
		{name: "sobol empty csv", path: "/api/explore/sobol", body: map[string]any{"csv": "", "outcome": "y"}, want: 400, contains: "csv: empty"},
		{name: "sobol unknown column", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "inputs": []string{"x1", "x9"}, "outcome": "y"}, want: 422, contains: `no column \"x9\"`},
		{name: "sobol unknown outcome", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "outcome": "risk"}, want: 422, contains: `no column \"risk\"`},
		{name: "sobol constant outcome", path: "/api/explore/sobol", body: map[string]any{"csv": constant, "inputs": []string{"a", "b"}, "outcome": "y"}, want: 422, contains: "constant"},
		{name: "sobol no inputs", path: "/api/explore/sobol", body: map[string]any{"csv": constant, "outcome": "y"}, want: 422, contains: "inputs: required"},
		{name: "sobol not saltelli", path: "/api/explore/sobol", body: map[string]any{"csv": "a,b,y\n1,2,5\n2,3,6\n3,4,7\n", "inputs": []string{"a", "b"}, "outcome": "y"}, want: 422, contains: ""},
		{name: "sobol bad estimator", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "outcome": "y", "estimator": "mine"}, want: 422, contains: "estimator"},
		{name: "sobol too many resamples", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "outcome": "y", "resamples": 1000000}, want: 422, contains: "resamples"},
		{name: "sobol unknown field", path: "/api/explore/sobol", body: map[string]any{"csv": csv, "outcome": "y", "alpha": 1}, want: 400, contains: "unknown field"},
		{name: "sobol malformed json", path: "/api/explore/sobol", raw: `{"csv":`, want: 400, contains: "malformed JSON"},
		{name: "sobol oversized", path: "/api/explore/sobol", body: map[string]any{"csv": strings.Repeat("1,2,3\n", 200_000), "outcome": "y"}, want: 413, contains: "larger than 1048576"},
		{name: "prim", path: "/api/explore/prim", body: map[string]any{"csv": csv, "outcome": "y", "threshold": 10}, want: 200, contains: `"rule":"y \u003e 10"`},
		{name: "prim below", path: "/api/explore/prim", body: map[string]any{"csv": csv, "outcome": "y", "threshold": 0, "below": true, "boxes": 2}, want: 200, contains: `"trajectory"`},
		{name: "prim malformed csv", path: "/api/explore/prim", body: map[string]any{"csv": "x1,y\n\"1,2\n", "inputs": []string{"x1"}, "outcome": "y", "threshold": 1}, want: 400, contains: "malformed CSV"},
		{name: "prim unknown column", path: "/api/explore/prim", body: map[string]any{"csv": csv, "inputs": []string{"nope"}, "outcome": "y", "threshold": 1}, want: 422, contains: `no column \"nope\"`},
		{name: "prim constant outcome", path: "/api/explore/prim", body: map[string]any{"csv": constant, "inputs": []string{"a", "b"}, "outcome": "y", "threshold": 1}, want: 422, contains: "constant"},
		{name: "prim no case of interest", path: "/api/explore/prim", body: map[string]any{"csv": csv, "outcome": "y", "threshold": 1000}, want: 422, contains: ""},
		{name: "prim no rule", path: "/api/explore/prim", body: map[string]any{"csv": csv, "outcome": "y"}, want: 422, contains: "exactly one"},
		{name: "prim both rules", path: "/api/explore/prim", body: map[string]any{"csv": csv, "outcome": "y", "threshold": 1, "positive": true}, want: 422, contains: "exactly one"},
		{name: "prim bad alpha", path: "/api/explore/prim", body: map[string]any{"csv": csv, "outcome": "y", "threshold": 1, "peel_alpha": 0.9}, want: 422, contains: "peel alpha"},
		{name: "prim outcome as input", path: "/api/explore/prim", body: map[string]any{"csv": csv, "inputs": []string{"x1", "y"}, "outcome": "y", "threshold": 1}, want: 422, contains: "is the outcome"},
		{name: "prim too many levels", path: "/api/explore/prim", body: map[string]any{"csv": manyLevels, "inputs": []string{"a"}, "categorical": []string{"a"}, "outcome": "y", "threshold": 0.5}, want: 422, contains: "has 201 levels"},
		{name: "prim stray text in a numeric input", path: "/api/explore/prim", body: map[string]any{"csv": manyLevels, "inputs": []string{"a"}, "outcome": "y", "threshold": 0.5}, want: 422, contains: "experiments.csv:2: column \\\"a\\\" holds"},
		{name: "prim categorical not an input", path: "/api/explore/prim", body: map[string]any{"csv": csv, "inputs": []string{"x1"}, "categorical": []string{"x2"}, "outcome": "y", "threshold": 1}, want: 422, contains: "categorical input x2 is not one of the inputs"},
		{name: "prim oversized", path: "/api/explore/prim", body: map[string]any{"csv": strings.Repeat("1,2,3\n", 200_000), "outcome": "y", "threshold": 1}, want: 413, contains: "larger than"},
		{name: "prim not json", path: "/api/explore/prim", raw: "x", want: 415, contains: "application/json"},
		{name: "prim get", path: "/api/explore/prim", want: 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.raw
			if tc.body != nil {
				body = jsonBody(t, tc.body)
			}
			method, hdr := "POST", []string{}
			if tc.want == 405 {
				method = "GET"
			}
			if tc.want == 415 {
				hdr = []string{"Content-Type", "text/csv"}
			}
			code, h, got := e.do(method, tc.path, body, hdr...)
			if code != tc.want {
				t.Fatalf("status %d, want %d; body %.300s", code, tc.want, got)
			}
			if !strings.Contains(got, tc.contains) {
				t.Fatalf("body %.300s does not contain %q", got, tc.contains)
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Fatalf("response is %q, want JSON", h.Get("Content-Type"))
			}
		})
	}

	// The answer is explore's own result for the same table.
	_, _, got := e.do("POST", "/api/explore/sobol", jsonBody(t, map[string]any{"csv": csv, "outcome": "y", "resamples": 300, "seed": "7"}))
	var res explore.SobolResult
	if err := json.Unmarshal([]byte(got), &res); err != nil {
		t.Fatal(err)
	}
	tab, err := explore.ReadCSV(strings.NewReader(csv), "x")
	if err != nil {
		t.Fatal(err)
	}
	y, _ := tab.Numbers("y")
	want, err := explore.SobolAnalyze(y, explore.SobolOptions{Inputs: []string{"x1", "x2", "x3"}, Resamples: 300, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	s1 := []float64{0.3139052, 0.4424111, 0}
	st := []float64{0.5575889, 0.4424111, 0.2436837}
	if res.N != 512 || res.Outcome != "y" || len(res.Indices) != 3 {
		t.Fatalf("result n=%d outcome=%q indices=%d", res.N, res.Outcome, len(res.Indices))
	}
	for j, ix := range res.Indices {
		if ix != want.Indices[j] {
			t.Errorf("%s: API %+v, explore %+v", ix.Input, ix, want.Indices[j])
		}
		if math.Abs(ix.S1.Value-s1[j]) > 0.08 || math.Abs(ix.ST.Value-st[j]) > 0.08 {
			t.Errorf("%s: S1 %.3f ST %.3f, analytic %.3f %.3f", ix.Input, ix.S1.Value, ix.ST.Value, s1[j], st[j])
		}
		if !(ix.S1.Lo <= ix.S1.Value && ix.S1.Value <= ix.S1.Hi) {
			t.Errorf("%s: S1 interval [%g, %g] excludes %g", ix.Input, ix.S1.Lo, ix.S1.Hi, ix.S1.Value)
		}
	}

	// PRIM: the trade-off curve starts at the whole space, every point has
	// coverage and density from the data, and the chosen point has limits.
	_, _, got = e.do("POST", "/api/explore/prim", jsonBody(t, map[string]any{"csv": csv, "outcome": "y", "threshold": 10}))
	var raw struct {
		Boxes []struct {
			Trajectory []struct {
				Coverage, Density float64
				N, K              int
				Limits            []json.RawMessage
			}
			Chosen int
		}
		N, Cases int
	}
	if err := json.Unmarshal([]byte(got), &raw); err != nil {
		t.Fatalf("%v: %.300s", err, got)
	}
	cases := 0
	for _, v := range y {
		if v > 10 {
			cases++
		}
	}
	if raw.N != len(y) || raw.Cases != cases || len(raw.Boxes) != 1 {
		t.Fatalf("prim n=%d cases=%d boxes=%d; want %d, %d, 1", raw.N, raw.Cases, len(raw.Boxes), len(y), cases)
	}
	tr := raw.Boxes[0].Trajectory
	if len(tr) < 3 || tr[0].Coverage != 1 || tr[0].N != len(y) {
		t.Fatalf("trajectory starts %+v (%d points)", tr[0], len(tr))
	}
	for i, p := range tr {
		if p.Density != float64(p.K)/float64(p.N) || p.Coverage != float64(p.K)/float64(cases) {
			t.Errorf("point %d: coverage %g density %g from n=%d k=%d", i, p.Coverage, p.Density, p.N, p.K)
		}
	}
	if len(tr[raw.Boxes[0].Chosen].Limits) == 0 {
		t.Error("the chosen box restricts nothing")
	}
}

// TestNetworkLayer builds the map layer from the bundled network: every
// line keeps its id, mode and a normalised status, and each project names
// the lines it adds.
func TestNetworkLayer(t *testing.T) {
	geo, err := data.ReadFile("network/central-asia.geojson")
	if err != nil {
		t.Fatal(err)
	}
	proj, err := data.ReadFile("network/projects.json")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := buildNetworkLayer(geo, proj)
	if err != nil {
		t.Fatal(err)
	}
	var nl networkLayer
	if err := json.Unmarshal(raw, &nl); err != nil {
		t.Fatal(err)
	}
	var src struct {
		Features []struct {
			Geometry struct{ Type string } `json:"geometry"`
		} `json:"features"`
	}
	json.Unmarshal(geo, &src)
	lines := 0
	for _, f := range src.Features {
		if strings.HasSuffix(f.Geometry.Type, "LineString") {
			lines++
		}
	}
	if len(nl.Lines) != lines || lines == 0 {
		t.Fatalf("layer has %d lines, the file %d", len(nl.Lines), lines)
	}
	modes := map[string]int{}
	byID := map[string]networkLine{}
	for _, l := range nl.Lines {
		modes[l.Mode]++
		byID[l.ID] = l
		switch l.Status {
		case "existing", "construction", "planned", "inactive":
		default:
			t.Errorf("%s: status %q", l.ID, l.Status)
		}
		if l.ID == "" || len(l.Parts) == 0 {
			t.Errorf("line %+v lacks an id or geometry", l.Name)
		}
	}
	for _, m := range []string{"rail", "gas", "oil", "power", "ferry"} {
		if modes[m] == 0 {
			t.Errorf("no %s lines", m)
		}
	}
	if l := byID["rail-cku"]; l.Status != "construction" || l.Mode != "rail" {
		t.Errorf("rail-cku: %+v", l)
	}
	if got := strings.Join(nl.Projects["cku-railway"], ","); got != "rail-cku" {
		t.Errorf("cku-railway adds %q", got)
	}
	if _, ok := nl.Projects["c5-trade-agreement"]; ok {
		t.Error("a project without lines is listed")
	}
	if len(raw) > len(geo)*3/4 {
		t.Errorf("layer is %d bytes, the file %d: not slimmed", len(raw), len(geo))
	}

	e := newEnv(t, func(c *Config) { c.Network, c.NetworkProjects = geo, proj })
	if code, _, body := e.do("GET", "/api/network", ""); code != 200 || !strings.Contains(body, `"id":"rail-cku"`) {
		t.Errorf("GET /api/network: %d %.200s", code, body)
	}
	if code, _, _ := newEnv(t, nil).do("GET", "/api/network", ""); code != 404 {
		t.Errorf("GET /api/network without data: %d, want 404", code)
	}
	if _, err := New(Config{Runs: testRuns(t), Runner: &fakeRunner{}, Network: []byte(`{"type":"Feature"}`)}); err == nil {
		t.Error("a network that is not a FeatureCollection was accepted")
	}
}

// TestNetworkLayerStatus checks that the layer reads line statuses as
// package network does (network.ParseStatus): the sources' words map to
// steppe's four, and an unknown word is an error naming the feature, not a
// line silently drawn as inactive.
func TestNetworkLayerStatus(t *testing.T) {
	line := func(status string) []byte {
		return []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"l1","properties":{"mode":"rail","status":"` +
			status + `"},"geometry":{"type":"LineString","coordinates":[[60,40],[61,41]]}}]}`)
	}
	for _, tc := range []struct{ in, want string }{
		{"Operating", "existing"}, {"operational", "existing"}, {"open", "existing"}, {"", "existing"},
		{"In development", "construction"}, {"Pre-construction", "planned"}, {"Shelved", "inactive"},
		{"abandoned", ""},
	} {
		raw, err := buildNetworkLayer(line(tc.in), nil)
		if tc.want == "" {
			if err == nil || !strings.Contains(err.Error(), `feature 0 (l1): properties.status "abandoned" unknown`) {
				t.Errorf("status %q: error %v, want one naming the feature and the status", tc.in, err)
			}
			continue
		}
		var nl networkLayer
		if err != nil || json.Unmarshal(raw, &nl) != nil || len(nl.Lines) != 1 {
			t.Fatalf("status %q: %v, %s", tc.in, err, raw)
		}
		if nl.Lines[0].Status != tc.want {
			t.Errorf("status %q drawn as %q, want %q", tc.in, nl.Lines[0].Status, tc.want)
		}
	}
}

// TestExploreSobolGroupedDesign posts a grouped design, as `steppe explore
// sample --groups` writes it, and checks that the indices are per group and
// near their closed forms on the Ishigami function: the group {x1, x3}
// explains everything but x2's share, S = ST = 1 - 0.4424111 = 0.5575889,
// and the group {x2} has S = ST = 0.4424111.
func TestExploreSobolGroupedDesign(t *testing.T) {
	groups := []explore.Group{{Name: "g13", Members: []string{"x1", "x3"}}, {Name: "g2", Members: []string{"x2"}}}
	csv := ishigamiGroupedCSV(t, 2048, groups)
	e := newEnv(t, func(c *Config) { c.MaxCSV = 8 << 20 })
	code, _, body := e.do("POST", "/api/explore/sobol", jsonBody(t, map[string]any{"csv": csv, "outcome": "y", "resamples": 100}), "Content-Type", "application/json")
	if code != 200 {
		t.Fatalf("status %d: %s", code, body)
	}
	var res explore.SobolResult
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"g13": 0.5575889, "g2": 0.4424111}
	if len(res.Indices) != 2 || len(res.Groups) != 2 {
		t.Fatalf("indices %d, groups %d; want 2 and 2: %s", len(res.Indices), len(res.Groups), body)
	}
	for _, ix := range res.Indices {
		w, ok := want[ix.Input]
		if !ok {
			t.Errorf("index for %q; want the groups g13 and g2", ix.Input)
			continue
		}
		if math.Abs(ix.S1.Value-w) > 0.05 || math.Abs(ix.ST.Value-w) > 0.05 {
			t.Errorf("%s: S1 %.4f ST %.4f, want both near %.4f", ix.Input, ix.S1.Value, ix.ST.Value, w)
		}
	}
}
