package gravity

import (
	"runtime"
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
