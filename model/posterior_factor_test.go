package model

import (
	"context"
	"errors"
	"testing"
)

// A posterior-draw factor fixes the fitted models' draw per experiment:
// at draw 0 with one Monte Carlo draw it reproduces the plain run (which
// uses posterior draw 0 for Monte Carlo draw 0), and other draws change
// the outcome.
func TestPosteriorDrawFactors(t *testing.T) {
	m := assembleDefault(t, Config{})
	fs, err := m.Factors(FactorOptions{Params: []string{"shocks"}, DecisionDraw: true, HazardDraw: true})
	if err != nil {
		t.Fatal(err)
	}
	post := map[string]float64{}
	for _, f := range fs {
		if f.Name == DecisionDrawFactor || f.Name == HazardDrawFactor {
			post[f.Name] = f.Hi
			if f.Lo != 0 || f.Quantile(0) != 0 || f.Quantile(0.999999) != f.Hi || f.Hi < 99 {
				t.Errorf("%s: [%v, %v], quantiles %v %v", f.Name, f.Lo, f.Hi, f.Quantile(0), f.Quantile(0.999999))
			}
		}
	}
	if len(post) != 2 {
		t.Fatalf("factors %v: want both posterior draws", post)
	}
	oo := OutcomeOptions{Draws: 1, Seed: 3, Countries: []string{"REGION"}, Years: []int{2030}}
	_, plain, err := m.Evaluator(nil, oo)
	if err != nil {
		t.Fatal(err)
	}
	names, eval, err := m.Evaluator([]string{DecisionDrawFactor, HazardDrawFactor}, oo)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	base, err := plain(ctx, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h float64) []float64 {
		t.Helper()
		y, err := eval(ctx, 0, []float64{d, h})
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	y00 := at(0, 0)
	for k := range base {
		if y00[k] != base[k] {
			t.Errorf("%s at draws (0, 0): %v; plain run %v", names[k], y00[k], base[k])
		}
	}
	differs := func(a, b []float64) bool {
		for k := range a {
			if a[k] != b[k] {
				return true
			}
		}
		return false
	}
	if !differs(at(7, 0), y00) || !differs(at(0, 7), y00) {
		t.Error("changing a posterior draw left every outcome unchanged")
	}
	for _, x := range [][]float64{{-1, 0}, {0.5, 0}, {0, post[HazardDrawFactor] + 1}} {
		var ie *InputError
		if _, err := eval(ctx, 0, x); !errors.As(err, &ie) {
			t.Errorf("draws %v: error %v; want an input error", x, err)
		}
	}
	if _, err := m.Factors(FactorOptions{DecisionDraw: true, Morris: true}); err == nil {
		t.Error("a Morris design with a posterior-draw factor accepted")
	}
	st := assembleDefault(t, Config{Stated: true})
	if _, err := st.Factors(FactorOptions{DecisionDraw: true}); err == nil {
		t.Error("stated models: a decision-draw factor accepted")
	}
	if _, _, err := st.Evaluator([]string{HazardDrawFactor}, oo); err == nil {
		t.Error("stated models: a hazard-draw factor accepted")
	}
}
