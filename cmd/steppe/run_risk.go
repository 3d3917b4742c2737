package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// riskPosteriorFile is the bundled posterior of the intervention model,
// produced by `steppe calibrate --out` (see data/posterior/README.md).
const riskPosteriorFile = "posterior/posterior.json"

// riskEpisodesFile is the bundled episode set the posterior is fitted to.
const riskEpisodesFile = "episodes/episodes.csv"

// riskBundled reads the bundled posterior once.
var riskBundled = sync.OnceValues(func() (*risk.Posterior, error) {
	b, err := data.ReadFile(riskPosteriorFile)
	if err != nil {
		return nil, fmt.Errorf("risk posterior: %w", err)
	}
	return risk.ReadPosterior(bytes.NewReader(b))
})

// riskScenarioPriors returns the priors of the intervention model for w:
// the bundled posterior's, with those w states laid over them. An unknown
// feature name is an input error at its scenario position.
func riskScenarioPriors(w *world.World) (*risk.Posterior, risk.Priors, error) {
	p, err := riskBundled()
	if err != nil {
		return nil, risk.Priors{}, err
	}
	pr, err := p.Priors.WithScenario(w.Decision.Priors, p.Features)
	if err != nil {
		return nil, risk.Priors{}, inputErr(err)
	}
	return p, pr, nil
}

// riskRefits caches posteriors refitted under scenario priors, by priors,
// so that a sweep or a server refits each set of priors once.
var riskRefits struct {
	sync.Mutex
	m map[string]*riskRefit
}

type riskRefit struct {
	once sync.Once
	p    *risk.Posterior
	err  error
}

// riskPosteriorFor returns the posterior for w: the bundled one, or, when
// w states priors that differ from the bundled fit's, the decision models
// refitted to the bundled episodes under them (with the bundled fit's
// seed and sampler settings, so equal priors give equal draws). refit
// describes the refit, or is empty.
func riskPosteriorFor(w *world.World) (p *risk.Posterior, refit string, err error) {
	bundled, pr, err := riskScenarioPriors(w)
	if err != nil {
		return nil, "", err
	}
	// The priors that differ from the bundled fit's determine the fit.
	refit = strings.Join(pr.Diff(bundled.Priors, bundled.Features), ", ")
	if refit == "" {
		return bundled, "", nil
	}
	riskRefits.Lock()
	if riskRefits.m == nil {
		riskRefits.m = map[string]*riskRefit{}
	}
	e := riskRefits.m[refit]
	if e == nil {
		e = &riskRefit{}
		riskRefits.m[refit] = e
	}
	riskRefits.Unlock()
	e.once.Do(func() { e.p, e.err = riskRefitPosterior(bundled, pr) })
	if e.err != nil {
		return nil, "", e.err
	}
	return e.p, refit, nil
}

// riskRefitPosterior fits the decision models to the bundled episodes
// under pr.
func riskRefitPosterior(bundled *risk.Posterior, pr risk.Priors) (*risk.Posterior, error) {
	b, err := data.ReadFile(riskEpisodesFile)
	if err != nil {
		return nil, fmt.Errorf("risk refit: %w", err)
	}
	eps, err := risk.LoadEpisodes(riskEpisodesFile, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("risk refit: %w", err)
	}
	o := risk.DefaultFitOptions
	o.Seed = bundled.Seed
	o.Workers = runtime.GOMAXPROCS(0)
	in := &risk.Inputs{Episodes: eps, SHA256: map[string]string{"episodes.csv": calibrateDigest(b)}}
	p, err := risk.Refit(context.Background(), bundled, in, pr, o, "steppe run under the scenario's decision.priors")
	if err != nil {
		return nil, fmt.Errorf("risk refit under the scenario's priors: %w", err)
	}
	return p, nil
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

// newRiskDecision loads the bundled posterior, refitted under the
// scenario's priors where it states priors (decision.priors) that differ
// from those of the bundled fit, and binds the stated coefficients of the
// features it does not estimate to the parameters of w's simulation model.
func newRiskDecision(w *world.World, in engineInputs) (*riskDecision, error) {
	var (
		p     *risk.Posterior
		refit string
		err   error
	)
	if in.posterior != nil {
		p = in.posterior
	} else if p, refit, err = riskPosteriorFor(w); err != nil {
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
	src := fmt.Sprintf("calibrated risk posterior (data/%s, %d draws)", riskPosteriorFile, p.NumDraws())
	var note string
	switch {
	case in.posterior != nil:
		src = fmt.Sprintf("risk posterior from %s (%d draws, made by %q)", in.posteriorFile, p.NumDraws(), p.Command)
		_, pr, err := riskScenarioPriors(w)
		if err != nil {
			return nil, err
		}
		if w.Decision.Priors.Stated() && !pr.SameAs(p.Priors, p.Features) {
			note = fmt.Sprintf("; the scenario's decision.priors are not applied: %s was fitted under its own", in.posteriorFile)
		}
	case refit != "":
		src = fmt.Sprintf("risk posterior refitted to data/%s under the scenario's decision.priors (%s; %d draws)",
			riskEpisodesFile, refit, p.NumDraws())
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
