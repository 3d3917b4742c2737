package gravity

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseFormula(t *testing.T) {
	tests := []struct {
		src    string
		lhs    string
		rhs    []string
		fe     []string
		noInt  bool
		errCol int // 0 = no error
		errHas string
	}{
		{src: "y ~ x1 + log(x2) | fe1 + fe2^fe3", lhs: "y", rhs: []string{"x1", "log(x2)"}, fe: []string{"fe1", "fe2^fe3"}},
		{src: "log(Euros) ~ log(dist_km) | Origin + Destination", lhs: "log(Euros)", rhs: []string{"log(dist_km)"}, fe: []string{"Origin", "Destination"}},
		{src: "y ~ I(tariff_pct / 100) + rta", lhs: "y", rhs: []string{"I(tariff_pct/100)", "rta"}},
		{src: "y ~ 0 | a + b", lhs: "y", fe: []string{"a", "b"}, noInt: true},
		{src: "y ~ x - 1", lhs: "y", rhs: []string{"x"}, noInt: true},
		{src: "y ~ `my var` + x.2", lhs: "y", rhs: []string{"`my var`", "x.2"}},
		{src: "y ~ sqrt(x)^2 * 3", lhs: "y", rhs: []string{"sqrt(x)^2*3"}},
		{src: "", errCol: 1, errHas: "empty"},
		{src: "y x", errCol: 3, errHas: "want '~'"},
		{src: "~ x", errCol: 1, errHas: "missing outcome"},
		{src: "y ~ lg(x)", errCol: 5, errHas: "unknown function"},
		{src: "y ~ log(x", errCol: 10, errHas: "want ')'"},
		{src: "y ~ x +", errCol: 8, errHas: "missing term"},
		{src: "y ~ x | a^", errCol: 11, errHas: "fixed-effect column name"},
		{src: "y ~ x | a + a", errCol: 13, errHas: "appears twice"},
		{src: "y ~ x $ z", errCol: 7, errHas: "unexpected character"},
		{src: "y ~ x | log(a)", errCol: 12, errHas: "unexpected"},
	}
	for _, tc := range tests {
		fm, err := ParseFormula(tc.src)
		if tc.errCol != 0 {
			var fe *FormulaError
			if !errors.As(err, &fe) {
				t.Errorf("%q: error %v, want a FormulaError", tc.src, err)
				continue
			}
			if fe.Col != tc.errCol || !strings.Contains(fe.Msg, tc.errHas) {
				t.Errorf("%q: error at column %d %q, want column %d containing %q", tc.src, fe.Col, fe.Msg, tc.errCol, tc.errHas)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		var rhs, fes []string
		for _, e := range fm.RHS {
			rhs = append(rhs, e.String())
		}
		for _, f := range fm.FE {
			fes = append(fes, f.Label())
		}
		if fm.LHS.String() != tc.lhs || strings.Join(rhs, ",") != strings.Join(tc.rhs, ",") || strings.Join(fes, ",") != strings.Join(tc.fe, ",") || fm.NoIntercept != tc.noInt {
			t.Errorf("%q: parsed %s ~ %v | %v (no intercept %v)", tc.src, fm.LHS, rhs, fes, fm.NoIntercept)
		}
	}
}

func smallFrame(t *testing.T, csv string) *Frame {
	t.Helper()
	f, err := ReadCSV(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestInputErrors(t *testing.T) {
	f := smallFrame(t, "y,x,g,name\n1,1,a,p\n2,2,a,q\n-3,3,b,r\n4,4,b,s\n")
	// Negative Poisson outcome names the first offending row.
	_, err := Fit(f, "y ~ x | g", Options{})
	if err == nil || !strings.Contains(err.Error(), "row 3") || !IsInputError(err) {
		t.Errorf("negative outcome: %v", err)
	}
	// OLS accepts it.
	if _, err := Fit(f, "y ~ x | g", Options{Family: Gaussian}); err != nil {
		t.Errorf("OLS with negative y: %v", err)
	}
	// Unknown column: points at it and lists the available ones.
	_, err = Fit(f, "y ~ x + z | g", Options{})
	var fe *FormulaError
	if !errors.As(err, &fe) || fe.Col != 9 || !strings.Contains(fe.Msg, "available: y, x, g, name") {
		t.Errorf("unknown column: %v", err)
	}
	_, err = Fit(f, "y ~ x | nope", Options{})
	if !errors.As(err, &fe) || fe.Col != 9 {
		t.Errorf("unknown FE column: %v", err)
	}
	// Categorical regressor.
	_, err = Fit(f, "y ~ name | g", Options{Family: Gaussian})
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "not numeric") {
		t.Errorf("categorical regressor: %v", err)
	}
	// Unknown cluster variable after fitting.
	res, err := Fit(f, "y ~ x | g", Options{Family: Gaussian})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.Vcov(VcovSpec{Type: VcovCluster, Cluster: []FETerm{{Vars: []string{"zz"}}}}); err == nil || !strings.Contains(err.Error(), "available") {
		t.Errorf("unknown cluster: %v", err)
	}
	for _, bad := range []string{"cluster:", "cluster:a,,b", "cluster:a^", "bogus", "cluster:a,b,c"} {
		if _, err := ParseVcov(bad); err == nil {
			t.Errorf("ParseVcov(%q) accepted", bad)
		}
	}
}

func TestMissingAndInfiniteDropped(t *testing.T) {
	f := smallFrame(t, "y,x,g\n1,1,a\n2,NA,a\n0,3,a\n4,4,b\n5,,b\n6,6,\n7,7,b\n8,8,a\n")
	res, err := Fit(f, "y ~ log(x) + x | g", Options{Family: Gaussian})
	if err != nil {
		t.Fatal(err)
	}
	// Row 2 and 5: x missing; row 6: g missing; log(0)? x=3 fine. No infinite here.
	if res.Removed.Missing != 3 || res.Removed.Infinite != 0 || res.NObs != 5 {
		t.Errorf("removed missing %d infinite %d, nobs %d", res.Removed.Missing, res.Removed.Infinite, res.NObs)
	}
	res, err = Fit(f, "log(y) ~ x | g", Options{Family: Gaussian})
	if err != nil {
		t.Fatal(err)
	}
	if res.Removed.Infinite != 1 || res.Removed.Missing != 3 {
		t.Errorf("log(0) outcome: missing %d infinite %d", res.Removed.Missing, res.Removed.Infinite)
	}
	want := []int{1, 2, 4, 5}
	for i, r := range res.Removed.Rows {
		if r != want[i] {
			t.Errorf("removed rows %v, want %v", res.Removed.Rows, want)
			break
		}
	}
}

// A regressor collinear with another or with the fixed effects is removed
// and reported; the others are estimated as without it.
func TestCollinearRegressors(t *testing.T) {
	_, _, sep := loadGolden(t)
	ld, _ := sep.Float("ldist")
	exp, _ := sep.Float("exp")
	f := NewFrame()
	for _, name := range sep.Names() {
		v, _ := sep.Float(name)
		if err := f.AddFloat(name, v); err != nil {
			t.Fatal(err)
		}
	}
	twice := make([]float64, len(ld))
	expx := make([]float64, len(ld))
	for i := range ld {
		twice[i] = 2 * ld[i]
		expx[i] = 3 * exp[i] // constant within the exp fixed effect
	}
	_ = f.AddFloat("ldist2", twice)
	_ = f.AddFloat("expx", expx)
	base, err := Fit(f, "y ~ ldist + rta | exp + imp + year", Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Fit(f, "y ~ ldist + ldist2 + rta + expx | exp + imp + year", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Collinear, ",") != "ldist2,expx" {
		t.Fatalf("collinear %v, want [ldist2 expx]", res.Collinear)
	}
	for j, name := range base.CoefNames {
		got, _ := res.Coefficient(name)
		if math.Abs(got-base.Coef[j]) > 1e-9 {
			t.Errorf("%s = %g, without the collinear regressors %g", name, got, base.Coef[j])
		}
	}
}

// Two-way clustering is V_a + V_b − V_ab with the smallest G; clustering
// "twice" by the same variable must give the one-way result.
func TestTwoWayCluster(t *testing.T) {
	_, _, sep := loadGolden(t)
	res, err := Fit(sep, "y ~ ldist + rta | exp + imp + year", Options{})
	if err != nil {
		t.Fatal(err)
	}
	one, _ := res.Vcov(mustVcov(t, "cluster:exp"))
	same, _ := res.Vcov(mustVcov(t, "cluster:exp,exp"))
	for a := range one.Matrix {
		for b := range one.Matrix[a] {
			if relDiff(same.Matrix[a][b], one.Matrix[a][b]) > 1e-12 {
				t.Errorf("cluster:exp,exp [%d][%d] = %g, one-way %g", a, b, same.Matrix[a][b], one.Matrix[a][b])
			}
		}
	}
	// Against the one-way pieces without corrections.
	two, _ := res.Vcov(mustVcov(t, "cluster:exp,imp"))
	ra, _ := res.Vcov(VcovSpec{Type: VcovCluster, Cluster: []FETerm{{Vars: []string{"exp"}}}, NoSmallSample: true})
	rb, _ := res.Vcov(VcovSpec{Type: VcovCluster, Cluster: []FETerm{{Vars: []string{"imp"}}}, NoSmallSample: true})
	rab, _ := res.Vcov(VcovSpec{Type: VcovCluster, Cluster: []FETerm{{Vars: []string{"exp", "imp"}}}, NoSmallSample: true})
	g := float64(min(two.G[0], two.G[1]))
	n := float64(res.NObs)
	// exp and imp are both fixed effects nested in their own cluster.
	if two.K != res.NParams-(7-1)-(7-1) || two.DF != int(g)-1 {
		t.Errorf("two-way K %d df %d", two.K, two.DF)
	}
	fac := g / (g - 1) * (n - 1) / (n - float64(two.K))
	for a := range two.Matrix {
		for b := range two.Matrix[a] {
			want := fac * (ra.Matrix[a][b] + rb.Matrix[a][b] - rab.Matrix[a][b])
			if relDiff(two.Matrix[a][b], want) > 1e-12 {
				t.Errorf("two-way [%d][%d] = %g, want %g", a, b, two.Matrix[a][b], want)
			}
		}
	}
}

func mustVcov(t *testing.T, s string) VcovSpec {
	t.Helper()
	v, err := ParseVcov(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestReadCSVErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "csv:1:1: header: empty file"},
		{"a,,c\n1,2,3\n", "csv:1:3: header: column 2: empty column name"},
		{"a,b,a\n1,2,3\n", "csv:1:5: a: column appears twice in the header"},
		{"a,b\n1,2\n3\n", "csv:3:1: row: got 1 fields, want 2"},
		{"a,b\n1,\"2\n", "csv:2:6: csv: extraneous or missing"},
	} {
		_, err := ReadCSV(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadCSV(%q) = %v, want error containing %q", tc.in, err, tc.want)
		}
	}
	f := smallFrame(t, "a,b,c\n1,x,NA\n2.5,y,3\n")
	if !f.IsNumeric("a") || f.IsNumeric("b") || !f.IsNumeric("c") {
		t.Errorf("column types: a %v b %v c %v", f.IsNumeric("a"), f.IsNumeric("b"), f.IsNumeric("c"))
	}
	c, _ := f.Float("c")
	if !math.IsNaN(c[0]) || c[1] != 3 {
		t.Errorf("c = %v", c)
	}
}

func FuzzParseFormula(f *testing.F) {
	for _, s := range []string{
		"y ~ x1 + log(x2) | fe1 + fe2^fe3",
		"log(Euros) ~ log(dist_km) | Origin^Year + Destination^Year",
		"y ~ I(a/100) - 1", "y ~ 0 | a", "y ~ `a b` + sqrt(-x)^2", "y~x|", "((", "y ~ 1e-3*x", "y ~ .5",
	} {
		f.Add(s)
	}
	frame := NewFrame()
	_ = frame.AddFloat("y", []float64{1, 2, 3, 0})
	_ = frame.AddFloat("x", []float64{1, 2, 3, 4})
	_ = frame.AddString("g", []string{"a", "b", "a", "b"})
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := ParseFormula(s)
		if err != nil {
			var fe *FormulaError
			if !errors.As(err, &fe) {
				t.Fatalf("non-FormulaError %T %v", err, err)
			}
			if fe.Col < 1 || fe.Col > len([]rune(s))+1 {
				t.Fatalf("column %d outside formula of %d runes", fe.Col, len([]rune(s)))
			}
			return
		}
		// Round trip through the canonical labels must parse again.
		if _, err := ParseExpr(fm.LHS.String()); err != nil {
			t.Fatalf("LHS label %q does not parse: %v", fm.LHS.String(), err)
		}
		// Fitting must never panic.
		_, _ = FitFormula(frame, fm, Options{Family: Gaussian, FixefMaxIter: 100})
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"y,x,g\n1,2,a\n0,3,b\n",
		"a,b\n\"q,\"\"x\",1\n",
		"a\nNA\n.\n1e308\n1e309\n",
		"\ufeffy,x\n1,2\n",
		"a,b\n1\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fr, err := ReadCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		names := fr.Names()
		if len(names) == 0 {
			t.Fatal("frame without columns")
		}
		for _, n := range names {
			if v, ok := fr.Float(n); ok && len(v) != fr.NRow() {
				t.Fatalf("column %s has %d rows, frame %d", n, len(v), fr.NRow())
			}
			if c, lev, ok := fr.Categorical(n); ok {
				for _, k := range c {
					if k < -1 || int(k) >= len(lev) {
						t.Fatalf("code %d out of range", k)
					}
				}
			}
		}
		// A fit on whatever was read must not panic.
		if len(names) >= 2 {
			_, _ = Fit(fr, "`"+names[0]+"` ~ `"+names[1]+"`", Options{FixefMaxIter: 50, GLMMaxIter: 5})
		}
	})
}

// A perfect OLS fit has zero standard errors, infinite statistics and NaN
// p-values; the JSON summary must still encode (as nulls).
func TestSummaryJSONNonFinite(t *testing.T) {
	f := smallFrame(t, "y,x,g\n1,1,a\n2,2,a\n3,3,b\n5,5,b\n")
	res, err := Fit(f, "y ~ x | g", Options{Family: Gaussian})
	if err != nil {
		t.Fatal(err)
	}
	v, err := res.Vcov(VcovSpec{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res.Summary(v))
	if err != nil {
		t.Fatalf("summary does not encode: %v", err)
	}
	if !strings.Contains(string(b), `"pvalue":null`) && !strings.Contains(string(b), `"stat":null`) {
		t.Logf("summary: %s", b)
	}
}
