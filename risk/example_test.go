package risk_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/steppe-dev/steppe/risk"
)

// Fit the logistic model with the Pólya-Gamma Gibbs sampler to simulated
// data with a known slope of 1.5 and read its 90% credible interval.
func ExampleFitLogit() {
	r := rand.New(rand.NewPCG(1, 2))
	var x [][]float64
	var y []int
	for i := 0; i < 400; i++ {
		v := r.NormFloat64()
		p := 1 / (1 + math.Exp(-(-0.5 + 1.5*v)))
		x = append(x, []float64{1, v})
		y = append(y, map[bool]int{true: 1, false: 0}[r.Float64() < p])
	}
	fs := []risk.Feature{{Name: risk.FeatIntercept, Scale: 1}, {Name: "x", Scale: 1}}
	d := risk.NewDataMatrix(fs, x, y)
	fit, err := risk.FitLogit(context.Background(), d, risk.DefaultPriors(),
		risk.FitOptions{Chains: 2, Warmup: 200, Draws: 500, Seed: 7})
	if err != nil {
		panic(err)
	}
	s := fit.Summaries()[1]
	fmt.Printf("slope 90%% interval contains 1.5: %v; R-hat below 1.01: %v\n",
		s.Q05 < 1.5 && 1.5 < s.Q95, s.Diag.Rhat < 1.01)
	// Output: slope 90% interval contains 1.5: true; R-hat below 1.01: true
}
