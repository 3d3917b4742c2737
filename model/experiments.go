package model

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/sim"
)

// PolicyFactor is the name of the categorical factor over a scenario's
// policies (its levels are the policy ids, baseline first).
const PolicyFactor = "policy"

// OptionError is a bad value of one of the options of [Model.Factors] or
// [Model.Evaluator]; Option names it as the command line's flag does.
type OptionError struct {
	Option string
	Err    error
}

func (e *OptionError) Error() string { return e.Option + ": " + e.Err.Error() }
func (e *OptionError) Unwrap() error { return e.Err }

func optErrf(option, format string, a ...any) error {
	return inputErr(&OptionError{Option: option, Err: fmt.Errorf(format, a...)})
}

// FactorOptions choose the factors of an experiment design.
type FactorOptions struct {
	// Params are parameter paths or prefixes to vary ("actors.KAZ",
	// "triggers.hazard.*"); none means every uncertain parameter.
	Params []string
	// Morris spans the unit grid over the 0.5% to 99.5% quantiles, so that
	// unbounded distributions give finite, comparable steps.
	Morris bool
	// Policy adds the categorical factor PolicyFactor over the policies.
	Policy bool
	// DecisionDraw and HazardDraw add the factors DecisionDrawFactor and
	// HazardDrawFactor: the posterior draw of the fitted decision model and
	// of the fitted crisis hazards, fixed per experiment.
	DecisionDraw, HazardDraw bool
}

// Factors turns the model's uncertain parameters into design factors: each
// keeps its stated distribution through its quantile function.
func (m *Model) Factors(o FactorOptions) ([]explore.Factor, error) {
	match := func(path string) bool {
		if len(o.Params) == 0 {
			return true
		}
		for _, s := range o.Params {
			if path == s || strings.HasPrefix(path, strings.TrimSuffix(s, "*")) && strings.HasSuffix(s, "*") || strings.HasPrefix(path, s+".") {
				return true
			}
		}
		return false
	}
	var fs []explore.Factor
	used := map[string]bool{}
	for _, p := range m.Sim.Params() {
		if _, fixed := p.Dist.(dist.Fixed); fixed || p.Dist == nil || !match(p.Path) {
			continue
		}
		d := p.Dist
		q := d.Quantile
		if o.Morris {
			q = func(u float64) float64 { return d.Quantile(0.005 + 0.99*u) }
		}
		fs = append(fs, explore.Factor{Name: p.Path, Quantile: q, Lo: p.Lo, Hi: p.Hi, Dist: strings.ReplaceAll(d.String(), " ", "")})
		used[p.Path] = true
	}
	for _, s := range o.Params {
		hit := false
		for u := range used {
			if u == s || strings.HasPrefix(u, strings.TrimSuffix(s, "*")) {
				hit = true
				break
			}
		}
		if !hit {
			return nil, optErrf("params", "%q matches no uncertain parameter of the scenario", s)
		}
	}
	post, err := m.posteriorFactors(o)
	if err != nil {
		return nil, err
	}
	fs = append(fs, post...)
	if o.Policy {
		fs = append(fs, explore.Categorical(PolicyFactor, m.Sim.Policies()...))
	}
	if len(fs) == 0 {
		return nil, inputErrf("the scenario has no uncertain parameters to vary")
	}
	return fs, nil
}

// DefaultGroups is the default grouping of a steppe scenario's uncertain
// parameters for grouped Sobol' indices, by the part of the model a
// parameter belongs to. The first group whose pattern matches a parameter
// takes it; parameters no group matches go to "other".
//
//	decision            decision.* (Russia's response: intercept, coefficients, trigger effects, outcomes)
//	trigger-drivers     triggers.coef.* (how growth, fuel, remittances, integration, commitments move hazards)
//	hazard.unrest       base hazards of protest, ethnic and civil-war triggers, every country
//	hazard.security     base hazards of border and insurgent triggers
//	hazard.realignment  base hazards of realignment triggers (and any other trigger type)
//	macro.<ISO3>        one group per focus country: actors.<ISO3>.* (growth, remittances, trade shares, ...)
//	shocks              shocks.* (remittance elasticity, fuel price, sanctions cost, Russia's commitments)
//	bases               bases.* (lease ends)
//	projects.timing     projects.*.duration_months and cost_usd
//	projects.effects    projects.*.effects.* (stated effects of completed projects)
//	trade               gravity.* and projects.*.trade_cost.* (trade elasticity and trade-cost changes)
//	posterior.decision  the decision model's posterior draw, when a factor
//	posterior.hazard    the crisis hazards' posterior draw, when a factor
//	policy              the policy factor, when the design has one
func DefaultGroups(countries []string) []explore.GroupSpec {
	gs := []explore.GroupSpec{
		{Name: "decision", Patterns: []string{"decision"}},
		{Name: "trigger-drivers", Patterns: []string{"triggers.coef"}},
		{Name: "hazard.unrest", Patterns: []string{"triggers.hazard.*.protest", "triggers.hazard.*.ethnic", "triggers.hazard.*.civil-war"}},
		{Name: "hazard.security", Patterns: []string{"triggers.hazard.*.border", "triggers.hazard.*.insurgent"}},
		{Name: "hazard.realignment", Patterns: []string{"triggers.hazard.*.realignment", "triggers.hazard"}},
	}
	for _, c := range countries {
		gs = append(gs, explore.GroupSpec{Name: "macro." + c, Patterns: []string{"actors." + c}})
	}
	return append(gs,
		explore.GroupSpec{Name: "shocks", Patterns: []string{"shocks"}},
		explore.GroupSpec{Name: "bases", Patterns: []string{"bases"}},
		explore.GroupSpec{Name: "projects.timing", Patterns: []string{"projects.*.duration_months", "projects.*.cost_usd"}},
		explore.GroupSpec{Name: "projects.effects", Patterns: []string{"projects.*.effects"}},
		explore.GroupSpec{Name: "trade", Patterns: []string{"gravity", "projects.*.trade_cost"}},
		explore.GroupSpec{Name: DecisionDrawFactor, Patterns: []string{DecisionDrawFactor}},
		explore.GroupSpec{Name: HazardDrawFactor, Patterns: []string{HazardDrawFactor}},
		explore.GroupSpec{Name: PolicyFactor, Patterns: []string{PolicyFactor}},
	)
}

// OutcomeOptions choose what each experiment simulates and records.
type OutcomeOptions struct {
	Draws int    // Monte Carlo draws per experiment
	Seed  uint64 // the simulation's seed, the same in every experiment (common random numbers)
	// Countries are focus country ids and/or "REGION" to record; none
	// means every focus country and REGION.
	Countries []string
	// Years to record; none means the horizon year.
	Years []int
}

// outcome is one recorded outcome: P(intervention by end of year) in a
// country or the region under a policy, or its difference from baseline.
type outcome struct {
	name string
	OutcomeCell
}

// OutcomeCell is the cell of a run an outcome of [Model.Evaluator] reads:
// the mean over the experiment's draws of the probability of an
// intervention by the end of year index Year in country index Country
// (the number of countries: the region) under policy index Policy of the
// run (-1: the experiment's policy factor, the run's last policy), less the
// baseline's (policy 0) mean when Delta.
type OutcomeCell struct {
	Policy, Country, Year int
	Delta                 bool
}

// Evaluator returns the outcome columns and the function that simulates
// one experiment of a design over factors (parameter paths and, at most
// once, PolicyFactor). Outcomes are named p.[POLICY.]COUNTRY.YEAR and
// delta.[POLICY.]COUNTRY.YEAR (the policy is omitted with a policy factor).
func (m *Model) Evaluator(factors []string, o OutcomeOptions) ([]string, explore.EvalFunc, error) {
	names, specs, prepare, err := m.experiments(factors, o)
	if err != nil {
		return nil, nil, err
	}
	eval := func(ctx context.Context, i int, x []float64) ([]float64, error) {
		sm, opt, err := prepare(i, x)
		if err != nil {
			return nil, err
		}
		out, err := sm.Run(ctx, opt)
		if err != nil {
			return nil, err
		}
		res := make([]float64, len(specs))
		for k, s := range specs {
			p := s.Policy
			if p < 0 {
				p = len(out.Policies) - 1 // the experiment's policy; the baseline comes first
			}
			v := mean(out.Draw(p, s.Country, s.Year))
			if s.Delta {
				v -= mean(out.Draw(0, s.Country, s.Year))
			}
			res[k] = v
		}
		return res, nil
	}
	return names, eval, nil
}

// ExperimentDraws is [Model.Evaluator] for a caller that computes an
// experiment's outcomes itself from the draws (package sweep, which splits
// an experiment's draws into blocks): it returns the cells the outcomes
// read, in the order of Evaluator's names, and the function that simulates
// draws first ≤ d < first+n of experiment i, as Evaluator's function
// simulates them, handing each block of draws to each in draw order.
func (m *Model) ExperimentDraws(factors []string, o OutcomeOptions) ([]OutcomeCell, func(ctx context.Context, i int, x []float64, first, n int, each func(*sim.Block) error) error, error) {
	_, cells, prepare, err := m.experiments(factors, o)
	if err != nil {
		return nil, nil, err
	}
	run := func(ctx context.Context, i int, x []float64, first, n int, each func(*sim.Block) error) error {
		sm, opt, err := prepare(i, x)
		if err != nil {
			return err
		}
		opt.First, opt.Draws, opt.Each = first, n, each
		_, err = sm.Run(ctx, opt)
		return err
	}
	return cells, run, nil
}

// experiments checks a design's factors and outcome options and returns
// the outcomes' names and cells and the function that sets up experiment
// i's run.
func (m *Model) experiments(factors []string, o OutcomeOptions) ([]string, []OutcomeCell, func(i int, x []float64) (*sim.Model, sim.Options, error), error) {
	fail := func(err error) ([]string, []OutcomeCell, func(i int, x []float64) (*sim.Model, sim.Options, error), error) {
		return nil, nil, nil, err
	}
	if o.Draws < 1 {
		return fail(optErrf("draws", "%d: need at least 1", o.Draws))
	}
	cs, cnames, err := m.outcomeCountries(o.Countries)
	if err != nil {
		return fail(err)
	}
	ys, err := m.outcomeYears(o.Years)
	if err != nil {
		return fail(err)
	}
	pf, dd, hd := -1, -1, -1
	paths := make([]string, len(factors))
	draws := map[int]int{} // posterior draws of a posterior factor, by column
	known := map[string]bool{}
	for _, p := range m.Sim.Params() {
		known[p.Path] = true
	}
	for j, name := range factors {
		switch name {
		case PolicyFactor:
			pf = j
			continue
		case DecisionDrawFactor, HazardDrawFactor:
			f, err := m.posteriorFactors(FactorOptions{DecisionDraw: name == DecisionDrawFactor, HazardDraw: name == HazardDrawFactor})
			if err != nil {
				return fail(err)
			}
			draws[j] = int(f[0].Hi) + 1
			if name == DecisionDrawFactor {
				dd = j
			} else {
				hd = j
			}
			continue
		}
		if !known[name] {
			return fail(inputErrf("factor %q is not a parameter of the scenario", name))
		}
		paths[j] = name
	}
	var names []string
	var cells []OutcomeCell
	for _, s := range m.outcomes(cs, cnames, ys, pf >= 0) {
		names, cells = append(names, s.name), append(cells, s.OutcomeCell)
	}
	pols := m.Sim.Policies()
	prepare := func(i int, x []float64) (*sim.Model, sim.Options, error) {
		opt := sim.Options{Draws: o.Draws, Seed: o.Seed, Workers: 1, Overrides: map[string]float64{}}
		sm := m.Sim
		di, hi := -1, -1
		for j, v := range x {
			switch j {
			case pf:
				opt.Policies = []string{pols[int(v)]}
			case dd, hd:
				if v != math.Trunc(v) || v < 0 || int(v) >= draws[j] {
					return nil, opt, inputErrf("experiment %d: %s = %v is not a posterior draw (0 to %d)", i+1, factors[j], v, draws[j]-1)
				}
				if j == dd {
					di = int(v)
				} else {
					hi = int(v)
				}
			default:
				opt.Overrides[paths[j]] = v
			}
		}
		if di >= 0 || hi >= 0 {
			var err error
			if sm, err = sim.New(m.World, m.drawEngines(di, hi)); err != nil {
				return nil, opt, err
			}
		}
		return sm, opt, nil
	}
	return names, cells, prepare, nil
}

// outcomeCountries resolves country ids (and REGION) to indices.
func (m *Model) outcomeCountries(ids []string) ([]int, []string, error) {
	countries := m.Sim.Countries()
	if len(ids) == 0 {
		var cs []int
		for i := range countries {
			cs = append(cs, i)
		}
		return append(cs, len(countries)), append(append([]string(nil), countries...), "REGION"), nil
	}
	cidx := map[string]int{"REGION": len(countries)}
	for i, c := range countries {
		cidx[c] = i
	}
	var cs []int
	var names []string
	for _, s := range ids {
		i, ok := cidx[s]
		if !ok {
			return nil, nil, optErrf("countries", "%q is not a focus country of the scenario (have %s, REGION)", s, strings.Join(countries, ", "))
		}
		cs, names = append(cs, i), append(names, s)
	}
	return cs, names, nil
}

// outcomeYears resolves years to indices of the model's years.
func (m *Model) outcomeYears(years []int) ([]int, error) {
	all := m.Sim.Years()
	if len(years) == 0 {
		return []int{len(all) - 1}, nil
	}
	var ys []int
	for _, y := range years {
		k := y - all[0]
		if k < 0 || k >= len(all) {
			return nil, optErrf("years", "%d is outside the scenario's %d-%d", y, all[0], all[len(all)-1])
		}
		ys = append(ys, k)
	}
	return ys, nil
}

// outcomes lays out the recorded outcomes: per country and year, with a
// policy factor the experiment's policy and its delta; without, every
// policy and each non-baseline policy's delta.
func (m *Model) outcomes(cs []int, cnames []string, ys []int, policyFactor bool) []outcome {
	years := m.Sim.Years()
	var specs []outcome
	if policyFactor {
		for k, c := range cs {
			for _, y := range ys {
				yr := strconv.Itoa(years[y])
				specs = append(specs, outcome{"p." + cnames[k] + "." + yr, OutcomeCell{Policy: -1, Country: c, Year: y}},
					outcome{"delta." + cnames[k] + "." + yr, OutcomeCell{Policy: -1, Country: c, Year: y, Delta: true}})
			}
		}
		return specs
	}
	for pi, p := range m.Sim.Policies() {
		for k, c := range cs {
			for _, y := range ys {
				yr := strconv.Itoa(years[y])
				specs = append(specs, outcome{"p." + p + "." + cnames[k] + "." + yr, OutcomeCell{Policy: pi, Country: c, Year: y}})
				if pi > 0 {
					specs = append(specs, outcome{"delta." + p + "." + cnames[k] + "." + yr, OutcomeCell{Policy: pi, Country: c, Year: y, Delta: true}})
				}
			}
		}
	}
	return specs
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
