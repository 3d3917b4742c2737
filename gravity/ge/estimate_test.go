package ge

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/steppe-dev/steppe/gravity"
)

// TestFirstStageOffsetRefit checks the claim of FirstStage's doc: the
// structural-gravity procedure (Anderson & Yotov 2016; Yotov et al. 2016,
// ch. 2) — pair effects normalised relative to domestic trade, trade costs
// t_ij = exp(gamma_ij - gamma_jj + beta rta_ij), the baseline year
// re-estimated with exporter and importer effects and ln t_ij as an offset
// — gives the first stage's own fitted flows of the year, which
// EstimateBaseline returns.
func TestFirstStageOffsetRefit(t *testing.T) {
	fr := firstStagePanel(t)
	exp, imp, year, flow, rta := panelColumns(fr)
	const formula = "flow ~ rta | exporter^year + importer^year + exporter^importer"
	st, err := EstimateBaseline(fr, "panel", formula, TableColumns{}, 2006)
	if err != nil {
		t.Fatal(err)
	}
	// the literature's route: pair effects relative to domestic trade
	res, err := gravity.Fit(fr, formula, gravity.Options{Fixef: true, GLMTol: 1e-12, FixefTol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	beta, _ := res.Coefficient("rta")
	var pair gravity.FixedEffect
	for _, fe := range res.FixedEffects {
		if fe.Name == "exporter^importer" {
			pair = fe
		}
	}
	gamma := func(i, j string) float64 {
		v, ok := pair.Value(i + "_" + j)
		if !ok {
			t.Fatalf("no pair effect %s_%s (effects: %v)", i, j, res.FE)
		}
		return v
	}
	var e2, i2 []string
	var y2, lnt, first []float64
	for k := range flow {
		if year[k] != 2006 {
			continue
		}
		e2, i2 = append(e2, exp[k]), append(i2, imp[k])
		y2 = append(y2, flow[k])
		lnt = append(lnt, gamma(exp[k], imp[k])-gamma(imp[k], imp[k])+beta*rta[k])
		v, _ := res.FittedAt(k)
		first = append(first, v)
	}
	fr2 := gravity.NewFrame()
	fr2.AddFloat("y", y2)
	fr2.AddFloat("ln_t", lnt)
	fr2.AddString("exp", e2)
	fr2.AddString("imp", i2)
	res2, err := gravity.Fit(fr2, "y ~ 0 | exp + imp", gravity.Options{Offset: "ln_t", GLMTol: 1e-12, FixefTol: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	refit, baseline := 0.0, 0.0
	for k := range y2 {
		v, _ := res2.FittedAt(k)
		refit = math.Max(refit, math.Abs(v/first[k]-1))
		i, j := st.Baseline.Index(e2[k]), st.Baseline.Index(i2[k])
		baseline = math.Max(baseline, math.Abs(st.Baseline.At(i, j)/first[k]-1))
	}
	// the claim, at tight tolerances
	if refit > 1e-8 {
		t.Errorf("offset refit differs from the first stage's fitted flows by up to %.3g (relative)", refit)
	}
	// EstimateBaseline fits at package gravity's default tolerances
	// (fixest's), so its flows differ from the tight fit's by about them
	if baseline > 1e-5 {
		t.Errorf("EstimateBaseline's flows differ from a tight first stage's by up to %.3g (relative)", baseline)
	}
	t.Logf("largest relative difference: refit %.3g; EstimateBaseline (default tolerances) %.3g", refit, baseline)
}

// firstStagePanel is a balanced panel of 10 economies in 2000, 2003 and
// 2006, domestic flows included, from a gravity model with an RTA among
// the first four from 2003 (partial effect 0.4) and lognormal noise.
func firstStagePanel(t *testing.T) *gravity.Frame {
	r := rand.New(rand.NewPCG(3, 14))
	const n = 10
	years := []int{2000, 2003, 2006}
	var exp, imp []string
	var year, flow, rta []float64
	size := make([]float64, n)
	for i := range size {
		size[i] = r.NormFloat64()
	}
	for _, y := range years {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a := 0.0
				if i != j && i < 4 && j < 4 && y >= 2003 {
					a = 1
				}
				d := 1 + math.Abs(float64(i-j))
				if i == j {
					d = 0.3
				}
				exp = append(exp, fmt.Sprintf("E%02d", i))
				imp = append(imp, fmt.Sprintf("E%02d", j))
				year = append(year, float64(y))
				rta = append(rta, a)
				flow = append(flow, 100*math.Exp(size[i]+size[j]+0.4*a+0.2*r.NormFloat64())/d)
			}
		}
	}
	fr := gravity.NewFrame()
	for _, c := range []struct {
		name string
		v    []float64
	}{{"year", year}, {"flow", flow}, {"rta", rta}} {
		if err := fr.AddFloat(c.name, c.v); err != nil {
			t.Fatal(err)
		}
	}
	fr.AddString("exporter", exp)
	fr.AddString("importer", imp)
	return fr
}

// panelColumns returns the columns of a firstStagePanel.
func panelColumns(fr *gravity.Frame) (exp, imp []string, year, flow, rta []float64) {
	ec, el, _ := fr.Categorical("exporter")
	ic, il, _ := fr.Categorical("importer")
	for k := range ec {
		exp, imp = append(exp, el[ec[k]]), append(imp, il[ic[k]])
	}
	year, _ = fr.Float("year")
	flow, _ = fr.Float("flow")
	rta, _ = fr.Float("rta")
	return exp, imp, year, flow, rta
}
