package sweep_test

import (
	"context"
	"fmt"
	"log"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sweep"
)

// A run of 100 draws cut into blocks of 64: the coordinator lists the
// tasks, any worker turns (header, task) into a partial, and the merged
// results are byte for byte those model.Model.Run gives for the same
// model and options. A queue would carry the header, the tasks and the
// partials.
func Example() {
	ctx := context.Background()
	sc, err := scenario.LoadEmbeddedUnder(data.FS(), "scenarios", "central-asia")
	if err != nil {
		log.Fatal(err)
	}
	s := &sweep.Sweep{Kind: sweep.KindRun, ScenarioName: sc.World.Name, Scenario: string(sc.Resolved),
		Model: sweep.ModelConfig{Stated: true}, BlockDraws: 64, Run: &sweep.RunSpec{Draws: 100, Seed: 1}}
	header, err := s.Encode()
	if err != nil {
		log.Fatal(err)
	}
	co, err := sweep.NewCoordinator(ctx, nil, header)
	if err != nil {
		log.Fatal(err)
	}
	w := &sweep.Worker{} // on any machine
	for !co.Done() {
		for _, t := range co.Pending() {
			partial, err := w.Execute(ctx, header, t.Encode())
			if err != nil {
				log.Fatal(err)
			}
			if _, err := co.Add(partial); err != nil {
				log.Fatal(err)
			}
		}
	}
	res, err := co.Results()
	if err != nil {
		log.Fatal(err)
	}
	_, blocks := co.Progress()
	fmt.Printf("%d blocks, %d phase, %d draws of %v\n", blocks, co.Phase(), res.Draws, res.Policies)
	// Output: 2 blocks, 1 phase, 100 draws of [baseline fast-track-integration]
}
