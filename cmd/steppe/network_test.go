package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/network"
)

func TestNetworkSummary(t *testing.T) {
	code, out, errs := runCLI(t, "network", "summary")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Russian-transit dependence", "KAZ    gas", "Linkage between capitals", "middle", "northern"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = runCLI(t, "network", "summary", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s struct {
		Build struct {
			BorderCrossings int `json:"border_crossings"`
		}
		Dependence []struct {
			Country string
			Layer   string
			Share   *float64
		}
		Corridors []struct{ Origin string }
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Build.BorderCrossings == 0 || len(s.Dependence) < 10 || len(s.Corridors) != 5 {
		t.Errorf("summary JSON: %d crossings, %d dependence rows, %d corridor sets", s.Build.BorderCrossings, len(s.Dependence), len(s.Corridors))
	}
}

func TestNetworkRouteAndErrors(t *testing.T) {
	var r struct {
		Found     bool
		Crossings []string
		Hours     float64
	}
	runJSON(t, &r, "network", "route", "Almaty", "Tashkent", "--json")
	if !r.Found || len(r.Crossings) != 1 || r.Hours <= 40.6 {
		t.Errorf("route %+v", r)
	}
	code, out, _ := runCLI(t, "network", "route", "Astana", "Baku", "--avoid", "RUS")
	if code != 0 || !strings.Contains(out, "through Russia: false") || !strings.Contains(out, "1 ferry legs") {
		t.Errorf("exit %d, %s", code, out)
	}
	for _, args := range [][]string{
		{"network", "route", "Atlantis", "Tashkent"},
		{"network", "route", "Almaty", "Tashkent", "--layer", "canal"},
		{"network", "summary", "--data", "no-such-file.geojson"},
		{"network", "critical", "--kind", "bridge"},
		{"network", "compare", "--policy", "no-such-policy"},
		{"network", "compare", "--add", "rail-nowhere"},
	} {
		if code, _, errs := runCLI(t, args...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d (want 2), stderr %q", args, code, errs)
		}
	}
}

func TestNetworkUserDataBadGeometry(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "bad.geojson")
	os.WriteFile(p, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[1,2]]}}]}`), 0o644)
	code, _, errs := runCLI(t, "network", "summary", "--data", p)
	if code != 2 || !strings.Contains(errs, `feature 0 (id "x")`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	good := filepath.Join(dir, "good.geojson")
	os.WriteFile(good, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","id":"l","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[69.29,41.31],[71.43,51.18]]}},
{"type":"Feature","properties":{"name":"T","capital_of":"UZB"},"geometry":{"type":"Point","coordinates":[69.29,41.31]}},
{"type":"Feature","properties":{"name":"A","capital_of":"KAZ"},"geometry":{"type":"Point","coordinates":[71.43,51.18]}}]}`), 0o644)
	code, out, errs := runCLI(t, "network", "route", "T", "A", "--data", good)
	if code != 0 || !strings.Contains(out, "UZB > KAZ") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}

func TestNetworkCriticalAndCompare(t *testing.T) {
	var c struct {
		Scored int
		Items  []struct{ Rank int }
	}
	runJSON(t, &c, "network", "critical", "--top", "5", "--json")
	if len(c.Items) != 5 || c.Scored < 100 || c.Items[4].Rank != 5 {
		t.Errorf("critical: %d items of %d", len(c.Items), c.Scored)
	}
	var cmp struct {
		Features   []string
		Projects   []string
		Dependence []json.RawMessage `json:"dependence_changes"`
		Corridors  []json.RawMessage `json:"corridor_changes"`
	}
	runJSON(t, &cmp, "network", "compare", "--policy", "fast-track-integration", "--json")
	if !strings.Contains(strings.Join(cmp.Features, ","), "rail-cku") || len(cmp.Dependence) == 0 || len(cmp.Corridors) == 0 {
		t.Errorf("compare: %+v", cmp)
	}
	// against the baseline policy, which already builds the CKU railway
	code, out, _ := runCLI(t, "network", "compare", "--policy", "fast-track-integration", "--against", "baseline")
	if code != 0 || !strings.Contains(out, "against policy baseline") {
		t.Errorf("exit %d: %s", code, out)
	}
}

func TestNetworkTradeWeighted(t *testing.T) {
	p := filepath.Join(t.TempDir(), "trade.csv")
	os.WriteFile(p, []byte("reporter,partner,value\nKGZ,RUS,27\nKGZ,CHN,25\nKGZ,ATL,5\n"), 0o644)
	code, out, errs := runCLI(t, "network", "summary", "--trade", p)
	if code != 0 || !strings.Contains(out, "weighted by trade") || !strings.Contains(out, "RUS:100%") || !strings.Contains(out, "ATL") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
	os.WriteFile(p, []byte("reporter,partner,value\nKGZ,RUS,lots\n"), 0o644)
	if code, _, errs := runCLI(t, "network", "summary", "--trade", p); code != 2 || !strings.Contains(errs, ":2:3") {
		t.Errorf("bad trade value: exit %d %q", code, errs)
	}
}

func TestNetworkModes(t *testing.T) {
	// Rail alone: no Caspian ferry, so no Middle Corridor from Astana.
	code, out, errs := runCLI(t, "network", "route", "Astana", "Baku", "--avoid", "RUS", "--modes", "rail")
	if code != 0 || !strings.Contains(out, "No freight route") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "network", "summary", "--modes", "canal"); code != 2 {
		t.Errorf("unknown mode: exit %d", code)
	}
}

func TestNetworkCriticalSets(t *testing.T) {
	code, out, errs := runCLI(t, "network", "critical", "--set", "china=rail-dostyk-alashankou,rail-altynkol-khorgos", "--set", "kti=rail-kti/3")
	if code != 0 || !strings.Contains(out, "china") || !strings.Contains(out, "kti") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
	if code, _, _ := runCLI(t, "network", "critical", "--set", "x=rail-nowhere"); code != 2 {
		t.Errorf("unknown id: exit %d", code)
	}
}

func TestNetworkCriticalBy(t *testing.T) {
	var c struct {
		Items []struct {
			DependenceRise float64 `json:"dependence_rise"`
		}
	}
	runJSON(t, &c, "network", "critical", "--by", "dependence", "--top", "3", "--json")
	if len(c.Items) != 3 || c.Items[0].DependenceRise < c.Items[2].DependenceRise {
		t.Errorf("not ranked by dependence: %+v", c.Items)
	}
	if code, _, _ := runCLI(t, "network", "critical", "--by", "beauty"); code != 2 {
		t.Errorf("bad --by: exit %d", code)
	}
}

func TestNetworkCostFlags(t *testing.T) {
	// With no border delay the Almaty-Tashkent route costs its running time only.
	var r struct {
		LengthKm float64 `json:"length_km"`
		Hours    float64
	}
	runJSON(t, &r, "network", "route", "Almaty", "Tashkent", "--rail-border-hours", "0", "--json")
	if d := r.Hours - r.LengthKm/53.9; d > 1e-9 || d < -1e-9 {
		t.Errorf("hours %v, want %v", r.Hours, r.LengthKm/53.9)
	}
	if code, _, _ := runCLI(t, "network", "summary", "--rail-kmh", "0"); code != 2 {
		t.Errorf("zero speed accepted: exit %d", code)
	}
}

// TestNetworkGraph checks that `network graph` prints JSON and that a bad
// edge list is exit 2 naming the file and line (network's
// TestAnalyzeEdgeList checks the report), and the resolution of a name
// without its country suffix in `network route`.
func TestNetworkGraph(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "g.txt"), filepath.Join(dir, "dup.txt")
	if err := os.WriteFile(good, []byte("a b\nb c\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("node a\nnode a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var r network.EdgeListReport
	if runJSON(t, &r, "network", "graph", good, "--json"); r.Nodes != 3 || len(r.Bridges) != 2 {
		t.Errorf("report %+v", r)
	}
	if code, out, errs := runCLI(t, "network", "graph", bad); code != 2 || out != "" || !strings.Contains(errs, "dup.txt:2: duplicate node id") {
		t.Errorf("duplicate node: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if code, out, errs := runCLI(t, "network", "route", "Khorgos", "Almaty"); code != 0 || !strings.Contains(out, "via: Khorgos CHN") {
		t.Errorf("route Khorgos Almaty: exit %d, %s%s", code, out, errs)
	}
}

// runJSON runs the command line, which must succeed, and decodes its JSON
// output into v.
func runJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	code, out, errs := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v", args, err)
	}
}
