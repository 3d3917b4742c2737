package model_test

import (
	"context"
	"fmt"
	"log"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
)

// A library user reproduces `steppe run` on the embedded default scenario:
// load the scenario, assemble the model with the engines, run 10,000 draws
// with seed 1. The results are those of the command, byte for byte
// (results.Results.WriteJSON writes what `steppe run --json` prints).
func Example() {
	embedded := scenario.Embedded(data.FS())
	file, src, err := embedded("central-asia", "")
	if err != nil {
		log.Fatal(err)
	}
	sc, err := scenario.Load(file, src, embedded)
	if err != nil {
		log.Fatal(err)
	}
	m, err := new(model.Cache).Assemble(sc.World, model.Config{})
	if err != nil {
		log.Fatal(err)
	}
	res, err := m.Run(context.Background(), model.Options{Draws: 10000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res.Policies {
		s := res.Cell(p, "REGION", 2042).PIntervention
		fmt.Printf("%s: P(intervention in the region by 2042) %.1f%% [%.1f-%.1f]\n", p, 100*s.Mean, 100*s.Q05, 100*s.Q95)
	}
	// Output:
	// baseline: P(intervention in the region by 2042) 66.5% [21.9-100.0]
	// fast-track-integration: P(intervention in the region by 2042) 61.9% [18.8-99.8]
}
