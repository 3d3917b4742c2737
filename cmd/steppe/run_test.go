package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// runCLI runs the steppe command line with buffers and returns the exit
// code, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunDefaultTable(t *testing.T) {
	code, out, errs := runCLI(t, "run", "--draws", "30")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"scenario central-asia, 2022-02 to 2042-12, 30 draws, seed 1",
		"baseline", "fast-track-integration", "KAZ      2027", "REGION   2042", "observed before the start, not counted: 2022-01 KAZ csto-deployment",
		"decision: intervention model v2 (data/posterior/v2.json", "decision.coef.{request,",
		"hazards: crisis hazards (data/posterior/v2.json", "implied intervention onsets per 100 state-years",
		"observed onsets per 100 state-years (data/episodes/crises.csv): Central Asia 1992-2025 1.18",
		"integration: general-equilibrium trade model", "integration: network engine"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("unexpected stderr (no progress bar off a terminal): %q", errs)
	}
}

func TestRunYears(t *testing.T) {
	code, out, errs := runCLI(t, "run", "--draws", "10", "--years", "2025,2030")
	if code != 0 || !strings.Contains(out, "KGZ      2030") || strings.Contains(out, "2042 ") {
		t.Errorf("exit %d: %s %s", code, out, errs)
	}
}

// TestRunSet: fixing the Kant lease end to 2025 changes Kyrgyzstan's
// results and nothing is written about unknown parameters.
func TestRunSet(t *testing.T) {
	_, base, _ := runCLI(t, "run", "--draws", "10", "--csv")
	code, out, errs := runCLI(t, "run", "--draws", "10", "--csv", "--set", "bases.kant.lease_end=2025",
		"--set", "bases.kgz-chaldovar.lease_end=2025", "--set", "bases.kgz-karakol.lease_end=2025")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if out == base {
		t.Error("--set changed nothing")
	}
}

func TestRunJSONAndCSV(t *testing.T) {
	code, out, errs := runCLI(t, "run", "--draws", "20", "--json", "--policy", "fast-track-integration")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Schema   string
		Policies []string
		Cells    []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Schema != "steppe.results/v1" || len(r.Policies) != 2 || len(r.Cells) != 2*6*21 {
		t.Errorf("schema %q policies %v cells %d", r.Schema, r.Policies, len(r.Cells))
	}
	code, out, _ = runCLI(t, "run", "--draws", "20", "--csv")
	if code != 0 || !strings.HasPrefix(out, "policy,country,year,p_mean,") || strings.Count(out, "\n") != 1+2*6*21 {
		t.Errorf("csv: exit %d, %d lines", code, strings.Count(out, "\n"))
	}
}

func TestRunOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "res")
	code, _, errs := runCLI(t, "run", "--draws", "20", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, f := range []string{"results.json", "results.csv", "scenario.yaml"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// The resolved scenario runs on its own and gives the same results.
	code, out1, _ := runCLI(t, "run", "--draws", "20", "--json", "--scenario", filepath.Join(dir, "scenario.yaml"))
	_, out2, _ := runCLI(t, "run", "--draws", "20", "--json")
	if code != 0 || out1 != out2 {
		t.Errorf("resolved scenario: exit %d, same results %v", code, out1 == out2)
	}
	// A second run into the existing directory replaces the files.
	if code, _, errs := runCLI(t, "run", "--draws", "25", "--out", dir); code != 0 {
		t.Fatalf("rerun: exit %d: %s", code, errs)
	}
	ents, _ := os.ReadDir(filepath.Dir(dir))
	if len(ents) != 1 {
		t.Errorf("staging directories left behind: %v", ents)
	}
}

func TestRunBadInput(t *testing.T) {
	tmp := t.TempDir()
	malformed := filepath.Join(tmp, "bad.yaml")
	os.WriteFile(malformed, []byte("name: x\nstart: [\n"), 0o644)
	invalid := filepath.Join(tmp, "invalid.yaml")
	os.WriteFile(invalid, []byte("extends: central-asia\nhorizon: 2020-01\n"), 0o644)
	file := filepath.Join(tmp, "file")
	os.WriteFile(file, nil, 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"malformed YAML", []string{"run", "--scenario", malformed}, "bad.yaml:2:1: malformed YAML"},
		{"invalid scenario", []string{"run", "--scenario", invalid}, "invalid.yaml:2:10: horizon: 2020-01 is before start 2022-02"},
		{"missing file", []string{"run", "--scenario", filepath.Join(tmp, "nope.yaml")}, "no such file"},
		{"unknown embedded", []string{"run", "--scenario", "atlantis"}, `no embedded scenario "atlantis" (available: central-asia, integration-prior, request-prior)`},
		{"unknown policy", []string{"run", "--policy", "nope"}, `unknown policy "nope" (available: baseline, fast-track-integration)`},
		{"zero draws", []string{"run", "--draws", "0"}, "--draws must be positive, got 0"},
		{"unknown parameter", []string{"run", "--draws", "5", "--set", "bases.nope.lease_end=2030"}, `unknown parameter "bases.nope.lease_end" (list them with steppe validate --params`},
		{"bad --set", []string{"run", "--draws", "5", "--set", "bases.kant.lease_end"}, `--set "bases.kant.lease_end": want PATH=NUMBER`},
		{"too many draws", []string{"run", "--draws", "100000000"}, "--draws 100000000 draws need about 6h58m20s of CPU time (limit 1h0m0s)"},
		{"bad flag value", []string{"run", "--draws", "many"}, "invalid argument"},
		{"out is a file", []string{"run", "--draws", "10", "--out", file}, "not a directory"},
		{"unwritable out", []string{"run", "--draws", "10", "--out", filepath.Join(file, "sub")}, "--out"},
		{"validate", []string{"validate", invalid}, "horizon: 2020-01 is before start 2022-02"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stdout %q, stderr %q)", code, out, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr %q lacks %q", errs, tc.want)
			}
		})
	}
}

// TestOutUnderAFile checks an --out that no user, root included, can create:
// its parent is a regular file.
func TestOutUnderAFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runCLI(t, "run", "--draws", "10", "--out", filepath.Join(file, "res"))
	if code != 2 || !strings.Contains(errs, "--out") || !strings.Contains(errs, "not a directory") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming --out", code, errs)
	}
	if fi, err := os.Stat(file); err != nil || fi.Size() != 0 {
		t.Errorf("the file in the way was changed: %v %v", fi, err)
	}
}

func TestUnwritableOutDirectory(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() == 0 {
		t.Skip("permissions are not enforced here")
	}
	ro := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(ro, 0o555)
	code, _, errs := runCLI(t, "run", "--draws", "10", "--out", filepath.Join(ro, "res"))
	if code != 2 || !strings.Contains(errs, "cannot write there") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestValidateAndVersion(t *testing.T) {
	code, out, errs := runCLI(t, "validate", "central-asia")
	if code != 0 || !strings.Contains(out, "central-asia: ok (5 focus actors") {
		t.Errorf("validate: exit %d, %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, "validate", "--params", "central-asia")
	if code != 0 || !strings.Contains(out, "bases.kant.lease_end") || !strings.Contains(out, "triangular(min=2027, mode=2032, max=2042)") {
		t.Errorf("validate --params: exit %d, %q", code, out)
	}
	code, out, _ = runCLI(t, "validate", "--params", "integration-prior")
	for _, want := range []string{
		"integration-prior: decision.priors differ from those of the bundled risk posterior: steppe run refits",
		"non_russian_ties      normal(-0.5, 0.25)  scenario embedded:integration-prior.yaml:",
		"ordinal cutpoints     normal(0, 5)        default: Gelman et al. (2008)",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("validate --params integration-prior: exit %d, output lacks %q:\n%s", code, want, out)
		}
	}
	code, out, _ = runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "steppe "+version) {
		t.Errorf("version: exit %d, %q", code, out)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := filepath.Join(t.TempDir(), "res")
	var out, errb bytes.Buffer
	code := run(ctx, []string{"run", "--draws", "5000", "--out", dir}, strings.NewReader(""), &out, &errb)
	if code == 0 {
		t.Fatal("cancelled run succeeded")
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("cancelled run left an output directory")
	}
	ents, _ := os.ReadDir(filepath.Dir(dir))
	if len(ents) != 0 {
		t.Errorf("cancelled run left files: %v", ents)
	}
}

// TestRunExtends runs the extends example of docs/scenario.md.
func TestRunExtends(t *testing.T) {
	code, out, errs := runCLI(t, "run", "--draws", "20", "--json", "--scenario", filepath.Join("testdata", "kant-2027.yaml"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var r struct {
		Scenario, Start string
		Years           []int
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Scenario != "kant-2027" || r.Start != "2026-11" || r.Years[0] != 2026 {
		t.Errorf("got %+v", r)
	}
}

// TestValidateExtendsRelativeFile: a scenario extends a file beside it, and
// errors in either file name that file.
func TestValidateExtendsRelativeFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("extends: central-asia\nname: base\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "child.yaml"), []byte("extends: base.yaml\nname: child\n"), 0o644)
	code, out, errs := runCLI(t, "validate", filepath.Join(dir, "child.yaml"))
	if code != 0 || !strings.Contains(out, "child.yaml: ok") {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	os.WriteFile(filepath.Join(dir, "base.yaml"), []byte("extends: central-asia\nname: base\nstart: 2022-13\n"), 0o644)
	code, _, errs = runCLI(t, "validate", filepath.Join(dir, "child.yaml"))
	if code != 2 || !strings.Contains(errs, filepath.Join(dir, "base.yaml")+":3:8: start: month \"2022-13\"") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	os.WriteFile(filepath.Join(dir, "child.yaml"), []byte("extends: missing.yaml\n"), 0o644)
	code, _, errs = runCLI(t, "validate", filepath.Join(dir, "child.yaml"))
	if code != 2 || !strings.Contains(errs, "child.yaml:1:10: extends: read ") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestRunWorkersByteIdentical: with the engines steppe run plugs in, the JSON
// is byte-identical for 1, 2 and 8 workers.
func TestRunWorkersByteIdentical(t *testing.T) {
	var ref string
	for _, w := range []string{"1", "2", "8"} {
		code, out, errs := runCLI(t, "run", "--draws", "16", "--seed", "5", "--json", "--workers", w)
		if code != 0 {
			t.Fatalf("workers %s: exit %d: %s", w, code, errs)
		}
		if ref == "" {
			ref = out
		} else if out != ref {
			t.Errorf("workers %s: JSON differs from 1 worker", w)
		}
	}
}

// TestRunSetReachesEngines: --set on the GE engine's inputs reaches it;
// --set on what the risk posterior replaces changes nothing, and says so.
func TestRunSetReachesEngines(t *testing.T) {
	income := func(args ...string) (string, string) {
		t.Helper()
		code, out, errs := runCLI(t, append([]string{"run", "--draws", "50", "--quiet"}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		i := strings.Index(out, "real income change")
		if i < 0 {
			t.Fatalf("%v: no income table:\n%s", args, out)
		}
		return out, errs
	}
	lo, _ := income("--set", "gravity.theta=3")
	hi, _ := income("--set", "gravity.theta=8")
	if !strings.Contains(lo, "theta fixed(3)") || !strings.Contains(hi, "theta fixed(8)") {
		t.Errorf("the GE engine does not report the fixed theta:\n%s", lo)
	}
	tail := func(s string) string { return s[strings.Index(s, "real income change"):] }
	if tail(lo) == tail(hi) {
		t.Error("--set gravity.theta does not change the income effects")
	}
	base, _ := income()
	same, errs := income("--set", "decision.coef.request=0")
	if same != base {
		t.Error("--set on a coefficient the posterior replaces changed the results")
	}
	if want := "warning: --set decision.coef.request: replaced by the intervention model v2 fitted on the episode record, so it has no effect on this run"; !strings.Contains(errs, want) {
		t.Errorf("stderr %q lacks %q", errs, want)
	}
}
