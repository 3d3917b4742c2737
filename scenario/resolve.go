package scenario

import (
	"fmt"
	"math"
	"path"
	"reflect"
	"regexp"
	"strings"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

func reflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }

// constraint is the admissible range of a value.
type constraint int

const (
	anyReal  constraint = iota
	nonNeg              // ≥ 0
	prob                // in [0, 1]
	yearLike            // a calendar year, 1900..2200
	share11             // in [-1, 1] (a change in a share)
)

type resolver struct {
	d      *decoder
	actors map[string]world.Role
	paths  map[string]bool // paths of the values stated, for claims
}

func (r *resolver) errf(p Pos, field, format string, a ...any) {
	r.d.errs.add(p, field, format, a...)
}

// value converts and checks a Val. parent is the position used when a
// required value is missing.
func (r *resolver) value(v Val, path string, c constraint, required bool, parent Pos) world.Value {
	if !v.Set {
		if v.Pos.Line != 0 {
			return world.Value{} // a type error, already reported
		}
		if required {
			r.errf(parent, path, "missing")
		}
		return world.Value{}
	}
	out := world.Value{Path: path, Set: true}
	r.paths[path] = true
	if !v.Value.Set && v.Value.Pos.Line == 0 {
		r.errf(v.Pos, path+".value", "missing")
	}
	out.V = v.Value.V
	out.Source = v.Source.V
	out.Assumption = v.Assumption.V
	out.Reason = v.Reason.V
	if v.Year.Set {
		if v.Year.V != math.Trunc(v.Year.V) || v.Year.V < 1900 || v.Year.V > 2200 {
			r.errf(v.Year.Pos, path+".year", "%g is not a year between 1900 and 2200", v.Year.V)
		}
		out.Year = int(v.Year.V)
	}
	r.provenance(v.Pos, path, v.Source, v.Assumption, v.Reason)
	if v.Value.Set {
		r.check(v.Value.Pos, path+".value", v.Value.V, c)
	}
	if v.Dist != nil {
		out.Dist = r.dist(v.Dist, path+".dist", c)
		if out.Dist != nil && v.Value.Set {
			lo, hi := out.Dist.Support()
			if v.Value.V < lo || v.Value.V > hi {
				r.errf(v.Value.Pos, path+".value", "%g lies outside its distribution %v", v.Value.V, out.Dist)
			}
		}
	}
	return out
}

// provenance checks that a number stated at pos has a non-empty source, or
// is an assumption with a reason.
func (r *resolver) provenance(pos Pos, path string, source Str, assumption Bool, reason Str) {
	switch {
	case source.Set && strings.TrimSpace(source.V) == "":
		r.errf(source.Pos, path+".source", "empty source")
	case !source.Set && !assumption.V:
		r.errf(pos, path, "no source: give source, or assumption: true with a reason")
	}
	if assumption.V && strings.TrimSpace(reason.V) == "" {
		r.errf(assumption.Pos, path+".reason", "an assumption needs a one-line reason")
	}
}

func (r *resolver) check(p Pos, field string, x float64, c constraint) {
	switch c {
	case nonNeg:
		if x < 0 {
			r.errf(p, field, "%g must not be negative", x)
		}
	case prob:
		if x < 0 || x > 1 {
			r.errf(p, field, "%g is outside [0, 1]", x)
		}
	case share11:
		if x < -1 || x > 1 {
			r.errf(p, field, "%g is outside [-1, 1]", x)
		}
	case yearLike:
		if x < 1900 || x > 2200 {
			r.errf(p, field, "%g is not a year between 1900 and 2200", x)
		}
	}
}

var distParams = map[string][]string{
	"normal":     {"mean", "sd"},
	"lognormal":  {"mu", "sigma"},
	"uniform":    {"min", "max"},
	"beta":       {"alpha", "beta"}, // min, max optional
	"triangular": {"min", "mode", "max"},
	"fixed":      {"value"},
}

func (r *resolver) dist(s *DistSpec, path string, c constraint) dist.Dist {
	if !s.Type.Set {
		r.errf(s.Pos, path+".type", "missing (want normal, lognormal, uniform, beta, triangular or fixed)")
		return nil
	}
	want, ok := distParams[s.Type.V]
	if !ok {
		r.errf(s.Type.Pos, path+".type", "unknown distribution %q (want normal, lognormal, uniform, beta, triangular or fixed)", s.Type.V)
		return nil
	}
	given := map[string]Num{"mean": s.Mean, "sd": s.SD, "mu": s.Mu, "sigma": s.Sigma, "min": s.Min, "max": s.Max,
		"mode": s.Mode, "alpha": s.Alpha, "beta": s.Beta, "value": s.Value}
	allowed := map[string]bool{}
	for _, p := range want {
		allowed[p] = true
	}
	if s.Type.V == "beta" {
		allowed["min"], allowed["max"] = true, true
	}
	bad := false
	for _, p := range []string{"mean", "sd", "mu", "sigma", "min", "max", "mode", "alpha", "beta", "value"} {
		if given[p].Set && !allowed[p] {
			r.errf(given[p].Pos, path+"."+p, "not a parameter of %s (want %s)", s.Type.V, strings.Join(want, ", "))
			bad = true
		}
	}
	for _, p := range want {
		if !given[p].Set {
			r.errf(s.Pos, path+"."+p, "missing (%s needs %s)", s.Type.V, strings.Join(want, ", "))
			bad = true
		}
	}
	if s.Type.V == "beta" && s.Min.Set != s.Max.Set {
		r.errf(s.Pos, path, "beta needs both min and max, or neither")
		bad = true
	}
	if bad {
		return nil
	}
	var d dist.Dist
	switch s.Type.V {
	case "normal":
		d = dist.Normal{Mu: s.Mean.V, Sigma: s.SD.V}
	case "lognormal":
		d = dist.LogNormal{Mu: s.Mu.V, Sigma: s.Sigma.V}
	case "uniform":
		d = dist.Uniform{Min: s.Min.V, Max: s.Max.V}
	case "beta":
		d = dist.Beta{Alpha: s.Alpha.V, Beta: s.Beta.V, Min: s.Min.V, Max: s.Max.V}
	case "triangular":
		d = dist.Triangular{Min: s.Min.V, Mode: s.Mode.V, Max: s.Max.V}
	case "fixed":
		d = dist.Fixed{V: s.Value.V}
	}
	if err := dist.Validate(d); err != nil {
		r.errf(s.Pos, path, "%v", err)
		return nil
	}
	lo, hi := d.Support()
	switch c {
	case prob:
		if lo < 0 || hi > 1 {
			r.errf(s.Pos, path, "%v reaches outside [0, 1] (use beta or uniform)", d)
		}
	case nonNeg:
		if lo < 0 {
			r.errf(s.Pos, path, "%v reaches below 0 (use lognormal, beta, uniform or triangular)", d)
		}
	}
	return d
}

func (r *resolver) month(s Str, field string, required bool, parent Pos) world.Month {
	if !s.Set {
		if required {
			r.errf(parent, field, "missing")
		}
		return 0
	}
	m, err := world.ParseMonth(s.V)
	if err != nil {
		r.errf(s.Pos, field, "%v", err)
	}
	return m
}

// actor checks that s names an actor (focusOnly: a focus actor).
func (r *resolver) actor(s Str, field string, required, focusOnly bool, parent Pos) string {
	if !s.Set {
		if required {
			r.errf(parent, field, "missing")
		}
		return ""
	}
	role, ok := r.actors[s.V]
	switch {
	case !ok:
		r.errf(s.Pos, field, "unknown actor %q", s.V)
	case focusOnly && role != world.Focus:
		r.errf(s.Pos, field, "%q is not a focus actor", s.V)
	}
	return s.V
}

func (r *resolver) actorKey(key string, p Pos, field string) bool {
	role, ok := r.actors[key]
	if !ok {
		r.errf(p, field, "unknown actor %q", key)
		return false
	}
	if role != world.Focus {
		r.errf(p, field, "%q is not a focus actor", key)
		return false
	}
	return true
}

func resolveWorld(d *decoder, f *fileScenario, name string) *world.World {
	r := &resolver{d: d, actors: map[string]world.Role{}, paths: map[string]bool{}}
	top := Pos{File: name, Line: 1, Col: 1}
	w := &world.World{Name: f.Name.V, Title: f.Title.V, Description: f.Description.V, Baseline: f.Baseline.V}
	if w.Name == "" {
		w.Name = strings.TrimSuffix(path.Base(strings.TrimPrefix(name, "embedded:")), path.Ext(name))
	}
	w.Start = r.month(f.Start, "start", true, top)
	w.Horizon = r.month(f.Horizon, "horizon", true, top)
	if f.Start.Set && f.Horizon.Set && w.Start != 0 && w.Horizon != 0 && w.Horizon < w.Start {
		r.errf(f.Horizon.Pos, "horizon", "%v is before start %v", w.Horizon, w.Start)
	}

	// Actors first: every reference is checked against them.
	for _, it := range f.Actors.Items {
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
	for _, it := range f.Actors.Items {
		a, p := it.V, "actors."+it.Key+"."
		role := r.actors[it.Key]
		focus := role == world.Focus
		act := world.Actor{ID: it.Key, Name: a.Name.V, Role: role, Neutral: a.Neutral.V, Note: a.Note.V}
		if act.Name == "" {
			act.Name = it.Key
		}
		at := &act.Attr
		at.Population = r.value(a.Population, p+"population", nonNeg, focus, it.KeyPos)
		at.GDP = r.value(a.GDP, p+"gdp_usd", nonNeg, focus, it.KeyPos)
		at.Growth = r.value(a.Growth, p+"growth", anyReal, focus, it.KeyPos)
		at.GrowthSD = r.value(a.GrowthSD, p+"growth_sd", nonNeg, false, it.KeyPos)
		at.EthnicRussianShare = r.value(a.EthnicRussianShare, p+"ethnic_russian_share", prob, false, it.KeyPos)
		at.RemittancesGDP = r.value(a.RemittancesGDP, p+"remittances_gdp", nonNeg, false, it.KeyPos)
		at.RemittancesRussia = r.value(a.RemittancesRussia, p+"remittances_russia_share", prob, false, it.KeyPos)
		at.FuelExposure = r.value(a.FuelExposure, p+"fuel_price_exposure", prob, false, it.KeyPos)
		at.ChinaInvestment = r.value(a.ChinaInvestment, p+"china_investment_gdp", nonNeg, false, it.KeyPos)
		at.RussiaTradeShare = r.value(a.RussiaTradeShare, p+"russia_trade_share", prob, false, it.KeyPos)
		at.ChinaTradeShare = r.value(a.ChinaTradeShare, p+"china_trade_share", prob, false, it.KeyPos)
		at.IntraRegionalTrade = r.value(a.IntraRegionalTrade, p+"intra_regional_trade_share", prob, false, it.KeyPos)
		at.RussianTransit = r.value(a.RussianTransit, p+"russian_transit_share", prob, false, it.KeyPos)
		at.RequestPropensity = r.value(a.RequestPropensity, p+"request_propensity", prob, false, it.KeyPos)
		at.AlignmentShift = r.value(a.AlignmentShift, p+"alignment_shift", prob, false, it.KeyPos)
		at.BorderRussiaKM = r.value(a.BorderRussiaKM, p+"border_russia_km", nonNeg, false, it.KeyPos)
		w.Actors = append(w.Actors, act)
	}
	// Focus actors first, keeping file order within each role.
	var focus, ext []world.Actor
	for _, a := range w.Actors {
		if a.Role == world.Focus {
			focus = append(focus, a)
		} else {
			ext = append(ext, a)
		}
	}
	w.Actors = append(focus, ext...)
	if len(focus) == 0 && len(d.errs) == 0 {
		r.errf(f.Actors.Pos, "actors", "no focus actors (set role: focus on the states to forecast)")
	}

	for _, it := range f.Borders.Items {
		b, p := it.V, "borders."+it.Key
		w.Borders = append(w.Borders, world.Border{
			A: r.actor(b.A, p+".a", true, false, it.KeyPos), B: r.actor(b.B, p+".b", true, false, it.KeyPos),
			LengthKM: r.value(b.LengthKM, p+".length_km", nonNeg, true, it.KeyPos), Note: b.Note.V,
		})
	}
	for _, it := range f.Bases.Items {
		b, p := it.V, "bases."+it.Key
		w.Bases = append(w.Bases, world.Base{
			ID: it.Key, Name: b.Name.V, Kind: b.Kind.V, Note: b.Note.V,
			Host:      r.actor(b.Host, p+".host", true, false, it.KeyPos),
			Operator:  r.actor(b.Operator, p+".operator", true, false, it.KeyPos),
			Personnel: r.value(b.Personnel, p+".personnel", nonNeg, false, it.KeyPos),
			LeaseEnd:  r.value(b.LeaseEnd, p+".lease_end", yearLike, true, it.KeyPos),
		})
	}
	for _, it := range f.Memberships.Items {
		ms, p := it.V, "memberships."+it.Key
		if !ms.Org.Set {
			r.errf(it.KeyPos, p+".org", "missing")
		}
		m := world.Membership{Org: ms.Org.V, Member: r.actor(ms.Member, p+".member", true, false, it.KeyPos),
			From: r.month(ms.From, p+".from", true, it.KeyPos), To: r.month(ms.To, p+".to", false, it.KeyPos), Source: ms.Source.V}
		if !ms.Source.Set {
			r.errf(it.KeyPos, p+".source", "missing")
		}
		if m.To != 0 && m.To < m.From {
			r.errf(ms.To.Pos, p+".to", "%v is before from %v", m.To, m.From)
		}
		w.Memberships = append(w.Memberships, m)
	}
	for _, it := range f.Investments.Items {
		v, p := it.V, "investments."+it.Key
		w.Investments = append(w.Investments, world.Investment{
			Investor: r.actor(v.Investor, p+".investor", true, false, it.KeyPos),
			Host:     r.actor(v.Host, p+".host", true, false, it.KeyPos),
			StockUSD: r.value(v.StockUSD, p+".stock_usd", nonNeg, true, it.KeyPos), Note: v.Note.V,
		})
	}
	for _, it := range f.Trade.Items {
		v, p := it.V, "trade."+it.Key
		w.Trade = append(w.Trade, world.Trade{
			From: r.actor(v.From, p+".from", true, false, it.KeyPos), To: r.actor(v.To, p+".to", true, false, it.KeyPos),
			ValueUSD: r.value(v.ValueUSD, p+".value_usd", nonNeg, true, it.KeyPos),
		})
	}
	for _, it := range f.Infra.Items {
		w.Infra = append(w.Infra, r.infra(it.Key, it.V, "infrastructure."+it.Key, it.KeyPos))
	}

	projects := map[string]bool{}
	for _, it := range f.Projects.Items {
		pr, p := it.V, "projects."+it.Key
		projects[it.Key] = true
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
		for _, ce := range pr.Effects.Items {
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
					wp.Effects = append(wp.Effects, world.Effect{Country: ce.Key, Field: field, Size: v})
				}
			}
		}
		for _, tc := range pr.TradeCost.Items {
			tp := p + ".trade_cost." + tc.Key
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
			wp.TradeCost = append(wp.TradeCost, wtc)
		}
		for _, ad := range pr.Adds.Items {
			wp.Adds = append(wp.Adds, r.infra(ad.Key, ad.V, p+".adds."+ad.Key, ad.KeyPos))
		}
		w.Projects = append(w.Projects, wp)
	}
	if len(w.Projects) > 64 {
		r.errf(f.Projects.Pos, "projects", "%d projects; at most 64 are supported", len(w.Projects))
	}

	if !f.Policies.Set || len(f.Policies.Items) == 0 {
		pos := f.Policies.Pos
		if !f.Policies.Set {
			pos = top
		}
		r.errf(pos, "policies", "no policies defined (define at least the baseline)")
	}
	for _, it := range f.Policies.Items {
		pl, p := it.V, "policies."+it.Key
		wp := world.Policy{ID: it.Key, Name: pl.Name.V, Description: pl.Description.V}
		for _, s := range pl.Projects.Items {
			sp := p + ".projects." + s.Key
			if !projects[s.Key] {
				r.errf(s.KeyPos, sp, "unknown project %q", s.Key)
			}
			wp.Projects = append(wp.Projects, world.PolicyProject{Project: s.Key, Start: r.month(s.V.Start, sp+".start", true, s.KeyPos)})
		}
		if len(wp.Projects) == 0 && it.Key != f.Baseline.V {
			r.errf(it.KeyPos, p, "empty policy: it schedules no projects, so it would equal the baseline")
		}
		w.Policies = append(w.Policies, wp)
	}
	if !f.Baseline.Set {
		r.errf(top, "baseline", "missing (name the policy the others are compared with)")
	} else if _, ok := w.Policy(w.Baseline); !ok && len(f.Policies.Items) > 0 {
		r.errf(f.Baseline.Pos, "baseline", "unknown policy %q", w.Baseline)
	}

	for _, ce := range f.Triggers.Hazard.Items {
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
	hc := f.Triggers.Coef
	w.HazardCoef = world.HazardCoef{
		Growth:          r.value(hc.Growth, "triggers.coef.growth", anyReal, false, top),
		FuelShock:       r.value(hc.FuelShock, "triggers.coef.fuel_shock", anyReal, false, top),
		RemittanceShock: r.value(hc.RemittanceLoss, "triggers.coef.remittance_loss", anyReal, false, top),
		IncomeGain:      r.value(hc.IncomeGain, "triggers.coef.income_gain", anyReal, false, top),
		Realignment:     r.value(hc.Realignment, "triggers.coef.realignment", anyReal, false, top),
		Commitment:      r.value(hc.Commitment, "triggers.coef.commitment", anyReal, false, top),
	}

	dc := f.Decision
	w.Decision.Intercept = r.value(dc.Intercept, "decision.intercept", anyReal, len(w.Hazards) > 0, top)
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
	outcomes := func(k Keyed[Val], p string, dst *[world.NumOutcomes]world.Value) {
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
	outcomes(dc.Outcomes.Requested, "decision.outcomes.requested", &w.Decision.Requested)
	outcomes(dc.Outcomes.Unrequested, "decision.outcomes.unrequested", &w.Decision.Unrequested)
	w.Decision.Priors = r.priors(dc.Priors)

	sh := f.Shocks
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

	w.Gravity.Theta = r.value(f.Gravity.Theta, "gravity.theta", nonNeg, false, top)
	if th := w.Gravity.Theta; th.Set {
		lo := th.V
		if th.Dist != nil {
			lo, _ = th.Dist.Support()
		}
		if lo <= 0 {
			r.errf(f.Gravity.Theta.Pos, "gravity.theta", "the trade elasticity must be positive (in every draw)")
		}
	}

	for _, it := range f.History.Items {
		e, p := it.V, "history."+it.Key
		ev := world.Event{ID: it.Key, Month: r.month(e.Month, p+".month", true, it.KeyPos),
			Country: r.actor(e.Country, p+".country", true, false, it.KeyPos), Request: e.Request.V,
			Troops:  r.value(e.Troops, p+".troops", nonNeg, false, it.KeyPos),
			Russian: r.value(e.Russian, p+".russian_troops", nonNeg, false, it.KeyPos),
			Note:    e.Note.V, Source: e.Source.V}
		if e.Trigger.Set {
			k, err := world.ParseTriggerType(e.Trigger.V)
			if err != nil {
				r.errf(e.Trigger.Pos, p+".trigger", "%v", err)
			}
			ev.Trigger = k
		} else {
			r.errf(it.KeyPos, p+".trigger", "missing")
		}
		if e.Outcome.Set {
			o, err := world.ParseOutcome(e.Outcome.V)
			if err != nil {
				r.errf(e.Outcome.Pos, p+".outcome", "%v", err)
			}
			ev.Outcome = o
		} else {
			r.errf(it.KeyPos, p+".outcome", "missing")
		}
		if !e.Source.Set {
			r.errf(it.KeyPos, p+".source", "missing")
		}
		if w.Start != 0 && ev.Month >= w.Start && e.Month.Set {
			r.errf(e.Month.Pos, p+".month", "%v is not before the start %v (history is what happened before the forecast)", ev.Month, w.Start)
		}
		w.History = append(w.History, ev)
	}
	for _, it := range f.Claims.Items {
		c := world.Claim{ID: it.Key, Text: it.V.Text.V, Source: it.V.Source.V}
		if !it.V.Text.Set {
			r.errf(it.KeyPos, "claims."+it.Key+".text", "missing")
		}
		if !it.V.Source.Set {
			r.errf(it.KeyPos, "claims."+it.Key+".source", "missing")
		}
		for i, s := range it.V.Fields {
			if s.Set && !r.paths[s.V] {
				r.errf(s.Pos, fmt.Sprintf("claims.%s.fields[%d]", it.Key, i), "%q is not a value of this scenario", s.V)
			}
			c.Fields = append(c.Fields, s.V)
		}
		w.Claims = append(w.Claims, c)
	}
	return w
}

func (r *resolver) infra(id string, v fileInfra, p string, kp Pos) world.Infra {
	in := world.Infra{ID: id, Kind: world.LinkKind(v.Kind.V), Unit: v.Unit.V, Note: v.Note.V,
		From: r.actor(v.From, p+".from", true, false, kp), To: r.actor(v.To, p+".to", true, false, kp),
		Capacity: r.value(v.Capacity, p+".capacity", nonNeg, false, kp)}
	switch in.Kind {
	case world.LinkRail, world.LinkPipeline, world.LinkPower, world.LinkCrossing:
	default:
		pos := v.Kind.Pos
		if !v.Kind.Set {
			pos = kp
		}
		r.errf(pos, p+".kind", "unknown infrastructure kind %q (want rail, pipeline, power or crossing)", v.Kind.V)
	}
	for i, s := range v.Via {
		in.Via = append(in.Via, r.actor(s, fmt.Sprintf("%s.via[%d]", p, i), true, false, kp))
	}
	return in
}

// priorName is the form of a calibrated model's feature name.
var priorName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// priors converts the decision.priors block. Feature names are checked
// only for their form here: the calibrated model's features belong to
// package risk, and the command that fits it reports an unknown name at
// its position (world.Prior.At).
func (r *resolver) priors(fp filePriors) world.DecisionPriors {
	const path = "decision.priors"
	out := world.DecisionPriors{At: fp.Pos.String()}
	one := func(p *filePrior, path string) *world.Prior {
		if p == nil || !p.Set {
			return nil
		}
		q := r.prior(*p, path)
		return &q
	}
	out.Intercept = one(fp.Intercept, path+".intercept")
	out.Slope = one(fp.Slope, path+".slope")
	out.Cut = one(fp.Cut, path+".cut")
	for _, it := range fp.Coef.Items {
		ip := path + ".coef." + it.Key
		if !priorName.MatchString(it.Key) {
			r.errf(it.KeyPos, ip, "%q is not a feature name (lower case letters, digits and _)", it.Key)
			continue
		}
		if !it.V.Set {
			continue // a type error, already reported
		}
		if out.Coef == nil {
			out.Coef = map[string]world.Prior{}
		}
		out.Coef[it.Key] = r.prior(it.V, ip)
	}
	return out
}

// prior checks one normal prior: a finite mean, a positive finite sd, and
// provenance as for any value.
func (r *resolver) prior(p filePrior, path string) world.Prior {
	out := world.Prior{Mean: p.Mean.V, SD: p.SD.V, Source: p.Source.V, Assumption: p.Assumption.V,
		Reason: p.Reason.V, At: p.Pos.String()}
	for _, f := range []struct {
		n    Num
		name string
	}{{p.Mean, "mean"}, {p.SD, "sd"}} {
		switch {
		case !f.n.Set && f.n.Pos.Line == 0:
			r.errf(p.Pos, path+"."+f.name, "missing")
		case f.n.Set && (math.IsNaN(f.n.V) || math.IsInf(f.n.V, 0)):
			r.errf(f.n.Pos, path+"."+f.name, "%g is not a finite number", f.n.V)
		}
	}
	if p.SD.Set && !(p.SD.V > 0) {
		r.errf(p.SD.Pos, path+".sd", "%g must be positive", p.SD.V)
	}
	r.provenance(p.Pos, path, p.Source, p.Assumption, p.Reason)
	return out
}

func featureList() string {
	var s []string
	for j := world.DecisionFeature(0); j < world.NumDecisionFeatures; j++ {
		s = append(s, j.String())
	}
	return strings.Join(s, ", ")
}
