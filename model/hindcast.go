package model

import (
	"context"
	"fmt"
	"slices"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/world"
)

// HindcastDraws is the number of sampled event paths of each hindcast that
// `steppe calibrate --hindcast` runs. It is a choice of Monte Carlo
// precision, not a modelling assumption: with n = 2000 paths the
// probability level of an estimated 5% or 95% quantile of the simulated
// onsets has a binomial standard error of sqrt(0.05 * 0.95 / n), about
// 0.005, so the 90% predictive interval the record is held against covers
// 90% to within about one point.
const HindcastDraws = 2000

// HindcastStarts are the months a hindcast starts the simulation from.
var HindcastStarts = []world.Month{world.MonthOf(1995, 1), world.MonthOf(2005, 1), world.MonthOf(2014, 1)}

// Hindcast is the simulation run from a past start with the world as it
// was then and every model fitted only on crises before the start,
// compared with what happened up to the world's horizon.
type Hindcast struct {
	Start, End world.Month
	Draws      int
	Fitted     int // crises the models were fitted on
	Rows       []HindcastRow
}

// HindcastRow compares one state, or a group of states, with the record.
type HindcastRow struct {
	Unit       string // ISO3, "Central Asia" or "post-Soviet states"
	StateYears float64
	// Onsets observed, and simulated: mean and 90% predictive interval
	// (sampled event paths, so parameter and event uncertainty both count).
	Observed       int
	Mean, Q05, Q95 float64
	// Crises observed and triggers simulated, with the same interval: the
	// check that a trigger in the simulation is a crisis in the record.
	Crises            int
	TMean, TQ05, TQ95 float64
}

// Inside reports whether the observed onsets lie in the 90% interval.
func (r HindcastRow) Inside() bool {
	return float64(r.Observed) >= r.Q05 && float64(r.Observed) <= r.Q95
}

// TriggersInside reports whether the observed crises lie in the 90%
// interval of the simulated triggers.
func (r HindcastRow) TriggersInside() bool {
	return float64(r.Crises) >= r.TQ05 && float64(r.Crises) <= r.TQ95
}

// RunHindcast fits the intervention model v2 and the crisis hazards to the
// crises before w.Start, simulates w (a world as it was at its start, with
// every post-Soviet state it covers as a focus actor and no projects) to
// its horizon with sampled event paths, and compares each focus state,
// Central Asia and all focus states with the onsets and crises recorded in
// [w.Start, w.Horizon].
func (c *Cache) RunHindcast(ctx context.Context, w *world.World, crises []risk.Crisis, draws int, seed uint64) (*Hindcast, error) {
	c = c.orNew()
	v2, err := FitV2(ctx, crises, w.Start, seed, nil, "data/"+CrisesFile, "", fmt.Sprintf("hindcast from %s", w.Start))
	if err != nil {
		return nil, fmt.Errorf("hindcast %s: %w", w.Start, err)
	}
	m, err := c.Assemble(w, Config{V2: v2, V2File: fmt.Sprintf("fitted on crises before %s", w.Start), NoIntegration: true})
	if err != nil {
		return nil, fmt.Errorf("hindcast %s: %w", w.Start, err)
	}
	out, err := m.Sim.Run(ctx, simOptions(draws, seed))
	if err != nil {
		return nil, fmt.Errorf("hindcast %s: %w", w.Start, err)
	}
	h := &Hindcast{Start: w.Start, End: w.Horizon, Draws: draws, Fitted: v2.Decision.N}
	onset := risk.IsOnset(crises)
	years := float64(w.Horizon-w.Start+1) / 12
	countries := out.Countries
	type group struct {
		name string
		in   func(string) bool
	}
	sub := map[string]string{}
	for _, s := range risk.PostSovietStates {
		sub[s.ISO3] = s.Subregion
	}
	groups := []group{}
	for _, id := range countries {
		groups = append(groups, group{id, func(c string) bool { return c == id }})
	}
	groups = append(groups,
		group{"Central Asia", func(c string) bool { return sub[c] == "central-asia" }},
		group{"post-Soviet states", func(c string) bool { return slices.Contains(countries, c) }})
	on := make([]float64, draws)
	tr := make([]float64, draws)
	for _, g := range groups {
		row := HindcastRow{Unit: g.name}
		clear(on)
		clear(tr)
		for ci, id := range countries {
			if !g.in(id) {
				continue
			}
			row.StateYears += years
			for d, v := range out.OnsetDraws(0, ci) {
				on[d] += v
			}
			for d, v := range out.TriggerDraws(0, ci) {
				tr[d] += v
			}
		}
		for i, cr := range crises {
			if cr.Month < w.Start || cr.Month > w.Horizon || !g.in(cr.Country) || !slices.Contains(countries, cr.Country) {
				continue
			}
			row.Crises++
			if onset[i] {
				row.Observed++
			}
		}
		row.Mean, row.Q05, row.Q95 = interval(on)
		row.TMean, row.TQ05, row.TQ95 = interval(tr)
		h.Rows = append(h.Rows, row)
	}
	return h, nil
}

// interval returns the mean and the 5% and 95% quantiles of x.
func interval(x []float64) (mean, q05, q95 float64) {
	s := slices.Clone(x)
	slices.Sort(s)
	for _, v := range s {
		mean += v
	}
	return mean / float64(len(s)), results.Quantile(s, 0.05), results.Quantile(s, 0.95)
}
