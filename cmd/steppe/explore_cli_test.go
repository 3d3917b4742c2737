package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	stray := filepath.Join(dir, "stray.csv")
	var sb strings.Builder
	sb.WriteString("a,b,c,y\n")
	for i := range 10 {
		a := fmt.Sprint(i)
		if i == 6 {
			a = "n/a"
		}
		fmt.Fprintf(&sb, "%s,%d,%d,%d\n", a, (i*7)%10, (i*3)%10, i%2)
	}
	os.WriteFile(stray, []byte(sb.String()), 0o644)
	plain := filepath.Join(dir, "plain.csv")
	os.WriteFile(plain, []byte(strings.Replace(sb.String(), "n/a", "6", 1)), 0o644)
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
		{"stray text in a numeric input", []string{"explore", "prim", "--data", stray, "--inputs", "a,b", "--outcome", "y", "--positive"}, `stray.csv:8: column "a" holds "n/a", not a number; declare the column categorical`},
		{"categorical not an input", []string{"explore", "prim", "--data", plain, "--inputs", "a,b", "--outcome", "y", "--positive", "--categorical", "c"}, "--categorical c: not one of the inputs"},
		{"sobol-ab on a non-Saltelli file", []string{"explore", "prim", "--data", plain, "--inputs", "a,b,c", "--outcome", "y", "--positive", "--sobol-ab"}, "not a Saltelli design"},
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
	// A results file of another design is a problem with --out: exit 2.
	os.WriteFile(out, []byte("# another design\nexperiment,x\n"), 0o644)
	if code, _, errs = exRun(args...); code != 2 || !strings.Contains(errs, "written for another design") {
		t.Errorf("results file of another design: exit %d: %s", code, errs)
	}
}

// The default grouping puts every uncertain parameter of the bundled
// scenario in exactly one of 8 to 15 groups, with nothing left to "other".
func TestExploreDefaultGroups(t *testing.T) {
	m, err := exScenarioFlags{stated: true}.assemble(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	df := exDesignFlags{design: "sobol", n: 8, seed: 1, groups: "default"}
	d, err := df.build(m)
	if err != nil {
		t.Fatal(err)
	}
	gs := d.Spec.Groups
	if len(gs) < 8 || len(gs) > 15 {
		t.Errorf("%d default groups, want 8-15", len(gs))
	}
	seen := map[string]string{}
	for _, g := range gs {
		if g.Name == explore.OtherGroup {
			t.Errorf("parameters left to %q: %v", explore.OtherGroup, g.Members)
		}
		for _, p := range g.Members {
			if o, ok := seen[p]; ok {
				t.Errorf("%s in groups %s and %s", p, o, g.Name)
			}
			seen[p] = g.Name
		}
	}
	if len(seen) != len(d.Factors) {
		t.Errorf("groups cover %d of %d factors", len(seen), len(d.Factors))
	}
	if d.Rows() != 8*(len(gs)+2) {
		t.Errorf("%d rows, want N(G+2) = %d", d.Rows(), 8*(len(gs)+2))
	}
	for p, want := range map[string]string{"actors.KGZ.growth": "macro.KGZ", "triggers.hazard.TJK.protest": "hazard.unrest",
		"triggers.hazard.KGZ.border": "hazard.security", "decision.coef.request": "decision", "gravity.theta": "trade",
		"projects.cku-railway.duration_months": "projects.timing", "bases.kant.lease_end": "bases"} {
		if seen[p] != want {
			t.Errorf("%s in group %q, want %q", p, seen[p], want)
		}
	}
}

// A grouped design's file carries its groups, and 'explore sobol' then
// reports group indices; --group does the same for a file without them.
func TestExploreSobolGroupsCLI(t *testing.T) {
	fs := []explore.Factor{explore.Uniform("x1", -math.Pi, math.Pi), explore.Uniform("x2", -math.Pi, math.Pi), explore.Uniform("x3", -math.Pi, math.Pi)}
	groups := []explore.Group{{Name: "g13", Members: []string{"x1", "x3"}}, {Name: "g2", Members: []string{"x2"}}}
	d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.SobolSaltelli, N: 2048, Seed: 2, Groups: groups})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]string, d.Rows())
	for i, x := range d.X {
		y := math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
		rows[i] = []string{explore.FormatFloat(x[0]), explore.FormatFloat(x[1]), explore.FormatFloat(x[2]), explore.FormatFloat(y)}
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		meta bool
		args []string
	}{{"header", true, nil}, {"flags", false, []string{"--inputs", "x1,x2,x3", "--group", "g13=x1,x3", "--group", "g2=x2"}}} {
		p := filepath.Join(dir, tc.name+".csv")
		f, _ := os.Create(p)
		var comments []string
		if tc.meta {
			comments = d.Comments()
		}
		if err := explore.WriteCSV(f, comments, []string{"x1", "x2", "x3", "y"}, rows); err != nil {
			t.Fatal(err)
		}
		f.Close()
		code, out, errs := exRun(append([]string{"explore", "sobol", "--data", p, "--outcome", "y", "--json", "--resamples", "50"}, tc.args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errs)
		}
		var res explore.SobolResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		want := map[string]float64{"g13": 0.5575889, "g2": 0.4424111}
		if len(res.Indices) != 2 || len(res.Groups) != 2 {
			t.Fatalf("%s: %d indices, %d groups", tc.name, len(res.Indices), len(res.Groups))
		}
		for _, ix := range res.Indices {
			if math.Abs(ix.S1.Value-want[ix.Input]) > 0.03 || math.Abs(ix.ST.Value-want[ix.Input]) > 0.03 {
				t.Errorf("%s %s: S1 %.3f ST %.3f, want %.3f", tc.name, ix.Input, ix.S1.Value, ix.ST.Value, want[ix.Input])
			}
		}
	}
	// A --group that leaves an input out is an input error.
	p := filepath.Join(dir, "flags.csv")
	if code, _, errs := exRun("explore", "sobol", "--data", p, "--outcome", "y", "--inputs", "x1,x2,x3", "--group", "g13=x1,x3"); code != 2 || !strings.Contains(errs, "x2") {
		t.Errorf("incomplete --group: exit %d: %s", code, errs)
	}
}

func TestExploreGroupsFlagsErrors(t *testing.T) {
	dir := t.TempDir()
	gf := filepath.Join(dir, "groups.txt")
	os.WriteFile(gf, []byte("decision: decision\nbroken line\n"), 0o644)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--groups", gf}, "groups.txt:2:1"},
		{[]string{"--groups", filepath.Join(dir, "missing.txt")}, "missing.txt"},
		{[]string{"--group", "noequals"}, "name=pattern"},
		{[]string{"--design", "lhs", "--groups", "default"}, "--design sobol only"},
	} {
		code, _, errs := exRun(append([]string{"explore", "sample", "--stated-models", "-n", "8", "--out", filepath.Join(dir, "x.csv")}, tc.args...)...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d: %s", tc.args, code, errs)
		}
	}
	os.WriteFile(gf, []byte("mine: actors.KGZ, actors.KAZ\n"), 0o644)
	code, out, errs := exRun("explore", "groups", "--stated-models", "--groups", gf, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Groups    []explore.Group `json:"groups"`
		Unmatched []string        `json:"unmatched"`
		Ignored   []string        `json:"ignored_factors"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 2 || res.Groups[0].Name != "mine" || len(res.Groups[0].Members) != 16 || res.Groups[1].Name != explore.OtherGroup {
		t.Errorf("groups: %+v", res.Groups)
	}
	if len(res.Ignored) == 0 {
		t.Error("no ignored factors reported for the stated models (gravity.theta is read by no model)")
	}
}

// --sobol-ab keeps the 2N A and B rows of a (grouped) Saltelli design, and
// --or-equal counts outcomes equal to the threshold as cases.
func TestExplorePrimSobolAB(t *testing.T) {
	fs := []explore.Factor{explore.Uniform("x1", 0, 1), explore.Uniform("x2", 0, 1), explore.Uniform("x3", 0, 1)}
	groups := []explore.Group{{Name: "g1", Members: []string{"x1"}}, {Name: "g23", Members: []string{"x2", "x3"}}}
	const n = 256
	d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.SobolSaltelli, N: n, Seed: 5, Groups: groups})
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]string, d.Rows())
	zeros := 0
	for i, x := range d.X {
		y := 0.0 // a policy effect: none (exactly 0) when x1 < 0.3, else it lowers the risk
		if x[0] >= 0.3 {
			y = -x[0]
		}
		if i%4 == 0 || i%4 == 3 {
			if y == 0 {
				zeros++
			}
		}
		rows[i] = []string{explore.FormatFloat(x[0]), explore.FormatFloat(x[1]), explore.FormatFloat(x[2]), explore.FormatFloat(y)}
	}
	p := filepath.Join(t.TempDir(), "d.csv")
	f, _ := os.Create(p)
	if err := explore.WriteCSV(f, d.Comments(), []string{"x1", "x2", "x3", "y"}, rows); err != nil {
		t.Fatal(err)
	}
	f.Close()
	code, out, errs := exRun("explore", "prim", "--data", p, "--outcome", "y", "--threshold", "0", "--or-equal", "--sobol-ab", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep explore.PrimReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.N != 2*n || rep.Cases != zeros || rep.Rule != "y >= 0" {
		t.Errorf("n %d cases %d rule %q; want %d rows, %d cases, y >= 0", rep.N, rep.Cases, rep.Rule, 2*n, zeros)
	}
	box := rep.Boxes[0].Trajectory[rep.Boxes[0].Chosen]
	for _, l := range box.Limits {
		if l.Input == "x1" && math.Abs(l.Hi-0.3) > 0.05 {
			t.Errorf("x1 upper limit %v, want 0.3", l.Hi)
		}
	}
	// Without --or-equal the no-effect cases (exactly 0) are not cases.
	if code, _, errs := exRun("explore", "prim", "--data", p, "--outcome", "y", "--threshold", "0", "--sobol-ab", "--inputs", "x1,x2,x3"); code != 2 || !strings.Contains(errs, "no experiment is a case") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// A sweep's JSON summary lists the factors the engines ignore, and the
// grouped design's groups.
func TestExploreSweepReportsIgnored(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.csv")
	code, stdout, errs := exRun("explore", "sweep", "--design", "sobol", "-n", "8", "--draws", "2", "--countries", "KGZ", "--years", "2030",
		"--params", "decision.coef.request,decision.coef.russian_transit,actors.KGZ.growth", "--group", "dec=decision", "--group", "kgz=actors.KGZ", "--out", out, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var sum struct {
		Experiments int             `json:"experiments"`
		Ignored     []string        `json:"ignored_factors"`
		Groups      []explore.Group `json:"groups"`
	}
	if err := json.Unmarshal([]byte(stdout), &sum); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if sum.Experiments != 8*4 || len(sum.Groups) != 2 {
		t.Errorf("%d experiments, %d groups; want 32 and 2", sum.Experiments, len(sum.Groups))
	}
	if len(sum.Ignored) != 1 || !strings.HasPrefix(sum.Ignored[0], "decision.coef.request:") {
		t.Errorf("ignored: %q", sum.Ignored)
	}
	if !strings.Contains(errs, "warning: the engines of this run ignore 1 of the design's factors") {
		t.Errorf("no warning on stderr: %s", errs)
	}
}

// The CLI's covering workflow gives the EMA Workbench's trajectories: the
// golden of explore/testdata/prim_ema/mixed_cover.json, made by EMA with
// select(8), drop_restriction('e') and a second find_box.
func TestExplorePrimCLIFollowsEMACovering(t *testing.T) {
	dir := filepath.Join("..", "..", "explore", "testdata", "prim_ema")
	raw, err := os.ReadFile(filepath.Join(dir, "mixed_cover.json"))
	if err != nil {
		t.Fatal(err)
	}
	type pt struct {
		N int `json:"n"`
		K int `json:"k"`
	}
	var g struct {
		Boxes []struct {
			Trajectory []pt `json:"trajectory"`
		} `json:"boxes"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	code, out, errs := exRun("explore", "prim", "--data", filepath.Join(dir, "data_mixed.csv"), "--inputs", "a,b,e,policy,flag", "--outcome", "y",
		"--threshold", "0.5", "--peel-alpha", "0.1", "--select", "8", "--drop", "e", "--next-box", "--categorical", "policy", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Boxes []struct {
			Chosen     int  `json:"chosen"`
			Trajectory []pt `json:"trajectory"`
		} `json:"boxes"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Boxes) != 2 {
		t.Fatalf("%d boxes, want 2", len(res.Boxes))
	}
	for b := range g.Boxes {
		got, want := res.Boxes[b].Trajectory, g.Boxes[b].Trajectory
		if len(got) != len(want) {
			t.Fatalf("box %d: %d points, EMA %d", b+1, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("box %d point %d: n, k %v; EMA %v", b+1, i, got[i], want[i])
			}
		}
	}
	if c := res.Boxes[0].Chosen; c != len(res.Boxes[0].Trajectory)-1 {
		t.Errorf("box 1 chose point %d; the dropped box is the last", c)
	}
}

// The posterior draws as factors: a grouped Sobol' design gives each its
// own group, and the experiments run with the engines of 'steppe run'.
func TestExplorePosteriorFactorsCLI(t *testing.T) {
	dir := t.TempDir()
	exp := filepath.Join(dir, "exp.csv")
	code, _, errs := exRun("explore", "sample", "--design", "sobol", "-n", "8", "--params", "shocks", "--groups", "default",
		"--posterior-factors", "decision,hazard", "--out", exp)
	if code != 0 {
		t.Fatalf("sample: exit %d: %s", code, errs)
	}
	head, _ := os.ReadFile(exp)
	for _, w := range []string{"# factor posterior.decision posterior-draw(", "# group posterior.decision posterior.decision\n", "# group posterior.hazard posterior.hazard\n"} {
		if !strings.Contains(string(head), w) {
			t.Errorf("experiments file lacks %q:\n%s", w, head[:min(len(head), 1500)])
		}
	}
	exp = filepath.Join(dir, "lhs.csv")
	if code, _, errs = exRun("explore", "sample", "--design", "lhs", "-n", "2", "--params", "shocks", "--posterior-factors", "decision", "--out", exp); code != 0 {
		t.Fatalf("sample lhs: exit %d: %s", code, errs)
	}
	res := filepath.Join(dir, "res.csv")
	if code, _, errs = exRun("explore", "run", "--experiments", exp, "--draws", "4", "--countries", "REGION", "--years", "2030", "--out", res); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	out, _ := os.ReadFile(res)
	if !strings.Contains(string(out), "posterior.decision") || strings.Count(string(out), "\n") < 3 {
		t.Errorf("results:\n%s", out)
	}
	for _, args := range [][]string{
		{"explore", "sample", "--design", "morris", "-n", "2", "--posterior-factors", "decision", "--out", filepath.Join(dir, "m.csv")},
		{"explore", "sample", "--design", "lhs", "-n", "2", "--posterior-factors", "coefficients", "--out", filepath.Join(dir, "c.csv")},
	} {
		if code, _, errs := exRun(args...); code != 2 || !strings.Contains(errs, "--posterior-factors") {
			t.Errorf("%v: exit %d, %s", args, code, errs)
		}
	}
}
