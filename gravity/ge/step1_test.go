package ge

import (
	"math"
	"testing"

	"github.com/steppe-dev/steppe/gravity"
	"github.com/steppe-dev/steppe/internal/fixture"
)

// Step 1 of the published EU-enlargement case (testdata/README.md): PPML of
// international flows 2000-2014 on eu_enlargement and other_fta with
// exporter-year, importer-year and exporter-importer fixed effects, using
// package gravity's estimator. The published coefficient is 0.224249.
func TestStep1EUCoefficient(t *testing.T) {
	if testing.Short() {
		t.Skip("estimation on 7,568 rows with three sets of fixed effects")
	}
	f := fixture.Open(t, "testdata/wiod_ge_gravity_results.csv")
	fr, err := gravity.ReadCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	// international flows only
	exp, _ := fr.Float("expcode")
	imp, _ := fr.Float("impcode")
	keep := make([]int, 0, fr.NRow())
	for i := range exp {
		if exp[i] != imp[i] {
			keep = append(keep, i)
		}
	}
	sub := gravity.NewFrame()
	for _, name := range []string{"trade", "eu_enlargement", "other_fta", "expcode", "impcode", "year"} {
		col, ok := fr.Float(name)
		if !ok {
			t.Fatalf("no column %s", name)
		}
		v := make([]float64, len(keep))
		for k, i := range keep {
			v[k] = col[i]
		}
		if err := sub.AddFloat(name, v); err != nil {
			t.Fatal(err)
		}
	}
	res, err := gravity.Fit(sub, "trade ~ eu_enlargement + other_fta | expcode^year + impcode^year + expcode^impcode",
		gravity.Options{GLMTol: 1e-10, FixefTol: 1e-10})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := res.Coefficient("eu_enlargement")
	t.Logf("eu_enlargement %.7f (published 0.224249), n = %d, iterations %d", b, res.NObs, res.Iterations)
	if math.Abs(b-0.224249) > 5e-7 {
		t.Errorf("eu_enlargement = %.7f, published 0.224249", b)
	}
}
