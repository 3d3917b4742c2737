package main

import (
	"bytes"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
)

// runCalibrateV2 fits the intervention model v2 and the crisis hazards to
// the episode set v2, prints the posterior, the hazards and the
// out-of-sample validation, and writes the posterior with --out.
func runCalibrateV2(cmd *cobra.Command, o calibrateOptions) error {
	name, b, err := risk.ReadInput(data.FS(), o.crises, model.CrisesFile)
	if err != nil {
		return err
	}
	cs, err := risk.LoadCrises(name, bytes.NewReader(b))
	if err != nil {
		return inputErr(err)
	}
	if name == "crises.csv" {
		name = "data/" + model.CrisesFile
	}
	ctx, w := cmd.Context(), cmd.OutOrStdout()
	t0 := time.Now()
	command := "steppe calibrate" + calibrateV2Args(o)
	p, err := model.FitV2(ctx, cs, 0, o.Seed, nil, name, risk.Digest(b), command)
	if err != nil {
		return err
	}
	fit := time.Since(t0)
	// The out-of-sample scores go into the file --out writes, so they are
	// computed before it is written (with --hindcast too, which does not
	// print them).
	var evs []*risk.TwoProcessEval
	var valid time.Duration
	if o.out != "" || !o.hindcast {
		t1 := time.Now()
		eo := risk.DefaultTwoProcessEvalOptions()
		eo.Workers = o.Workers
		if eo.Workers <= 0 {
			eo.Workers = runtime.GOMAXPROCS(0)
		}
		if evs, err = risk.ValidateTwoProcess(ctx, cs, eo); err != nil {
			return err
		}
		valid = time.Since(t1)
		p.Validation = model.V2Validation(evs, name, "steppe calibrate"+calibrateV2Args(calibrateOptions{crises: o.crises, CalibrateRequest: risk.CalibrateRequest{Seed: o.Seed}}))
	}
	if o.out != "" {
		if err := writeFile("calibrate: --out", o.out, p.Write); err != nil {
			return err
		}
	}
	p.WriteText(w, len(cs))
	if o.hindcast {
		return runHindcast(cmd, cs, o)
	}
	risk.WriteTwoProcessEvals(w, evs)
	fmt.Fprintf(w, "\nfit %.1f s, validation %.1f s (%d refits)\n", fit.Seconds(), valid.Seconds(), 2*len(cs)+len(risk.TemporalSplits))
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
