package explore

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// Grouped Sobol' indices (Jacques, Lavergne & Devictor 2006) against closed
// forms. For the Ishigami function (a = 7, b = 0.1) the ANOVA terms are
// V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V13 = 8b²π⁸/225 and V3 = V12 = V23 =
// V123 = 0, so V = V1 + V2 + V13. The closed first-order index of
// u = {x1, x3} is (V1 + V3 + V13)/V = 1 - S2, and its total index is
// 1 - S^c_{x2} = 1 - S2 as well; for u = {x2} both are S2 = 0.4424111.
func TestGroupedSobolIshigami(t *testing.T) {
	groups := []Group{{"x13", []string{"x1", "x3"}}, {"x2", []string{"x2"}}}
	const n = 8192
	want := map[string]float64{"x13": 1 - ishS1[1], "x2": ishS1[1]}
	// The closed form, computed rather than copied.
	a, b := 7.0, 0.1
	v1 := math.Pow(1+b*math.Pow(math.Pi, 4)/5, 2) / 2
	v2 := a * a / 8
	v13 := 8 * b * b * math.Pow(math.Pi, 8) / 225
	if s2 := v2 / (v1 + v2 + v13); math.Abs(s2-ishS1[1]) > 1e-6 {
		t.Fatalf("closed-form S2 = %v, tabulated %v", s2, ishS1[1])
	}
	covered := 0
	const seeds = 5
	for seed := uint64(1); seed <= seeds; seed++ {
		y := evalDesign(t, ishigamiFactors(), DesignSpec{Kind: SobolSaltelli, N: n, Seed: seed, Groups: groups}, ishigami)
		if len(y) != n*(len(groups)+2) {
			t.Fatalf("%d rows, want N(G+2) = %d", len(y), n*(len(groups)+2))
		}
		res, err := SobolAnalyze(y, SobolOptions{Inputs: []string{"x13", "x2"}, Resamples: 200, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		for _, ix := range res.Indices {
			w := want[ix.Input]
			for _, got := range []Index{ix.S1, ix.ST} {
				if math.Abs(got.Value-w) > 0.02 {
					t.Errorf("seed %d %s: %v, want %v ± 0.02", seed, ix.Input, got.Value, w)
				}
				if got.Lo <= w && w <= got.Hi {
					covered++
				}
			}
		}
	}
	if covered < 4*seeds-1 {
		t.Errorf("95%% intervals covered the closed form %d times of %d", covered, 4*seeds)
	}
}

// The Sobol' G-function has closed-form closed indices for any group u:
// V^c_u = Π_{i∈u}(1+V_i) - 1 with V_i = 1/(3(1+a_i)²), so
// S_u = V^c_u / V and ST_u = 1 - V^c_{~u}/V.
func TestGroupedSobolGFunction(t *testing.T) {
	groups := []Group{{"g01", []string{"x1", "x2"}}, {"g23", []string{"x3", "x4"}}, {"g45", []string{"x5", "x6"}}}
	idx := [][]int{{0, 1}, {2, 3}, {4, 5}}
	vi := make([]float64, len(gA))
	all := 1.0
	for i, a := range gA {
		vi[i] = 1 / (3 * (1 + a) * (1 + a))
		all *= 1 + vi[i]
	}
	V := all - 1
	closed := func(in func(i int) bool) float64 {
		p := 1.0
		for i := range vi {
			if in(i) {
				p *= 1 + vi[i]
			}
		}
		return (p - 1) / V
	}
	y := evalDesign(t, gFactors(), DesignSpec{Kind: SobolSaltelli, N: 8192, Seed: 3, Groups: groups}, gFunction)
	res, err := SobolAnalyze(y, SobolOptions{Inputs: []string{"g01", "g23", "g45"}, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	for g, ix := range res.Indices {
		member := func(i int) bool { return i == idx[g][0] || i == idx[g][1] }
		s1 := closed(member)
		st := 1 - closed(func(i int) bool { return !member(i) })
		if math.Abs(ix.S1.Value-s1) > 0.02 || math.Abs(ix.ST.Value-st) > 0.02 {
			t.Errorf("%s: S1 %.4f ST %.4f, want %.4f %.4f", ix.Input, ix.S1.Value, ix.ST.Value, s1, st)
		}
	}
}

// A group of one factor switches exactly the column the per-factor design
// switches, from the same Sobol' points, so its indices equal the
// per-factor ones up to the centre: SALib centres on the mean of all rows,
// which differ with the other groups, and S1 shifts by a few 1e-8 while
// the total index, which does not depend on the centre, agrees to
// rounding.
func TestGroupOfOneIsPerFactor(t *testing.T) {
	fs := ishigamiFactors()
	const n = 512
	plain, err := NewDesign(fs, DesignSpec{Kind: SobolSaltelli, N: n, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	single, err := NewDesign(fs, DesignSpec{Kind: SobolSaltelli, N: n, Seed: 9, Groups: []Group{{"a", []string{"x1"}}, {"b", []string{"x2"}}, {"c", []string{"x3"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(plain.X, single.X) {
		t.Fatal("singleton groups changed the design")
	}
	mixed, err := NewDesign(fs, DesignSpec{Kind: SobolSaltelli, N: n, Seed: 9, Groups: []Group{{"x1", []string{"x1"}}, {"x23", []string{"x2", "x3"}}}})
	if err != nil {
		t.Fatal(err)
	}
	yp, ym := make([]float64, plain.Rows()), make([]float64, mixed.Rows())
	for i, x := range plain.X {
		yp[i] = ishigami(x)
	}
	for i, x := range mixed.X {
		ym[i] = ishigami(x)
	}
	rp, err := SobolAnalyze(yp, SobolOptions{Inputs: []string{"x1", "x2", "x3"}, Resamples: 100, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	rm, err := SobolAnalyze(ym, SobolOptions{Inputs: []string{"x1", "x23"}, Resamples: 100, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	g, f := rm.Indices[0], rp.Indices[0]
	if math.Abs(g.S1.Value-f.S1.Value) > 1e-6 || math.Abs(g.S1.Lo-f.S1.Lo) > 1e-5 || math.Abs(g.S1.Hi-f.S1.Hi) > 1e-5 ||
		math.Abs(g.ST.Value-f.ST.Value) > 1e-12 || math.Abs(g.ST.Lo-f.ST.Lo) > 1e-12 || math.Abs(g.ST.Hi-f.ST.Hi) > 1e-12 {
		t.Errorf("group {x1}: %+v, per-factor x1: %+v", g, f)
	}
	if err := CheckSaltelliGroups(mixed.X, []string{"x1", "x2", "x3"}, mixed.Spec.Groups, false); err != nil {
		t.Errorf("grouped layout rejected: %v", err)
	}
	if err := CheckSaltelli(mixed.X, []string{"x1", "x2", "x3"}, false); err == nil {
		t.Error("per-factor check accepted a grouped layout")
	}
	// Swap two rows: the check names the row.
	bad := append([][]float64(nil), mixed.X...)
	bad[1], bad[2] = bad[2], bad[1]
	if err := CheckSaltelliGroups(bad, []string{"x1", "x2", "x3"}, mixed.Spec.Groups, false); err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("swapped rows: %v", err)
	}
	// The header records the groups and reads back.
	if got := ParseGroupComments(mixed.Comments()); !reflect.DeepEqual(got, mixed.Spec.Groups) {
		t.Errorf("groups from comments: %v", got)
	}
}

func TestGroupedDesignErrors(t *testing.T) {
	fs := ishigamiFactors()
	for _, tc := range []struct {
		groups []Group
		kind   DesignKind
		want   string
	}{
		{[]Group{{"a", []string{"x1", "x2"}}, {"b", []string{"x2", "x3"}}}, SobolSaltelli, "groups \"a\" and \"b\""},
		{[]Group{{"a", []string{"x1", "x2"}}}, SobolSaltelli, "\"x3\" is in no group"},
		{[]Group{{"a", []string{"x1", "x2", "x3", "x9"}}}, SobolSaltelli, "\"x9\", which is not a factor"},
		{[]Group{{"a", []string{"x1"}}, {"a", []string{"x2", "x3"}}}, SobolSaltelli, "appears twice"},
		{[]Group{{"a", nil}, {"b", []string{"x1", "x2", "x3"}}}, SobolSaltelli, "no factors"},
		{[]Group{{"a", []string{"x1", "x2", "x3"}}}, LatinHypercube, "sobol design only"},
	} {
		_, err := NewDesign(fs, DesignSpec{Kind: tc.kind, N: 16, Groups: tc.groups})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want %q", tc.groups, err, tc.want)
		}
	}
}

func TestSobolWarnsOfInertInputs(t *testing.T) {
	fs := []Factor{Uniform("x1", 0, 1), Uniform("x2", 0, 1), Uniform("dead", 0, 1)}
	y := evalDesign(t, fs, DesignSpec{Kind: SobolSaltelli, N: 64, Seed: 1}, func(x []float64) float64 { return x[0] + 2*x[1] })
	res, err := SobolAnalyze(y, SobolOptions{Inputs: names(fs), Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.Warnings {
		if strings.Contains(w, "changing dead never changed the outcome") {
			found = true
		}
		if strings.Contains(w, "x1 ") || strings.Contains(w, "x2 ") {
			t.Errorf("live input named as inert: %s", w)
		}
	}
	if !found {
		t.Errorf("no warning about the inert input: %q", res.Warnings)
	}
}

func TestMatchPatternAndAssign(t *testing.T) {
	for _, tc := range []struct {
		pat, name string
		want      bool
	}{
		{"actors.KGZ", "actors.KGZ.growth", true},
		{"actors.KGZ", "actors.KGZX.growth", false},
		{"actors", "actors.KGZ.growth", true},
		{"triggers.hazard.*.protest", "triggers.hazard.TJK.protest", true},
		{"triggers.hazard.*.protest", "triggers.hazard.TJK.ethnic", false},
		{"gravity.theta", "gravity.theta", true},
		{"gravity.theta.x", "gravity.theta", false},
		{"*", "anything.at.all", true},
	} {
		if got := MatchPattern(tc.pat, tc.name); got != tc.want {
			t.Errorf("MatchPattern(%q, %q) = %v", tc.pat, tc.name, got)
		}
	}
	factors := []string{"a.x", "a.y", "b.x", "c.z", "d"}
	gs, unmatched, unused, err := AssignGroups(factors, []GroupSpec{{"first", []string{"*.x"}}, {"as", []string{"a"}}, {"none", []string{"zz"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Group{{"first", []string{"a.x", "b.x"}}, {"as", []string{"a.y"}}, {OtherGroup, []string{"c.z", "d"}}}
	if !reflect.DeepEqual(gs, want) || !reflect.DeepEqual(unmatched, []string{"c.z", "d"}) || !reflect.DeepEqual(unused, []string{"none"}) {
		t.Errorf("groups %v unmatched %v unused %v", gs, unmatched, unused)
	}
	if _, _, _, err := AssignGroups(factors, []GroupSpec{{OtherGroup, []string{"a"}}}); err == nil {
		t.Error("reserved name accepted")
	}
}

func TestReadGroupSpecs(t *testing.T) {
	src := "# comment\n\nmacro: actors.KGZ, actors.KAZ\nhaz = triggers.hazard.*.protest\n"
	gs, err := ReadGroupSpecs(strings.NewReader(src), "g.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []GroupSpec{{"macro", []string{"actors.KGZ", "actors.KAZ"}}, {"haz", []string{"triggers.hazard.*.protest"}}}
	if !reflect.DeepEqual(gs, want) {
		t.Errorf("got %v", gs)
	}
	for _, tc := range []struct{ src, want string }{
		{"a: x\nno separator here\n", "g.txt:2:1"},
		{"a: x\na: y\n", "already defined on line 1"},
		{"a:  ,\n", "no patterns"},
		{": x\n", "no name"},
		{"a b: x\n", "no spaces"},
		{"a: x..y\n", "empty segment"},
		{"# only a comment\n", "no groups"},
	} {
		if _, err := ReadGroupSpecs(strings.NewReader(tc.src), "g.txt"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
	if g, err := ParseGroupSpec("h=a.b,c"); err != nil || !reflect.DeepEqual(g, GroupSpec{"h", []string{"a.b", "c"}}) {
		t.Errorf("ParseGroupSpec: %v %v", g, err)
	}
	if _, err := ParseGroupSpec("nameonly"); err == nil {
		t.Error("ParseGroupSpec accepted a spec without '='")
	}
}

func FuzzReadGroupSpecs(f *testing.F) {
	f.Add("macro: actors.KGZ, actors.KAZ\n# c\nhaz = triggers.hazard.*.protest\n")
	f.Add("a:\n")
	f.Add("=:=\n..\n")
	fixture.FuzzReader(f, ReadGroupSpecs, func(t *testing.T, src string, gs []GroupSpec) {
		names := map[string]bool{}
		for _, g := range gs {
			if g.Name == "" || len(g.Patterns) == 0 || names[g.Name] {
				t.Fatalf("invalid spec accepted: %+v", g)
			}
			names[g.Name] = true
			for _, p := range g.Patterns {
				if p == "" || strings.Contains(p, "..") {
					t.Fatalf("invalid pattern %q accepted", p)
				}
			}
		}
		if g, err := ParseGroupSpec(strings.ReplaceAll(src, "\n", "")); err == nil && (g.Name == "" || len(g.Patterns) == 0) {
			t.Fatalf("ParseGroupSpec accepted %+v", g)
		}
	})
}

func TestSaltelliABRowsAndSubset(t *testing.T) {
	rows, err := SaltelliABRows(12, 4)
	if err != nil || !reflect.DeepEqual(rows, []int{0, 3, 4, 7, 8, 11}) {
		t.Fatalf("%v %v", rows, err)
	}
	if _, err := SaltelliABRows(13, 4); err == nil {
		t.Error("13 rows of 4 per base accepted")
	}
	tb, err := NewTable([]string{"a", "b"}, [][]string{{"1", "x"}, {"2", "y"}, {"3", "z"}})
	if err != nil {
		t.Fatal(err)
	}
	s := tb.Subset([]int{2, 0})
	if s.Len() != 2 || s.Cell("a", 0) != "3" || s.Cell("b", 1) != "x" || s.Lines[0] != 4 {
		t.Errorf("subset: %d rows, %q %q line %d", s.Len(), s.Cell("a", 0), s.Cell("b", 1), s.Lines[0])
	}
}
