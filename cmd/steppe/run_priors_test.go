package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestRunScenarioPriors: steppe run refits the intervention model under a
// scenario's decision.priors and says so in its header; an unknown prior
// name is bad input at its position.
func TestRunScenarioPriors(t *testing.T) {
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
	code, _, errs = runCLI(t, "run", "--scenario", writeScenario(t, `extends: central-asia
name: bad-prior
decision:
  model: v1
  priors:
    coef:
      gdp: {mean: 0, sd: 1, source: "test"}
`), "--draws", "10", "--quiet")
	if code != 2 || !strings.Contains(errs, "bad-prior.yaml:7:12: decision.priors.coef.gdp: not a feature of the calibrated intervention model") {
		t.Errorf("unknown prior name: exit %d, stderr %q", code, errs)
	}
	// Priors of the v1 model without decision.model: v1 are an error under
	// the default model v2, which does not read them.
	code, _, errs = runCLI(t, "run", "--scenario", writeScenario(t, "extends: central-asia\nname: bad-prior\ndecision:\n  priors:\n    slope: {mean: 0, sd: 1, source: \"test\"}\n"), "--draws", "10", "--quiet")
	if code != 2 || !strings.Contains(errs, "which the default model v2 does not read: add decision.model: v1") {
		t.Errorf("v1 priors under v2: exit %d, stderr %q", code, errs)
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
	if code, _, errs := runCLI(t, "calibrate", "--model", "v1", "--draws", "50", "--warmup", "50", "--out", post,
		"--prior", "non_russian_ties=normal(-1,0.5)"); code != 0 {
		t.Fatalf("calibrate: exit %d: %s", code, errs)
	}
	code, out, errs := runCLI(t, "run", "--posterior", post, "--draws", "50", "--quiet")
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"decision: risk posterior from " + post + " (200 draws, made by \"steppe calibrate --seed 1 --draws 50 --warmup 50 --prior 'non_russian_ties=normal(-1,0.5)' --out FILE\")",
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

// TestRunV2Priors: a scenario's prior on a parameter of the model v2 (here
// Kyrgyzstan's request effect) refits the model under it, the header says
// so, and Kyrgyzstan's risk rises; an unknown name is bad input at its
// position.
func TestRunV2Priors(t *testing.T) {
	code, out, errs := runCLI(t, "run", "--scenario", "request-prior", "--draws", "300", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "intervention model v2 (refitted to data/episodes/crises.csv under the scenario's decision.priors.v2: request.country[KGZ] normal(1.5, 0.5), 1000 draws)"
	if !strings.Contains(out, want) {
		t.Errorf("run header lacks %q:\n%s", want, out)
	}
	_, base, _ := runCLI(t, "run", "--draws", "300", "--quiet")
	kgz := func(s string) float64 {
		i := strings.Index(s, "KGZ      2042")
		f := strings.Fields(s[i:])
		v, _ := strconv.ParseFloat(strings.TrimSuffix(f[2], "%"), 64)
		return v
	}
	if kgz(out) <= kgz(base) {
		t.Errorf("KGZ 2042 with a higher request prior %v%%, default %v%%: want higher", kgz(out), kgz(base))
	}
	code, _, errs = runCLI(t, "run", "--scenario", writeScenario(t, "extends: central-asia\nname: bad-prior\ndecision:\n  priors:\n    v2:\n      request.coef.gdp: {mean: 0, sd: 1, source: \"test\"}\n"), "--draws", "10", "--quiet")
	if code != 2 || !strings.Contains(errs, "bad-prior.yaml:6:25: decision.priors.v2.request.coef.gdp: prior request.coef.gdp: not a parameter of the intervention model v2") {
		t.Errorf("unknown v2 prior: exit %d, stderr %q", code, errs)
	}
}
