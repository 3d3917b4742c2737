package explore_test

import (
	"fmt"
	"math"

	"github.com/steppe-dev/steppe/explore"
)

// Sobol' indices of the Ishigami function from a Saltelli design.
func ExampleSobolAnalyze() {
	factors := []explore.Factor{
		explore.Uniform("x1", -math.Pi, math.Pi),
		explore.Uniform("x2", -math.Pi, math.Pi),
		explore.Uniform("x3", -math.Pi, math.Pi),
	}
	d, _ := explore.NewDesign(factors, explore.DesignSpec{Kind: explore.SobolSaltelli, N: 4096, Seed: 1})
	y := make([]float64, d.Rows())
	for i, x := range d.X {
		y[i] = math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
	}
	r, _ := explore.SobolAnalyze(y, explore.SobolOptions{Inputs: []string{"x1", "x2", "x3"}, Resamples: -1})
	for _, ix := range r.Indices {
		fmt.Printf("%s S1 %.1f ST %.1f\n", ix.Input, ix.S1.Value, ix.ST.Value)
	}
	// Output:
	// x1 S1 0.3 ST 0.6
	// x2 S1 0.4 ST 0.4
	// x3 S1 0.0 ST 0.2
}
