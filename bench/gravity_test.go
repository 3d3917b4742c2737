package bench

import (
	"bytes"
	"strings"
	"testing"
)

// The side-by-side table divides steppe's medians by fixest's, and says
// why fixest was skipped when it was.
func TestWriteGravitySideBySide(t *testing.T) {
	runs := []GravityRun{{
		Threads: 2, Wall: []float64{0.5}, CPU: []float64{0.8}, DefaultCPU: []float64{1.2}, DefaultWall: []float64{0.6, 0.9, 0.3}, ReadWall: []float64{0.2},
		Command: ProcessRuns{Wall: []float64{1, 1.5, 1.2}, CPU: []float64{2, 2, 2}, PeakMB: 200},
		Fixest: &FixestRun{Script: ProcessRuns{Wall: []float64{4, 3, 5}, CPU: []float64{4, 4, 4}, PeakMB: 400},
			ReadS: []float64{0.1}, FitS: []float64{2, 2, 1}, FitCPU: []float64{3}},
	}}
	var b bytes.Buffer
	if err := WriteGravitySideBySide(&b, runs, "", [2]float64{1.5, 2.25}); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(b.String()), " ") // columns' widths aside
	for _, want := range []string{
		"load average 1.50 before, 2.25 after",
		"whole command (Rscript) 1.200 4.000 0.30", // medians 1.2 and 4
		"fit, default options 0.600 2.000 0.30 2 CPU 1.200 3.000 0.40",
		"fixest's sample rules 0.500 2.000 0.25",
		"CSV read (fread) 0.200 0.100 2.00",
		"peak RSS MB, whole command 200 400 0.50",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
	b.Reset()
	runs[0].Fixest = nil
	if err := WriteGravitySideBySide(&b, runs, "Rscript not found", [2]float64{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "fixest: skipped: Rscript not found") || !strings.Contains(b.String(), "1.200") {
		t.Errorf("skipped output:\n%s", b.String())
	}
}
