package ge

import (
	"testing"
)

func TestHatWIODPublished(t *testing.T) {
	wc := loadWIOD(t)
	for _, tc := range []struct {
		name string
		bal  Balance
		w, x []float64
	}{
		{"additive", Additive, wc.wEU, wc.xEU},
		{"multiplicative", Multiplicative, wc.wMult, wc.xMult},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := SolveHat(wc.base, wc.lb, Options{Theta: 4, Balance: tc.bal})
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
