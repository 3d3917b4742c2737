package sim_test

import (
	"context"
	"fmt"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// A one-country world with a constant monthly protest hazard of 1% and a
// decision model that always intervenes: the probability of an intervention
// by the end of the first year is 1 - 0.99^12.
func ExampleModel_Run() {
	v := func(x float64) world.Value {
		return world.Value{V: x, Set: true, Assumption: true, Reason: "example"}
	}
	w := &world.World{
		Name: "example", Start: world.MonthOf(2025, 1), Horizon: world.MonthOf(2026, 12), Baseline: "baseline",
		Actors:   []world.Actor{{ID: "AAA", Role: world.Focus}},
		Hazards:  []world.Hazard{{Country: "AAA", Type: world.TriggerProtest, Monthly: v(0.01)}},
		Policies: []world.Policy{{ID: "baseline"}},
	}
	w.Decision.Intercept = v(40)
	m, err := sim.New(w, sim.Engines{})
	if err != nil {
		panic(err)
	}
	out, err := m.Run(context.Background(), sim.Options{Draws: 10, Seed: 1})
	if err != nil {
		panic(err)
	}
	for y, year := range out.Years {
		fmt.Printf("%d: %.4f\n", year, out.Draw(0, 0, y)[0])
	}
	// Output:
	// 2025: 0.1136
	// 2026: 0.2143
}
