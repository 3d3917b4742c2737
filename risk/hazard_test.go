package risk

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/steppe-dev/steppe/world"
)

func simHazardData(r *rand.Rand, lam []float64, from, to world.Month) *HazardData {
	countries := []string{"A", "B", "C", "D", "E"}[:len(lam)]
	var ev []TriggerEvent
	for c, l := range lam {
		for m := from; m <= to; m++ {
			for k := poissonRand(r, l); k > 0; k-- {
				ev = append(ev, TriggerEvent{Country: countries[c], Month: m, Type: world.TriggerBorder, Source: "sim"})
			}
		}
	}
	return NewHazardData(ev, world.TriggerBorder, countries, from, to, nil)
}

// TestHazardsConjugate: with the hyperparameters fixed, λ_c | y is exactly
// Gamma(α + n_c, α/μ + E_c); the sampler's mean and sd must match.
func TestHazardsConjugate(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	hd := simHazardData(r, []float64{0.002, 0.01, 0.03, 0}, world.Month(1992*12), world.Month(2024*12+11))
	fix := &FixedHyper{Alpha: 1.5, Mu: 0.008}
	h, err := FitHazards(context.Background(), hd, DefaultHazardPriors(), FitOptions{Chains: 2, Warmup: 10, Draws: 10000, Seed: 1}, fix)
	if err != nil {
		t.Fatal(err)
	}
	n, e := hd.Totals()
	for c, s := range h.Summaries() {
		a, b := fix.Alpha+float64(n[c]), fix.Alpha/fix.Mu+e[c]
		mean, sd := a/b, math.Sqrt(a)/b
		col := make([]float64, len(h.Lambda))
		for i, d := range h.Lambda {
			col[i] = d[c]
		}
		_, v := meanVar(col)
		if math.Abs(s.Mean-mean) > 4*sd/math.Sqrt(float64(len(col))) {
			t.Errorf("%s: mean %.6f, exact %.6f", s.Country, s.Mean, mean)
		}
		if math.Abs(math.Sqrt(v)-sd)/sd > 0.03 {
			t.Errorf("%s: sd %.6f, exact %.6f", s.Country, math.Sqrt(v), sd)
		}
	}
}

// TestHazardsRecovery: counts simulated with known monthly hazards over 33
// years; the 90% intervals of the pooled model contain the true hazards at
// about the nominal rate, and a state with no events gets a positive
// hazard.
func TestHazardsRecovery(t *testing.T) {
	truth := []float64{0.004, 0.012, 0.002, 0.008, 0.001}
	var cov coverage
	for seed := uint64(0); seed < 12; seed++ {
		r := rand.New(rand.NewPCG(300+seed, 5))
		hd := simHazardData(r, truth, world.Month(1992*12), world.Month(2024*12+11))
		h, err := FitHazards(context.Background(), hd, DefaultHazardPriors(), FitOptions{Chains: 2, Warmup: 500, Draws: 1500, Seed: seed}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for c, s := range h.Summaries() {
			cov.add(truth[c], s.Q05, s.Q95)
			if s.Observed == 0 && !(s.Q05 > 0) {
				t.Errorf("seed %d %s: zero events gave hazard interval [%g, %g]", seed, s.Country, s.Q05, s.Q95)
			}
			if s.Diag.Rhat > 1.05 {
				t.Errorf("seed %d %s: Rhat %.3f", seed, s.Country, s.Diag.Rhat)
			}
		}
	}
	cov.check(t, 0.8, 0.99)
}

func TestPoissonRand(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, mu := range []float64{0.01, 1, 7.5, 80} {
		var s, s2 float64
		const n = 100000
		for i := 0; i < n; i++ {
			k := float64(poissonRand(r, mu))
			s += k
			s2 += k * k
		}
		m := s / n
		v := s2/n - m*m
		if math.Abs(m-mu) > 4*math.Sqrt(mu/n) || math.Abs(v-mu)/mu > 0.1 {
			t.Errorf("Poisson(%v): mean %.4f var %.4f", mu, m, v)
		}
	}
}
