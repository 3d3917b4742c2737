package risk

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/steppe-dev/steppe/world"
)

// Simulated crises for the sampler tests, drawn from the v2 model itself
// with known parameters.

// tpTruth are the parameters of a simulation.
type tpTruth struct {
	req, acc, un      []float64 // fixed effects in column order
	sdCountry         float64
	sdSub, sdConflict float64
	sevInv, sevUn     []float64
}

// tpShapeTruth gives data shaped like episode set v2 (about 100 crises,
// roughly one in eight with a request and one in eight with an
// intervention); the coefficients are illustrative, not estimates.
var tpShapeTruth = tpTruth{
	req:       []float64{-2.8, 1.0, 0.8, 0.5, 0.4, -1.5},
	acc:       []float64{0.3, -1.0, 0.5, 0.5},
	un:        []float64{-4.3, 2.0, 0.6, -0.8, 0.3, -0.5, 0.2},
	sdCountry: 0.5, sdSub: 0.3, sdConflict: 0.5,
	sevInv: []float64{0.5, 0.5}, sevUn: []float64{0.4, 0.3, 0.3},
}

// tpRecoveryTruth has more events per process so that n = 2000 pins every
// coefficient down.
var tpRecoveryTruth = tpTruth{
	req:       []float64{-1.0, 1.0, 0.7, 0.5, 0.6, -1.2},
	acc:       []float64{0.4, -1.2, 0.8, 0.6},
	un:        []float64{-2.0, 1.5, 0.6, -0.8, 0.4, -0.6, 0.3},
	sdCountry: 0.5, sdSub: 0.3, sdConflict: 0.6,
	sevInv: []float64{0.6, 0.4}, sevUn: []float64{0.5, 0.3, 0.2},
}

type tpCountry struct {
	iso, sub           string
	csto, border, base int
	ethnic             float64
}

// Fourteen post-Soviet states with plausible covariates (the simulation
// needs variety, not accuracy).
var tpCountries = []tpCountry{
	{"ARM", "caucasus", 1, 0, 1, 0.005}, {"AZE", "caucasus", 0, 1, 0, 0.02}, {"GEO", "caucasus", 0, 1, 0, 0.06},
	{"KAZ", "central-asia", 1, 1, 0, 0.3}, {"KGZ", "central-asia", 1, 0, 1, 0.1}, {"TJK", "central-asia", 1, 0, 1, 0.01},
	{"TKM", "central-asia", 0, 0, 0, 0.04}, {"UZB", "central-asia", 0, 0, 0, 0.05},
	{"BLR", "western", 1, 1, 1, 0.08}, {"UKR", "western", 0, 1, 1, 0.17}, {"MDA", "western", 0, 0, 1, 0.06},
	{"EST", "western", 0, 1, 0, 0.25}, {"LVA", "western", 0, 1, 0, 0.27}, {"LTU", "western", 0, 0, 0, 0.06},
}

// simCrises draws n crises from the model with parameters t; conflicts are
// up to nConf per country. A few cells are NA (troops where a base is
// present, ethnic share) to exercise the imputation.
func simCrises(seed uint64, n, nConf int, t tpTruth) []Crisis {
	r := rand.New(rand.NewPCG(seed, 99))
	subs := []string{"caucasus", "central-asia", "western"}
	uSub := map[string]float64{}
	for _, s := range subs {
		uSub[s] = t.sdSub * r.NormFloat64()
	}
	uCountry := map[string]float64{}
	for _, c := range tpCountries {
		uCountry[c.iso] = t.sdCountry * r.NormFloat64()
	}
	uConf := map[string]float64{}
	out := make([]Crisis, n)
	trig := []world.TriggerType{world.TriggerProtest, world.TriggerEthnic, world.TriggerBorder, world.TriggerInsurgent, world.TriggerCivilWar, world.TriggerRealignment}
	for i := range out {
		co := tpCountries[r.IntN(len(tpCountries))]
		conf := fmt.Sprintf("%s-%d", co.iso, r.IntN(nConf))
		if _, ok := uConf[conf]; !ok {
			uConf[conf] = t.sdConflict * r.NormFloat64()
		}
		c := Crisis{
			Line: i + 2, ID: fmt.Sprintf("%s-%d", co.iso, i), Conflict: conf,
			Month:   world.MonthOf(1992+r.IntN(34), 1+r.IntN(12)),
			Country: co.iso, Subregion: co.sub, Trigger: trig[r.IntN(len(trig))],
			CSTOMember: co.csto, BorderRussia: co.border, RussianBase: co.base,
			Enclave:         int(b2f(r.Float64() < 0.25)),
			Alignment:       float64(r.IntN(3) - 1),
			RussiaCommitted: []float64{0, 0, 0.5, 1}[r.IntN(4)],
			EthnicRussian:   co.ethnic * []float64{0.8, 1, 1.2}[r.IntN(3)], // census waves
		}
		if c.RussianBase == 1 {
			c.TroopsK = []float64{0.5, 2, 5, 7, 25}[r.IntN(5)]
		}
		raw := crisisRaw(&c)
		eta := func(cols []tpCol, beta []float64) float64 {
			var e float64
			for j := range cols {
				e += beta[j] * cols[j].value(&raw)
			}
			return e
		}
		if r.Float64() < sigmoid(eta(tpRequestCols, t.req)+uCountry[co.iso]) {
			c.Request = 1
		}
		var p float64
		if c.Request == 1 {
			p = sigmoid(eta(tpAcceptCols, t.acc))
		} else {
			p = sigmoid(eta(tpUninvitedCols, t.un) + uSub[co.sub] + uConf[conf])
		}
		c.Response = world.OutcomeNone
		if r.Float64() < 0.3 {
			c.Response = world.OutcomeDiplomatic
		}
		if r.Float64() < p {
			u := r.Float64()
			switch {
			case c.Request == 1 && c.CSTOMember == 1 && u < t.sevInv[1]:
				c.Response = world.OutcomeCSTODeployment
			case c.Request == 1:
				c.Response = world.OutcomePeacekeeping
			case u < t.sevUn[0]:
				c.Response = world.OutcomePeacekeeping
			case u < t.sevUn[0]+t.sevUn[1]:
				c.Response = world.OutcomeCovert
			default:
				c.Response = world.OutcomeInvasion
			}
		}
		if c.RussianBase == 1 && r.Float64() < 0.1 {
			c.TroopsK = math.NaN()
		}
		if r.Float64() < 0.08 {
			c.EthnicRussian = math.NaN()
		}
		out[i] = c
	}
	return out
}
