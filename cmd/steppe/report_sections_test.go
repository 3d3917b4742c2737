package main

import (
	"context"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/results"
)

// TestReportValidationAndNetwork runs the default scenario, writes its
// report, and finds there the decision model's out-of-sample scores that
// the run's results carry (from data/posterior/v2.json) and each policy's
// network tables as model.Cache.NetworkChanges computes them from the
// scenario's policies.
func TestReportValidationAndNetwork(t *testing.T) {
	code, out, errs := runCLI(t, "run", "--draws", "40", "--json")
	if code != 0 {
		t.Fatalf("steppe run: exit %d: %s", code, errs)
	}
	dir := t.TempDir()
	res, html := filepath.Join(dir, "results.json"), filepath.Join(dir, "report.html")
	if err := os.WriteFile(res, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "report", res, "-o", html); code != 0 {
		t.Fatalf("steppe report: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	page := stdhtml.UnescapeString(string(b))
	var r results.Results
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Validation == nil || len(r.Validation.Schemes) != 4 || r.Validation.Source != "data/posterior/v2.json" {
		t.Fatalf("results.validation %+v: want the bundled posterior's four schemes", r.Validation)
	}
	sign := func(v float64) string { return strings.Replace(fmt.Sprintf("%.4f", v), "-", "−", 1) }
	for _, s := range r.Validation.Schemes {
		for _, m := range s.Scores {
			if row := ">" + m.Method + `</td><td class="num">` + sign(m.Brier) + `</td><td class="num">` + sign(m.Log) + "</td>"; !strings.Contains(page, row) {
				t.Errorf("%s: the report has no row %q", s.Scheme, row)
			}
		}
	}
	sc, err := loadScenario(context.Background(), r.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	var projects [][]string
	for _, p := range sc.World.Policies {
		ids = append(ids, p.ID)
		var ps []string
		for _, pp := range p.Projects {
			ps = append(ps, pp.Project)
		}
		projects = append(projects, ps)
	}
	n, err := new(model.Cache).NetworkChanges(ids, projects)
	if err != nil {
		t.Fatal(err)
	}
	var rows int
	for _, p := range n.Policies {
		for _, tb := range p.Tables {
			for _, row := range tb.Rows {
				cells := "<td>" + strings.Join(row[:tb.Num], "</td><td>") + `</td><td class="num">` + strings.Join(row[tb.Num:], `</td><td class="num">`) + "</td>"
				if !strings.Contains(page, cells) {
					t.Errorf("%s %s: the report has no row %q", p.Policy, tb.Name, cells)
				}
				rows++
			}
		}
	}
	if rows == 0 || !strings.Contains(page, `<table class="dependence">`) {
		t.Errorf("no network rows (%d) or no dependence table", rows)
	}
}
