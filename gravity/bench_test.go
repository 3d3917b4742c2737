package gravity

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

var (
	benchOnce  sync.Once
	benchFrame *Frame
)

func benchPanel() *Frame {
	benchOnce.Do(func() { benchFrame = BenchPanel() })
	return benchFrame
}

// TestBenchPanelChecksums verifies the generator against the published
// checksums (rows, Σy, zeros, CSV size and SHA-256).
func TestBenchPanelChecksums(t *testing.T) {
	if testing.Short() {
		t.Skip("1M-row panel")
	}
	rows, sumY, zeros, size, sha := BenchPanelChecksums(benchPanel())
	c := BenchChecksums
	if rows != c.Rows || sumY != c.SumY || zeros != c.Zeros || size != c.CSVBytes || sha != c.SHA256 {
		t.Errorf("panel: rows %d sum %d zeros %d bytes %d sha %s\nwant rows %d sum %d zeros %d bytes %d sha %s",
			rows, sumY, zeros, size, sha, c.Rows, c.SumY, c.Zeros, c.CSVBytes, c.SHA256)
	}
}

func benchmarkFit(b *testing.B, threads int) {
	f := benchPanel()
	runtime.GC()
	b.ResetTimer()
	for range b.N {
		res, err := Fit(f, BenchFormula, Options{Threads: threads, Separation: SeparationFE})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Iterations), "irls-iters")
	}
}

// BenchmarkFitPanel1 fits the 1M-row benchmark panel on one thread
// (fixest 0.12: 1.9-2.4 s on the 2-core reference machine).
func BenchmarkFitPanel1(b *testing.B) { benchmarkFit(b, 1) }

// BenchmarkFitPanel2 is the same on two threads (fixest: 1.4-1.7 s).
func BenchmarkFitPanel2(b *testing.B) { benchmarkFit(b, 2) }

// BenchmarkFitTradeA fits golden spec a on the trade data (fixest 0.09-0.13 s).
func BenchmarkFitTradeA(b *testing.B) {
	_, trade, _ := loadGolden(b)
	for range b.N {
		if _, err := Fit(trade, "Euros ~ log(dist_km) | Origin + Destination + Product + Year", Options{Threads: 1, Separation: SeparationFE}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchPanelFixest fits fixest's specification on the 1M-row panel and
// compares with bench_synthetic_1m in the golden file: the sample (the 440
// all-zero pairs), coefficients against the tight fit (1e-8), standard
// errors (1e-6) and the fitted values.
func TestBenchPanelFixest(t *testing.T) {
	if testing.Short() {
		t.Skip("1M-row panel")
	}
	b, err := os.ReadFile("testdata/fixest_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	var g struct {
		Sample struct {
			FixefRemoved struct {
				Pairs []string `json:"removed_pairs_exp_imp"`
			} `json:"fixef_removed"`
			FixefSizes map[string]int `json:"fixef_sizes"`
		} `json:"sample"`
		Vcov   map[string]goldenVcov `json:"vcov"`
		Fitted struct {
			Rows   []int     `json:"rows_1based"`
			Fitted []float64 `json:"fitted"`
		} `json:"fitted_values"`
		Tight struct {
			Coefficients map[string]float64            `json:"coefficients"`
			SE           map[string]map[string]float64 `json:"se"`
		} `json:"tight_tolerance"`
	}
	if err := json.Unmarshal(raw["bench_synthetic_1m"], &g); err != nil {
		t.Fatal(err)
	}
	res, err := Fit(benchPanel(), BenchFormula, Options{FixefTol: 1e-11, GLMTol: 1e-12, GLMMaxIter: 200, FixefMaxIter: 1000000, Separation: SeparationFE})
	if err != nil {
		t.Fatal(err)
	}
	if res.NObs != FixestBench.NObs || res.Removed.AllZeroFE != FixestBench.Removed {
		t.Errorf("nobs %d removed %d, want %d %d", res.NObs, res.Removed.AllZeroFE, FixestBench.NObs, FixestBench.Removed)
	}
	for _, fe := range res.FE {
		if fe.Size != g.Sample.FixefSizes[fe.Name] {
			t.Errorf("FE %s: %d levels, want %d", fe.Name, fe.Size, g.Sample.FixefSizes[fe.Name])
		}
		if fe.Name == "exp^imp" {
			want := append([]string(nil), g.Sample.FixefRemoved.Pairs...)
			sort.Strings(want)
			if strings.Join(fe.RemovedLevels, " ") != strings.Join(want, " ") {
				t.Errorf("removed pairs differ: %d vs %d", len(fe.RemovedLevels), len(want))
			}
		}
	}
	for j, name := range res.CoefNames {
		checkRel(t, "coef "+name, res.Coef[j], g.Tight.Coefficients[name], 1e-8)
		t.Logf("coef %s: %.1f digits", name, digits(res.Coef[j], g.Tight.Coefficients[name]))
	}
	for key, gv := range g.Vcov {
		v, err := res.Vcov(mustVcov(t, key))
		if err != nil {
			t.Fatal(err)
		}
		if v.K != gv.K || v.DF != gv.TDF {
			t.Errorf("%s: K %d df %d, want %d %d", key, v.K, v.DF, gv.K, gv.TDF)
		}
		for j, name := range res.CoefNames {
			want, ok := g.Tight.SE[key][name]
			if !ok {
				want = gv.SE[name] // hetero: only the default fit (coefficients agree to 1e-13)
			}
			checkRel(t, key+" se "+name, v.SE[j], want, 1e-6)
			t.Logf("%s se %s: %.1f digits", key, name, digits(v.SE[j], want))
		}
	}
	for i, row := range g.Fitted.Rows {
		got, ok := res.FittedAt(row - 1)
		if !ok {
			t.Errorf("row %d removed", row)
			continue
		}
		checkRel(t, fmt.Sprint("fitted row ", row), got, g.Fitted.Fitted[i], 1e-6)
	}
}
