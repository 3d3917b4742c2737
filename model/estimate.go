package model

import "github.com/steppe-dev/steppe/results"

// series is the number of per-draw quantities a run summarises
// (results.Accumulator): one per policy, country (and the region) and
// year, one delta per policy besides the baseline, country and year, and
// two validity rates per policy.
func (m *Model) series(opt Options) (policies, cells, series int) {
	policies = m.policies(opt)
	blk := (len(m.Sim.Countries()) + 1) * len(m.Sim.Years())
	return policies, policies * blk, policies*blk + (policies-1)*blk + 2*policies
}

// policies is the number of policies a run with opt simulates.
func (m *Model) policies(opt Options) int {
	if opt.Policies == nil {
		return len(m.Sim.Policies())
	}
	seen := map[string]bool{m.World.Baseline: true}
	for _, p := range opt.Policies {
		seen[p] = true
	}
	return len(seen)
}

// Passes is the number of times a run with opt simulates its draws: one
// when the per-draw values fit results.DefaultPilotValues, else two (the
// second repeats the draws for the standard errors and the exact
// quantiles; see results.Accumulator).
func (m *Model) Passes(opt Options) int {
	_, _, ns := m.series(opt)
	if opt.Draws*ns <= results.DefaultPilotValues {
		return 1
	}
	return 2
}
