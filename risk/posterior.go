package risk

import (
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/steppe-dev/steppe/world"
)

// PosteriorSchema names the JSON format written by [Posterior.Write].
const PosteriorSchema = "steppe.risk.posterior/v1"

// Posterior is the portable result of a calibration: thinned posterior
// draws of the decision models and of the trigger hazards, with everything
// needed to apply them (feature transforms, priors, provenance). The
// simulation takes one draw per Monte Carlo draw ([Posterior.Decide],
// [Posterior.Monthly]).
type Posterior struct {
	Schema  string `json:"schema"`
	Command string `json:"command"` // how it was produced
	// DataSHA256 are the SHA-256 digests of the input files, by name.
	DataSHA256 map[string]string `json:"data_sha256"`
	Seed       uint64            `json:"seed"`
	Features   []Feature         `json:"features"`
	Priors     Priors            `json:"priors"`
	// Logit[s] are the logistic coefficients of draw s, in Features order.
	Logit [][]float64 `json:"logit"`
	// OrdinalBeta[s] are the ordinal slopes (Features without the
	// intercept) and OrdinalCut[s] the K−1 cutpoints of draw s.
	OrdinalBeta [][]float64       `json:"ordinal_beta"`
	OrdinalCut  [][]float64       `json:"ordinal_cut"`
	Hazards     []HazardPosterior `json:"hazards"`

	simIdx []int // feature j → world.DecisionFeature index, −1 if derived
	reqIdx int   // index of the request feature, −1 if absent
	hz     map[hazKey]*HazardPosterior
}

type hazKey struct {
	country string
	k       world.TriggerType
}

// HazardPosterior are the draws of one trigger type's monthly rates.
type HazardPosterior struct {
	Type      string      `json:"type"`
	Window    string      `json:"window"` // observation window, e.g. "1992-01..2019-12"
	Countries []string    `json:"countries"`
	Lambda    [][]float64 `json:"lambda"` // [draw][country], monthly rate
	// Growth[s] is the effect of +10 points of growth gap on the log rate
	// (absent when the model has no growth term).
	Growth []float64 `json:"growth,omitempty"`
}

// Write encodes p as compact JSON (one line).
func (p *Posterior) Write(w io.Writer) error {
	return json.NewEncoder(w).Encode(p)
}

// decodeStrict decodes one JSON value from r into v; unknown fields are
// errors.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// checked is a type decoded from a JSON file that checks itself and
// readies itself for use.
type checked[T any] interface {
	*T
	Check() error
}

// readChecked decodes one JSON value from r, rejecting unknown fields, and
// checks it; what names the file's kind in the decode error.
func readChecked[T any, P checked[T]](r io.Reader, what string) (*T, error) {
	var v T
	if err := decodeStrict(r, &v); err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if err := P(&v).Check(); err != nil {
		return nil, err
	}
	return &v, nil
}

// ReadPosterior decodes and checks a posterior file.
func ReadPosterior(r io.Reader) (*Posterior, error) {
	return readChecked[Posterior](r, "posterior")
}

// Check checks a posterior decoded from JSON and readies it for use:
// [ReadPosterior] is a strict decode followed by Check.
func (p *Posterior) Check() error {
	if p.Schema != PosteriorSchema {
		return fmt.Errorf("posterior schema %q, want %q", p.Schema, PosteriorSchema)
	}
	nf := len(p.Features)
	if nf == 0 || p.Features[0].Name != FeatIntercept {
		return fmt.Errorf("posterior: first feature must be %q", FeatIntercept)
	}
	if len(p.Logit) == 0 || len(p.OrdinalCut) == 0 || len(p.OrdinalBeta) != len(p.OrdinalCut) {
		return fmt.Errorf("posterior: no draws")
	}
	for s, d := range p.Logit {
		if len(d) != nf {
			return fmt.Errorf("posterior: logit draw %d has %d values, want %d", s, len(d), nf)
		}
	}
	for s := range p.OrdinalCut {
		if len(p.OrdinalBeta[s]) != nf-1 || len(p.OrdinalCut[s]) != int(world.NumOutcomes)-1 {
			return fmt.Errorf("posterior: ordinal draw %d has the wrong length", s)
		}
	}
	p.simIdx = make([]int, nf)
	p.reqIdx = -1
	for j, f := range p.Features {
		if f.Name == FeatRequest {
			p.reqIdx = j
		}
		p.simIdx[j] = -1
		if f.Scale == 0 {
			return fmt.Errorf("posterior: feature %q has scale 0", f.Name)
		}
		if f.Sim != "" {
			k, err := world.ParseDecisionFeature(f.Sim)
			if err != nil {
				return fmt.Errorf("posterior: feature %q: %w", f.Name, err)
			}
			p.simIdx[j] = int(k)
		} else if f.Name != FeatIntercept && f.Name != FeatSeparatist && f.Name != FeatArmed && f.Name != FeatEarly {
			return fmt.Errorf("posterior: feature %q has no simulation mapping", f.Name)
		}
	}
	p.hz = map[hazKey]*HazardPosterior{}
	for i := range p.Hazards {
		h := &p.Hazards[i]
		k, err := world.ParseTriggerType(h.Type)
		if err != nil {
			return fmt.Errorf("posterior hazards: %w", err)
		}
		if len(h.Lambda) == 0 {
			return fmt.Errorf("posterior hazards %s: no draws", h.Type)
		}
		for s, d := range h.Lambda {
			if len(d) != len(h.Countries) {
				return fmt.Errorf("posterior hazards %s: draw %d has %d values, want %d", h.Type, s, len(d), len(h.Countries))
			}
		}
		if len(h.Growth) != 0 && len(h.Growth) != len(h.Lambda) {
			return fmt.Errorf("posterior hazards %s: %d growth draws for %d rate draws", h.Type, len(h.Growth), len(h.Lambda))
		}
		for c := range h.Countries {
			p.hz[hazKey{h.Countries[c], k}] = h
		}
	}
	return nil
}

// NumDraws is the number of decision-model draws.
func (p *Posterior) NumDraws() int { return len(p.Logit) }

// design fills x with the transformed design row for a trigger of type k
// with simulation features f and the request term set to req.
func (p *Posterior) design(x []float64, k world.TriggerType, f *[world.NumDecisionFeatures]float64, req float64) {
	for j, ft := range p.Features {
		var v float64
		switch {
		case ft.Name == FeatIntercept:
			x[j] = 1
			continue
		case ft.Name == FeatRequest:
			v = req
		case ft.Name == FeatSeparatist:
			v = b2f(k == world.TriggerEthnic || k == world.TriggerCivilWar)
		case ft.Name == FeatArmed:
			v = b2f(k == world.TriggerBorder || k == world.TriggerInsurgent)
		case ft.Name == FeatEarly:
			v = 0
		case ft.Name == FeatAlignment && k == world.TriggerRealignment:
			v = 1
		default:
			v = f[p.simIdx[j]]
		}
		x[j] = (v - ft.Center) / ft.Scale
	}
}

const maxFeatures = 32

// Decide returns, for posterior draw draw (taken modulo the number of
// draws), the probability of an intervention (peacekeeping or above) after
// a trigger of type k with simulation features f, and the distribution of
// the outcome given an intervention. f[world.FRequest] is the probability r
// that the host asks for help; the answer mixes the two cases,
// P = r·σ(η₁) + (1−r)·σ(η₀). The outcome distribution comes from the
// ordinal model, mixed with the same weights, restricted to peacekeeping
// and above; csto-deployment is impossible for a non-member and its share
// moves to peacekeeping. Decide does not allocate and is safe for
// concurrent use.
func (p *Posterior) Decide(draw int, k world.TriggerType, f *[world.NumDecisionFeatures]float64) (float64, [world.NumOutcomes]float64) {
	return p.DecideOffset(draw, k, f, 0)
}

// DecideOffset is [Posterior.Decide] with offset added to the linear
// predictor of both models: the contribution of terms the episodes cannot
// estimate (for example the scenario's stated coefficient on sanctions
// exposure times its value).
func (p *Posterior) DecideOffset(draw int, k world.TriggerType, f *[world.NumDecisionFeatures]float64, offset float64) (float64, [world.NumOutcomes]float64) {
	var given [world.NumOutcomes]float64
	nf := len(p.Features)
	if nf > maxFeatures {
		panic("risk: too many features")
	}
	s := draw % len(p.Logit)
	if s < 0 {
		s += len(p.Logit)
	}
	r := f[world.FRequest]
	if k == world.TriggerRealignment {
		r = 0
	}
	var x [maxFeatures]float64
	p.design(x[:nf], k, f, 0)
	beta := p.Logit[s]
	// The request term enters linearly: η₁ = η₀ + β_request·(1/scale).
	eta0 := dot(x[:nf], beta) + offset
	dReq := 0.0
	if p.reqIdx >= 0 {
		dReq = beta[p.reqIdx] / p.Features[p.reqIdx].Scale
	}
	pInt := r*sigmoid(eta0+dReq) + (1-r)*sigmoid(eta0)

	so := draw % len(p.OrdinalCut)
	if so < 0 {
		so += len(p.OrdinalCut)
	}
	ob, cut := p.OrdinalBeta[so], p.OrdinalCut[so]
	oeta0 := dot(x[1:nf], ob) + offset
	oReq := 0.0
	if p.reqIdx >= 1 {
		oReq = ob[p.reqIdx-1] / p.Features[p.reqIdx].Scale
	}
	if r < 1 {
		tailProbs(oeta0, cut, 1-r, &given)
	}
	if r > 0 {
		tailProbs(oeta0+oReq, cut, r, &given)
	}
	var tot float64
	if f[world.FCSTOMember] < 0.5 {
		given[world.OutcomePeacekeeping] += given[world.OutcomeCSTODeployment]
		given[world.OutcomeCSTODeployment] = 0
	}
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		tot += given[o]
	}
	if tot > 0 {
		for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
			given[o] /= tot
		}
	} else {
		given[world.OutcomePeacekeeping] = 1
	}
	return pInt, given
}

// tailProbs adds w·P(outcome = o | η) for o ≥ peacekeeping to given.
func tailProbs(eta float64, cut []float64, w float64, given *[world.NumOutcomes]float64) {
	lo := sigmoid(cut[world.OutcomePeacekeeping-1] - eta)
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		hi := 1.0
		if int(o) < len(cut) {
			hi = sigmoid(cut[o] - eta)
		}
		given[o] += w * (hi - lo)
		lo = hi
	}
}

// Covers reports whether the decision models estimate a coefficient for
// simulation feature f.
func (p *Posterior) Covers(f world.DecisionFeature) bool {
	for _, i := range p.simIdx {
		if i == int(f) {
			return true
		}
	}
	return false
}

// Monthly returns the monthly probability of a trigger of type k in
// country for posterior draw draw, 1 − exp(−λ·exp(γ·gap/10)) with gap the
// growth gap in percentage points; ok is false when the posterior has no
// hazard for that country and type (the caller then uses its own model).
func (p *Posterior) Monthly(draw int, country string, k world.TriggerType, growthGap float64) (h float64, ok bool) {
	hp := p.hz[hazKey{country, k}]
	if hp == nil {
		return 0, false
	}
	s := draw % len(hp.Lambda)
	if s < 0 {
		s += len(hp.Lambda)
	}
	c := 0
	for i, n := range hp.Countries {
		if n == country {
			c = i
		}
	}
	lam := hp.Lambda[s][c]
	if len(hp.Growth) > 0 {
		lam *= math.Exp(hp.Growth[s] * growthGap / 10)
	}
	return -math.Expm1(-lam), true
}
