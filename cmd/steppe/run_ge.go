package main

import (
	"fmt"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// geDraws is the number of distinct general-equilibrium draws the
// simulation uses: draw d of a run uses GE draw d mod geDraws (like the
// risk engine's posterior draws), which bounds the number of solves.
const geDraws = 100

// geBaselineYear is the year the bundled trade baseline is projected to.
const geBaselineYear = 2023

// geIntegration adapts package ge's pricing of projects to sim.Integration:
// the general-equilibrium change in real income and in the intra-regional,
// Chinese and Russian shares of each focus country's trade, per draw and
// set of completed projects.
type geIntegration struct {
	g    *ge.Integration
	desc string
}

// newGEIntegration prices w's projects on the bundled Central Asia trade
// baseline with the scenario's trade elasticity (gravity.theta; without one,
// ge.DefaultTheta).
func newGEIntegration(w *world.World) (sim.Integration, error) {
	base, _, err := ge.CentralAsiaBaseline(data.FS(), geBaselineYear)
	if err != nil {
		return nil, fmt.Errorf("trade baseline: %w", err)
	}
	g, err := ge.NewIntegration(w, ge.Study{Baseline: base, Theta: ge.WorldTheta(w)}, geDraws)
	if err != nil {
		return nil, fmt.Errorf("gravity integration: %w", err)
	}
	th := ge.WorldTheta(w)
	desc := fmt.Sprintf("general-equilibrium trade model (gravity/ge; bundled %d trade baseline, %d economies; theta %s; %d GE draws): income_pct, intra_regional_trade, china_trade_share, russia_trade_share",
		geBaselineYear, len(base.Countries), th.Dist, geDraws)
	return &geIntegration{g: g, desc: desc}, nil
}

// Describe implements sim.Describer.
func (a *geIntegration) Describe() string { return a.desc }

// Fields implements sim.Integration.
func (a *geIntegration) Fields() []world.EffectField { return ge.TradeFields }

// Effects implements sim.Integration.
func (a *geIntegration) Effects(d *sim.Draw, done sim.ProjectSet, out []sim.Effects) error {
	eff, err := a.g.Effects(d.Seed, d.Index, uint64(done))
	if err != nil {
		return err
	}
	for c, e := range eff {
		out[c][world.EIncome] += e.Income
		out[c][world.EIntraRegionalTrade] += e.IntraRegional
		out[c][world.EChinaTradeShare] += e.ChinaShare
		out[c][world.ERussiaTradeShare] += e.RussiaShare
	}
	return nil
}
