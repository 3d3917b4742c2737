package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
)

// runHindcast runs `steppe calibrate --hindcast`: the simulation from each
// of model.HindcastStarts with the world of data/hindcast/YYYY.yaml and
// the models fitted on the crises before the start, against the record.
func runHindcast(cmd *cobra.Command, cs []risk.Crisis, o calibrateOptions) error {
	w := cmd.OutOrStdout()
	cache := new(model.Cache)
	fmt.Fprintf(w, "\nhindcast: the simulation as configured, run from each start to 2025-12 with the world as it was then (data/hindcast) and every model fitted only on crises before the start; %d sampled event paths each\n", model.HindcastDraws)
	for _, start := range model.HindcastStarts {
		ref := fmt.Sprintf("data/hindcast/%d.yaml", start.Year())
		sc, err := loadHindcastWorld(start.Year())
		if err != nil {
			return fmt.Errorf("hindcast %s: %w", ref, err)
		}
		h, err := cache.RunHindcast(cmd.Context(), sc.World, cs, model.HindcastDraws, o.Seed)
		if err != nil {
			return err
		}
		h.WriteText(w, ref)
	}
	return nil
}
