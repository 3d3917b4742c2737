package gravity

import (
	"math"
	"testing"
)

// An offset with coefficient 1 is the same model as a regressor whose
// coefficient comes out as 1: fitting y ~ x | fe with offset o must equal
// fitting with o moved into the regressors when its estimate is pinned.
// Here we check the simplest identity: a fit with offset log(d) and a
// FE-only formula reproduces the FE-only fit of y on exp(offset)-scaled
// data, and fitted values include the offset.
func TestOffsetFEOnly(t *testing.T) {
	_, _, sep := loadGolden(t)
	// y ~ 0 | exp + imp with offset ldist.
	res, err := Fit(sep, "y ~ 0 | exp + imp + year", Options{Offset: "ldist", Fixef: true, FixefTol: 1e-12, GLMTol: 1e-12, GLMMaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Coef) != 0 {
		t.Fatalf("coefficients %v, want none", res.CoefNames)
	}
	ld, _ := sep.Float("ldist")
	// Poisson score equations with FE: fitted sums equal observed sums per level.
	for q, d := range res.dims {
		obs := make([]float64, len(d.levels))
		fit := make([]float64, len(d.levels))
		for i, c := range d.codes {
			obs[c] += res.Y[i]
			fit[c] += res.Fitted[i]
		}
		for k := range obs {
			if math.Abs(obs[k]-fit[k]) > 1e-8*math.Max(1, obs[k]) {
				t.Errorf("dim %d level %d: fitted sum %g, observed %g", q, k, fit[k], obs[k])
			}
		}
	}
	// exp(Σ FE + offset) = fitted.
	for i, row := range res.Rows {
		eta := ld[row]
		for q, fe := range res.FixedEffects {
			eta += fe.Values[res.dims[q].codes[i]]
		}
		if math.Abs(math.Exp(eta)-res.Fitted[i]) > 1e-8*res.Fitted[i] {
			t.Fatalf("row %d: exp(FE+offset) = %g, fitted %g", row, math.Exp(eta), res.Fitted[i])
		}
	}
	// With a regressor: the offset shifts the coefficient by exactly 1.
	a, err := Fit(sep, "y ~ ldist + rta | exp + imp + year", Options{FixefTol: 1e-12, GLMTol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(sep, "y ~ ldist + rta | exp + imp + year", Options{Offset: "2*ldist", FixefTol: 1e-12, GLMTol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs((b.Coef[0]+2)-a.Coef[0]) > 1e-9 || math.Abs(b.Coef[1]-a.Coef[1]) > 1e-9 {
		t.Errorf("offset 2*ldist: coef %v, want %v shifted by -2", b.Coef, a.Coef)
	}
}
