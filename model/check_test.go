package model_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/model"
)

// TestCheckReports checks what `steppe validate` reports of the embedded
// scenarios: the count of parameters, the v2 priors listed with --params,
// and the settings.
func TestCheckReports(t *testing.T) {
	sc := fixture.Embedded(t, "central-asia")
	k, err := model.NewCheck(sc.World)
	if err != nil {
		t.Fatal(err)
	}
	cache := new(model.Cache)
	if err := k.CheckPriors(cache); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	k.WriteSummary(&b, "ca.yaml")
	if want := "ca.yaml: ok (5 focus actors"; !strings.HasPrefix(b.String(), want) || strings.Contains(b.String(), "refits") {
		t.Errorf("summary %q, want it to start %q without a refit", b.String(), want)
	}
	b.Reset()
	if err := k.WriteParams(&b, cache); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"path  ", "intervention model v2 (data/" + model.V2File, "settings of the assembled model"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("params lack %q", want)
		}
	}
	if got := strings.Count(b.String(), "\n"); got < len(k.Params) {
		t.Errorf("%d lines for %d parameters", got, len(k.Params))
	}
}

// TestPlanGroups checks that the default grouping covers every factor, and
// that the design's size is N(G+2).
func TestPlanGroups(t *testing.T) {
	m, err := new(model.Cache).Assemble(fixture.Embedded(t, "central-asia").World, model.Config{Stated: true})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := m.Factors(model.FactorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.PlanGroups(fs, model.DefaultGroups(m.Sim.Countries()), true, 16, false)
	if err != nil {
		t.Fatal(err)
	}
	members := 0
	for _, g := range p.Groups {
		members += len(g.Members)
	}
	if members != len(fs) || p.Factors != len(fs) || p.Rows != 16*(len(p.Groups)+2) {
		t.Errorf("%d members of %d factors, %d rows for %d groups", members, len(fs), p.Rows, len(p.Groups))
	}
	var b bytes.Buffer
	if err := p.WriteText(&b); err != nil || !strings.Contains(b.String(), "a Sobol' design with N = 16 base samples") {
		t.Errorf("%v:\n%s", err, b.String())
	}
}
