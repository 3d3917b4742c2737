package model

import (
	"fmt"
	"math"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// The fitted models' parameter uncertainty as design factors. A run draws
// one posterior draw of the decision model (and of the crisis hazards) per
// Monte Carlo draw, so that a single run averages over it; an experiment
// that fixes the draw instead makes the fitted uncertainty a factor like
// any stated parameter, and a Sobol' analysis then attributes to it its
// share of the outcome's variance (the spread that comes from the fitted
// decision coefficients, for one). The factor's value is the index of the
// posterior draw, uniform over the draws: every draw of an MCMC posterior
// is an equally weighted sample of it.
const (
	// DecisionDrawFactor is the factor of the decision model's posterior
	// draw (v1's intervention posterior or v2's two-process posterior).
	DecisionDrawFactor = "posterior.decision"
	// HazardDrawFactor is the factor of the crisis-hazard posterior draw
	// (model v2's fitted base hazards).
	HazardDrawFactor = "posterior.hazard"
)

// drawCounter is an engine fitted by MCMC whose draws are indexed
// 0..NumDraws()-1 (picked per Monte Carlo draw as its index modulo that).
type drawCounter interface{ NumDraws() int }

// NumDraws is the number of posterior draws of the v1 decision model.
func (r *riskDecision) NumDraws() int { return r.p.NumDraws() }

// NumDraws is the number of posterior draws of the v2 decision model.
func (r *crisisDecision) NumDraws() int { return r.p.NumDraws() }

// NumDraws is the number of posterior draws of the crisis hazards.
func (ch *crisisHazards) NumDraws() int { return ch.h.NumDraws() }

// posteriorFactors returns the factors of the posterior draws o asks for,
// or an error naming the option when the model has no such posterior.
func (m *Model) posteriorFactors(o FactorOptions) ([]explore.Factor, error) {
	var fs []explore.Factor
	if o.DecisionDraw {
		n, ok := m.Engines.Decision.(drawCounter)
		if !ok {
			return nil, optErrf("posterior-factors", "decision: this run's decision model is the scenario's stated one, not a fitted posterior")
		}
		fs = append(fs, drawFactor(DecisionDrawFactor, n.NumDraws()))
	}
	if o.HazardDraw {
		n, ok := m.Engines.BaseHazards.(drawCounter)
		if !ok {
			return nil, optErrf("posterior-factors", "hazard: this run's trigger hazards are the scenario's stated ones, not a fitted posterior (model v2 fits them)")
		}
		fs = append(fs, drawFactor(HazardDrawFactor, n.NumDraws()))
	}
	if len(fs) > 0 && o.Morris {
		return nil, optErrf("posterior-factors", "a Morris grid would visit only a few of the posterior's draws, in an arbitrary order: use the sobol, lhs or mc design")
	}
	return fs, nil
}

// drawFactor is a factor uniform over the draw indices 0..n-1.
func drawFactor(name string, n int) explore.Factor {
	k := float64(n)
	return explore.Factor{Name: name, Lo: 0, Hi: k - 1, Dist: fmt.Sprintf("posterior-draw(%d)", n),
		Quantile: func(u float64) float64 { return math.Min(math.Floor(u*k), k-1) }}
}

// drawEngines returns m's engines with the posterior draws fixed where
// the experiment's factors fix them (index -1: not a factor).
func (m *Model) drawEngines(decision, hazard int) sim.Engines {
	e := m.Engines
	if decision >= 0 {
		e.Decision = fixedDecision{m.Engines.Decision, decision}
	}
	if hazard >= 0 {
		e.BaseHazards = fixedHazards{m.Engines.BaseHazards, hazard}
	}
	return e
}

// fixedDecision answers every Monte Carlo draw with one posterior draw.
type fixedDecision struct {
	sim.DecisionModel
	index int
}

func (f fixedDecision) Decide(d *sim.Draw, c int, k world.TriggerType, ft *sim.Features) sim.Decision {
	dd := *d
	dd.Index = f.index
	dec := f.DecisionModel.Decide(&dd, c, k, ft)
	d.DecisionScratch = dd.DecisionScratch // the engine's per-worker cache
	return dec
}

// fixedHazards gives every Monte Carlo draw one posterior draw's hazards.
type fixedHazards struct {
	sim.BaseHazardModel
	index int
}

func (f fixedHazards) Base(d *sim.Draw, c int, k world.TriggerType) float64 {
	dd := *d
	dd.Index = f.index
	return f.BaseHazardModel.Base(&dd, c, k)
}
