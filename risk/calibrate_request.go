package risk

// This file is `steppe calibrate --model v1`: its flags as a request,
// checked and run here, so that the binary only parses flags, loads the
// scenario and writes the posterior file.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// CalibrateRequest is a calibration of the v1 intervention model; its
// fields are the flags of `steppe calibrate`, whose help explains them.
type CalibrateRequest struct {
	Inputs     InputPaths
	PriorsFile string   // "": the bundled priors
	Priors     []string // --prior overrides, feature=normal(mean,sd)
	// Scenario is the scenario whose decision.priors lay over the priors
	// file ("": none); the caller loads it into ScenarioPriors and
	// ScenarioText.
	Scenario       string
	ScenarioPriors world.DecisionPriors
	ScenarioText   []byte
	From           string // drop episodes before this month (YYYY-MM)
	Seed           uint64
	Draws, Warmup  int
	Workers        int // 0: GOMAXPROCS
	Backtest       bool
	Triggers       bool
	Format         string // of --triggers: table or yaml
	// Posterior asks for the hazards too, for a posterior file.
	Posterior bool
}

// Run loads the inputs and priors, fits, and prints to w what the request
// asks: the backtest, the trigger hazards, or the calibration report. It
// returns the calibration (nil for the backtest and the hazards) for the
// caller to write its posterior. A note for the user goes to stderr.
// Problems of the user's files, priors or flags are *InputErrors.
func (r CalibrateRequest) Run(ctx context.Context, bundled fs.FS, w, stderr io.Writer) (*Calibration, error) {
	in, err := LoadInputs(bundled, r.Inputs)
	if err != nil {
		return nil, err
	}
	opt, err := r.options(bundled, in, stderr)
	if err != nil {
		return nil, err
	}
	if r.From != "" {
		m, err := world.ParseMonth(r.From)
		if err != nil {
			return nil, &InputError{Name: "--from", Err: fmt.Errorf("calibrate: --from: %v", err)}
		}
		dropped := in.Since(m)
		fmt.Fprintf(w, "Sensitivity: %d episodes before %v excluded, %d kept.\n\n", dropped, m, len(in.Episodes))
		if len(in.Episodes) < 10 {
			return nil, &InputError{Name: "--from", Err: fmt.Errorf("calibrate: --from %v leaves %d episodes; at least 10 are needed", m, len(in.Episodes))}
		}
	}
	switch {
	case r.Backtest:
		bt, err := RunBacktest(ctx, in, opt)
		if err != nil {
			return nil, err
		}
		WriteBacktest(w, bt)
		return nil, nil
	case r.Triggers:
		hz, err := FitAllHazards(ctx, in, opt, AllData)
		if err != nil {
			return nil, err
		}
		switch r.Format {
		case "table":
			WriteHazards(w, hz)
		case "yaml":
			WriteHazardsYAML(w, hz, "steppe calibrate --triggers --format yaml --seed "+strconv.FormatUint(r.Seed, 10))
		default:
			return nil, &InputError{Name: "--format", Err: fmt.Errorf("calibrate: --format must be table or yaml, not %q", r.Format)}
		}
		return nil, nil
	}
	opt.NoHazards = !r.Posterior
	c, err := Calibrate(ctx, in, opt)
	if err != nil {
		return nil, err
	}
	c.WriteReport(w)
	return c, nil
}

// options are the fit's options under the request's seed, sizes and
// priors: the priors file, then the scenario's, then each override.
func (r CalibrateRequest) options(bundled fs.FS, in *Inputs, stderr io.Writer) (Options, error) {
	opt := DefaultOptions()
	opt.Fit.Seed, opt.Fit.Draws, opt.Fit.Warmup = r.Seed, r.Draws, r.Warmup
	opt.Eval.Fit.Seed = r.Seed + 1
	opt.Workers = r.Workers
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	pname, pb, err := ReadInput(bundled, r.PriorsFile, BundledPriors)
	if err != nil {
		return opt, err
	}
	if opt.Priors, err = ReadPriors(pname, bytes.NewReader(pb), opt.Features); err != nil {
		return opt, &InputError{Name: pname, Err: err}
	}
	in.SHA256["priors.json"] = Digest(pb)
	if r.Scenario != "" {
		if opt.Priors, err = opt.Priors.WithScenario(r.ScenarioPriors, opt.Features); err != nil {
			return opt, &InputError{Name: r.Scenario, Err: err}
		}
		if !r.ScenarioPriors.Stated() {
			fmt.Fprintf(stderr, "calibrate: %s states no decision.priors; using %s\n", r.Scenario, pname)
		}
		in.SHA256["scenario"] = Digest(r.ScenarioText)
	}
	if opt.Priors, err = opt.Priors.WithOverrides(r.Priors, opt.Features); err != nil {
		return opt, &InputError{Name: "--prior", Err: err}
	}
	return opt, nil
}

// Command is the command line that reproduces a posterior file: the
// options that change the fit, in a fixed order.
func (r CalibrateRequest) Command() string {
	var b strings.Builder
	fmt.Fprintf(&b, "steppe calibrate --seed %d", r.Seed)
	for _, f := range []struct{ flag, v string }{
		{"episodes", r.Inputs.Episodes}, {"events", r.Inputs.Events}, {"growth", r.Inputs.Growth}, {"countries", r.Inputs.Countries},
		{"from", r.From}, {"priors", r.PriorsFile}, {"scenario", r.Scenario},
	} {
		if f.v != "" {
			fmt.Fprintf(&b, " --%s '%s'", f.flag, f.v)
		}
	}
	if r.Draws != DefaultFitOptions.Draws || r.Warmup != DefaultFitOptions.Warmup {
		fmt.Fprintf(&b, " --draws %d --warmup %d", r.Draws, r.Warmup)
	}
	for _, p := range r.Priors {
		fmt.Fprintf(&b, " --prior '%s'", p)
	}
	b.WriteString(" --out FILE")
	return b.String()
}
