package portfolio_test

import (
	"os"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/scenario"
)

// TestDocsExample keeps docs/portfolio.md true: its example extends the
// default as it says, and the Turkmenistan rule it describes is refused at
// the two plans it names until they are deleted.
func TestDocsExample(t *testing.T) {
	doc, err := os.ReadFile("../docs/portfolio.md")
	if err != nil {
		t.Fatal(err)
	}
	_, example, _ := strings.Cut(string(doc), "```yaml\n")
	example, _, _ = strings.Cut(example, "```")
	resolve := scenario.Embedded(data.FS())
	sc, err := scenario.Load("example.yaml", []byte(example), resolve)
	if err != nil {
		t.Fatalf("the example in docs/portfolio.md:\n%v", err)
	}
	pf := sc.World.Portfolio
	if pf.Start.String() != "2027-01" || pf.Financiers[0].BudgetUSD.V != 5e9 || pf.Rules[len(pf.Rules)-1].ID != "one-new-corridor" {
		t.Errorf("portfolio after the docs' example: %+v", pf)
	}
	for _, c := range pf.Candidates {
		if c.ID == "trans-afghan-railway" && len(c.Plans) != 1 {
			t.Errorf("trans-afghan-railway keeps %d plans", len(c.Plans))
		}
	}
	tkm := strings.Replace(example, `reason: "What DFC might commit to the region"}`+"\n", `reason: "What DFC might commit to the region"}`+"\n      exclude_countries: [AFG, TKM]\n", 1)
	_, err = scenario.Load("example.yaml", []byte(tkm), resolve)
	for _, want := range []string{"c5-trade-agreement.financing.dfc.US-DFC: US-DFC does not fund projects in TKM", "regional-power-gas.financing.dfc.US-DFC: US-DFC does not fund projects in TKM"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("with TKM excluded: %v, want %q", err, want)
		}
	}
	fixed := strings.Replace(tkm, "  candidates:\n", "  candidates:\n    c5-trade-agreement: {financing: {dfc: null}}\n    regional-power-gas: {financing: {dfc: null}}\n", 1)
	if _, err := scenario.Load("example.yaml", []byte(fixed), resolve); err != nil {
		t.Errorf("with the dfc plans deleted: %v", err)
	}
}
