package ge

import (
	"math"
	"sort"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// How wrong is "domestic sales = GDP - exports"? WIOD records domestic
// sales of gross output including services; rebuilding them from World
// Bank GDP (value added) minus WIOD exports and solving the published EU
// enlargement counterfactual again measures the error the approximation
// brings into domestic shares and welfare. ROW and TWN have no World Bank
// GDP and keep their WIOD gross output in place of GDP.
func TestDomesticFromGDPError(t *testing.T) {
	wc := loadWIOD(t)
	f := fixture.Open(t, "testdata/wb_gdp_2000_wiod.csv")
	series, err := ReadWorldBankGDP(f, "wb_gdp_2000_wiod.csv")
	if err != nil {
		t.Fatal(err)
	}
	n := wc.base.N()
	b := &Bilateral{Flows: map[Pair]float64{}}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				b.Flows[Pair{wc.base.Countries[i], wc.base.Countries[j]}] = wc.base.At(i, j)
			}
		}
	}
	gdp := map[string]float64{}
	Y := wc.base.Output()
	for i, c := range wc.base.Countries {
		if v, ok := series[c][2000]; ok {
			gdp[c] = v
		} else {
			gdp[c] = Y[i]
		}
	}
	approx, notes, err := WithDomestic(b, gdp, DomesticOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		t.Log(n)
	}
	truth, err := SolveHat(wc.base, wc.lb, Options{Theta: 4})
	if err != nil {
		t.Fatal(err)
	}
	est, err := SolveHat(approx, wc.lb, Options{Theta: 4})
	if err != nil {
		t.Fatal(err)
	}
	E0, E1 := wc.base.Expenditure(), approx.Expenditure()
	var shareRatio, gainRatio []float64
	for i, c := range wc.base.Countries {
		d0 := wc.base.At(i, i) / E0[i]
		d1 := approx.At(i, i) / E1[i]
		shareRatio = append(shareRatio, (1-d1)/(1-d0)) // import share, approx / WIOD
		g0, g1 := truth.Welfare[i]-1, est.Welfare[i]-1
		if math.Abs(g0) > 1e-3 { // economies the enlargement moves by more than 0.1%
			gainRatio = append(gainRatio, g1/g0)
			t.Logf("%s: import share %.3f (WIOD) vs %.3f (GDP-based); welfare %+.3f%% vs %+.3f%%", c, 1-d0, 1-d1, 100*g0, 100*g1)
		}
	}
	sort.Float64s(shareRatio)
	sort.Float64s(gainRatio)
	q := func(s []float64, p float64) float64 { return s[int(p*float64(len(s)-1))] }
	t.Logf("import share, GDP-based / WIOD: median %.2f, range %.2f-%.2f (%d economies)", q(shareRatio, 0.5), shareRatio[0], shareRatio[len(shareRatio)-1], len(shareRatio))
	t.Logf("welfare gain, GDP-based / WIOD: median %.2f, range %.2f-%.2f (%d economies moved >0.1%%)", q(gainRatio, 0.5), gainRatio[0], gainRatio[len(gainRatio)-1], len(gainRatio))
	// The approximation must keep the direction and order of magnitude of
	// the gains; this pins the size of the error the README reports.
	if gainRatio[0] <= 0 || q(gainRatio, 0.5) < 0.5 || q(gainRatio, 0.5) > 3 {
		t.Errorf("GDP-based domestic sales distort welfare gains beyond the documented range")
	}
}
