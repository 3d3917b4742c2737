package scenario

import (
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// resolveWorld converts a decoded scenario into a world, one section at a
// time, in the order of the file format: every later section checks its
// references against the actors, the policies against the projects, and
// the claims against the values stated before them. Problems are recorded
// in d.errs; the world returned is meaningful only when there are none.
// ranges holds the constraint of every value stated with one, by path.
func resolveWorld(d *decoder, f *fileScenario, name string) (w *world.World, ranges map[string]constraint) {
	r := &resolver{d: d, actors: map[string]world.Role{}, paths: map[string]bool{},
		ranges: map[string]constraint{}, top: Pos{File: name, Line: 1, Col: 1}}
	w = &world.World{}
	r.header(f, name, w)
	r.resolveActors(f.Actors, w)
	r.borders(f.Borders, w)
	r.bases(f.Bases, w)
	r.memberships(f.Memberships, w)
	r.investments(f.Investments, w)
	r.trade(f.Trade, w)
	for _, it := range f.Infra.Items {
		w.Infra = append(w.Infra, r.infra(it.Key, it.V, "infrastructure."+it.Key, it.KeyPos))
	}
	projects := r.projects(f.Projects, w)
	r.policies(f.Policies, f.Baseline, projects, w)
	r.triggers(f.Triggers, w)
	r.decision(f.Decision, w)
	r.shocks(f.Shocks, w)
	r.gravity(f.Gravity, w)
	r.history(f.History, w)
	r.claims(f.Claims, w)
	r.portfolio(f.Portfolio, w)
	return w, r.ranges
}

// header resolves the name, title, description, baseline, start and
// horizon. A scenario without a name is named after its file.
func (r *resolver) header(f *fileScenario, name string, w *world.World) {
	w.Name, w.Title, w.Description, w.Baseline = f.Name.V, f.Title.V, f.Description.V, f.Baseline.V
	if w.Name == "" {
		w.Name = strings.TrimSuffix(path.Base(strings.TrimPrefix(name, "embedded:")), path.Ext(name))
	}
	w.Start = r.month(f.Start, "start", true, r.top)
	w.Horizon = r.month(f.Horizon, "horizon", true, r.top)
	switch {
	case !f.Horizon.Set || w.Horizon == 0:
	case w.Horizon > MaxHorizon:
		r.errf(f.Horizon.Pos, "horizon", "%v is after %v, the latest horizon a scenario may have", w.Horizon, MaxHorizon)
	case !f.Start.Set || w.Start == 0:
	case w.Horizon < w.Start:
		r.errf(f.Horizon.Pos, "horizon", "%v is before start %v", w.Horizon, w.Start)
	case int(w.Horizon-w.Start) >= MaxYears*12:
		r.errf(f.Horizon.Pos, "horizon", "%v is more than %d years after start %v", w.Horizon, MaxYears, w.Start)
	}
}

// MaxHorizon and MaxYears bound a scenario's horizon: at most 2200-12, and
// less than 200 years after its start. They are a budget, not a claim
// about the model: the inputs are observations of 1992-2025, so even the
// bundled 20-year horizon is an extrapolation, while every year more costs
// every draw its months of simulation and its per-draw results (policies ×
// (countries+1) × years × 8 bytes, model.Model.ResultBytes). A horizon of
// 9999-12 made a 200,000-draw server run allocate 153 GB and die (issue 21).
const (
	MaxHorizon = world.Month(2200*12 + 11)
	MaxYears   = 200
)

// resolveActors records every actor's role first (every later reference is
// checked against them), then converts the actors, focus actors first and
// in file order within each role.
func (r *resolver) resolveActors(actors Keyed[fileActor], w *world.World) {
	for _, it := range actors.Items {
		a := it.V
		role := world.Role(a.Role.V)
		switch {
		case !a.Role.Set:
			role = world.External
		case role != world.Focus && role != world.External:
			r.errf(a.Role.Pos, "actors."+it.Key+".role", "unknown role %q (want focus or external)", a.Role.V)
		}
		r.actors[it.Key] = role
	}
	var focus, ext []world.Actor
	for _, it := range actors.Items {
		act := r.actor1(it)
		if act.Role == world.Focus {
			focus = append(focus, act)
		} else {
			ext = append(ext, act)
		}
	}
	w.Actors = append(focus, ext...)
	if len(focus) == 0 && len(r.d.errs) == 0 {
		pos := actors.Pos
		if !actors.Set {
			pos = r.top
		}
		r.errf(pos, "actors", "no focus actors (set role: focus on the states to forecast)")
	}
}

// actor1 converts one actor. Population, GDP and growth are required of
// focus actors.
func (r *resolver) actor1(it Item[fileActor]) world.Actor {
	a, p := it.V, "actors."+it.Key+"."
	role := r.actors[it.Key]
	focus := role == world.Focus
	act := world.Actor{ID: it.Key, Name: a.Name.V, Role: role, Neutral: a.Neutral.V, Note: a.Note.V}
	if act.Name == "" {
		act.Name = it.Key
	}
	at, kp := &act.Attr, it.KeyPos
	at.Population = r.value(a.Population, p+"population", nonNeg, focus, kp)
	at.GDP = r.value(a.GDP, p+"gdp_usd", nonNeg, focus, kp)
	at.Growth = r.value(a.Growth, p+"growth", anyReal, focus, kp)
	at.GrowthSD = r.value(a.GrowthSD, p+"growth_sd", nonNeg, false, kp)
	at.EthnicRussianShare = r.value(a.EthnicRussianShare, p+"ethnic_russian_share", prob, false, kp)
	at.RemittancesGDP = r.value(a.RemittancesGDP, p+"remittances_gdp", nonNeg, false, kp)
	at.RemittancesRussia = r.value(a.RemittancesRussia, p+"remittances_russia_share", prob, false, kp)
	at.FuelExposure = r.value(a.FuelExposure, p+"fuel_price_exposure", prob, false, kp)
	at.ChinaInvestment = r.value(a.ChinaInvestment, p+"china_investment_gdp", nonNeg, false, kp)
	at.RussiaTradeShare = r.value(a.RussiaTradeShare, p+"russia_trade_share", prob, false, kp)
	at.ChinaTradeShare = r.value(a.ChinaTradeShare, p+"china_trade_share", prob, false, kp)
	at.IntraRegionalTrade = r.value(a.IntraRegionalTrade, p+"intra_regional_trade_share", prob, false, kp)
	at.RussianTransit = r.value(a.RussianTransit, p+"russian_transit_share", prob, false, kp)
	at.RequestPropensity = r.value(a.RequestPropensity, p+"request_propensity", prob, false, kp)
	at.AlignmentShift = r.value(a.AlignmentShift, p+"alignment_shift", prob, false, kp)
	at.BorderRussiaKM = r.value(a.BorderRussiaKM, p+"border_russia_km", nonNeg, false, kp)
	at.Alignment = r.value(a.Alignment, p+"alignment", share11, false, kp)
	at.Enclave = r.value(a.Enclave, p+"enclave", prob, false, kp)
	return act
}

func (r *resolver) borders(borders Keyed[fileBorder], w *world.World) {
	for _, it := range borders.Items {
		b, p := it.V, "borders."+it.Key
		w.Borders = append(w.Borders, world.Border{
			A: r.actor(b.A, p+".a", true, false, it.KeyPos), B: r.actor(b.B, p+".b", true, false, it.KeyPos),
			LengthKM: r.value(b.LengthKM, p+".length_km", nonNeg, true, it.KeyPos), Note: b.Note.V,
		})
	}
}

func (r *resolver) bases(bases Keyed[fileBase], w *world.World) {
	for _, it := range bases.Items {
		b, p := it.V, "bases."+it.Key
		w.Bases = append(w.Bases, world.Base{
			ID: it.Key, Name: b.Name.V, Kind: b.Kind.V, Note: b.Note.V,
			Host:      r.actor(b.Host, p+".host", true, false, it.KeyPos),
			Operator:  r.actor(b.Operator, p+".operator", true, false, it.KeyPos),
			Personnel: r.value(b.Personnel, p+".personnel", nonNeg, false, it.KeyPos),
			LeaseEnd:  r.value(b.LeaseEnd, p+".lease_end", yearLike, true, it.KeyPos),
		})
	}
}

// memberships carry their provenance as a source string, not per value.
func (r *resolver) memberships(ms Keyed[fileMembership], w *world.World) {
	for _, it := range ms.Items {
		ms, p := it.V, "memberships."+it.Key
		if !ms.Org.Set {
			r.errf(it.KeyPos, p+".org", "missing")
		}
		m := world.Membership{Org: ms.Org.V, Member: r.actor(ms.Member, p+".member", true, false, it.KeyPos),
			From: r.month(ms.From, p+".from", true, it.KeyPos), To: r.month(ms.To, p+".to", false, it.KeyPos), Source: ms.Source.V}
		r.source(ms.Source, p+".source", it.KeyPos)
		if m.To != 0 && m.To < m.From {
			r.errf(ms.To.Pos, p+".to", "%v is before from %v", m.To, m.From)
		}
		w.Memberships = append(w.Memberships, m)
	}
}

func (r *resolver) investments(inv Keyed[fileInvestment], w *world.World) {
	for _, it := range inv.Items {
		v, p := it.V, "investments."+it.Key
		w.Investments = append(w.Investments, world.Investment{
			Investor: r.actor(v.Investor, p+".investor", true, false, it.KeyPos),
			Host:     r.actor(v.Host, p+".host", true, false, it.KeyPos),
			StockUSD: r.value(v.StockUSD, p+".stock_usd", nonNeg, true, it.KeyPos), Note: v.Note.V,
		})
	}
}

func (r *resolver) trade(trade Keyed[fileTrade], w *world.World) {
	for _, it := range trade.Items {
		v, p := it.V, "trade."+it.Key
		w.Trade = append(w.Trade, world.Trade{
			From: r.actor(v.From, p+".from", true, false, it.KeyPos), To: r.actor(v.To, p+".to", true, false, it.KeyPos),
			ValueUSD: r.value(v.ValueUSD, p+".value_usd", nonNeg, true, it.KeyPos),
		})
	}
}

// projects converts the projects and returns their ids, which the policies
// refer to. At most 64 projects are supported (the simulation keeps the
// started ones in a bit set).
func (r *resolver) projects(prs Keyed[fileProject], w *world.World) map[string]bool {
	ids := map[string]bool{}
	for _, it := range prs.Items {
		ids[it.Key] = true
		w.Projects = append(w.Projects, r.project(it))
	}
	if len(w.Projects) > 64 {
		r.errf(prs.Pos, "projects", "%d projects; at most 64 are supported", len(w.Projects))
	}
	return ids
}

func (r *resolver) project(it Item[fileProject]) world.Project {
	pr, p := it.V, "projects."+it.Key
	wp := world.Project{ID: it.Key, Name: pr.Name.V, Kind: pr.Kind.V, Note: pr.Note.V, Source: pr.Source.V,
		CostUSD:  r.value(pr.CostUSD, p+".cost_usd", nonNeg, true, it.KeyPos),
		Duration: r.value(pr.Duration, p+".duration_months", nonNeg, true, it.KeyPos),
	}
	for i, c := range pr.Countries {
		wp.Countries = append(wp.Countries, r.actor(c, fmt.Sprintf("%s.countries[%d]", p, i), true, false, it.KeyPos))
	}
	for _, fin := range pr.Financiers {
		wp.Financiers = append(wp.Financiers, fin.V)
	}
	for i, nf := range pr.NetFeat {
		if strings.TrimSpace(nf.V) == "" {
			r.errf(nf.Pos, fmt.Sprintf("%s.network_features[%d]", p, i), "empty feature id")
			continue
		}
		wp.NetworkFeatures = append(wp.NetworkFeatures, nf.V)
	}
	wp.Effects = r.effects(pr.Effects, p)
	for _, tc := range pr.TradeCost.Items {
		wp.TradeCost = append(wp.TradeCost, r.tradeCost(tc, p+".trade_cost."+tc.Key))
	}
	for _, ad := range pr.Adds.Items {
		wp.Adds = append(wp.Adds, r.infra(ad.Key, ad.V, p+".adds."+ad.Key, ad.KeyPos))
	}
	return wp
}

// effects converts a project's effects, country by country. Effects on
// shares are changes in [-1, 1], border security a probability.
func (r *resolver) effects(effects Keyed[Keyed[Val]], p string) []world.Effect {
	var out []world.Effect
	for _, ce := range effects.Items {
		ok := r.actorKey(ce.Key, ce.KeyPos, p+".effects."+ce.Key)
		for _, fe := range ce.V.Items {
			fp := p + ".effects." + ce.Key + "." + fe.Key
			field, err := world.ParseEffectField(fe.Key)
			if err != nil {
				r.errf(fe.KeyPos, fp, "unknown effect (want one of income_pct, intra_regional_trade, china_trade_share, russia_trade_share, russian_transit, redundancy, border_security, china_investment)")
				continue
			}
			c := anyReal
			switch field {
			case world.EIntraRegionalTrade, world.EChinaTradeShare, world.ERussiaTradeShare, world.ERussianTransit:
				c = share11
			case world.EBorderSecurity:
				c = prob
			}
			v := r.value(fe.V, fp, c, true, fe.KeyPos)
			if ok {
				out = append(out, world.Effect{Country: ce.Key, Field: field, Size: v})
			}
		}
	}
	return out
}

// tradeCost converts one trade-cost change: a change in trade costs, or a
// partial effect converted with each draw's trade elasticity, not both.
func (r *resolver) tradeCost(tc Item[fileTradeCost], tp string) world.TradeCostChange {
	if tc.V.Change.Set && tc.V.PartialEffect.Set {
		r.errf(tc.V.PartialEffect.Pos, tp+".partial_effect", "give change or partial_effect, not both")
	}
	wtc := world.TradeCostChange{
		From: r.actor(tc.V.From, tp+".from", true, false, tc.KeyPos), To: r.actor(tc.V.To, tp+".to", true, false, tc.KeyPos),
	}
	if tc.V.PartialEffect.Set {
		wtc.PartialEffect = r.value(tc.V.PartialEffect, tp+".partial_effect", anyReal, true, tc.KeyPos)
	} else {
		wtc.Change = r.value(tc.V.Change, tp+".change", share11, true, tc.KeyPos)
	}
	return wtc
}

// policies converts the policies, checks their projects exist and that
// the baseline names one of them.
func (r *resolver) policies(pls Keyed[filePolicy], baseline Str, projects map[string]bool, w *world.World) {
	if !pls.Set || len(pls.Items) == 0 {
		pos := pls.Pos
		if !pls.Set {
			pos = r.top
		}
		r.errf(pos, "policies", "no policies defined (define at least the baseline)")
	}
	for _, it := range pls.Items {
		pl, p := it.V, "policies."+it.Key
		wp := world.Policy{ID: it.Key, Name: pl.Name.V, Description: pl.Description.V}
		for _, s := range pl.Projects.Items {
			sp := p + ".projects." + s.Key
			if !projects[s.Key] {
				r.errf(s.KeyPos, sp, "unknown project %q", s.Key)
			}
			wp.Projects = append(wp.Projects, world.PolicyProject{Project: s.Key, Start: r.month(s.V.Start, sp+".start", true, s.KeyPos)})
		}
		if len(wp.Projects) == 0 && it.Key != baseline.V {
			r.errf(it.KeyPos, p, "empty policy: it schedules no projects, so it would equal the baseline")
		}
		w.Policies = append(w.Policies, wp)
	}
	if !baseline.Set {
		r.errf(r.top, "baseline", "missing (name the policy the others are compared with)")
	} else if _, ok := w.Policy(w.Baseline); !ok && len(pls.Items) > 0 {
		r.errf(baseline.Pos, "baseline", "unknown policy %q", w.Baseline)
	}
}

// triggers converts the monthly hazards per focus country and trigger type,
// and the coefficients that move them.
func (r *resolver) triggers(tr fileTriggers, w *world.World) {
	for _, ce := range tr.Hazard.Items {
		ok := r.actorKey(ce.Key, ce.KeyPos, "triggers.hazard."+ce.Key)
		for _, tk := range ce.V.Items {
			fp := "triggers.hazard." + ce.Key + "." + tk.Key
			k, err := world.ParseTriggerType(tk.Key)
			if err != nil {
				r.errf(tk.KeyPos, fp, "%v", err)
				continue
			}
			v := r.value(tk.V, fp, prob, true, tk.KeyPos)
			if ok {
				w.Hazards = append(w.Hazards, world.Hazard{Country: ce.Key, Type: k, Monthly: v})
			}
		}
	}
	hc, top := tr.Coef, r.top
	w.HazardCoef = world.HazardCoef{
		Growth:          r.value(hc.Growth, "triggers.coef.growth", anyReal, false, top),
		FuelShock:       r.value(hc.FuelShock, "triggers.coef.fuel_shock", anyReal, false, top),
		RemittanceShock: r.value(hc.RemittanceLoss, "triggers.coef.remittance_loss", anyReal, false, top),
		IncomeGain:      r.value(hc.IncomeGain, "triggers.coef.income_gain", anyReal, false, top),
		Realignment:     r.value(hc.Realignment, "triggers.coef.realignment", anyReal, false, top),
		Commitment:      r.value(hc.Commitment, "triggers.coef.commitment", anyReal, false, top),
	}
}

// decision converts the intervention model. Its intercept is required
// when there are hazards (something for it to decide on).
func (r *resolver) decision(dc fileDecision, w *world.World) {
	switch w.Decision.Model = dc.Model.V; w.Decision.Model {
	case "", "v2", "v1":
	default:
		r.errf(dc.Model.Pos, "decision.model", "%q: want v2 (the default: request, accept and uninvited processes fitted on the episode set v2) or v1", dc.Model.V)
	}
	w.Decision.Intercept = r.value(dc.Intercept, "decision.intercept", anyReal, len(w.Hazards) > 0, r.top)
	for _, it := range dc.Coef.Items {
		fp := "decision.coef." + it.Key
		j, err := world.ParseDecisionFeature(it.Key)
		if err != nil {
			r.errf(it.KeyPos, fp, "unknown decision feature (want one of %s)", featureList())
			continue
		}
		w.Decision.Coef[j] = r.value(it.V, fp, anyReal, true, it.KeyPos)
	}
	for _, it := range dc.TriggerEffect.Items {
		fp := "decision.trigger_effect." + it.Key
		k, err := world.ParseTriggerType(it.Key)
		if err != nil {
			r.errf(it.KeyPos, fp, "%v", err)
			continue
		}
		w.Decision.TypeEffect[k] = r.value(it.V, fp, anyReal, true, it.KeyPos)
	}
	r.outcomes(dc.Outcomes.Requested, "decision.outcomes.requested", &w.Decision.Requested)
	r.outcomes(dc.Outcomes.Unrequested, "decision.outcomes.unrequested", &w.Decision.Unrequested)
	w.Decision.Priors = r.priors(dc.Priors)
}

// outcomes converts the probabilities of each kind of intervention.
func (r *resolver) outcomes(k Keyed[Val], p string, dst *[world.NumOutcomes]world.Value) {
	for _, it := range k.Items {
		fp := p + "." + it.Key
		o, err := world.ParseOutcome(it.Key)
		if err != nil {
			r.errf(it.KeyPos, fp, "%v", err)
			continue
		}
		if !o.IsIntervention() {
			r.errf(it.KeyPos, fp, "%q is not an intervention (want peacekeeping, csto-deployment, covert or invasion)", it.Key)
			continue
		}
		dst[o] = r.value(it.V, fp, prob, true, it.KeyPos)
	}
}

func (r *resolver) shocks(sh fileShocks, w *world.World) {
	top := r.top
	w.Shocks = world.Shocks{
		RussiaGrowth:     r.value(sh.RussiaGrowth, "shocks.russia_growth", anyReal, false, top),
		RussiaGrowthSD:   r.value(sh.RussiaGrowthSD, "shocks.russia_growth_sd", nonNeg, false, top),
		RemitElasticity:  r.value(sh.RemitElasticity, "shocks.remittance_elasticity", anyReal, false, top),
		FuelPriceSD:      r.value(sh.FuelPriceSD, "shocks.fuel_price_sd", nonNeg, false, top),
		SanctionsCost:    r.value(sh.SanctionsCost, "shocks.sanctions_growth_cost", nonNeg, false, top),
		SanctionsCostUSD: r.value(sh.SanctionsCostUSD, "shocks.sanctions_cost_usd", nonNeg, false, top),
	}
	for _, it := range sh.RussiaCommitments.Items {
		c, p := it.V, "shocks.russia_commitments."+it.Key
		w.Shocks.RussiaCommitments = append(w.Shocks.RussiaCommitments, world.Commitment{
			Name: it.Key, From: r.month(c.From, p+".from", true, it.KeyPos),
			EndYear:   r.value(c.EndYear, p+".end_year", yearLike, true, it.KeyPos),
			Intensity: r.value(c.Intensity, p+".intensity", prob, true, it.KeyPos),
			Source:    c.Source.V,
		})
	}
}

// gravity converts the trade elasticity, which must be positive in every
// draw (its distribution's support).
func (r *resolver) gravity(g fileGravity, w *world.World) {
	w.Gravity.Theta = r.value(g.Theta, "gravity.theta", nonNeg, false, r.top)
	if th := w.Gravity.Theta; th.Set {
		lo := th.V
		if th.Dist != nil {
			lo, _ = th.Dist.Support()
		}
		if lo <= 0 {
			r.errf(g.Theta.Pos, "gravity.theta", "the trade elasticity must be positive (in every draw)")
		}
	}
	r.tradeBaseline(g, w)
}

// tradeBaseline resolves gravity.trade_baseline, a flow table's path,
// relative to the scenario file that names it, and checks that it exists
// (the model reads it); gravity.trade_baseline_year must be a year.
func (r *resolver) tradeBaseline(g fileGravity, w *world.World) {
	if t := g.TradeBaseline; t.Set {
		p := t.V
		if !filepath.IsAbs(p) && !strings.HasPrefix(t.Pos.File, "embedded:") {
			p = filepath.Join(filepath.Dir(t.Pos.File), p)
		}
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			r.errf(t.Pos, "gravity.trade_baseline", "no flow table at %s", p)
		}
		w.Gravity.TradeBaseline = p
	}
	if y := g.TradeBaselineYear; y.Set {
		if y.V != math.Trunc(y.V) || y.V < 1800 || y.V > 2200 {
			r.errf(y.Pos, "gravity.trade_baseline_year", "%v is not a year", y.V)
		}
		w.Gravity.TradeBaselineYear = int(y.V)
	}
}

// history converts the events before the start, each with a trigger, an
// outcome and a source.
func (r *resolver) history(hist Keyed[fileEvent], w *world.World) {
	for _, it := range hist.Items {
		w.History = append(w.History, r.event(it, w.Start))
	}
}

func (r *resolver) event(it Item[fileEvent], start world.Month) world.Event {
	e, p := it.V, "history."+it.Key
	ev := world.Event{ID: it.Key, Month: r.month(e.Month, p+".month", true, it.KeyPos),
		Country: r.actor(e.Country, p+".country", true, false, it.KeyPos), Request: e.Request.V,
		Troops:  r.value(e.Troops, p+".troops", nonNeg, false, it.KeyPos),
		Russian: r.value(e.Russian, p+".russian_troops", nonNeg, false, it.KeyPos),
		Note:    e.Note.V, Source: e.Source.V}
	ev.Trigger = parseRequired(r, e.Trigger, p+".trigger", it.KeyPos, world.ParseTriggerType)
	ev.Outcome = parseRequired(r, e.Outcome, p+".outcome", it.KeyPos, world.ParseOutcome)
	r.source(e.Source, p+".source", it.KeyPos)
	if start != 0 && ev.Month >= start && e.Month.Set {
		r.errf(e.Month.Pos, p+".month", "%v is not before the start %v (history is what happened before the forecast)", ev.Month, start)
	}
	return ev
}

// claims converts the argument's claims; the values a claim names must be
// values stated in this scenario (resolved above).
func (r *resolver) claims(claims Keyed[fileClaim], w *world.World) {
	for _, it := range claims.Items {
		c := world.Claim{ID: it.Key, Text: it.V.Text.V, Source: it.V.Source.V}
		if !it.V.Text.Set {
			r.errf(it.KeyPos, "claims."+it.Key+".text", "missing")
		}
		r.source(it.V.Source, "claims."+it.Key+".source", it.KeyPos)
		for i, s := range it.V.Fields {
			if s.Set && !r.paths[s.V] {
				r.errf(s.Pos, fmt.Sprintf("claims.%s.fields[%d]", it.Key, i), "%q is not a value of this scenario", s.V)
			}
			c.Fields = append(c.Fields, s.V)
		}
		w.Claims = append(w.Claims, c)
	}
}

// source checks the source string of a membership, an event or a claim:
// given (not only of the wrong type, already reported) and not blank.
func (r *resolver) source(s Str, field string, parent Pos) {
	switch {
	case !s.Set && s.Pos.Line == 0:
		r.errf(parent, field, "missing")
	case s.Set && strings.TrimSpace(s.V) == "":
		r.errf(s.Pos, field, "empty source")
	}
}

// parseRequired parses the required field s with parse, reporting a parse
// error at s and a missing field at keyPos (its entry's key).
func parseRequired[T any](r *resolver, s Str, path string, keyPos Pos, parse func(string) (T, error)) T {
	var v T
	if !s.Set {
		r.errf(keyPos, path, "missing")
		return v
	}
	v, err := parse(s.V)
	if err != nil {
		r.errf(s.Pos, path, "%v", err)
	}
	return v
}
