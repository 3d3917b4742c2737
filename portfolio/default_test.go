package portfolio_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/portfolio"
	"github.com/steppe-dev/steppe/scenario"
)

// TestDefaultScenario optimises the embedded default scenario with few
// draws: every frontier portfolio keeps the budgets, the flags say what
// they claim, and the cheapest point is the empty portfolio (the default
// states no at_least rule).
func TestDefaultScenario(t *testing.T) {
	sc, err := scenario.LoadEmbeddedUnder(data.FS(), "scenarios", "central-asia")
	if err != nil {
		t.Fatal(err)
	}
	opt := portfolio.Options{Objective: portfolio.Risk, Target: portfolio.Target{Year: 2042}, Draws: 100, ResimDraws: 200, Seed: 1,
		Budgets: map[string]float64{"US-DFC": 0.1e9}, BudgetFlag: "budget"}
	res, err := portfolio.Optimize(context.Background(), new(model.Cache), sc.World, opt)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	if len(res.Frontier) < 2 || len(res.Frontier[0].Funded) != 0 {
		t.Fatalf("frontier %+v", res.Frontier)
	}
	for _, pt := range res.Frontier {
		if pt.Spend["US-DFC"] > 0.1e9 {
			t.Errorf("DFC spends %g over its --budget", pt.Spend["US-DFC"])
		}
		if pt.Flag != (math.Abs(pt.Error) > pt.Allowed) {
			t.Errorf("flag %v for error %g, allowed %g", pt.Flag, pt.Error, pt.Allowed)
		}
	}
}

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
