package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// TestRiskDecisionInSim runs the default scenario with the calibrated
// decision model: results are probabilities, identical for any number of
// workers, and the stated cost terms are bound to scenario parameters.
func TestRiskDecisionInSim(t *testing.T) {
	sc, err := loadScenario("central-asia")
	if err != nil {
		t.Fatal(err)
	}
	rd, err := newRiskDecision(sc.World, engineInputs{})
	if err != nil {
		t.Fatal(err)
	}
	var bound []string
	for _, e := range rd.extra {
		bound = append(bound, e.feature.String())
	}
	for _, f := range []world.DecisionFeature{world.FSanctionsExposure, world.FChinaInvestment, world.FIntegrationFallout, world.FRussianTransit} {
		if !slices.Contains(bound, f.String()) {
			t.Errorf("stated coefficient of %v not bound (bound: %v)", f, bound)
		}
	}
	m, err := sim.New(sc.World, sim.Engines{Decision: rd})
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) *sim.Output {
		out, err := m.Run(context.Background(), sim.Options{Draws: 40, Seed: 3, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := run(1), run(2)
	if !slices.Equal(a.PAny, b.PAny) {
		t.Error("results depend on the number of workers")
	}
	for _, p := range a.PAny {
		if !(p >= 0 && p <= 1) || math.IsNaN(p) {
			t.Fatalf("P = %v", p)
		}
	}
}

// TestScenarioPriors: the default scenario states the priors of the bundled
// posterior, so steppe run uses that posterior as it is; a scenario with
// other priors gets the model refitted under them, and the run says so.
func TestScenarioPriors(t *testing.T) {
	sc, err := loadScenario("central-asia")
	if err != nil {
		t.Fatal(err)
	}
	sp := sc.World.Decision.Priors
	if sp.Intercept == nil || sp.Slope == nil || sp.Cut == nil {
		t.Fatalf("the default scenario does not state all its priors: %+v", sp)
	}
	bundled, err := riskBundled()
	if err != nil {
		t.Fatal(err)
	}
	p, refit, err := riskPosteriorFor(sc.World)
	if err != nil || refit != "" || p != bundled {
		t.Fatalf("default scenario: refit %q, err %v; want the bundled posterior (data/posterior/priors.json and the scenario's decision.priors must agree)", refit, err)
	}

	code, out, errs := runCLI(t, "run", "--scenario", "integration-prior", "--draws", "200", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"risk posterior refitted to data/episodes/episodes.csv under the scenario's decision.priors (non_russian_ties normal(-0.5, 0.25); 1000 draws)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run header lacks %q:\n%s", want, out)
		}
	}
	ip, err := loadScenario("integration-prior")
	if err != nil {
		t.Fatal(err)
	}
	q, refit, err := riskPosteriorFor(ip.World)
	if err != nil || refit == "" || q == bundled {
		t.Fatalf("integration-prior: refit %q, err %v; want a refitted posterior", refit, err)
	}
	if q2, _, _ := riskPosteriorFor(ip.World); q2 != q {
		t.Error("the same priors were refitted twice in one process")
	}
	if got := q.Priors.For("non_russian_ties"); got.Mean != -0.5 || got.SD != 0.25 || !strings.Contains(got.Source, "integration-prior.yaml:") {
		t.Errorf("refitted posterior records prior %v from %q", got, got.Source)
	}

	code, _, errs = runCLI(t, "run", "--scenario", writeScenario(t, `extends: central-asia
name: bad-prior
decision:
  priors:
    coef:
      gdp: {mean: 0, sd: 1, source: "test"}
`), "--draws", "10", "--quiet")
	if code != 2 || !strings.Contains(errs, "bad-prior.yaml:6:12: decision.priors.coef.gdp: not a feature of the calibrated intervention model") {
		t.Errorf("unknown prior name: exit %d, stderr %q", code, errs)
	}
}

// writeScenario writes src to bad-prior.yaml in a temporary directory.
func writeScenario(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bad-prior.yaml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRunPosteriorFile: steppe run takes a posterior written by steppe
// calibrate --out, says so, and rejects a file that is not one.
func TestRunPosteriorFile(t *testing.T) {
	dir := t.TempDir()
	post := filepath.Join(dir, "post.json")
	if code, _, errs := runCLI(t, "calibrate", "--draws", "50", "--warmup", "50", "--out", post,
		"--prior", "non_russian_ties=normal(-1,0.5)"); code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, errs)
	}
	code, out, errs := runCLI(t, "run", "--posterior", post, "--draws", "50", "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"decision: risk posterior from " + post + " (200 draws, made by \"steppe calibrate --seed 1 --draws 50 --warmup 50 --prior 'non_russian_ties=normal(-1,0.5)' --out FILE\")",
		"the scenario's decision.priors are not applied: " + post + " was fitted under its own",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("run header lacks %q:\n%s", want, out)
		}
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"schema": "other"}`), 0o644)
	for _, tc := range []struct{ file, want string }{
		{bad, "--posterior " + bad + ": posterior schema"},
		{filepath.Join(dir, "none.json"), "none.json"},
	} {
		if code, _, errs := runCLI(t, "run", "--posterior", tc.file, "--draws", "10", "--quiet"); code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("--posterior %s: exit %d, stderr %q, want 2 and %q", tc.file, code, errs, tc.want)
		}
	}
}
