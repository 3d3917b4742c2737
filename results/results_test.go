package results

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// TestQuantileType7 checks against R: quantile(c(1, 2, 4, 8, 16), p, type = 7)
// gives 1.2, 4, 14.4 for p = 0.05, 0.5, 0.95.
func TestQuantileType7(t *testing.T) {
	x := []float64{1, 2, 4, 8, 16}
	for _, tc := range []struct{ p, want float64 }{{0.05, 1.2}, {0.5, 4}, {0.95, 14.4}, {0, 1}, {1, 16}} {
		if got := Quantile(x, tc.p); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Quantile(%g) = %g, want %g", tc.p, got, tc.want)
		}
	}
}

func TestRound(t *testing.T) {
	for _, tc := range []struct{ in, want float64 }{{0.123456789, 0.123457}, {-1234567.8, -1234570}, {0, 0}, {-1e-20, -1e-20}} {
		if got := round(tc.in); got != tc.want {
			t.Errorf("round(%g) = %g, want %g", tc.in, got, tc.want)
		}
	}
}

// fakeOutput has one country, two years, two policies and three draws.
func fakeOutput() *sim.Output {
	o := &sim.Output{Scenario: "s", Start: world.MonthOf(2022, 2), Horizon: world.MonthOf(2023, 12), Draws: 3,
		Policies: []string{"baseline", "p"}, Countries: []string{"AAA"}, Years: []int{2022, 2023}}
	n := 2 * 2 * 2
	o.PAny = make([]float64, n*3)
	copy(o.Draw(0, 0, 1), []float64{0.1, 0.2, 0.3})
	copy(o.Draw(1, 0, 1), []float64{0.05, 0.2, 0.25})
	o.Triggers = make([]float64, n*int(world.NumTriggerTypes))
	o.Interventions = make([]float64, n*int(world.NumOutcomes))
	o.Triggers[o.Index(0, 0, 1)*int(world.NumTriggerTypes)] = 1.5
	return o
}

func TestSummarize(t *testing.T) {
	r := Summarize(fakeOutput(), nil)
	c := r.Cell("baseline", "AAA", 2023)
	if c.PIntervention.Mean != 0.2 || c.PIntervention.Q50 != 0.2 || c.Delta != nil || c.ExpectedTriggers["protest"] != 1.5 || c.ExpectedTriggers["total"] != 1.5 {
		t.Errorf("baseline cell %+v", c)
	}
	// delta = mean(-0.05, 0, -0.05) = -1/30; se = sd/sqrt(3).
	d := r.Cell("p", "AAA", 2023).Delta
	wantSE := math.Sqrt((2*math.Pow(-0.05+1.0/30, 2)+math.Pow(1.0/30, 2))/2) / math.Sqrt(3)
	if math.Abs(d.Mean+1.0/30) > 1e-6 || math.Abs(d.SE-wantSE) > 1e-6 {
		t.Errorf("delta %+v, want mean %g se %g", *d, -1.0/30, wantSE)
	}
	if len(r.Cells) != 2*2*2 || r.Countries[1] != Region {
		t.Errorf("%d cells, countries %v", len(r.Cells), r.Countries)
	}
}

// TestDeltaRange checks the delta's spread over draws on hand-made outputs
// of one country, one year, two policies and four draws: q05 and q95 are
// the type-7 quantiles of the paired differences policy − baseline (not the
// difference of the two policies' quantiles), and p_negative is the share of
// draws whose difference is below zero (a zero difference does not count).
func TestDeltaRange(t *testing.T) {
	for _, tc := range []struct {
		name           string
		base, pol      []float64
		diffs          []float64 // sorted paired differences
		wantPNeg       float64
		wantMean       float64
		wantQ05LessQ95 bool
	}{
		{"mixed", []float64{0.2, 0.3, 0.4, 0.5}, []float64{0.1, 0.35, 0.4, 0.2}, []float64{-0.3, -0.1, 0, 0.05}, 0.5, -0.0875, true},
		{"all lower", []float64{0.5, 0.5, 0.5, 0.5}, []float64{0.4, 0.3, 0.2, 0.1}, []float64{-0.4, -0.3, -0.2, -0.1}, 1, -0.25, true},
		{"identical", []float64{0.1, 0.2, 0.3, 0.4}, []float64{0.1, 0.2, 0.3, 0.4}, []float64{0, 0, 0, 0}, 0, 0, false},
		// The policies' own ranges are equal here, yet every paired
		// difference is +0.1 or -0.3: the spread comes from the pairing.
		{"same marginals", []float64{0.1, 0.2, 0.3, 0.4}, []float64{0.2, 0.3, 0.4, 0.1}, []float64{-0.3, 0.1, 0.1, 0.1}, 0.25, 0, true},
	} {
		o := &sim.Output{Scenario: "s", Start: world.MonthOf(2022, 1), Horizon: world.MonthOf(2022, 12), Draws: 4,
			Policies: []string{"baseline", "p"}, Countries: []string{"AAA"}, Years: []int{2022}}
		n := 2 * 2 * 1
		o.PAny = make([]float64, n*o.Draws)
		copy(o.Draw(0, 0, 0), tc.base)
		copy(o.Draw(1, 0, 0), tc.pol)
		o.Triggers = make([]float64, n*int(world.NumTriggerTypes))
		o.Interventions = make([]float64, n*int(world.NumOutcomes))
		d := Summarize(o, nil).Cell("p", "AAA", 2022).Delta
		wantQ05, wantQ95 := round(Quantile(tc.diffs, 0.05)), round(Quantile(tc.diffs, 0.95))
		if math.Abs(d.Q05-wantQ05) > 1e-12 || math.Abs(d.Q95-wantQ95) > 1e-12 || d.PNegative != tc.wantPNeg || math.Abs(d.Mean-tc.wantMean) > 1e-9 {
			t.Errorf("%s: delta %+v, want mean %g q05 %g q95 %g p_negative %g", tc.name, *d, tc.wantMean, wantQ05, wantQ95, tc.wantPNeg)
		}
		if (d.Q05 < d.Q95) != tc.wantQ05LessQ95 {
			t.Errorf("%s: q05 %g, q95 %g", tc.name, d.Q05, d.Q95)
		}
		// The region (all zeros here) has no effect at all.
		if r := Summarize(o, nil).Cell("p", Region, 2022).Delta; r.Q05 != 0 || r.Q95 != 0 || r.PNegative != 0 {
			t.Errorf("%s: region delta %+v, want zeros", tc.name, *r)
		}
	}
	// Quantile of the sorted differences of "mixed" by hand: h = 3·0.05 =
	// 0.15, so q05 = -0.3 + 0.15·0.2 = -0.27; h = 2.85, q95 = 0 + 0.85·0.05.
	if q := Quantile([]float64{-0.3, -0.1, 0, 0.05}, 0.05); math.Abs(q+0.27) > 1e-12 {
		t.Errorf("hand quantile %g, want -0.27", q)
	}
}

func TestEncodings(t *testing.T) {
	r := Summarize(fakeOutput(), nil)
	var a, b bytes.Buffer
	if err := r.WriteJSON(&a); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("JSON not stable")
	}
	var back Results
	if err := json.Unmarshal(a.Bytes(), &back); err != nil || back.Schema != Schema {
		t.Errorf("round trip: %v %q", err, back.Schema)
	}
	var c bytes.Buffer
	if err := r.WriteCSV(&c); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(c.String()), "\n")
	if len(lines) != 1+len(r.Cells) || len(strings.Split(lines[1], ",")) != len(r.CSVHeader()) {
		t.Errorf("csv shape: %d lines", len(lines))
	}
	// Delta columns follow delta_se, added in v1 without moving earlier ones;
	// row 6 is policy "p", AAA, 2023: differences -0.05, 0, -0.05, so q05
	// = -0.05, q95 = -0.05 + 0.9·0.05 (h = 1.9) and 2 of 3 are negative.
	if !strings.Contains(lines[0], ",delta_mean,delta_se,delta_q05,delta_q95,delta_p_negative,triggers_total,") ||
		!strings.Contains(lines[6], ",-0.05,-0.005,0.666667,") {
		t.Errorf("csv delta columns:\n%s\n%s", lines[0], lines[6])
	}
	if csvQuote(`a,"b"`) != `"a,""b"""` {
		t.Errorf("csvQuote: %s", csvQuote(`a,"b"`))
	}
}

// TestWarningsJSON checks that warnings, errors in Go, travel as their
// messages: an empty array when there are none, the messages in order
// otherwise, and back to errors with the same messages.
func TestWarningsJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []error
		want string
	}{
		{"none", nil, `"warnings":[]`},
		{"two", []error{errors.New(`scenario "x" could not be loaded`), fmt.Errorf("wrapped: %w", errors.New("cause"))},
			`"warnings":["scenario \"x\" could not be loaded","wrapped: cause"]`},
	} {
		r := Summarize(fakeOutput(), nil)
		r.Warnings = tc.in
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(string(b), `,`+tc.want+`}`) {
			t.Errorf("%s: JSON ends %s, want %s}", tc.name, b[max(0, len(b)-80):], tc.want)
		}
		var back Results
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if len(back.Warnings) != len(tc.in) || back.Draws != r.Draws || len(back.Cells) != len(r.Cells) {
			t.Fatalf("%s: round trip: %d warnings, %d draws, %d cells", tc.name, len(back.Warnings), back.Draws, len(back.Cells))
		}
		for i := range tc.in {
			if back.Warnings[i].Error() != tc.in[i].Error() {
				t.Errorf("%s: warning %d = %q, want %q", tc.name, i, back.Warnings[i], tc.in[i])
			}
		}
	}
}

// TestTableFormats checks the table's number formats: no "-0.0" in a
// range, and a probability one short of certain never prints as certain.
func TestTableFormats(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		want string
	}{{1, "1.00"}, {0.9987, ">0.99"}, {0.996, ">0.99"}, {0.994, "0.99"}, {0.5, "0.50"}, {0.004, "<0.01"}, {0, "0.00"}} {
		if got := prob2(tc.p); got != tc.want {
			t.Errorf("prob2(%g) = %q, want %q", tc.p, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v    float64
		want string
	}{{-0.0004, "0.0"}, {0.0004, "0.0"}, {0, "0.0"}, {-0.091, "-9.1"}, {0.002, "+0.2"}} {
		if got := pp1(tc.v); got != tc.want {
			t.Errorf("pp1(%g) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// TestTableDelta checks the delta column of the printed table and the
// footnote's Monte Carlo standard error on the hand-made output: the
// differences -0.05, 0, -0.05 give mean -3.33 pp, range [-5.0, -0.5] pp,
// P(<0) 2/3.
func TestTableDelta(t *testing.T) {
	r := Summarize(fakeOutput(), nil)
	var b strings.Builder
	if err := r.WriteTable(&b, []int{2023}); err != nil {
		t.Fatal(err)
	}
	se := 100 * r.Cell("p", "AAA", 2023).Delta.SE
	for _, want := range []string{
		"delta pp [5%-95%] P(<0)",
		"AAA      2023", "-3.33 [ -5.0,  -0.5] P(<0)  0.67",
		fmt.Sprintf("Monte Carlo s.e. of the mean deltas:\nat most %.2f pp.", se),
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}
