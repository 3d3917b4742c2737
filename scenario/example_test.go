package scenario_test

import (
	"fmt"

	"github.com/steppe-dev/steppe/scenario"
)

// Every problem is reported at once, with its position and field.
func ExampleLoad() {
	src := []byte(`name: broken
start: 2022-02
horizon: 2020-01
baseline: baseline
actors:
  AAA: {role: focus, population: {value: -5, source: "census"}}
policies:
  baseline: {}
`)
	_, err := scenario.Load("broken.yaml", src, nil)
	fmt.Println(err)
	// Output:
	// broken.yaml:3:10: horizon: 2020-01 is before start 2022-02
	// broken.yaml:6:3: actors.AAA.gdp_usd: missing
	// broken.yaml:6:3: actors.AAA.growth: missing
	// broken.yaml:6:42: actors.AAA.population.value: -5 must not be negative
}
