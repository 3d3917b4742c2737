package portfolio

import (
	"context"
	"fmt"
	"slices"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Target is the outcome a portfolio is judged by: P(at least one
// intervention by the end of Year) and the real income gain at its end,
// in the region (no Countries, or REGION alone) or in the chosen focus
// states together.
type Target struct {
	Countries []string
	Year      int
}

// Outcome is one portfolio simulated against the base policy.
type Outcome struct {
	Set uint64
	// Risk is, per draw, the reduction in P(at least one intervention in
	// the target by the end of the year) from the base policy, in
	// percentage points (positive: the portfolio lowers the risk).
	Risk []float64
	// Income is the mean over draws of the real income gain over the base
	// policy at the end of the year, % (the target's states weighted by
	// their stated GDP). The simulation keeps only its mean over draws.
	Income float64
}

// Simulator runs portfolios through the full model: each portfolio is the
// base policy plus its candidates from the portfolio's start month,
// simulated in one run with the base (common random numbers: every draw's
// parameters, shocks and uniforms are shared, sim's package doc).
type Simulator struct {
	Cache   *model.Cache
	World   *world.World
	Target  Target
	Draws   int
	Workers int
	// Batch is the number of portfolios simulated per run (memory grows
	// with it); 0 means 16.
	Batch    int
	Progress func(done, total int) // draws done over all batches
}

// Evaluate simulates the portfolios sets (bit i: candidate i of the
// world's portfolio) with seed.
func (s *Simulator) Evaluate(ctx context.Context, sets []uint64, seed uint64) ([]Outcome, error) {
	pf := s.World.Portfolio
	if pf == nil {
		return nil, fmt.Errorf("portfolio: the scenario has no portfolio section")
	}
	w := *s.World
	base, ok := s.World.Policy(pf.Base)
	if !ok {
		return nil, fmt.Errorf("portfolio: unknown base policy %q", pf.Base)
	}
	w.Baseline = base.ID
	w.Projects = slices.Clone(s.World.Projects)
	for _, c := range pf.Candidates {
		if c.Defined {
			w.Projects = append(w.Projects, c.Project)
		}
	}
	w.Policies = []world.Policy{*base}
	names := make([]string, len(sets))
	for k, x := range sets {
		pol := world.Policy{ID: fmt.Sprintf("portfolio-%03d", k), Projects: slices.Clone(base.Projects)}
		for i, c := range pf.Candidates {
			if x&(1<<uint(i)) != 0 {
				pol.Projects = append(pol.Projects, world.PolicyProject{Project: c.Project.ID, Start: pf.Start})
			}
		}
		names[k] = pol.ID
		w.Policies = append(w.Policies, pol)
	}
	m, err := s.Cache.Assemble(&w, model.Config{})
	if err != nil {
		return nil, err
	}
	cs, weights, err := s.targetIndex(m)
	if err != nil {
		return nil, err
	}
	years := m.Sim.Years()
	y := s.Target.Year - years[0]
	if y < 0 || y >= len(years) {
		return nil, &model.OptionError{Option: "year", Err: fmt.Errorf("%d is outside the scenario's %d-%d", s.Target.Year, years[0], years[len(years)-1])}
	}
	batch := s.Batch
	if batch <= 0 {
		batch = 16
	}
	out := make([]Outcome, len(sets))
	total := s.Draws * ((len(sets) + batch - 1) / batch)
	for lo := 0; lo < len(sets); lo += batch {
		hi := min(lo+batch, len(sets))
		opt := sim.Options{Draws: s.Draws, Seed: seed, Workers: s.Workers, Policies: names[lo:hi]}
		if s.Progress != nil {
			done := s.Draws * (lo / batch)
			opt.Progress = func(d, _ int) { s.Progress(done+d, total) }
		}
		res, err := m.Sim.Run(ctx, opt)
		if err != nil {
			return nil, err
		}
		p0 := s.risk(res, 0, cs, y)
		inc0 := s.income(res, 0, cs, weights, y)
		for k := lo; k < hi; k++ {
			pi := slices.Index(res.Policies, names[k])
			pk := s.risk(res, pi, cs, y)
			for d := range pk {
				pk[d] = 100 * (p0[d] - pk[d])
			}
			out[k] = Outcome{Set: sets[k], Risk: pk, Income: s.income(res, pi, cs, weights, y) - inc0}
		}
	}
	return out, nil
}

// targetIndex resolves the target's states to the simulation's country
// indices with their GDP weights; no states means the region.
func (s *Simulator) targetIndex(m *model.Model) ([]int, []float64, error) {
	countries := m.Sim.Countries()
	if len(s.Target.Countries) == 0 || len(s.Target.Countries) == 1 && s.Target.Countries[0] == "REGION" {
		return []int{len(countries)}, []float64{1}, nil
	}
	var cs []int
	var ws []float64
	for _, id := range s.Target.Countries {
		i := slices.Index(countries, id)
		if i < 0 {
			return nil, nil, &model.OptionError{Option: "states", Err: fmt.Errorf("%q is not a focus state of the scenario (have %v)", id, countries)}
		}
		a, _ := m.World.Actor(id)
		cs, ws = append(cs, i), append(ws, a.Attr.GDP.V)
	}
	return cs, ws, nil
}

// risk is, per draw, P(at least one intervention in the target states by
// the end of year y) under policy p: 1 - Π(1 - p_c), states being
// independent given a draw (as sim computes the region's).
func (s *Simulator) risk(o *sim.Output, p int, cs []int, y int) []float64 {
	if len(cs) == 1 {
		return slices.Clone(o.Draw(p, cs[0], y))
	}
	none := make([]float64, o.Draws)
	for d := range none {
		none[d] = 1
	}
	for _, c := range cs {
		for d, v := range o.Draw(p, c, y) {
			none[d] *= 1 - v
		}
	}
	for d := range none {
		none[d] = 1 - none[d]
	}
	return none
}

// income is the mean real income change of the target states under
// policy p at the end of year y, weighted by ws.
func (s *Simulator) income(o *sim.Output, p int, cs []int, ws []float64, y int) float64 {
	v, t := 0.0, 0.0
	for k, c := range cs {
		v += ws[k] * o.Effects[o.Index(p, c, y)*int(world.NumEffectFields)+int(world.EIncome)]
		t += ws[k]
	}
	if t == 0 {
		return 0
	}
	return v / t
}
