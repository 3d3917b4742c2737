package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/risk"
)

// TestCalibrateDefault runs calibrate with priors from all three places: the
// bundled file, a scenario's decision.priors (request, non_russian_ties)
// and --prior (non_russian_ties, which wins as the last applied).
func TestCalibrateDefault(t *testing.T) {
	out := filepath.Join(t.TempDir(), "posterior.json")
	scen := writeScenario(t, `extends: central-asia
name: priors
decision:
  priors:
    coef:
      request: {mean: 2, sd: 1, source: "test citation"}
      non_russian_ties: {mean: -0.5, sd: 0.25, assumption: true, reason: "test"}
`)
	code, stdout, errs := runCLI(t, "calibrate", "--model", "v1", "--draws", "100", "--warmup", "100", "--out", out,
		"--scenario", scen, "--prior", "non_russian_ties=normal(-1,0.5)")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"coefficient", "90% CI", "R-hat", "ESS bulk", "non_russian_ties", "normal(-1, 0.5)",
		"Out of sample: leave-one-episode-out (49 forecasts",
		"Out of sample: temporal: fit before 2014-01",
		"model", "base rate", "request rule", "Brier", "log score", "AUROC", "Verdict:",
		"*25", "*11", "*15", "*13", "*31", "Ordinal (cumulative-logit) model",
		"posterior written to",
		"Prior against posterior, for the priors that are not the weakly informative default:",
		"  request           normal(2, 1)", "prior source: scenario " + scen + ":6:16: test citation",
		"prior source: user override",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	f := fixture.Open(t, out)
	p, err := risk.ReadPosterior(f)
	if err != nil {
		t.Fatal(err)
	}
	if p.Priors.Coef["non_russian_ties"].Mean != -1 {
		t.Error("prior override not recorded in the posterior")
	}
	if p.Priors.Coef["request"].Mean != 2 || !strings.Contains(p.Command, "--scenario '"+scen+"'") {
		t.Errorf("scenario prior not recorded in the posterior: %v, command %q", p.Priors.Coef["request"], p.Command)
	}
}

func TestCalibrateTriggersAndBacktest(t *testing.T) {
	code, out, errs := runCLI(t, "calibrate", "--model", "v1", "--triggers", "--draws", "200", "--warmup", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{`Trigger type "protest"`, `Trigger type "border"`, `Trigger type "insurgent"`, "TKM    0", "growth effect"} {
		if !strings.Contains(out, want) {
			t.Errorf("--triggers output lacks %q:\n%s", want, out)
		}
	}
	code, out, errs = runCLI(t, "calibrate", "--model", "v1", "--triggers", "--format", "yaml", "--draws", "100", "--warmup", "100")
	if code != 0 || !strings.Contains(out, "  TKM:\n    protest: {value: ") {
		t.Errorf("--format yaml: exit %d %s\n%s", code, errs, out)
	}
	code, out, errs = runCLI(t, "calibrate", "--model", "v1", "--backtest", "--draws", "200", "--warmup", "200")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Backtest: data up to 2021-12", "Bloody January", "Nukus protests", "Pamiri protests", "Kyrgyz-Tajik border war", "KAZ    0.", "(intervention)", "country-year scores"} {
		if !strings.Contains(out, want) {
			t.Errorf("--backtest output lacks %q:\n%s", want, out)
		}
	}
}

func TestCalibrateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "episodes.csv")
	b, err := os.ReadFile("../../data/episodes/episodes.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	lines[3] = strings.Replace(lines[3], ",covert,", ",bombing,", 1)
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", "--model", "v1", "--episodes", bad}, "episodes.csv:4:"},
		{[]string{"calibrate", "--model", "v1", "--prior", "gdp=normal(0,1)"}, `unknown feature "gdp"`},
		{[]string{"calibrate", "--model", "v1", "--scenario", writeScenario(t, "extends: central-asia\ndecision:\n  priors:\n    coef:\n      gdp: {mean: 0, sd: 1, source: s}\n")},
			"bad-prior.yaml:5:12: decision.priors.coef.gdp: not a feature"},
		{[]string{"calibrate", "--model", "v1", "--scenario", "no-such-scenario"}, "no-such-scenario"},
		{[]string{"calibrate", "--model", "v1", "--triggers", "--format", "xml"}, `--format "xml": want "table" or "yaml"`},
		{[]string{"calibrate", "--model", "v1", "--from", "1995"}, "--from"},
		{[]string{"calibrate", "--model", "v1", "--from", "2024-01"}, "leaves 3 episodes"},
		{[]string{"calibrate", "--model", "v1", "--episodes", filepath.Join(dir, "missing.csv")}, "missing.csv"},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", tc.args, code, errs, tc.want)
		}
	}
}

// TestCalibrateV2BadInput: an episode set whose coding contradicts a
// mechanical rule is bad input at its file, line and column; flags of the
// model v1 are refused under v2.
func TestCalibrateV2BadInput(t *testing.T) {
	b, err := os.ReadFile("../../data/episodes/crises.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	// Row 2 claims a CSTO deployment without a request.
	f := strings.Split(lines[1], ",")
	f[8], f[9] = "0", "csto-deployment"
	lines[1] = strings.Join(f, ",")
	bad := filepath.Join(t.TempDir(), "crises.csv")
	if err := os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "calibrate", "--crises", bad)
	if code != 2 || !strings.Contains(errs, bad+":2:") {
		t.Errorf("bad crisis row: exit %d, stderr %q; want 2 and %s:2:", code, errs, bad)
	}
	if code, _, errs := runCLI(t, "calibrate", "--episodes", bad); code != 2 || !strings.Contains(errs, "--episodes applies to the v1 model") {
		t.Errorf("v1 flag under v2: exit %d, stderr %q", code, errs)
	}
}
