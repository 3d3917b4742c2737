package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/gravity"
	"github.com/steppe-dev/steppe/gravity/ge"
)

// panel69 writes a synthetic panel of 69 economies (three of them CAN, MEX
// and USA, one DEU), 1994 to 2006 every four years, drawn from a
// structural gravity model with a known RTA effect (0.5) and international
// border effect (-1.5): X_ijt = exp(a_it + b_jt) dist_ij^-0.9
// exp(0.5 rta_ijt - 1.5 intl_ij) e_ijt, with about 3% zero flows. Its
// columns are exporter, importer, year, trade, rta, intl, dist.
func panel69(t *testing.T) string {
	t.Helper()
	r := rand.New(rand.NewPCG(69, 1994))
	n := 69
	codes := []string{"CAN", "MEX", "USA", "DEU"}
	for len(codes) < n {
		codes = append(codes, fmt.Sprintf("Q%02d", len(codes)))
	}
	xy := make([][2]float64, n)
	size := make([]float64, n)
	for i := range xy {
		xy[i] = [2]float64{10 * r.Float64(), 10 * r.Float64()}
		size[i] = 2 * r.NormFloat64()
	}
	bloc := make([]int, n) // other RTAs: blocs formed in 1998 or 2002
	for i := 4; i < n; i++ {
		bloc[i] = r.IntN(6)
	}
	var b strings.Builder
	b.WriteString("exporter,importer,year,trade,rta,intl,dist\n")
	for _, year := range []int{1994, 1998, 2002, 2006} {
		g := 0.05 * float64(year-1994)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				d := math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1]) + 0.5
				intl, rta := 1, 0
				if i == j {
					d, intl = 0.25, 0
				} else if i < 3 && j < 3 {
					rta = 1 // NAFTA from 1994
				} else if i >= 4 && j >= 4 && bloc[i] == bloc[j] && bloc[i] < 2 && year >= 1998+4*bloc[i] {
					rta = 1
				}
				x := math.Exp(size[i]+g+0.8*size[j]) * math.Pow(d, -0.9) * math.Exp(0.5*float64(rta)-1.5*float64(intl)+0.3*r.NormFloat64())
				if i != j && r.Float64() < 0.03 {
					x = 0
				}
				fmt.Fprintf(&b, "%s,%s,%d,%.10g,%d,%d,%.6g\n", codes[i], codes[j], year, 1000*x, rta, intl, d)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "panel69.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type geDoc struct {
	Schema     string `json:"schema"`
	Economies  int    `json:"economies"`
	FirstStage *struct {
		Coefficients map[string]float64 `json:"coefficients"`
	} `json:"first_stage"`
	Outcome ge.GEOutcome `json:"outcome"`
}

func runGE(t *testing.T, args ...string) geDoc {
	t.Helper()
	code, out, errs := runCLI(t, append([]string{"gravity", "ge", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var doc geDoc
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return doc
}

// apiBaseline is what a user of the Go API does by hand: fit the formula
// with package gravity and take the fitted flows of the year (domestic
// included) as the square table.
func apiBaseline(t *testing.T, path, formula string, year int) (*ge.Flows, *gravity.Result) {
	fr, err := gravity.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gravity.Fit(fr, formula, gravity.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ec, el, _ := fr.Categorical("exporter")
	ic, il, _ := fr.Categorical("importer")
	yv, _ := fr.Float("year")
	var rows []ge.Triple
	for r := range yv {
		if int(yv[r]) != year {
			continue
		}
		v, ok := res.FittedAt(r)
		if !ok {
			v = 0
		}
		rows = append(rows, ge.Triple{Exporter: el[ec[r]], Importer: il[ic[r]], Value: v})
	}
	return ge.Square(rows), res
}

// checkAgainstAPI compares the command's full-equilibrium results with
// the API's: SolveHat on the same baseline and shock, rescaled to the
// numeraire by hand.
func checkAgainstAPI(t *testing.T, doc geDoc, base *ge.Flows, lb []float64, theta float64, ref string) {
	t.Helper()
	res, err := ge.SolveHat(base, lb, ge.Options{Theta: theta, Tol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	k := 1.0
	if ref != "" {
		k = 1 / res.PriceIndex[base.Index(ref)]
	}
	exp0, expCF := base.Exports(), res.Flows.Exports()
	if len(doc.Outcome.Countries) != base.N() {
		t.Fatalf("command reports %d economies, API %d", len(doc.Outcome.Countries), base.N())
	}
	if g := doc.Outcome.SolverGap; g == nil || *g > 1e-7 {
		t.Errorf("hat algebra and GE-PPML differ by %v percentage points", g)
	} else {
		t.Logf("hat algebra and GE-PPML differ by at most %.2g percentage points", *g)
	}
	worst := 0.0
	for i, c := range doc.Outcome.Countries {
		if c.Country != base.Countries[i] {
			t.Fatalf("economy %d: %s, API %s", i, c.Country, base.Countries[i])
		}
		for _, v := range []struct {
			what      string
			got, want float64
		}{
			{"real GDP", c.RealGDP, 100 * (res.RealWage[i] - 1)},
			{"welfare", c.Welfare, 100 * (res.Welfare[i] - 1)},
			{"factory-gate price", c.FactoryGate, 100 * (k*res.NominalWage[i] - 1)},
			{"IMR", c.IMR, 100 * (k*res.PriceIndex[i] - 1)},
			{"exports", c.Exports, 100 * (k*expCF[i]/exp0[i] - 1)},
		} {
			d := math.Abs(v.got - v.want)
			worst = math.Max(worst, d)
			if d > 1e-9 {
				t.Errorf("%s %s: command %.15g%%, API %.15g%%", c.Country, v.what, v.got, v.want)
			}
		}
	}
	t.Logf("largest difference from the API: %.3g percentage points", worst)
}

// TestGravityGENAFTA is the first acceptance case of issue 18: an RTA
// among three economies of a 69-economy panel, estimated and solved with
// one command, equal to the API's results to 1e-9.
func TestGravityGENAFTA(t *testing.T) {
	path := panel69(t)
	const formula = "trade ~ rta | exporter^year + importer^year + exporter^importer"
	doc := runGE(t, "--flows", path, "--year", "2006", "--theta", "6", "--estimate", formula,
		"--agreement", "CAN,MEX,USA:-rta", "--numeraire", "imr:DEU", "--solver", "both")
	if doc.Economies != 69 || doc.FirstStage == nil {
		t.Fatalf("document: %+v", doc)
	}
	beta := doc.FirstStage.Coefficients["rta"]
	if math.Abs(beta-0.5) > 0.05 {
		t.Errorf("rta coefficient %.4f, generated with 0.5", beta)
	}
	base, res := apiBaseline(t, path, formula, 2006)
	if b, _ := res.Coefficient("rta"); b != beta {
		t.Fatalf("rta: command %v, API %v", beta, b)
	}
	lb := make([]float64, base.N()*base.N())
	for _, i := range []string{"CAN", "MEX", "USA"} {
		for _, j := range []string{"CAN", "MEX", "USA"} {
			if i != j {
				lb[base.Index(i)*base.N()+base.Index(j)] = -beta
			}
		}
	}
	checkAgainstAPI(t, doc, base, lb, 6, "DEU")
	// leaving NAFTA lowers its members' real GDP and their mutual trade
	for _, c := range doc.Outcome.Countries {
		if (c.Country == "CAN" || c.Country == "MEX" || c.Country == "USA") && !(c.RealGDP < 0) {
			t.Errorf("%s: real GDP %+.4f%% after leaving the agreement, want a loss", c.Country, c.RealGDP)
		}
	}
}

// TestGravityGEBorder is the second acceptance case: removing the
// international border among all economies, with the border coefficient
// estimated in the first stage, equal to the API's results to 1e-9.
func TestGravityGEBorder(t *testing.T) {
	path := panel69(t)
	const formula = "trade ~ log(dist) + intl + rta | exporter^year + importer^year"
	doc := runGE(t, "--flows", path, "--year", "2006", "--theta", "6", "--estimate", formula, "--remove-border", "intl", "--solver", "both")
	intl := doc.FirstStage.Coefficients["intl"]
	if math.Abs(intl+1.5) > 0.25 { // -1.69 on this draw: PPML weights the few large flows
		t.Errorf("intl coefficient %.4f, generated with -1.5", intl)
	}
	base, _ := apiBaseline(t, path, formula, 2006)
	n := base.N()
	lb := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				lb[i*n+j] = -intl
			}
		}
	}
	checkAgainstAPI(t, doc, base, lb, 6, "")
	for _, c := range doc.Outcome.Countries {
		if !(c.Welfare > 0) || math.Abs(c.ACR-c.RealGDP) > 1e-6 {
			t.Errorf("%s: welfare %+.4f%%, ACR %+.6f%%, real GDP %+.6f%%", c.Country, c.Welfare, c.ACR, c.RealGDP)
		}
	}
}

// TestGravityGEObservedTable solves on the observed flows of one year with
// both solvers and a shock file, and checks their agreement.
func TestGravityGEObservedTable(t *testing.T) {
	path := panel69(t)
	shocks := filepath.Join(t.TempDir(), "shocks.csv")
	os.WriteFile(shocks, []byte("exporter,importer,cost_ratio\nCAN,USA,0.9\nUSA,CAN,0.95\n"), 0o644)
	doc := runGE(t, "--flows", path, "--year", "1998", "--theta", "5", "--shocks", shocks,
		"--tariff", "DEU,Q05:0.1:0", "--solver", "both", "--numeraire", "price:USA")
	if doc.Outcome.SolverGap == nil || *doc.Outcome.SolverGap > 1e-7 {
		t.Fatalf("solvers disagree by %v percentage points", doc.Outcome.SolverGap)
	}
	t.Logf("solvers differ by at most %.2g percentage points", *doc.Outcome.SolverGap)
	for _, c := range doc.Outcome.Countries {
		if c.Country == "USA" && math.Abs(c.FactoryGate) > 1e-12 {
			t.Errorf("numeraire USA's factory-gate price changes %g%%", c.FactoryGate)
		}
	}
}

// TestGravityImportRoundTrip writes the bundled baseline with steppe
// gravity import and prices a policy on it with --trade-baseline: the
// results equal those on the bundled baseline itself.
func TestGravityImportRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "trade2023.csv")
	if code, _, errs := runCLI(t, "gravity", "import", "--out", path); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	countries := func(args ...string) string {
		code, out, errs := runCLI(t, append([]string{"gravity", "counterfactual", "--policy", "fast-track-integration", "--draws", "4", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var doc struct {
			Countries json.RawMessage `json:"countries"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return string(doc.Countries)
	}
	if a, b := countries(), countries("--trade-baseline", path); a != b {
		t.Errorf("results on the imported table differ from the bundled baseline's:\n%s\n%s", b, a)
	}
}

// TestRunTradeBaseline runs the default scenario on a user table, named by
// --trade-baseline and by a scenario's gravity.trade_baseline (relative to
// the scenario file): the header names the table and its year, and the
// table (the bundled baseline written out) gives the default results; a
// missing table is exit 2 at the field's position.
func TestRunTradeBaseline(t *testing.T) {
	dir := t.TempDir()
	flows := filepath.Join(dir, "trade2023.csv")
	if code, _, errs := runCLI(t, "gravity", "import", "--out", flows); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	body := func(out string) string { // the table, without the header lines
		_, after, _ := strings.Cut(out, "\n\n")
		return after
	}
	code, def, errs := runCLI(t, "run", "--draws", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, flag, errs := runCLI(t, "run", "--draws", "20", "--trade-baseline", flows)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(flag, "trade baseline "+flows+", 2023,") {
		t.Errorf("header does not name the table:\n%s", flag)
	}
	if len(body(def)) < 200 {
		t.Fatalf("no results table after the header:\n%s", def)
	}
	if body(flag) != body(def) {
		t.Errorf("results on the written-out bundled baseline differ:\n%s\n---\n%s", body(flag), body(def))
	}
	sc := filepath.Join(dir, "mine.yaml")
	os.WriteFile(sc, []byte("extends: central-asia\nname: mine\ngravity:\n  trade_baseline: trade2023.csv\n  trade_baseline_year: 2023\n"), 0o644)
	code, file, errs := runCLI(t, "run", "--draws", "20", "--scenario", sc)
	if code != 0 || !strings.Contains(file, "trade baseline "+flows+", 2023,") {
		t.Errorf("scenario field: exit %d, %s\n%s", code, errs, file)
	}
	os.WriteFile(sc, []byte("extends: central-asia\nname: mine\ngravity:\n  trade_baseline: nowhere.csv\n"), 0o644)
	code, _, errs = runCLI(t, "run", "--draws", "20", "--scenario", sc)
	if code != 2 || !strings.Contains(errs, sc+":4:19: gravity.trade_baseline: no flow table at") {
		t.Errorf("missing table: exit %d, %s", code, errs)
	}
}

// TestGravityGEPublishedWIOD runs the published EU-enlargement example of
// ge_gravity (Baier, Yotov & Zylkin 2019; WIOD, 44 economies, 2000, theta
// 4; data and results in gravity/ge/testdata, see its README) with one
// command: the shock file is the example's eu_effect column, and every
// economy's welfare change must match the published w_eu (additive
// balances) and w_mult (multiplicative), the welfare of ge_gravity, to
// the single precision they were stored in (2e-7).
func TestGravityGEPublishedWIOD(t *testing.T) {
	const wiod = "../../gravity/ge/testdata/wiod_ge_gravity_results.csv"
	raw, err := os.ReadFile(wiod)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	head := strings.Split(lines[0], ",")
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var shocks strings.Builder
	shocks.WriteString("exporter,importer,partial_effect\n")
	published := map[string][2]float64{} // w_eu, w_mult
	for _, l := range lines[1:] {
		r := strings.Split(l, ",")
		if r[col["year"]] != "2000" {
			continue
		}
		if b := r[col["eu_effect"]]; b != "0" {
			fmt.Fprintf(&shocks, "%s,%s,%s\n", r[col["exporter"]], r[col["importer"]], b)
		}
		if r[col["exporter"]] == r[col["importer"]] {
			var w [2]float64
			for k, c := range []string{"w_eu", "w_mult"} {
				fmt.Sscan(r[col[c]], &w[k])
			}
			published[r[col["exporter"]]] = w
		}
	}
	sf := filepath.Join(t.TempDir(), "eu.csv")
	if err := os.WriteFile(sf, []byte(shocks.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for k, bal := range []string{"additive", "multiplicative"} {
		doc := runGE(t, "--flows", wiod, "--year", "2000", "--theta", "4", "--shocks", sf, "--balance", bal, "--tol", "1e-12")
		if len(doc.Outcome.Countries) != 44 {
			t.Fatalf("%d economies, want 44", len(doc.Outcome.Countries))
		}
		worst := 0.0
		for _, c := range doc.Outcome.Countries {
			want := published[c.Country][k]
			got := 1 + c.Welfare/100
			d := math.Abs(got/want - 1)
			worst = math.Max(worst, d)
			if d > 2e-7 {
				t.Errorf("%s %s: welfare change %.9f, published %.9f", bal, c.Country, got, want)
			}
		}
		t.Logf("%s balances: largest relative difference from the published welfare: %.2g", bal, worst)
	}
}
