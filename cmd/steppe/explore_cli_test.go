package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/explore"
)

// exWriteIshigami writes a Saltelli design of the Ishigami function as a CSV
// any tool could have produced (no steppe metadata) and returns its path.
func exWriteIshigami(t *testing.T, n int, meta bool) string {
	t.Helper()
	fs := []explore.Factor{explore.Uniform("a", -math.Pi, math.Pi), explore.Uniform("b", -math.Pi, math.Pi), explore.Uniform("c", -math.Pi, math.Pi)}
	d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.SobolSaltelli, N: n, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]string, d.Rows())
	for i, x := range d.X {
		y := math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
		rows[i] = []string{explore.FormatFloat(x[0]), explore.FormatFloat(x[1]), explore.FormatFloat(x[2]), explore.FormatFloat(y), "1"}
	}
	var comments []string
	if meta {
		comments = d.Comments()
	}
	p := filepath.Join(t.TempDir(), "ishigami.csv")
	f, _ := os.Create(p)
	defer f.Close()
	if err := explore.WriteCSV(f, comments, []string{"a", "b", "c", "y", "k"}, rows); err != nil {
		t.Fatal(err)
	}
	return p
}

func exRun(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestExploreSobolCLI(t *testing.T) {
	p := exWriteIshigami(t, 2048, false)
	code, out, errs := exRun("explore", "sobol", "--data", p, "--inputs", "a,b,c", "--outcome", "y", "--json", "--resamples", "100")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res explore.SobolResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := []float64{0.5575889, 0.4424111, 0.2436837}
	for j, ix := range res.Indices {
		if math.Abs(ix.ST.Value-want[j]) > 0.03 {
			t.Errorf("%s ST %.3f, want %.3f", ix.Input, ix.ST.Value, want[j])
		}
	}
	code, out, _ = exRun("explore", "sobol", "--data", p, "--inputs", "a,b,c", "--outcome", "y")
	if code != 0 || !strings.Contains(out, "convergence") || !strings.Contains(out, "S1 interval") {
		t.Errorf("text output:\n%s", out)
	}
}

func TestExploreBadInputCLI(t *testing.T) {
	p := exWriteIshigami(t, 16, false)
	small := exWriteIshigami(t, 4, false)
	dir := t.TempDir()
	text := filepath.Join(dir, "text.csv")
	os.WriteFile(text, []byte("a,b,y\n1,x,3\n2,3,4\n"), 0o644)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing column", []string{"explore", "sobol", "--data", p, "--inputs", "a,b,zz", "--outcome", "y"}, `no column "zz"`},
		{"missing outcome", []string{"explore", "sobol", "--data", p, "--inputs", "a,b,c"}, "--outcome is required"},
		{"constant outcome", []string{"explore", "sobol", "--data", p, "--inputs", "a,b,c", "--outcome", "k"}, "constant"},
		{"too few rows", []string{"explore", "sobol", "--data", small, "--inputs", "a,b,c", "--outcome", "y"}, "need at least 8"},
		{"not a Saltelli layout", []string{"explore", "sobol", "--data", p, "--inputs", "a,b", "--outcome", "y"}, "order the Saltelli design wrote them"},
		{"non-numeric input", []string{"explore", "morris", "--data", text, "--inputs", "a,b", "--outcome", "y"}, `text.csv:2: column "b" holds "x"`},
		{"no file", []string{"explore", "prim", "--data", filepath.Join(dir, "none.csv"), "--inputs", "a", "--outcome", "y", "--threshold", "1"}, "no such file"},
		{"prim without rule", []string{"explore", "prim", "--data", p, "--inputs", "a,b,c", "--outcome", "y"}, "--threshold T or --positive"},
		{"robust one policy", []string{"explore", "robust", "--data", p, "--policy-col", "k", "--outcome", "y"}, "only one policy"},
	}
	for _, c := range cases {
		code, _, errs := exRun(c.args...)
		if code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 mentioning %q", c.name, code, errs, c.want)
		}
	}
}

func TestExplorePrimCLI(t *testing.T) {
	p := exWriteIshigami(t, 512, false)
	code, out, errs := exRun("explore", "prim", "--data", p, "--inputs", "a,b,c", "--outcome", "y", "--threshold", "10", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Cases int `json:"cases"`
		Boxes []struct {
			Chosen     int `json:"chosen"`
			Trajectory []struct {
				Coverage float64 `json:"coverage"`
				Density  float64 `json:"density"`
				Limits   []struct {
					Input string   `json:"input"`
					QPLo  *float64 `json:"qp_lo"`
				} `json:"limits"`
			} `json:"trajectory"`
		} `json:"boxes"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(res.Boxes) != 1 || len(res.Boxes[0].Trajectory) < 3 || res.Cases == 0 {
		t.Fatalf("unexpected result %s", out[:min(len(out), 400)])
	}
	// y > 10 needs sin²(b) near 1: b is the restricted input.
	ch := res.Boxes[0].Trajectory[res.Boxes[0].Chosen]
	found := false
	for _, l := range ch.Limits {
		if l.Input == "b" {
			found = true
		}
	}
	if !found {
		t.Errorf("chosen box does not restrict b: %+v", ch)
	}
	code, out, _ = exRun("explore", "prim", "--data", p, "--inputs", "a,b,c", "--outcome", "y", "--threshold", "10")
	if code != 0 || !strings.Contains(out, "<- chosen") || !strings.Contains(out, "quasi-p") {
		t.Errorf("text output:\n%s", out)
	}
	code, out, _ = exRun("explore", "cart", "--data", p, "--inputs", "a,b,c", "--outcome", "y", "--threshold", "10")
	if code != 0 || !strings.Contains(out, "b <=") && !strings.Contains(out, "b >") {
		t.Errorf("cart output:\n%s", out)
	}
}

func TestExploreRobustCLI(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.csv")
	os.WriteFile(p, []byte("scenario,policy,risk\n1,A,5\n1,B,9\n1,C,6\n2,A,5\n2,B,1\n2,C,4\n3,A,5\n3,B,8\n3,C,6\n4,A,5\n4,B,7\n4,C,9\n"), 0o644)
	code, out, errs := exRun("explore", "robust", "--data", p, "--policy-col", "policy", "--scenario-col", "scenario", "--outcome", "risk", "--threshold", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{"best by maximin: A", "best by minimax_regret: C", "best by satisficing: A"} {
		if !strings.Contains(out, w) {
			t.Errorf("missing %q in\n%s", w, out)
		}
	}
}

// The sim-driven verbs on the embedded scenario: a tiny design, resumed.
func TestExploreSweepAndResume(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "exp.csv")
	out := filepath.Join(dir, "res.csv")
	code, _, errs := exRun("explore", "sample", "--design", "morris", "-n", "2", "--params", "actors.KGZ", "--policy-factor", "--out", exp)
	if code != 0 {
		t.Fatalf("sample: exit %d: %s", code, errs)
	}
	args := []string{"explore", "run", "--stated-models", "--experiments", exp, "--draws", "20", "--countries", "KGZ", "--years", "2032", "--out", out}
	if code, _, errs = exRun(args...); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	first, _ := os.ReadFile(out)
	// Tear the file and resume: the result is byte-identical.
	os.WriteFile(out, first[:len(first)-40], 0o644)
	if code, _, errs = exRun(args...); code != 0 {
		t.Fatalf("resume: exit %d: %s", code, errs)
	}
	second, _ := os.ReadFile(out)
	if !bytes.Equal(first, second) {
		t.Error("resumed results differ")
	}
	tab, err := explore.ReadCSV(bytes.NewReader(first), out)
	if err != nil {
		t.Fatal(err)
	}
	if !tab.Has("p.KGZ.2032") || !tab.Has("delta.KGZ.2032") || !tab.Has("policy") {
		t.Errorf("columns %v", tab.Names)
	}
	code, o, errs := exRun("explore", "morris", "--data", out, "--outcome", "p.KGZ.2032")
	if code != 0 {
		t.Fatalf("morris on results: exit %d: %s\n%s", code, errs, o)
	}
}
