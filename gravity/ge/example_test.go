package ge_test

import (
	"fmt"

	"github.com/steppe-dev/steppe/gravity/ge"
)

// Two symmetric economies that spend 80% at home sign an agreement that
// raises their bilateral trade by exp(0.3) - 1 = 35% at given prices. By
// symmetry wages do not move and welfare rises by (0.8 + 0.2 exp(0.3))^(1/4)
// - 1 = 1.705%.
func ExampleSolveHat() {
	base := &ge.Flows{Countries: []string{"A", "B"}, X: []float64{80, 20, 20, 80}, Unit: "million USD"}
	lb, _ := ge.LogPartials(base.Countries, 4, ge.Agreement{Name: "AB", Pairs: ge.Pairs{Members: []string{"A", "B"}}, PartialEffect: 0.3})
	res, _ := ge.SolveHat(base, lb, ge.Options{Theta: 4})
	fmt.Printf("welfare A %+.3f%%, A->B %.2f -> %.2f\n", 100*(res.Welfare[0]-1), base.At(0, 1), res.Flows.At(0, 1))
	// Output: welfare A +1.705%, A->B 20.00 -> 25.23
}
