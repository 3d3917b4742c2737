package ge

import (
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/dist"
)

// TestParseAgreement checks the measure of MEMBERS:BETA[:SE] and that each
// malformed specification is refused with the reason.
func TestParseAgreement(t *testing.T) {
	m, err := ParseAgreement("KAZ,KGZ,UZB:0.224:0.03", "flag")
	if err != nil {
		t.Fatal(err)
	}
	n, ok := m.Size.Dist.(dist.Normal)
	if m.Name != "agreement.KAZ-KGZ-UZB" || m.Kind != PartialEffect || len(m.Pairs.Members) != 3 || !ok ||
		n.Mu != 0.224 || n.Sigma != 0.03 || m.Size.Source != "flag" {
		t.Errorf("got %+v", m)
	}
	for _, spec := range []string{"KAZ,KGZ:0.2", "KAZ,KGZ:0.2:0"} {
		m, err := ParseAgreement(spec, "flag")
		if f, ok := m.Size.Dist.(dist.Fixed); err != nil || !ok || f.V != 0.2 {
			t.Errorf("%s: size %v, err %v; want fixed 0.2", spec, m.Size.Dist, err)
		}
	}
	for spec, want := range map[string]string{
		"KAZ,KGZ":          "want MEMBERS:BETA[:SE]",
		"KAZ:0.2":          "at least two members",
		"KAZ,KGZ:x":        `partial effect "x" is not a number`,
		"KAZ,KGZ:0.2:-1":   `standard error "-1" must be a non-negative number`,
		"KAZ,KGZ:0.2:1:2":  "want MEMBERS:BETA[:SE]",
		"KAZ,KGZ:NaN":      "is not a number",
		"KAZ,KGZ:0.2:+Inf": "must be a non-negative number",
	} {
		if _, err := ParseAgreement(spec, "flag"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseAgreement(%q) = %v, want an error containing %q", spec, err, want)
		}
	}
}

// TestCostRatioMeasures checks one cost change per direction, in pair
// order, of the ratio less one.
func TestCostRatioMeasures(t *testing.T) {
	ms := CostRatioMeasures(map[Pair]float64{{"UZB", "KAZ"}: 1.1, {"KAZ", "UZB"}: 0.9}, "r.csv")
	if len(ms) != 2 || ms[0].Name != "ratio.KAZ-UZB" || ms[1].Name != "ratio.UZB-KAZ" || ms[0].Kind != CostChange {
		t.Fatalf("got %+v", ms)
	}
	if f := ms[0].Size.Dist.(dist.Fixed); f.V > -0.0999 || f.V < -0.1001 || ms[0].Size.Source != "r.csv" {
		t.Errorf("size %v from %s, want -0.1 from r.csv", f.V, ms[0].Size.Source)
	}
}

// TestSetMethod checks the names of balances and solvers.
func TestSetMethod(t *testing.T) {
	var s Study
	if err := s.SetMethod("multiplicative", "ge-ppml"); err != nil || s.Balance != Multiplicative || s.Solve == nil {
		t.Errorf("multiplicative, ge-ppml: %v %v", s.Balance, err)
	}
	if err := s.SetMethod("additive", "x"); err == nil || !strings.Contains(err.Error(), `solver "x"`) {
		t.Errorf("unknown solver: %v", err)
	}
	if err := s.SetMethod("x", "hat"); err == nil || !strings.Contains(err.Error(), `balance "x"`) {
		t.Errorf("unknown balance: %v", err)
	}
}

// TestReadFlowsFormats checks that each layout reaches its importer and an
// unknown one is refused.
func TestReadFlowsFormats(t *testing.T) {
	b, err := ReadFlows("long", strings.NewReader("exporter,importer,value\nKAZ,KAZ,100\nKAZ,UZB,5\nUZB,KAZ,3\nUZB,UZB,50\n"), "l.csv", nil, "", ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f, err := b.Square(); err != nil || f.N() != 2 {
		t.Errorf("long: %v, %v", f, err)
	}
	if _, err := ReadFlows("xml", strings.NewReader(""), "x", nil, "", ImportOptions{}); err == nil || !strings.Contains(err.Error(), `format "xml"`) {
		t.Errorf("unknown format: %v", err)
	}
}
