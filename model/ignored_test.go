package model

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// The ignored-factor list reuses what each decision engine says it
// replaces. Under the default model v2, every stated decision coefficient
// but the four cost terms, the request propensities and the base hazards
// are replaced; under v1 (integration-prior), the coefficients the v1
// posterior names in its description.
func TestIgnoredFactors(t *testing.T) {
	ignoredOf := func(m *Model) (map[string]bool, []string) {
		var names []string
		for _, p := range m.Sim.Params() {
			names = append(names, p.Path)
		}
		ign := map[string]bool{}
		for _, s := range m.IgnoredFactors(names) {
			p, _, _ := strings.Cut(s, ":")
			ign[p] = true
		}
		return ign, names
	}
	m := assembleDefault(t, Config{})
	ign, names := ignoredOf(m)
	costs := map[string]bool{"decision.coef.sanctions_exposure": true, "decision.coef.china_investment": true,
		"decision.coef.integration_fallout": true, "decision.coef.russian_transit": true}
	for _, p := range names {
		switch {
		case strings.HasPrefix(p, "decision.coef."):
			if ign[p] == costs[p] {
				t.Errorf("v2: %s ignored %v; want the cost terms kept and the rest replaced", p, ign[p])
			}
		case strings.HasSuffix(p, ".request_propensity"), strings.HasPrefix(p, "triggers.hazard."), p == "decision.intercept":
			if !ign[p] {
				t.Errorf("v2: %s not listed as ignored", p)
			}
		}
	}
	for _, p := range []string{"gravity.theta", "projects.cku-railway.cost_usd", "projects.cku-railway.effects.KGZ.income_pct"} {
		if !ign[p] {
			t.Errorf("v2: %s not listed as ignored", p)
		}
	}
	for _, p := range []string{"actors.KGZ.growth", "triggers.coef.income_gain", "projects.cku-railway.effects.KGZ.china_investment"} {
		if ign[p] {
			t.Errorf("v2: %s listed as ignored", p)
		}
	}

	v1, err := Assemble(fixture.Embedded(t, "integration-prior").World, Config{})
	if err != nil {
		t.Fatal(err)
	}
	ign, names = ignoredOf(v1)
	desc := v1.Engines.Decision.(*riskDecision).Describe()
	inPlace, kept, _ := strings.Cut(desc, "; stated")
	for _, p := range names {
		f, ok := strings.CutPrefix(p, "decision.coef.")
		if !ok {
			continue
		}
		replaced := strings.Contains(inPlace, f+",") || strings.Contains(inPlace, f+"}")
		if ign[p] != replaced {
			t.Errorf("v1: %s: ignored %v, but the engine says %q", p, ign[p], desc)
		}
		if ign[p] && strings.Contains(kept, f) {
			t.Errorf("v1: %s listed as ignored but kept by the engine", p)
		}
	}
	if ign["triggers.hazard.KGZ.protest"] {
		t.Error("v1 keeps the scenario's hazards, but they are listed as ignored")
	}

	// With the stated models the decision model reads every coefficient.
	ms := assembleDefault(t, Config{Stated: true})
	for _, s := range ms.IgnoredFactors(names) {
		if strings.HasPrefix(s, "decision.") {
			t.Errorf("stated models: %s", s)
		}
	}
}
