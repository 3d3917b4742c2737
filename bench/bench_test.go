package bench

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/gravity"
)

// TestWriteGravityRatios checks the ratios to fixest's figures for known
// runs: one thread against the one-thread range, two threads against the
// two-thread range, the best time over each end of the range.
func TestWriteGravityRatios(t *testing.T) {
	fx := gravity.FixestBench
	runs := []GravityRun{
		{Threads: 1, Wall: []float64{3, 2, 4}, CPU: []float64{2, 2, 2}, ChecksumsOK: true, Checksums: "rows 1"},
		{Threads: 2, Wall: []float64{1.5}, CPU: []float64{3}},
	}
	var b bytes.Buffer
	if err := WriteGravity(&b, runs); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Checksums: match the reference generator",
		fmt.Sprintf("%.2f-%.2f", 2/fx.Secs1Hi, 2/fx.Secs1Lo),
		fmt.Sprintf("%.2f-%.2f", 1.5/fx.Secs2Hi, 1.5/fx.Secs2Lo),
		"3.000", // median wall time of the one-thread run
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
	runs[0].ChecksumsOK = false
	b.Reset()
	if err := WriteGravity(&b, runs); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "MISMATCH") {
		t.Errorf("a checksum mismatch is not reported:\n%s", b.String())
	}
}

// TestSimReportRatios checks the per-country-month times and the ratio to
// the goal of a known report: 10,000 draws x 2 policies x 5 countries x 10
// months are 1,000,000 country-months, so 1 s is 1,000 ns each, and the
// goal for 10,000 draws is 0.5 s (issue 15); the Bernoulli reference is 0.1 s.
func TestSimReportRatios(t *testing.T) {
	r := &SimReport{Scenario: "s", Draws: 10000, Workers: 2, Policies: 2, Countries: 5, Months: 10,
		Load: 100 * time.Millisecond, Setup: 400 * time.Millisecond, One: 2 * time.Second, All: time.Second,
		Warm: time.Second / 2, Stated: time.Second / 4, Reference: time.Second / 8, Bernoulli: time.Second / 10}
	var b bytes.Buffer
	r.Write(&b)
	for _, want := range []string{
		"2s   2000.0 ns/country-month",
		"(speed-up 2.00x)",
		"(engines cost 8.0x)",
		"(stated sim / reference = 2.0)",
		"2 workers: 100ms; (load + setup + 2-worker run)/reference = 15.0",
		"= 500ms for 10000 draws; (load + setup + 2-worker run)/goal = 3.00",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestUniformFloorStops checks that the reference loops honour their
// context.
func TestUniformFloorStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if d := uniformFloor(ctx, 1<<30, 1<<20); d > time.Second {
		t.Errorf("a cancelled reference ran %v", d)
	}
	if d := bernoulliLoop(ctx, 1<<30, 1<<20, 2); d > time.Second {
		t.Errorf("a cancelled Bernoulli reference ran %v", d)
	}
}
