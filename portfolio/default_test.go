package portfolio_test

import (
	"context"
	"math"
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
