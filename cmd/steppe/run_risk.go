package main

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// riskPosteriorFile is the bundled posterior of the intervention model,
// produced by `steppe calibrate --out` (see data/posterior/README.md).
const riskPosteriorFile = "posterior/posterior.json"

// riskDecision adapts the calibrated posterior of package risk to
// sim.DecisionModel: Monte Carlo draw d uses posterior draw d.Index modulo
// the number of posterior draws. The cost terms that no episode records
// (sanctions exposure, Chinese investment at risk, integration fallout,
// Russian-transit dependence) keep the scenario's stated coefficients,
// sampled per draw like any scenario parameter, and enter as an offset to
// the posterior's linear predictor.
type riskDecision struct {
	p     *risk.Posterior
	extra []riskExtra
	desc  string
}

type riskExtra struct {
	feature world.DecisionFeature
	param   int // index into sim.Draw.Values
}

// newRiskDecision loads the bundled posterior and binds the stated
// coefficients of the features it does not estimate to the parameters of
// w's simulation model.
func newRiskDecision(w *world.World) (*riskDecision, error) {
	b, err := data.ReadFile(riskPosteriorFile)
	if err != nil {
		return nil, fmt.Errorf("risk posterior: %w", err)
	}
	p, err := risk.ReadPosterior(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	// Parameters depend only on the world, not on the engines, so a model
	// with no engines has the same parameter indices as the real one.
	m, err := sim.New(w, sim.Engines{})
	if err != nil {
		return nil, err
	}
	byPath := map[string]int{}
	for i, par := range m.Params() {
		byPath[par.Path] = i
	}
	r := &riskDecision{p: p}
	var covered, kept []string
	for f := world.DecisionFeature(0); f < world.NumDecisionFeatures; f++ {
		if p.Covers(f) {
			covered = append(covered, f.String())
			continue
		}
		if i, ok := byPath["decision.coef."+f.String()]; ok {
			r.extra = append(r.extra, riskExtra{feature: f, param: i})
			kept = append(kept, f.String())
		}
	}
	r.desc = fmt.Sprintf("calibrated risk posterior (data/%s, %d draws), in place of the scenario's decision.intercept, decision.trigger_effect, decision.outcomes and decision.coef.{%s}",
		riskPosteriorFile, p.NumDraws(), strings.Join(covered, ", "))
	if len(kept) > 0 {
		r.desc += fmt.Sprintf("; stated decision.coef.{%s} kept", strings.Join(kept, ", "))
	}
	return r, nil
}

// Describe implements sim.Describer: the posterior and which scenario
// decision entries it overrides.
func (r *riskDecision) Describe() string { return r.desc }

// Decide implements sim.DecisionModel.
func (r *riskDecision) Decide(d *sim.Draw, c int, k world.TriggerType, f *sim.Features) sim.Decision {
	var off float64
	for _, e := range r.extra {
		off += d.Values[e.param] * f[e.feature]
	}
	p, given := r.p.DecideOffset(d.Index, k, (*[world.NumDecisionFeatures]float64)(f), off)
	return sim.Decision{P: p, Given: given}
}
