package ge

import (
	"errors"
	"testing"
)

// Both solvers reproduce the published ge_gravity results on the WIOD
// example (see loadWIOD).
func TestWIODPublished(t *testing.T) {
	wc := loadWIOD(t)
	for _, solver := range []struct {
		name  string
		solve func(*Flows, []float64, Options) (*Result, error)
	}{{"hat", SolveHat}, {"geppml", SolveGEPPML}} {
		for _, tc := range []struct {
			name string
			bal  Balance
			w, x []float64
		}{
			{"additive", Additive, wc.wEU, wc.xEU},
			{"multiplicative", Multiplicative, wc.wMult, wc.xMult},
		} {
			t.Run(solver.name+"/"+tc.name, func(t *testing.T) {
				res, err := solver.solve(wc.base, wc.lb, Options{Theta: 4, Balance: tc.bal})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("iterations %d, final change %.3g", res.Iterations, res.FinalChange)
				maxW, maxX := 0.0, 0.0
				for i, c := range res.Countries {
					if !sig6(res.Welfare[i], tc.w[i]) {
						t.Errorf("%s welfare %.9g, published %.9g", c, res.Welfare[i], tc.w[i])
					}
					maxW = max(maxW, relErr(res.Welfare[i], tc.w[i]))
				}
				for k, v := range res.Flows.X {
					if !sig6(v, tc.x[k]) {
						t.Errorf("flow %s->%s %.9g, published %.9g", res.Countries[k/44], res.Countries[k%44], v, tc.x[k])
					}
					maxX = max(maxX, relErr(v, tc.x[k]))
				}
				t.Logf("max relative error: welfare %.3g, flows %.3g", maxW, maxX)
			})
		}
	}
}

// The two solvers share no code beyond the result bookkeeping: exact hat
// algebra iterates on wages and price indices, GE-PPML re-estimates fixed
// effects with package gravity. On the same problem they must agree to the
// solver tolerance.
func TestSolversAgree(t *testing.T) {
	wc := loadWIOD(t)
	full, _ := loadCentralAsia(t, 2023)
	// pool distant economies to keep the test quick; the pooled table still
	// has zero flows (e.g. TKM-MNG)
	keep := map[string]bool{}
	for _, c := range []string{"KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN", "AFG", "IRN", "TUR", "PAK", "IND",
		"AZE", "GEO", "ARM", "MNG", "BLR", "UKR", "USA", "DEU", "JPN", "KOR"} {
		keep[c] = true
	}
	group := map[string]string{}
	for _, c := range full.Countries {
		if !keep[c] {
			group[c] = "ROW"
		}
	}
	base := Aggregate(full, group)
	zeros := 0
	for _, v := range base.X {
		if v == 0 {
			zeros++
		}
	}
	if zeros == 0 {
		t.Fatal("pooled Central Asia table has no zero flows")
	}
	c5lb, err := LogPartials(base.Countries, 5, Agreement{Name: "c5", Pairs: Pairs{Members: c5}, PartialEffect: 0.3},
		CostRatio{Name: "rail", Ratio: map[Pair]float64{{"KGZ", "CHN"}: 0.85}, Symmetric: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		base  *Flows
		lb    []float64
		theta float64
	}{
		{"WIOD EU enlargement", wc.base, wc.lb, 4},
		{"Central Asia C5 agreement + rail (23 economies, zero flows)", base, c5lb, 5},
	} {
		for _, bal := range []Balance{Additive, Multiplicative} {
			opt := Options{Theta: tc.theta, Balance: bal, Tol: 1e-11}
			h, err := SolveHat(tc.base, tc.lb, opt)
			if err != nil {
				t.Fatal(err)
			}
			p, err := SolveGEPPML(tc.base, tc.lb, opt)
			if err != nil {
				t.Fatal(err)
			}
			maxW, maxX := 0.0, 0.0
			for i := range h.Welfare {
				maxW = max(maxW, relErr(p.Welfare[i], h.Welfare[i]), relErr(p.RealWage[i], h.RealWage[i]),
					relErr(p.NominalWage[i], h.NominalWage[i]), relErr(p.PriceIndex[i], h.PriceIndex[i]))
			}
			for k, v := range h.Flows.X {
				if v > 0 {
					maxX = max(maxX, relErr(p.Flows.X[k], v))
				} else if p.Flows.X[k] != 0 {
					t.Errorf("%s: zero flow %d became %v", tc.name, k, p.Flows.X[k])
				}
			}
			t.Logf("%s, %v: hat %d iterations (last %.2g), GE-PPML %d (last %.2g); max rel. difference: prices/welfare %.2g, flows %.2g",
				tc.name, bal, h.Iterations, h.FinalChange, p.Iterations, p.FinalChange, maxW, maxX)
			if maxW > 1e-9 || maxX > 1e-9 {
				t.Errorf("%s, %v: solvers differ by %.3g (welfare) %.3g (flows)", tc.name, bal, maxW, maxX)
			}
		}
	}
}

// The conditional equilibrium keeps every economy's output and expenditure
// and moves only the multilateral resistances.
func TestGEPPMLConditional(t *testing.T) {
	wc := loadWIOD(t)
	res, err := SolveGEPPMLWith(wc.base, wc.lb, Options{Theta: 4}, GEPPMLOptions{Conditional: true})
	if err != nil {
		t.Fatal(err)
	}
	Y0, E0 := wc.base.Output(), wc.base.Expenditure()
	Y1, E1 := res.Flows.Output(), res.Flows.Expenditure()
	for i, c := range res.Countries {
		if relErr(Y1[i], Y0[i]) > 1e-9 || relErr(E1[i], E0[i]) > 1e-9 || res.NominalWage[i] != 1 {
			t.Errorf("%s: output %v -> %v, expenditure %v -> %v, wage %v", c, Y0[i], Y1[i], E0[i], E1[i], res.NominalWage[i])
		}
	}
	// trade between new EU members rises
	k := wc.base.Index("POL")*wc.base.N() + wc.base.Index("CZE")
	if !(res.Flows.X[k] > wc.base.X[k]) || len(res.Warnings) != 1 || !errors.Is(res.Warnings[0], ErrConditional) {
		t.Errorf("POL->CZE %v -> conditional %v; warnings %v", wc.base.X[k], res.Flows.X[k], res.Warnings)
	}
}
