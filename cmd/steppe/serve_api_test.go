package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

// TestServeWithSimulation runs the real store and simulation behind the API:
// validation errors carry the scenario package's file:line:column, uploads
// extend the embedded scenario by name but never a file, a small run
// finishes with results, CSV and view, and `steppe report` renders it.
func TestServeWithSimulation(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the simulation")
	}
	ts, st, dir := startServe(t)
	ctx := context.Background()

	post := func(path, body string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Post(ts.URL+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	get := func(path string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	problem := func(m map[string]any) string {
		ps, _ := m["problems"].([]any)
		if len(ps) == 0 {
			return ""
		}
		p := ps[0].(map[string]any)
		return strings.Join([]string{p["file"].(string), jsonNum(p["line"]), jsonNum(p["column"]), p["field"].(string), p["message"].(string)}, ":")
	}

	code, m := post("/api/validate", `{"file":"mine.yaml","source":"extends: central-asia\nstart: 2022-13\n"}`)
	if code != 200 || m["valid"] != false || !strings.HasPrefix(problem(m), "mine.yaml:2:8:start:") {
		t.Fatalf("validate: %d %v", code, m)
	}
	code, m = post("/api/validate", `{"file":"mine.yaml","source":"extends: central-asia\ndecision:\n  priors:\n    coef:\n      gdp: {mean: 0, sd: 1, source: s}\n"}`)
	if code != 200 || m["valid"] != false || !strings.HasPrefix(problem(m), "mine.yaml:5:12:decision.priors.coef.gdp:not a feature of the calibrated intervention model") {
		t.Fatalf("validate unknown prior: %d %v", code, m)
	}
	code, m = post("/api/validate", `{"source":"extends: ../../etc/passwd\n"}`)
	if code != 200 || m["valid"] != false || !strings.Contains(problem(m), "only embedded scenarios or earlier uploads") {
		t.Fatalf("extends a path: %d %v", code, m)
	}
	// The horizon before the start is the problem of bad.yaml; the bundled
	// scenario may report what it states after that horizon besides.
	code, m = post("/api/runs", `{"source":"extends: central-asia\nhorizon: 2021-01\n","file":"bad.yaml"}`)
	if code != 422 || !strings.Contains(fmt.Sprint(m["problems"]), "field:horizon file:bad.yaml line:2 message:2021-01 is before start 2022-02") {
		t.Fatalf("invalid scenario run: %d %v", code, m)
	}
	// A horizon before the bundled portfolio's start drops the portfolio.
	if code, m = post("/api/scenarios", `{"name":"short","source":"extends: central-asia\nhorizon: 2024-12\nportfolio: null\n"}`); code != 201 {
		t.Fatalf("upload: %d %v", code, m)
	}
	code, m = post("/api/runs", `{"source":"extends: short\n","file":"mine.yaml","draws":40,"seed":3}`)
	if code != 202 {
		t.Fatalf("create run: %d %v", code, m)
	}
	id := m["id"].(string)
	deadline := time.Now().Add(30 * time.Second)
	var runRec map[string]any
	for time.Now().Before(deadline) {
		_, b := get("/api/runs/" + id)
		json.Unmarshal(b, &runRec)
		if runRec["status"] != "queued" && runRec["status"] != "running" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if runRec["status"] != "done" {
		t.Fatalf("run: %v", runRec)
	}
	code, b := get("/api/runs/" + id + "/results")
	var res struct {
		Schema  string `json:"schema"`
		Horizon string `json:"horizon"`
		Draws   int    `json:"draws"`
	}
	if json.Unmarshal(b, &res); code != 200 || res.Schema != "steppe.results/v1" || res.Horizon != "2024-12" || res.Draws != 40 {
		t.Fatalf("results: %d %+v", code, res)
	}
	if code, b = get("/api/runs/" + id + "/results.csv"); code != 200 || !strings.HasPrefix(string(b), "policy,country,year,") {
		t.Fatalf("csv: %d %.80s", code, b)
	}
	var view report.View
	if code, b = get("/api/runs/" + id + "/view"); code != 200 || json.Unmarshal(b, &view) != nil || len(view.Assumptions) < 20 || len(view.Countries) != 5 {
		t.Fatalf("view: %d, %d assumptions, %d countries", code, len(view.Assumptions), len(view.Countries))
	}
	located := 0
	for _, b := range view.Bases {
		if b.Located {
			located++
		}
	}
	if located < 4 {
		t.Errorf("only %d bases placed on the map", located)
	}
	if code, b = get("/api/runs/" + id + "/scenario?resolved=true"); code != 200 || !strings.Contains(string(b), "2024-12") || strings.Contains(string(b), "extends:") {
		t.Fatalf("resolved scenario: %d", code)
	}

	// The report of the stored run.
	st.Close()
	out := filepath.Join(t.TempDir(), "r.html")
	var stdout, stderr strings.Builder
	if c := run(ctx, []string{"report", id[:8], "--data-dir", dir, "-o", out}, strings.NewReader(""), &stdout, &stderr); c != 0 {
		t.Fatalf("steppe report: exit %d: %s", c, stderr.String())
	}
	html, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kazakhstan", "How to reproduce", "steppe run --scenario mine-resolved.yaml --seed 3 --draws 40", "decision."} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if c := run(ctx, []string{"report", "no-such-run", "--data-dir", dir}, strings.NewReader(""), &stdout, &stderr); c != 2 {
		t.Errorf("report of an unknown run: exit %d, want 2", c)
	}
}

// startServe serves the API and dashboard as `steppe serve` configures
// them, with the real store (in the temporary data directory dir) and
// simulation, until t ends; mods change the configuration first.
func startServe(t *testing.T, mods ...func(*server.Config)) (ts *httptest.Server, st *store.Store, dir string) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(context.Background(), filepath.Join(dir, "steppe.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := serveConfig(st, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, mod := range mods {
		mod(&cfg)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return ts, st, dir
}

func jsonNum(v any) string {
	f, _ := v.(float64)
	return strconv.Itoa(int(f))
}
