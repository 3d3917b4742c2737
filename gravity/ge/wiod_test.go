package ge

import (
	"math"
	"sort"
	"strconv"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
)

// wiodCase is the year-2000 cross-section of testdata/wiod_ge_gravity_results.csv
// (see testdata/README.md): flows, the shock and the published results.
type wiodCase struct {
	base       *Flows
	lb         []float64
	wEU, wMult []float64 // per exporter
	xEU, xMult []float64 // per cell
}

func loadWIOD(t testing.TB) *wiodCase {
	t.Helper()
	f := fixture.Open(t, "testdata/wiod_ge_gravity_results.csv")
	in, col, err := openCSV(f, "wiod_ge_gravity_results.csv", "year", "exporter", "importer", "trade", "eu_effect", "w_eu", "X_eu", "w_mult", "X_mult")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		e, i                   string
		x, b, weu, xeu, wm, xm float64
	}
	var rows []row
	set := map[string]bool{}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	err = in.Each(func(r []string) error {
		if r[col[0]] == "2000" {
			rows = append(rows, row{r[col[1]], r[col[2]], num(r[col[3]]), num(r[col[4]]),
				num(r[col[5]]), num(r[col[6]]), num(r[col[7]]), num(r[col[8]])})
			set[r[col[1]]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for c := range set {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	idx := map[string]int{}
	for i, c := range codes {
		idx[c] = i
	}
	n := len(codes)
	wc := &wiodCase{base: &Flows{Countries: codes, X: make([]float64, n*n), Unit: "million USD", Year: 2000},
		lb: make([]float64, n*n), wEU: make([]float64, n), wMult: make([]float64, n), xEU: make([]float64, n*n), xMult: make([]float64, n*n)}
	for _, r := range rows {
		i, j := idx[r.e], idx[r.i]
		k := i*n + j
		wc.base.X[k], wc.lb[k], wc.xEU[k], wc.xMult[k] = r.x, r.b, r.xeu, r.xm
		wc.wEU[i], wc.wMult[i] = r.weu, r.wm
	}
	if n != 44 || len(rows) != n*n {
		t.Fatalf("WIOD 2000: %d economies, %d rows; want 44, 1936", n, len(rows))
	}
	return wc
}

// relErr is |a-b|/|b|.
func relErr(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

// sig6 reports whether a equals the published b to 6 significant digits:
// the relative difference is below half a unit in the 6th digit of b.
func sig6(a, b float64) bool {
	if b == 0 {
		return a == 0
	}
	ulp6 := math.Pow(10, math.Floor(math.Log10(math.Abs(b)))-5)
	return math.Abs(a-b) <= 0.5*ulp6
}
