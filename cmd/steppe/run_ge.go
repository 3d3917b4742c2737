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
	full := base.N()
	if base, err = geSimBaseline(w, base); err != nil {
		return nil, fmt.Errorf("trade baseline: %w", err)
	}
	g, err := ge.NewIntegration(w, ge.Study{Baseline: base, Theta: ge.WorldTheta(w)}, geDraws)
	if err != nil {
		return nil, fmt.Errorf("gravity integration: %w", err)
	}
	th := ge.WorldTheta(w)
	desc := fmt.Sprintf("general-equilibrium trade model (gravity/ge; bundled %d trade baseline, %d of %d economies kept, the rest as one ROW; theta %s; %d GE draws): income_pct, intra_regional_trade, china_trade_share, russia_trade_share",
		geBaselineYear, base.N()-1, full, th.Dist, geDraws)
	return &geIntegration{g: g, desc: desc}, nil
}

// Describe implements sim.Describer.
func (a *geIntegration) Describe() string { return a.desc }

// geMinPartnerShare is the share of a focus economy's international trade
// above which a partner keeps its own row in the simulation's trade table.
const geMinPartnerShare = 0.01

// geSimBaseline is the trade table the simulation solves: the focus
// economies, Russia and China, every economy a project's trade_cost names,
// and every partner with at least geMinPartnerShare of some focus economy's
// trade (about 30 of the 166 economies); the others are merged into one
// rest of the world (ge.Flows.Aggregate). The solves are ~30 times cheaper
// (they are most of a run's work) and the focus economies' results differ
// from the full table's by less than 0.001 percentage points of real income
// (TestGEAggregationError), far below their uncertainty across draws.
// steppe gravity counterfactual keeps the full table.
func geSimBaseline(w *world.World, base *ge.Flows) (*ge.Flows, error) {
	extra := []string{"RUS", "CHN"}
	for _, p := range w.Projects {
		for _, tc := range p.TradeCost {
			extra = append(extra, tc.From, tc.To)
		}
	}
	var named []string
	for _, c := range extra {
		if base.Index(c) >= 0 {
			named = append(named, c)
		} // an unknown code is reported by ge.NewIntegration
	}
	return base.Aggregate(ge.MainPartners(base, ge.FocusCodes(w), named, geMinPartnerShare), "ROW")
}

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
