package model

import (
	"fmt"
	"strings"

	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// ScenarioPriors returns the bundled intervention posterior and the priors
// of the intervention model for w: the bundled posterior's, with those w
// states laid over them. An unknown feature name is an [InputError]
// wrapping the risk engine's [risk.PriorError]s, at their scenario
// positions.
func (c *Cache) ScenarioPriors(w *world.World) (*risk.Posterior, risk.Priors, error) {
	p, err := c.orNew().Posterior()
	if err != nil {
		return nil, risk.Priors{}, err
	}
	pr, err := p.Priors.WithScenario(w.Decision.Priors, p.Features)
	if err != nil {
		return nil, risk.Priors{}, inputErr(err)
	}
	return p, pr, nil
}

// PosteriorFor returns the intervention posterior for w: the bundled one,
// or, when w states priors that differ from the bundled fit's, the decision
// models refitted to the bundled episodes under them (with the bundled
// fit's seed and sampler settings, so equal priors give equal draws). refit
// names the priors that differ, or is empty.
func (c *Cache) PosteriorFor(w *world.World) (p *risk.Posterior, refit string, err error) {
	c = c.orNew()
	bundled, pr, err := c.ScenarioPriors(w)
	if err != nil {
		return nil, "", err
	}
	refit = strings.Join(pr.Diff(bundled.Priors, bundled.Features), ", ")
	if refit == "" {
		return bundled, "", nil
	}
	p, err = c.refit(refit, bundled, pr)
	if err != nil {
		return nil, "", err
	}
	return p, refit, nil
}

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

// newRiskDecision binds a posterior (cfg's, or the bundled one refitted
// under w's priors where they differ) and the stated coefficients of the
// features it does not estimate to the parameters of w's simulation model.
func (c *Cache) newRiskDecision(w *world.World, cfg Config) (*riskDecision, error) {
	p, refit := cfg.Posterior, ""
	if p == nil {
		var err error
		if p, refit, err = c.PosteriorFor(w); err != nil {
			return nil, err
		}
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
	src := fmt.Sprintf("calibrated risk posterior (data/%s, %d draws)", PosteriorFile, p.NumDraws())
	var note string
	switch {
	case cfg.Posterior != nil:
		src = fmt.Sprintf("risk posterior from %s (%d draws, made by %q)", cfg.PosteriorFile, p.NumDraws(), p.Command)
		_, pr, err := c.ScenarioPriors(w)
		if err != nil {
			return nil, err
		}
		if w.Decision.Priors.Stated() && !pr.SameAs(p.Priors, p.Features) {
			note = fmt.Sprintf("; the scenario's decision.priors are not applied: %s was fitted under its own", cfg.PosteriorFile)
		}
	case refit != "":
		src = fmt.Sprintf("risk posterior refitted to data/%s under the scenario's decision.priors (%s; %d draws)",
			EpisodesFile, refit, p.NumDraws())
	}
	r.desc = fmt.Sprintf("%s, in place of the scenario's decision.intercept, decision.trigger_effect, decision.outcomes and decision.coef.{%s}",
		src, strings.Join(covered, ", "))
	if len(kept) > 0 {
		r.desc += fmt.Sprintf("; stated decision.coef.{%s} kept", strings.Join(kept, ", "))
	}
	r.desc += note
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

// replaced lists the scenario parameters among factors that the posterior
// replaces, with the reason.
func (r *riskDecision) replaced(factors []string, reason map[string]string) {
	covered := map[string]bool{}
	for f := world.DecisionFeature(0); f < world.NumDecisionFeatures; f++ {
		if r.p.Covers(f) {
			covered["decision.coef."+f.String()] = true
		}
	}
	for _, p := range factors {
		switch {
		case covered[p]:
			reason[p] = "decision.coef entry estimated by the calibrated risk posterior, which replaces it"
		case p == "decision.intercept" || strings.HasPrefix(p, "decision.trigger_effect.") || strings.HasPrefix(p, "decision.outcomes."):
			reason[p] = "replaced by the calibrated risk posterior"
		}
	}
}
