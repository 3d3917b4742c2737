package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"math"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/world"
)

func testWorld() *world.World {
	return &world.World{
		Name: "central-asia", Title: "Fixture <script>alert('title')</script>", Baseline: "baseline",
		Actors: []world.Actor{
			{ID: "KAZ", Name: "Kazakhstan", Role: world.Focus}, {ID: "KGZ", Name: "Kyrgyzstan", Role: world.Focus},
			{ID: "TJK", Name: "Tajikistan", Role: world.Focus}, {ID: "TKM", Name: "Turkmenistan", Role: world.Focus},
			{ID: "UZB", Name: "Uzbekistan", Role: world.Focus}, {ID: "CHN", Name: "China", Role: world.External},
		},
		Bases: []world.Base{
			{ID: "kant", Name: "Kant air base", Host: "KGZ", Operator: "RUS", LeaseEnd: world.Value{V: 2032, Source: "https://example.org/kant"}},
			{ID: "tjk-201", Name: "201st military base", Host: "TJK", Operator: "RUS", LeaseEnd: world.Value{V: 2042}},
			{ID: "sary-shagan", Name: "Sary-Shagan", Host: "KAZ", Operator: "RUS"},
			{ID: "nowhere", Name: "Unknown site", Host: "UZB", Operator: "RUS"},
		},
		Projects: []world.Project{{ID: "cku-railway", Name: "China-Kyrgyzstan-Uzbekistan railway", Kind: "rail",
			Adds: []world.Infra{{ID: "cku-rail", Kind: "rail", From: "CHN", To: "UZB", Via: []string{"KGZ"}}}}},
		Policies: []world.Policy{{ID: "baseline", Name: "Baseline"},
			{ID: "fast-track-integration", Name: "Fast track", Description: "rail & <b>trade</b>", Projects: []world.PolicyProject{{Project: "cku-railway"}}}},
		Claims: []world.Claim{{ID: "c1", Text: "Bases give leverage", Source: "https://example.org/claim, p. 3", Fields: []string{"bases.kant.lease_end"}}},
	}
}

func testResults() *results.Results {
	countries := []string{"KAZ", "KGZ", "TJK", "TKM", "UZB", results.Region}
	h := map[string]float64{"KAZ": 0.012, "KGZ": 0.02, "TJK": 0.025, "TKM": 0.004, "UZB": 0.008, results.Region: 0.06}
	pols := []string{"baseline", "fast-track-integration"}
	r := &results.Results{Schema: results.Schema, Scenario: "central-asia", Start: "2022-02", Horizon: "2042-12", Seed: 42, Draws: 500,
		Mode: "conditional", Baseline: "baseline", Policies: pols, Countries: countries, History: []results.HistoryEvent{
			{ID: "kaz-2022-01", Month: "2022-01", Country: "KAZ", Trigger: "protest", Outcome: "csto-deployment", Source: "https://example.org/csto"}},
	}
	for y := 2022; y <= 2042; y++ {
		r.Years = append(r.Years, y)
	}
	r.Validation = bundledValidation()
	for pi, p := range pols {
		for _, c := range countries {
			for _, y := range r.Years {
				f := 1.0
				if pi > 0 {
					f = 0.8
				}
				m := 1 - math.Pow(1-h[c]*f, float64(y-2021))
				cell := results.Cell{Policy: p, Country: c, Year: y, PIntervention: results.Summary{Mean: m, SE: m / 100, Q05: m / 2, Q50: m, Q95: math.Min(1, 2*m)}}
				if pi > 0 {
					b := 1 - math.Pow(1-h[c], float64(y-2021))
					// The spread over draws: from 2.5 times the mean effect
					// to a small rise; the policy lowers the risk in 91%.
					cell.Delta = &results.Delta{Mean: m - b, SE: (b - m) / 10, Q05: 2.5 * (m - b), Q95: -0.3 * (m - b), PNegative: 0.91}
				}
				r.Cells = append(r.Cells, cell)
			}
		}
	}
	return r
}

func testView(t testing.TB) *View {
	gz, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	return BuildView(Input{Results: testResults(), World: testWorld(), Version: "0.1.0-test", Assumptions: []Assumption{
		{Path: "bases.kant.lease_end", Value: 2032, Dist: "triangular", Uncertain: true, Lo: 2027, Hi: 2042, Source: "agreement https://example.org/a; javascript:alert(1)"},
		{Path: "x.y", Value: 0.5, Dist: "fixed", Assumption: true, Reason: "</script><script>alert(2)</script>"},
	}}, gz)
}

func TestPlaceBases(t *testing.T) {
	v := testView(t)
	var sites []string
	unplaced := 0
	for _, b := range v.Bases {
		if b.Located {
			sites = append(sites, b.ID+"@"+b.Site)
		} else {
			unplaced++
		}
	}
	// kant: 1 site; tjk-201: three garrisons; sary-shagan: 1; nowhere: none.
	if len(sites) != 5 || unplaced != 1 {
		t.Fatalf("placed %v, unplaced %d", sites, unplaced)
	}
	if len(v.Infrastructure) != 1 || len(v.Infrastructure[0].Coords) != 3 || v.Infrastructure[0].Policies[0] != "fast-track-integration" {
		t.Fatalf("infrastructure %+v", v.Infrastructure)
	}
	if got := v.Reproduce.Command; got != "steppe run --scenario central-asia --seed 42 --draws 500 --policy fast-track-integration --json" {
		t.Fatalf("reproduce command %q", got)
	}
}

// bundledBoundaries returns Boundaries of the bundled Natural Earth map.
func bundledBoundaries(t testing.TB) json.RawMessage {
	t.Helper()
	geo, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Boundaries(geo)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBoundaries(t *testing.T) {
	b := bundledBoundaries(t)
	var fc struct {
		Features []struct {
			Properties map[string]string `json:"properties"`
		} `json:"features"`
	}
	json.Unmarshal(b, &fc)
	have := map[string]bool{}
	for _, f := range fc.Features {
		have[f.Properties["iso3"]] = true
	}
	for _, c := range []string{"KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN", "AFG"} {
		if !have[c] {
			t.Errorf("boundaries lack %s", c)
		}
	}
	for _, bad := range []string{`{`, `{"type":"Feature"}`, `{"type":"FeatureCollection","features":[{"properties":{}}]}`} {
		if _, err := Boundaries([]byte(bad)); err == nil {
			t.Errorf("Boundaries(%s): want error", bad)
		}
	}
}

func TestParseGazetteerErrors(t *testing.T) {
	okPts := "iso3,name,lon,lat\nKAZ,Astana,71.4,51.2\n"
	okFac := "facility_id,name,host_iso3,operator_iso3,lat,lon,coord_precision,sources\nK,Kant,KGZ,RUS,42.8,74.8,site,x\n"
	for _, c := range []struct{ fac, pts string }{
		{"id,name\n", okPts},
		{strings.Replace(okFac, "42.8", "142.8", 1), okPts},
		{okFac, "iso3,name,lon,lat\nKAZ,Astana,east,51\n"},
		{okFac, "iso3,name\n"},
	} {
		if _, err := ParseGazetteer(strings.NewReader(c.fac), strings.NewReader(c.pts)); err == nil {
			t.Errorf("ParseGazetteer(%q, %q): want error", c.fac, c.pts)
		}
	}
	if _, err := ParseGazetteer(strings.NewReader(okFac), strings.NewReader(okPts)); err != nil {
		t.Fatal(err)
	}
}

func writeReport(t testing.TB) []byte {
	var buf bytes.Buffer
	err := Write(&buf, Options{View: testView(t), Boundaries: bundledBoundaries(t), Generated: time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC),
		Generator: "steppe test", Run: &RunInfo{ID: "abc123", Name: "<i>label</i>"},
		ScenarioSource: "extends: central-asia\n# </pre><script>alert(3)</script>\n", ScenarioFile: "scenario.yaml", Network: testNetwork()})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReportSelfContainedAndEscaped(t *testing.T) {
	html := string(writeReport(t))
	// No resource is loaded from anywhere: no src/href to other documents
	// except plain links, no stylesheet links, no imports.
	for _, re := range []string{`<script[^>]+src=`, `<link[^>]+stylesheet`, `<img`, `<iframe`, `@import`, `url\(["']?(https?:|//)`} {
		if regexp.MustCompile(re).MatchString(html) {
			t.Errorf("report contains %s", re)
		}
	}
	// Exactly one executable script, whose hash the CSP allows.
	scripts := regexp.MustCompile(`<script>([\s\S]*?)</script>`).FindAllStringSubmatch(html, -1)
	if len(scripts) != 1 {
		t.Fatalf("%d inline scripts, want 1", len(scripts))
	}
	if unescaped := stdhtml.UnescapeString(html); !strings.Contains(unescaped, "script-src '"+cspHash(scripts[0][1])+"'") || !strings.Contains(unescaped, "default-src 'none'") {
		t.Error("CSP does not allow exactly the inline script")
	}
	// User text is escaped everywhere.
	for _, bad := range []string{"<script>alert", "<b>trade</b>", "<i>label</i>", `href="javascript`} {
		if strings.Contains(html, bad) {
			t.Errorf("unescaped user text %q in report", bad)
		}
	}
	for _, want := range []string{"&lt;i&gt;label&lt;/i&gt;", "Kazakhstan", "7.0% [3.5%–14.0%]", "steppe run --scenario scenario.yaml --seed 42 --draws 500 --policy fast-track-integration --json",
		`<a href="https://example.org/a" rel="noopener noreferrer">`, "kaz-2022-01", "Bases give leverage", "assumption"} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// The embedded data parses back.
	m := regexp.MustCompile(`<script type="application/json" id="steppe-view">([\s\S]*?)</script>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("no view data")
	}
	var v View
	if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
		t.Fatalf("view data: %v", err)
	}
	if v.Results.Draws != 500 || len(v.Assumptions) != 2 {
		t.Fatalf("view data round trip: %+v", v.Reproduce)
	}
}

func TestWriteNeedsResults(t *testing.T) {
	if err := Write(&bytes.Buffer{}, Options{}); err == nil {
		t.Fatal("want error")
	}
}

func BenchmarkWrite(b *testing.B) {
	v := testView(b)
	for b.Loop() {
		if err := Write(&bytes.Buffer{}, Options{View: v}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSourceParts(t *testing.T) {
	got := sourceParts("Census 2021 (https://stat.gov.kz/x?a=1), see https://example.org/p. And text")
	var urls []string
	var text strings.Builder
	for _, p := range got {
		if p.URL != "" {
			urls = append(urls, p.URL)
		}
		text.WriteString(p.Text)
	}
	if strings.Join(urls, " ") != "https://stat.gov.kz/x?a=1 https://example.org/p" {
		t.Errorf("urls %v", urls)
	}
	if text.String() != "Census 2021 (https://stat.gov.kz/x?a=1), see https://example.org/p. And text" {
		t.Errorf("text %q", text.String())
	}
	if p := sourceParts("javascript:alert(1)"); len(p) != 1 || p[0].URL != "" {
		t.Errorf("javascript: became a link: %+v", p)
	}
}

// bundledValidation returns the out-of-sample scores that the bundled
// posterior (data/posterior/v2.json, written by steppe calibrate --out)
// records, as a run's results carry them.
func bundledValidation() *results.Validation {
	b, err := data.ReadFile("posterior/v2.json")
	if err != nil {
		panic(err)
	}
	var f struct {
		Validation *results.Validation `json:"validation"`
	}
	if err := json.Unmarshal(b, &f); err != nil || f.Validation == nil || len(f.Validation.Schemes) == 0 {
		panic(fmt.Sprintf("data/posterior/v2.json records no validation (%v)", err))
	}
	return f.Validation
}

// TestValidationSection renders the decision model's scores with their
// baselines and states each loss in words, and says why when a run's
// posterior records none.
func TestValidationSection(t *testing.T) {
	v := bundledValidation()
	html := stdhtml.UnescapeString(string(writeReport(t)))
	for _, s := range v.Schemes {
		for _, m := range s.Scores {
			row := ">" + m.Method + "</td><td class=\"num\">" + score(m.Brier) + "</td><td class=\"num\">" + score(m.Log) + "</td>"
			if !strings.Contains(html, row) {
				t.Errorf("%s: no row %q", s.Scheme, row)
			}
		}
	}
	losses := validationLosses(v)
	for _, l := range losses {
		if !strings.Contains(html, l) {
			t.Errorf("loss %q not in the report", l)
		}
	}
	// A loss is stated exactly when a baseline scores better.
	sc := results.ValidationScheme{Scheme: "s", Forecasts: 3, Scores: []results.MethodScore{
		{Method: "model", Brier: 0.10, Log: -0.30}, {Method: "base rate", Brier: 0.09, Log: -0.31}, {Method: "other", Brier: 0.2, Log: -0.5}}}
	got := validationLosses(&results.Validation{Schemes: []results.ValidationScheme{sc}})
	if len(got) != 1 || !strings.Contains(got[0], "the base rate beats the decision model on Brier: 0.0900 against the model's 0.1000") {
		t.Errorf("losses %q", got)
	}
	view := testView(t)
	view.Results.Validation = &results.Validation{Schemes: []results.ValidationScheme{}, Note: "records no out-of-sample scores"}
	var buf bytes.Buffer
	if err := Write(&buf, Options{View: view}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "records no out-of-sample scores") || strings.Contains(buf.String(), `class="validation"`) {
		t.Error("a run without scores: want the note and no table")
	}
}

// testNetwork is a policy's network changes as model.Cache.NetworkChanges
// gives them (rows of `steppe network compare --policy
// fast-track-integration` on the bundled network, abridged), with a note
// that must be escaped.
func testNetwork() *results.NetworkChanges {
	return &results.NetworkChanges{Against: "the existing lines", Policies: []results.NetworkPolicy{{
		Policy: "fast-track-integration", Projects: []string{"cku-railway"}, Note: "project <b>x</b>: no physical edges",
		Tables: []results.Table{
			{Name: "dependence", Columns: []string{"State", "Layer", "Russian-transit dependence before", "after"},
				Rows: [][]string{{"KGZ", "gas", "100%", "29%"}, {"TJK", "gas", "no outside route", "0%"}}, Num: 2},
			{Name: "corridors", Columns: []string{"From", "To", "Corridor", "Before", "After"},
				Rows: [][]string{{"Tashkent", "Kashgar", "china", "113 h", "94 h"}}, Num: 3},
		}}}}
}
