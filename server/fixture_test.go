package server

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/world"
)

// fixtureWorld is a small world with the five focus states, two bases, an
// existing pipeline and one policy project, for dashboard tests.
func fixtureWorld() *world.World {
	src := "test fixture"
	return &world.World{
		Name: "central-asia", Title: "Test fixture <script>alert(1)</script>", Baseline: "baseline",
		Actors: []world.Actor{
			{ID: "KAZ", Name: "Kazakhstan", Role: world.Focus}, {ID: "KGZ", Name: "Kyrgyzstan", Role: world.Focus},
			{ID: "TJK", Name: "Tajikistan", Role: world.Focus}, {ID: "TKM", Name: "Turkmenistan", Role: world.Focus},
			{ID: "UZB", Name: "Uzbekistan", Role: world.Focus},
			{ID: "RUS", Name: "Russia", Role: world.External}, {ID: "CHN", Name: "China", Role: world.External},
		},
		Bases: []world.Base{
			{ID: "kant", Name: "Kant air base", Host: "KGZ", Operator: "RUS", Kind: "air base", LeaseEnd: world.Value{V: 2032, Source: src}},
			{ID: "tjk-201", Name: "201st military base", Host: "TJK", Operator: "RUS", Kind: "ground forces", LeaseEnd: world.Value{V: 2042, Source: src}},
		},
		Infra: []world.Infra{{ID: "central-asia-china-gas", Kind: "pipeline", From: "TKM", To: "CHN", Via: []string{"UZB", "KAZ"}, Note: "Central Asia-China gas pipeline"}},
		Projects: []world.Project{{ID: "cku-railway", Name: "China-Kyrgyzstan-Uzbekistan railway", Kind: "rail",
			Countries: []string{"CHN", "KGZ", "UZB"}, Adds: []world.Infra{{ID: "cku-rail", Kind: "rail", From: "CHN", To: "UZB", Via: []string{"KGZ"}}}}},
		Policies: []world.Policy{
			{ID: "baseline", Name: "Baseline"},
			{ID: "fast-track-integration", Name: "Fast-track integration", Projects: []world.PolicyProject{{Project: "cku-railway"}}},
		},
	}
}

// fixtureResults makes results with a constant hazard per country: the
// probability by year t is 1-(1-h)^t, and the policy lowers h by a fifth.
func fixtureResults(policies []string, draws int, seed uint64) *results.Results {
	countries := []string{"KAZ", "KGZ", "TJK", "TKM", "UZB", results.Region}
	hazard := map[string]float64{"KAZ": 0.012, "KGZ": 0.02, "TJK": 0.025, "TKM": 0.004, "UZB": 0.008}
	r := &results.Results{Schema: results.Schema, Scenario: "central-asia", Start: "2022-02", Horizon: "2042-12", Seed: seed,
		Draws: draws, Mode: "conditional", Baseline: policies[0], Policies: policies, Countries: countries,
		TriggerTypes: []string{"protest"}, InterventionTypes: []string{"peacekeeping"}, History: []results.HistoryEvent{}}
	for y := 2022; y <= 2042; y++ {
		r.Years = append(r.Years, y)
	}
	for pi, p := range policies {
		for _, c := range countries {
			for _, y := range r.Years {
				prob := func(c string, pol int) float64 {
					if c == results.Region {
						none := 1.0
						for _, h := range hazard {
							if pol > 0 {
								h *= 0.8
							}
							none *= math.Pow(1-h, float64(y-2021))
						}
						return 1 - none
					}
					h := hazard[c]
					if pol > 0 {
						h *= 0.8
					}
					return 1 - math.Pow(1-h, float64(y-2021))
				}
				m := prob(c, pi)
				cell := results.Cell{Policy: p, Country: c, Year: y,
					PIntervention:         results.Summary{Mean: m, SE: m * 0.01, Q05: m * 0.45, Q50: m * 0.9, Q95: math.Min(1, m*1.9)},
					ExpectedTriggers:      map[string]float64{"protest": m * 3, "total": m * 3},
					ExpectedInterventions: map[string]float64{"peacekeeping": m, "total": m}}
				if pi > 0 {
					d := m - prob(c, 0)
					cell.Delta = &results.Delta{Mean: d, SE: math.Abs(d) * 0.08}
				}
				r.Cells = append(r.Cells, cell)
			}
		}
	}
	return r
}

func fixtureView(t testing.TB, job Job) []byte {
	gz, err := report.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	v := report.BuildView(report.Input{Results: fixtureResults(job.Policies, job.Draws, job.Seed), World: fixtureWorld(),
		Assumptions: []report.Assumption{
			{Path: "bases.kant.lease_end", Value: 2032, Dist: "triangular(2027, 2032, 2042)", Uncertain: true, Lo: 2027, Hi: 2042,
				Source: "https://example.org/kant ; 2012 agreement"},
			{Path: "decision.coef.base_present", Value: 0.8, Dist: "normal(0.8, 0.3)", Uncertain: true, Lo: 0.03, Hi: 1.57,
				Assumption: true, Reason: "<img src=x onerror=alert(1)>", Source: "javascript:alert(1)"},
		}, Version: "test"}, gz)
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixtureMap(t testing.TB) []byte {
	geo, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
	if err != nil {
		t.Fatal(err)
	}
	gz, err := report.DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	b, err := report.BuildMapLayers(geo, fixtureWorld(), gz)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixtureNetwork returns the bundled network and its projects file.
func fixtureNetwork(t testing.TB) (geojson, projects []byte) {
	t.Helper()
	geojson, err := data.ReadFile("network/central-asia.geojson")
	if err != nil {
		t.Fatal(err)
	}
	projects, err = data.ReadFile("network/projects.json")
	if err != nil {
		t.Fatal(err)
	}
	return geojson, projects
}
