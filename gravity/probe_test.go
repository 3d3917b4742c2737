package gravity

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// The rank probe never clears a data set with separated observations (it
// would skip the rectifier there), and clears those of ppmlhdfe's suite
// whose y = 0 rows are all determined by the y > 0 rows. Each set's
// formula uses its columns x* as regressors and id* as fixed effects, as
// TestSeparationPPMLHDFE does.
func TestZerosDeterminedPPMLHDFE(t *testing.T) {
	cleared := 0
	for i := 1; i <= 18; i++ {
		f, err := ReadFile(filepath.Join("testdata", "separation", fmt.Sprintf("%02d.csv", i)))
		if err != nil {
			t.Fatal(err)
		}
		var rhs, fes []string
		for _, c := range f.Names() {
			switch c[0] {
			case 'x':
				rhs = append(rhs, c)
			case 'i':
				fes = append(fes, c)
			}
		}
		fm, err := ParseFormula(fmt.Sprintf("y ~ %s | %s", strings.Join(append(rhs, "0"), " + "), strings.Join(fes, " + ")))
		if len(fes) == 0 {
			fm, err = ParseFormula("y ~ " + strings.Join(append(rhs, "1"), " + "))
		}
		if err != nil {
			t.Fatal(err)
		}
		s, err := prepareSample(f, fm, Options{Separation: SeparationFE}.withDefaults())
		if err != nil {
			t.Fatal(err)
		}
		truth, _ := f.Float("separated")
		separated := false
		for _, v := range truth {
			separated = separated || v == 1
		}
		isB, x, dims := reluInputs(s.y, s.xs, s.rawFE, s.rawLev, keptRows(s.reason))
		if isB == nil {
			continue
		}
		got := zerosDetermined(isB, x, dims, 2)
		if got && separated {
			t.Errorf("%02d.csv: probe clears a set with separated rows", i)
		}
		if got {
			cleared++
		}
	}
	if cleared == 0 {
		t.Error("the probe cleared none of the sets without separation")
	}
}

// On the 1M-row benchmark panel every y = 0 row is determined by the
// y > 0 rows, so the default separation check costs the probe alone and
// the sample is fixest's (tested in TestBenchPanelFixest).
func TestZerosDeterminedBenchPanel(t *testing.T) {
	if testing.Short() {
		t.Skip("1M-row panel")
	}
	fm, err := ParseFormula(BenchFormula)
	if err != nil {
		t.Fatal(err)
	}
	s, err := prepareSample(benchPanel(), fm, Options{Separation: SeparationFE}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	isB, x, dims := reluInputs(s.y, s.xs, s.rawFE, s.rawLev, keptRows(s.reason))
	if !zerosDetermined(isB, x, dims, 2) {
		t.Error("probe does not clear the benchmark panel")
	}
}
