package gravity_test

import (
	"fmt"
	"strings"

	"github.com/steppe-dev/steppe/gravity"
)

// A PPML gravity fit with exporter and importer fixed effects, standard
// errors clustered by pair, chosen after fitting.
func ExampleFit() {
	csv := `exp,imp,dist,flow
A,B,1.0,20
A,C,2.0,7
A,D,3.0,3
B,A,1.0,18
B,C,1.5,9
B,D,2.5,4
C,A,2.0,6
C,B,1.5,10
C,D,1.2,12
D,A,3.0,2
D,B,2.5,5
D,C,1.2,14
`
	f, err := gravity.ReadCSV(strings.NewReader(csv))
	if err != nil {
		panic(err)
	}
	res, err := gravity.Fit(f, "flow ~ log(dist) | exp + imp", gravity.Options{})
	if err != nil {
		panic(err)
	}
	v, err := res.Vcov(gravity.VcovSpec{Type: gravity.VcovHetero})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.4f (robust SE %.4f), %d obs, %d IRLS iterations\n",
		res.CoefNames[0], res.Coef[0], v.SE[0], res.NObs, res.Iterations)
	// Output:
	// log(dist): -1.6056 (robust SE 0.1163), 12 obs, 4 IRLS iterations
}
