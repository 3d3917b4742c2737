package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
)

// runCalibrateV2 fits the intervention model v2 and the crisis hazards to
// the episode set v2, prints the posterior, the hazards and the
// out-of-sample validation, and writes the posterior with --out.
func runCalibrateV2(cmd *cobra.Command, o calibrateOptions) error {
	// The out-of-sample scores go into the file --out writes, so they are
	// computed before it is written (with --hindcast too, which does not
	// print them).
	c, err := model.CalibrateV2(cmd.Context(), o.crises, o.Seed, o.out != "" || !o.hindcast, o.Workers, "steppe calibrate"+calibrateV2Args(o),
		"steppe calibrate"+calibrateV2Args(calibrateOptions{crises: o.crises, CalibrateRequest: risk.CalibrateRequest{Seed: o.Seed}}))
	if err != nil {
		return err
	}
	if o.out != "" {
		if err := writeFile("calibrate: --out", o.out, c.Posterior.Write); err != nil {
			return err
		}
	}
	w := cmd.OutOrStdout()
	c.Posterior.WriteText(w, len(c.Crises))
	if o.hindcast {
		return runHindcast(cmd, c.Crises, o)
	}
	risk.WriteTwoProcessEvals(w, c.Evals)
	fmt.Fprintf(w, "\nfit %.1f s, validation %.1f s (%d refits)\n", c.Fit.Seconds(), c.Validated.Seconds(), 2*len(c.Crises)+len(risk.TemporalSplits))
	return nil
}

func calibrateV2Args(o calibrateOptions) string {
	var s string
	if o.crises != "" {
		s += " --crises " + o.crises
	}
	if o.Seed != 1 {
		s += fmt.Sprintf(" --seed %d", o.Seed)
	}
	if o.out != "" {
		s += " --out FILE"
	}
	return s
}
