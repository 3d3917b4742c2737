package model

import (
	"bytes"
	"context"
	"runtime"
	"time"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/risk"
)

// V2Calibration is `steppe calibrate`'s fit of the intervention model v2
// and the crisis hazards to the episode set v2, with its out-of-sample
// validation when it was asked for.
type V2Calibration struct {
	Posterior *V2Posterior
	Crises    []risk.Crisis
	// Evals are the out-of-sample evaluations (ValidateTwoProcess), nil
	// when not asked for; the posterior records them.
	Evals          []*risk.TwoProcessEval
	Fit, Validated time.Duration
}

// CalibrateV2 reads the episode set (crises, a file, or "" for the bundled
// one), fits the model v2 with seed, and, when validate is set, validates
// it out of sample with workers goroutines (0: GOMAXPROCS). command is the
// command line recorded in the posterior; validation is the one recorded
// with its scores. A file that does not load is a *risk.InputError.
func CalibrateV2(ctx context.Context, crises string, seed uint64, validate bool, workers int, command, validation string) (*V2Calibration, error) {
	name, b, err := risk.ReadInput(data.FS(), crises, CrisesFile)
	if err != nil {
		return nil, err
	}
	cs, err := risk.LoadCrises(name, bytes.NewReader(b))
	if err != nil {
		return nil, &risk.InputError{Name: name, Err: err}
	}
	if name == "crises.csv" {
		name = "data/" + CrisesFile
	}
	t0 := time.Now()
	p, err := FitV2(ctx, cs, 0, seed, nil, name, risk.Digest(b), command)
	if err != nil {
		return nil, err
	}
	c := &V2Calibration{Posterior: p, Crises: cs, Fit: time.Since(t0)}
	if !validate {
		return c, nil
	}
	t1 := time.Now()
	eo := risk.DefaultTwoProcessEvalOptions()
	eo.Workers = workers
	if eo.Workers <= 0 {
		eo.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Evals, err = risk.ValidateTwoProcess(ctx, cs, eo); err != nil {
		return nil, err
	}
	c.Validated = time.Since(t1)
	p.Validation = V2Validation(c.Evals, name, validation)
	return c, nil
}
