package model

import (
	"fmt"
	"strings"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// crisisDecision adapts the intervention model v2 of package risk to
// sim.DecisionModel. For a trigger of type k in focus country c it builds
// the crisis covariates from the world and the month's features (CSTO
// membership, Russian combat forces and their size, an enclave, a border
// with Russia, the regime's alignment, Russia's commitments elsewhere, the
// ethnic-Russian share) and returns
//
//	P(intervention) = P(request)·P(accept | request) + (1 − P(request))·P(uninvited)
//
// with the outcome mix of the two paths. Monte Carlo draw d uses posterior
// draw d.Index modulo the posterior's draws. Requests come from the fitted
// request model with its country effects (a state the fit does not hold
// gets the population distribution of country effects). The cost terms
// that no crisis records (sanctions exposure, Chinese investment at risk,
// integration fallout, Russian-transit dependence) enter Russia's two
// decisions, accept and uninvited, as the scenario's stated coefficients
// times their values: an offset to both linear predictors.
type crisisDecision struct {
	p     *risk.TwoProcessPosterior
	cty   []crisisCountry
	extra []riskExtra
	desc  string
	// src names the posterior file; validation are its out-of-sample
	// scores, nil when it records none (Model.Validation).
	src        string
	validation *results.Validation
}

// crisisCountry holds what does not change within a run for one focus
// country: its covariates apart from the month's features, and its group
// references in the fit.
type crisisCountry struct {
	x      risk.CrisisCovariates
	troops float64 // thousands of troops at its Russian combat bases
}

// newCrisisDecision binds the v2 posterior p to w's focus countries and the
// stated cost-term coefficients to w's parameters.
func newCrisisDecision(w *world.World, p *risk.TwoProcessPosterior, src string) (*crisisDecision, error) {
	m, err := sim.New(w, sim.Engines{})
	if err != nil {
		return nil, err
	}
	r := &crisisDecision{p: p}
	for _, a := range w.Focus() {
		sub := ""
		for _, s := range risk.PostSovietStates {
			if s.ISO3 == a.ID {
				sub = s.Subregion
			}
		}
		cc := crisisCountry{x: p.Covariates(a.ID, sub, "")}
		cc.x.Enclave = a.Attr.Enclave.V
		if a.Attr.BorderRussiaKM.V > 0 {
			cc.x.BorderRussia = 1
		}
		cc.x.Alignment = a.Attr.Alignment.V
		for _, b := range w.Bases {
			if b.Host == a.ID && b.Operator == "RUS" && world.IsCombatBase(b.Kind) {
				cc.troops += b.Personnel.V / 1000
			}
		}
		r.cty = append(r.cty, cc)
	}
	byPath := map[string]int{}
	for i, par := range m.Params() {
		byPath[par.Path] = i
	}
	var kept []string
	for _, f := range []world.DecisionFeature{world.FSanctionsExposure, world.FChinaInvestment, world.FIntegrationFallout, world.FRussianTransit} {
		if i, ok := byPath["decision.coef."+f.String()]; ok {
			r.extra = append(r.extra, riskExtra{feature: f, param: i})
			kept = append(kept, f.String())
		}
	}
	r.desc = fmt.Sprintf("intervention model v2 (%s, %d draws): P(request) with country effects, P(Russia deploys | request), P(uninvited intervention), outcome mix; fitted on %s; replaces the scenario's decision.intercept, decision.trigger_effect, decision.outcomes, decision.coef.{request, base_present, ethnic_russian_share, csto_member, alignment_shift, russia_committed, non_russian_ties} and actors.*.request_propensity",
		src, p.NumDraws(), p.Data)
	if len(kept) > 0 {
		r.desc += fmt.Sprintf("; stated decision.coef.{%s} kept as cost terms on Russia's decisions", strings.Join(kept, ", "))
	}
	return r, nil
}

// Describe implements sim.Describer.
func (r *crisisDecision) Describe() string { return r.desc }

// TriggerClass implements sim.TriggerClasser: the model reads the trigger
// type only as armed (ethnic, border, insurgent, civil war), realignment or
// protest (see Decide).
func (r *crisisDecision) TriggerClass(k world.TriggerType) int { return triggerClass(k) }

// triggerClass is 0 for a protest, 1 for an armed trigger, 2 for a
// realignment, and a class of its own for any other type.
func triggerClass(k world.TriggerType) int {
	switch k {
	case world.TriggerProtest:
		return 0
	case world.TriggerEthnic, world.TriggerBorder, world.TriggerInsurgent, world.TriggerCivilWar:
		return 1
	case world.TriggerRealignment:
		return 2
	}
	return 3 + int(k)
}

// Decide implements sim.DecisionModel.
func (r *crisisDecision) Decide(d *sim.Draw, c int, k world.TriggerType, f *sim.Features) sim.Decision {
	cc := &r.cty[c]
	x := cc.x
	// The model reads the trigger type only as armed (border, insurgent,
	// civil war, ethnic), realignment or protest, so the types of a class
	// share one answer.
	cls := triggerClass(k)
	switch cls {
	case 1:
		x.Trigger = world.TriggerBorder
	case 2:
		x.Trigger = k
		x.Alignment = -1 // the act is the turn, as the record codes it
	default:
		x.Trigger = k
	}
	x.CSTOMember = f[world.FCSTOMember]
	x.RussianBase = f[world.FBasePresent]
	x.TroopsK = f[world.FBasePresent] * cc.troops
	x.RussiaCommitted = min(max(f[world.FRussiaCommitted], 0), 1) // the record codes 0, 0.5, 1; the coefficient is per unit
	x.EthnicRussian = f[world.FEthnicRussian]
	var off float64
	for _, e := range r.extra {
		off += d.Values[e.param] * f[e.feature]
	}
	sc, _ := d.DecisionScratch.(*crisisScratch)
	if sc == nil {
		sc = &crisisScratch{index: -1, memo: make([]crisisMemo, 3*len(r.cty))}
		d.DecisionScratch = sc
	}
	if sc.index != d.Index {
		sc.index, sc.draw, sc.ok = d.Index, r.p.Draw(d.Index), false
		clear(sc.memo)
	}
	slot := cls
	if slot > 2 {
		slot = 0 // another type shares the protests' slot: the memo compares the covariates, its type included
	}
	mm := &sc.memo[3*c+slot]
	var pr, pa float64
	if mm.ok && mm.x == x {
		if mm.off == off {
			return mm.dec
		}
		pr, pa = mm.pr, sc.draw.Accept(&x, off) // P(request) does not depend on the offset
	} else {
		pr, pa = sc.draw.RequestAccept(&x, off)
	}
	// P(uninvited) does not depend on the trigger type (but through the
	// alignment a realignment sets): sim asks for every type in turn with
	// the same features, so reuse it.
	ux := x
	ux.Trigger = 0
	if !sc.ok || sc.c != c || sc.off != off || sc.x != ux {
		sc.ok, sc.c, sc.off, sc.x, sc.pu = true, c, off, ux, sc.draw.Uninvited(&x, off)
	}
	pu := sc.pu
	dec := sim.Decision{P: pr*pa + (1-pr)*pu, Given: sc.draw.Outcomes(&x, pr, pa, pu)}
	*mm = crisisMemo{ok: true, x: x, off: off, pr: pr, dec: dec}
	return dec
}

// crisisScratch is one worker's cache: the posterior draw in use, the
// last P(uninvited) with what it was computed for, and the last decision
// per country and class of trigger type.
type crisisScratch struct {
	index int
	draw  risk.TwoProcessDraw
	ok    bool
	c     int
	off   float64
	x     risk.CrisisCovariates
	pu    float64
	memo  []crisisMemo // [3*c + class]
}

type crisisMemo struct {
	ok  bool
	x   risk.CrisisCovariates
	off float64
	pr  float64 // P(request) for x
	dec sim.Decision
}

// replaced lists the scenario parameters among factors that the v2
// posterior replaces, with the reason.
func (r *crisisDecision) replaced(factors []string, reason map[string]string) {
	kept := map[string]bool{}
	for _, e := range r.extra {
		kept["decision.coef."+e.feature.String()] = true
	}
	for _, p := range factors {
		switch {
		case kept[p]:
		case strings.HasPrefix(p, "decision.coef.") || p == "decision.intercept" || strings.HasPrefix(p, "decision.trigger_effect.") || strings.HasPrefix(p, "decision.outcomes."):
			reason[p] = "replaced by the intervention model v2 fitted on the episode record"
		case strings.HasPrefix(p, "actors.") && strings.HasSuffix(p, ".request_propensity"):
			reason[p] = "requests come from the fitted request model v2 with country effects"
		}
	}
}

// crisisHazards adapts the crisis hazards of package risk to
// sim.BaseHazardModel: the base monthly probability of a crisis of each
// type per focus country, per posterior draw (d.Index modulo the draws).
type crisisHazards struct {
	h    *risk.CrisisHazards
	cty  []int // index of each focus country in the fit, -1 if absent
	desc string
}

func newCrisisHazards(w *world.World, h *risk.CrisisHazards, src string) *crisisHazards {
	ch := &crisisHazards{h: h}
	for _, a := range w.Focus() {
		ch.cty = append(ch.cty, h.Index(a.ID))
	}
	ch.desc = fmt.Sprintf("crisis hazards (%s, %d draws): every trigger type fitted to the crises of %s, %s to %s, pooled over the 14 post-Soviet states (Poisson-gamma)",
		src, h.NumDraws(), h.Data, h.FromS, h.ToS)
	return ch
}

// Describe implements sim.Describer.
func (ch *crisisHazards) Describe() string { return ch.desc }

// Base implements sim.BaseHazardModel.
func (ch *crisisHazards) Base(d *sim.Draw, c int, k world.TriggerType) float64 {
	return ch.h.Monthly(d.Index, ch.cty[c], k)
}
