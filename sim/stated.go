package sim

import (
	"math"

	"github.com/steppe-dev/steppe/internal/vexp"
	"github.com/steppe-dev/steppe/world"
)

// val returns parameter i of draw d, or 0 when i < 0 (not stated).
func val(d *Draw, i int) float64 {
	if i < 0 {
		return 0
	}
	return d.Values[i]
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func logit(p float64) float64 {
	p = min(max(p, 1e-12), 1-1e-12)
	return math.Log(p / (1 - p))
}

// hazardCoef are the stated covariate effects on the hazards in one draw.
type hazardCoef struct{ growth, fuel, remit, income, realign, commit float64 }

func (m *Model) hazardCoef(d *Draw) hazardCoef {
	hc := &m.hcoef
	return hazardCoef{val(d, hc.growth), val(d, hc.fuel), val(d, hc.remit), val(d, hc.income), val(d, hc.realign), val(d, hc.commit)}
}

// hazards sets h to the stated hazard model's monthly hazards of country c
// in the segment x: the arithmetic of the package doc's step 4, with the
// draw's base hazards and coefficients looked up once per draw, the
// realignment hazard reused while its inputs are unchanged, and the
// sigmoids' exponentials taken in one batch (vexp.Exp, bit for bit
// math.Exp).
func (r *runner) hazards(c int, x *Covariates, h *[world.NumTriggerTypes]float64) {
	const K = int(world.NumTriggerTypes)
	h0s := (*[K]float64)(r.h0[c*K:])
	lhs := (*[K]float64)(r.d.logitH[c*K:])
	hc := &r.hc
	var e [(K + 3) &^ 3]float64 // −η of the sigmoids to take, in lanes of four
	var lane [K]int             // their trigger types
	n := 0
	for k := range h {
		h0 := h0s[k]
		if h0 <= 0 {
			h[k] = 0
			continue
		}
		lh := lhs[k]
		switch world.TriggerType(k) {
		case world.TriggerBorder, world.TriggerInsurgent:
			sec := min(max(x.Integration[world.EBorderSecurity], 0), 1)
			h[k] = min(h0, 1) * (1 - sec)
		case world.TriggerRealignment:
			dT := -x.Integration[world.ERussiaTradeShare]
			rm := &r.realign[c]
			if rm.token == r.token && rm.dT == dT && rm.com == x.Committed {
				h[k] = rm.h
				continue
			}
			rm.token, rm.dT, rm.com = r.token, dT, x.Committed
			e[n], lane[n] = -(lh + hc.realign*dT + hc.commit*x.Committed), k
			n++
		default:
			eta := lh + hc.growth*x.GrowthGap + hc.fuel*x.FuelShock +
				hc.remit*x.RemittanceLoss + hc.income*x.Integration[world.EIncome]
			e[n], lane[n] = -eta, k
			n++
		}
	}
	if n == 0 {
		return
	}
	vexp.Exp(e[:(n+3)&^3])
	for i, k := range lane[:n] {
		h[k] = 1 / (1 + e[i]) // sigmoid(η)
		if k == int(world.TriggerRealignment) {
			r.realign[c].h = h[k]
		}
	}
}

// statedDecision is the scenario's logistic decision model (package doc,
// step 5).
type statedDecision struct{ m *Model }

// Decide implements DecisionModel.
func (s statedDecision) Decide(d *Draw, c int, k world.TriggerType, f *Features) Decision {
	dp := &s.m.dec
	eta := val(d, dp.intercept) + val(d, dp.typ[k])
	for j := world.DecisionFeature(0); j < world.NumDecisionFeatures; j++ {
		if j == world.FRequest {
			continue
		}
		eta += val(d, dp.coef[j]) * f[j]
	}
	r := min(max(f[world.FRequest], 0), 1)
	p1 := sigmoid(eta + val(d, dp.coef[world.FRequest]))
	p0 := sigmoid(eta)
	w1, w0 := r*p1, (1-r)*p0
	var out Decision
	out.P = w1 + w0
	if out.P <= 0 {
		return out
	}
	csto := f[world.FCSTOMember] > 0.5
	var req, unreq [world.NumOutcomes]float64
	if d.shares != nil {
		j := 0
		if csto {
			j = 1
		}
		req, unreq = d.shares[j][0], d.shares[j][1]
	} else {
		normalise(d, dp.req[:], req[:], csto)
		normalise(d, dp.unreq[:], unreq[:], csto)
	}
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		out.Given[o] = (w1*req[o] + w0*unreq[o]) / out.P
	}
	return out
}

// normalise fills dst with the outcome shares of parameters idx, restricted
// to interventions and normalised to sum to 1; csto-deployment moves to
// peacekeeping for non-members. With no stated shares everything is
// peacekeeping.
func normalise(d *Draw, idx []int, dst []float64, csto bool) {
	sum := 0.0
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		v := max(val(d, idx[o]), 0)
		dst[o] = v
		sum += v
	}
	if !csto {
		dst[world.OutcomePeacekeeping] += dst[world.OutcomeCSTODeployment]
		dst[world.OutcomeCSTODeployment] = 0
	}
	if sum <= 0 {
		dst[world.OutcomePeacekeeping] = 1
		return
	}
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		dst[o] /= sum
	}
}

// addStated adds the scenario's stated effects of the completed projects to
// eff for the fields no engine supplies.
func (m *Model) addStated(d *Draw, done ProjectSet, eff []Effects) {
	for j := range m.projects {
		if !done.Has(j) {
			continue
		}
		for _, e := range m.projects[j].effects {
			if m.stated[e.field] {
				eff[e.c][e.field] += val(d, e.size)
			}
		}
	}
}
