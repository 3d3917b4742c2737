package model

import (
	"fmt"
	"sync"

	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// tradeIntegration adapts package ge's pricing of projects to
// sim.Integration: the general-equilibrium change in real income and in the
// intra-regional, Chinese and Russian shares of each focus country's trade,
// per draw and set of completed projects.
type tradeIntegration struct {
	g    *ge.Integration
	desc string
	buf  sync.Pool // *[]ge.Effect: a worker's scratch for Effects
}

// newTradeIntegration prices w's projects on the trade baseline with the
// scenario's trade elasticity (gravity.theta; without one,
// ge.DefaultTheta). The baseline is the bundled Central Asia table
// projected to Settings.TradeBaselineYear, or the flow table the scenario
// names (gravity.trade_baseline, which `steppe run --trade-baseline` sets),
// used as it is: its year's flows, domestic sales included.
func (c *Cache) newTradeIntegration(w *world.World, s Settings) (sim.Integration, error) {
	full, what, err := c.worldTradeBaseline(w, s)
	if err != nil {
		return nil, err
	}
	base, err := simBaseline(w, full, s.MinPartnerShare)
	if err != nil {
		return nil, fmt.Errorf("trade baseline: %w", err)
	}
	th := ge.WorldTheta(w)
	g, err := ge.NewIntegration(w, ge.Study{Baseline: base, Theta: th}, s.GEDraws)
	if err != nil {
		if w.Gravity.TradeBaseline != "" {
			return nil, inputErrf("trade baseline %s (gravity.trade_baseline, or --trade-baseline): %v", w.Gravity.TradeBaseline, err)
		}
		return nil, fmt.Errorf("gravity integration: %w", err)
	}
	if sv := c.solutions(); sv != nil {
		g.Use(sv.Fixed, sv.Solutions)
	}
	desc := fmt.Sprintf("general-equilibrium trade model (gravity/ge; %s, %d of %d economies kept, the rest as one ROW; theta %s; %d GE draws): income_pct, intra_regional_trade, china_trade_share, russia_trade_share",
		what, base.N()-1, full.N(), th.Dist, s.GEDraws)
	return &tradeIntegration{g: g, desc: desc}, nil
}

// worldTradeBaseline returns the trade table of a run and how the run's
// header names it.
func (c *Cache) worldTradeBaseline(w *world.World, s Settings) (*ge.Flows, string, error) {
	path := w.Gravity.TradeBaseline
	if path == "" {
		full, err := c.tradeBaseline(s.TradeBaselineYear)
		return full, fmt.Sprintf("bundled %d trade baseline", s.TradeBaselineYear), err
	}
	full, err := ge.ReadBaselineTable(path, w.Gravity.TradeBaselineYear)
	if err != nil {
		return nil, "", inputErrf("trade baseline (gravity.trade_baseline, or --trade-baseline): %w", err)
	}
	year := "year not stated"
	if full.Year != 0 {
		year = fmt.Sprint(full.Year)
	}
	return full, fmt.Sprintf("trade baseline %s, %s", path, year), nil
}

// Describe implements sim.Describer.
func (a *tradeIntegration) Describe() string { return a.desc }

// simBaseline is the trade table the simulation solves: the focus
// economies, Russia and China, every economy a project's trade_cost names,
// and every partner with at least minShare of some focus economy's trade
// (about 30 of the 166 economies); the others are merged into one rest of
// the world (ge.Flows.Aggregate). The solves are ~30 times cheaper (they
// are most of a run's work) and the focus economies' results differ from
// the full table's by less than 0.001 percentage points of real income
// (TestGEAggregationError), far below their uncertainty across draws.
// steppe gravity counterfactual keeps the full table.
func simBaseline(w *world.World, base *ge.Flows, minShare float64) (*ge.Flows, error) {
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
	return base.Aggregate(ge.MainPartners(base, ge.FocusCodes(w), named, minShare), "ROW")
}

// Fields implements sim.Integration.
func (a *tradeIntegration) Fields() []world.EffectField { return ge.TradeFields }

// Effects implements sim.Integration.
func (a *tradeIntegration) Effects(d *sim.Draw, done sim.ProjectSet, out []sim.Effects) error {
	buf, _ := a.buf.Get().(*[]ge.Effect)
	if buf == nil {
		buf = new([]ge.Effect)
	}
	defer a.buf.Put(buf)
	eff, err := a.g.AppendEffects((*buf)[:0], d.Seed, d.Index, uint64(done))
	*buf = eff
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
