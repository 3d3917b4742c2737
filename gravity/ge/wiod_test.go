package ge

import (
	"encoding/csv"
	"math"
	"os"
	"sort"
	"strconv"
	"testing"
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
	f, err := os.Open("testdata/wiod_ge_gravity_results.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
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
	for _, r := range recs[1:] {
		if r[col["year"]] != "2000" {
			continue
		}
		rows = append(rows, row{r[col["exporter"]], r[col["importer"]], num(r[col["trade"]]), num(r[col["eu_effect"]]),
			num(r[col["w_eu"]]), num(r[col["X_eu"]]), num(r[col["w_mult"]]), num(r[col["X_mult"]])})
		set[r[col["exporter"]]] = true
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
