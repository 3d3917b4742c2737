package ge

import (
	"math"
	"testing"
)

// threeCountry is a small unbalanced table used by the analytic tests.
func threeCountry() *Flows {
	return &Flows{Countries: []string{"AAA", "BBB", "CCC"}, X: []float64{
		100, 20, 5,
		10, 200, 30,
		8, 25, 150,
	}}
}

type solver struct {
	name  string
	solve func(*Flows, []float64, Options) (*Result, error)
}

// solvers lists the counterfactual solvers every analytic test runs on.
var solvers = []solver{{"hat", SolveHat}, {"ge-ppml", SolveGEPPML}}

func TestZeroShockChangesNothing(t *testing.T) {
	for _, s := range solvers {
		for _, bal := range []Balance{Additive, Multiplicative} {
			base := threeCountry()
			res, err := s.solve(base, make([]float64, 9), Options{Theta: 5, Balance: bal, Tol: 1e-12})
			if err != nil {
				t.Fatalf("%s %v: %v", s.name, bal, err)
			}
			for k, v := range res.Flows.X {
				if math.Abs(v-base.X[k]) > 1e-9*base.X[k] {
					t.Errorf("%s %v: flow %d = %v, want %v", s.name, bal, k, v, base.X[k])
				}
			}
			for i := range res.Countries {
				for name, v := range map[string]float64{"welfare": res.Welfare[i], "real wage": res.RealWage[i],
					"wage": res.NominalWage[i], "price index": res.PriceIndex[i]} {
					if math.Abs(v-1) > 1e-10 {
						t.Errorf("%s %v: %s %s = %v, want 1", s.name, bal, res.Countries[i], name, v)
					}
				}
			}
		}
	}
}

// Two identical countries with domestic share p; a shock multiplying
// both international cost terms by B. By symmetry wages do not move, so
// Phat^-theta = p + (1-p)B and welfare = (p + (1-p)B)^(1/theta); the new
// domestic share is p / (p + (1-p)B).
func TestTwoCountrySymmetricClosedForm(t *testing.T) {
	const theta, p = 4.0, 0.8
	for _, s := range solvers {
		for _, lnB := range []float64{0.3, -0.7} {
			base := &Flows{Countries: []string{"A", "B"}, X: []float64{p, 1 - p, 1 - p, p}}
			lb := []float64{0, lnB, lnB, 0}
			res, err := s.solve(base, lb, Options{Theta: theta, Tol: 1e-13})
			if err != nil {
				t.Fatal(err)
			}
			B := math.Exp(lnB)
			den := p + (1-p)*B
			wantW := math.Pow(den, 1/theta)
			for i := 0; i < 2; i++ {
				if math.Abs(res.Welfare[i]-wantW) > 1e-10 {
					t.Errorf("%s lnB=%v: welfare %v, want %v", s.name, lnB, res.Welfare[i], wantW)
				}
				if math.Abs(res.NominalWage[i]-1) > 1e-10 {
					t.Errorf("%s lnB=%v: wage %v, want 1", s.name, lnB, res.NominalWage[i])
				}
				if got := res.Flows.At(i, i); math.Abs(got-p/den) > 1e-10 {
					t.Errorf("%s lnB=%v: domestic flow %v, want %v", s.name, lnB, got, p/den)
				}
				if got := res.Flows.At(i, 1-i); math.Abs(got-(1-p)*B/den) > 1e-10 {
					t.Errorf("%s lnB=%v: foreign flow %v, want %v", s.name, lnB, got, (1-p)*B/den)
				}
			}
		}
	}
}

// Doubling every trade cost (domestic ones included) is a change of units:
// shares, nominal flows and wages stay put, every price index doubles, and
// real wages and welfare halve.
func TestUniformDoublingOfTradeCosts(t *testing.T) {
	const theta = 5.0
	for _, s := range solvers {
		for _, bal := range []Balance{Additive, Multiplicative} {
			base := threeCountry()
			lb, err := LogPartials(base.Countries, theta, CostRatio{Name: "double", Ratio: allPairs(base.Countries, 2)})
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.solve(base, lb, Options{Theta: theta, Balance: bal, Tol: 1e-13})
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range res.Flows.X {
				if math.Abs(v-base.X[k]) > 1e-9*base.X[k] {
					t.Errorf("%s %v: flow %d = %v, want unchanged %v", s.name, bal, k, v, base.X[k])
				}
			}
			for i, c := range res.Countries {
				check := func(what string, got, want float64) {
					if math.Abs(got-want) > 1e-10 {
						t.Errorf("%s %v: %s %s = %v, want %v", s.name, bal, c, what, got, want)
					}
				}
				check("wage", res.NominalWage[i], 1)
				check("price index", res.PriceIndex[i], 2)
				check("real wage", res.RealWage[i], 0.5)
				check("welfare", res.Welfare[i], 0.5)
			}
		}
	}
}

// Arkolakis, Costinot & Rodriguez-Clare (2012): with balanced or
// multiplicative imbalances, the welfare change is the change in the
// domestic trade share to the power -1/theta, whatever the shock.
func TestACRFormula(t *testing.T) {
	const theta = 4.0
	for _, s := range solvers {
		base := threeCountry()
		lb := []float64{0, 0.4, -0.2, 0.1, 0, 0.5, 0, -0.3, 0}
		res, err := s.solve(base, lb, Options{Theta: theta, Balance: Multiplicative, Tol: 1e-13})
		if err != nil {
			t.Fatal(err)
		}
		E0, E1 := base.Expenditure(), res.Flows.Expenditure()
		for j, c := range res.Countries {
			piHat := (res.Flows.At(j, j) / E1[j]) / (base.At(j, j) / E0[j])
			if want := math.Pow(piHat, -1/theta); math.Abs(res.Welfare[j]-want) > 1e-9 {
				t.Errorf("%s %s: welfare %v, ACR %v", s.name, c, res.Welfare[j], want)
			}
		}
	}
}

func allPairs(cs []string, r float64) map[Pair]float64 {
	m := map[Pair]float64{}
	for _, a := range cs {
		for _, b := range cs {
			m[Pair{a, b}] = r
		}
	}
	return m
}
