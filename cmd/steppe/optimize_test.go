package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOptimizeBadScenario: a portfolio section that cannot be optimised
// exits 2 naming the place (file:line:column) and what is wrong, before
// any simulation; an infeasible rule set names the constraints that
// conflict, each with its position.
func TestOptimizeBadScenario(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, yaml string
		want       []string
	}{
		{"negative budget", "portfolio:\n  financiers:\n    CHN:\n      budget_usd: {value: -1e9, source: test}\n",
			[]string{"t.yaml:5:27: portfolio.financiers.CHN.budget_usd.value", "must not be negative"}},
		{"unknown financier", "portfolio:\n  candidates:\n    rogun:\n      financing:\n        x: {NOBODY: {value: 0.1, source: test}}\n",
			[]string{"t.yaml:6:13: portfolio.candidates.rogun.financing.x.NOBODY", `unknown financier "NOBODY"`}},
		{"dependency cycle", "portfolio:\n  candidates:\n    rogun: {requires: [kambarata-1]}\n    kambarata-1: {requires: [rogun]}\n",
			[]string{"t.yaml:5:30: portfolio.candidates.kambarata-1.requires[0]", "dependency cycle: rogun -> kambarata-1 -> rogun"}},
		{"ineligible", "portfolio:\n  candidates:\n    casa-1000:\n      financing:\n        dfc: {US-DFC: {value: 0.5, source: test}}\n",
			[]string{"t.yaml:6:15", "US-DFC does not fund projects in AFG"}},
		{"infeasible", "portfolio:\n  rules:\n    both-afghan: {at_least: 2, of: [casa-1000, trans-afghan-railway], note: test}\n",
			[]string{"no portfolio keeps every constraint", "t.yaml:4:5: rule both-afghan: at least 2 of casa-1000, trans-afghan-railway",
				"rule afghan-exposure: at most 1 of casa-1000, trans-afghan-railway"}},
	}
	for _, tt := range tests {
		file := filepath.Join(dir, "t.yaml")
		if err := os.WriteFile(file, []byte("extends: central-asia\n"+tt.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errs := runCLI(t, "optimize", "--scenario", file, "--draws", "2", "--resim-draws", "2", "--quiet")
		if code != 2 || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %s", tt.name, code, out, errs)
		}
		for _, w := range tt.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%s: stderr does not name %q: %s", tt.name, w, errs)
			}
		}
	}
}

// TestOptimizeOutputs: --json and --out write the frontier, cheapest
// first, with the budgets given on the command line honoured.
func TestOptimizeOutputs(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "optimize", "--draws", "20", "--resim-draws", "40", "--quiet", "--json",
		"--budget", "EU=0", "--budget", "ADB=0", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `"schema": "steppe.portfolio/v1"`) {
		t.Fatalf("no JSON schema: %s", out)
	}
	for _, f := range []string{"frontier.json", "frontier.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || len(b) == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "frontier.csv"))
	lines := strings.Split(strings.TrimSpace(string(csv)), "\n")
	head := strings.Split(lines[0], ",")
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s in %q", name, lines[0])
		return -1
	}
	eu, adb := col("EU"), col("ADB")
	for _, l := range lines[1:] {
		row := strings.Split(l, ",")
		if row[eu] != "0" || row[adb] != "0" {
			t.Errorf("a zero budget spent: %s", l)
		}
	}
}
