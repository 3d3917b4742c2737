package model

import (
	"strings"
	"testing"
)

// The ignored-factor warning reuses what the risk engine says it replaces:
// each decision.coef entry it lists as overridden is named in the
// engine's own description, and the kept ones are not.
func TestIgnoredFactors(t *testing.T) {
	m, err := Assemble(loadScenario(t, defaultScenario).World, Config{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range m.Sim.Params() {
		names = append(names, p.Path)
	}
	ign := map[string]bool{}
	for _, s := range m.IgnoredFactors(names) {
		p, _, _ := strings.Cut(s, ":")
		ign[p] = true
	}
	desc := m.Engines.Decision.(*riskDecision).Describe()
	inPlace, kept, _ := strings.Cut(desc, "; stated")
	for _, p := range names {
		f, ok := strings.CutPrefix(p, "decision.coef.")
		if !ok {
			continue
		}
		replaced := strings.Contains(inPlace, f+",") || strings.Contains(inPlace, f+"}")
		if ign[p] != replaced {
			t.Errorf("%s: ignored %v, but the engine says %q", p, ign[p], desc)
		}
		if ign[p] && strings.Contains(kept, f) {
			t.Errorf("%s listed as ignored but kept by the engine", p)
		}
	}
	for _, p := range []string{"decision.intercept", "gravity.theta", "projects.cku-railway.cost_usd", "projects.cku-railway.effects.KGZ.income_pct"} {
		if !ign[p] {
			t.Errorf("%s not listed as ignored", p)
		}
	}
	for _, p := range []string{"decision.coef.sanctions_exposure", "actors.KGZ.growth", "projects.cku-railway.effects.KGZ.china_investment"} {
		if ign[p] {
			t.Errorf("%s listed as ignored", p)
		}
	}
	// With the stated models the decision model reads every coefficient.
	ms, err := Assemble(loadScenario(t, defaultScenario).World, Config{Stated: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ms.IgnoredFactors(names) {
		if strings.HasPrefix(s, "decision.") {
			t.Errorf("stated models: %s", s)
		}
	}
}
