package explore

import (
	"encoding/json"
	"math"
)

// num is a float64 that encodes NaN and ±Inf as JSON null: an interval
// that was not computed, or a side of a box that is not restricted.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(f)
}

// MarshalJSON writes NaN bounds (no bootstrap) as null.
func (ix Index) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Value num `json:"value"`
		Lo    num `json:"lo"`
		Hi    num `json:"hi"`
		SE    num `json:"se"`
	}{num(ix.Value), num(ix.Lo), num(ix.Hi), num(ix.SE)})
}

// MarshalJSON writes unrestricted sides and absent quasi-p-values as null.
func (r Restriction) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Input  string   `json:"input"`
		Kind   string   `json:"kind"`
		Lo     num      `json:"lo"`
		Hi     num      `json:"hi"`
		Levels []string `json:"levels,omitempty"`
		QPLo   num      `json:"qp_lo"`
		QPHi   num      `json:"qp_hi"`
		QP     num      `json:"qp"`
	}{r.Input, r.Kind, num(r.Lo), num(r.Hi), r.Levels, num(r.QPLo), num(r.QPHi), num(r.QP)})
}

// MarshalJSON writes a missing mu* interval as null.
func (m MorrisInput) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Input    string  `json:"input"`
		Mu       float64 `json:"mu"`
		MuStar   float64 `json:"mu_star"`
		Sigma    float64 `json:"sigma"`
		MuStarLo num     `json:"mu_star_lo"`
		MuStarHi num     `json:"mu_star_hi"`
		Range    float64 `json:"range"`
	}{m.Input, m.Mu, m.MuStar, m.Sigma, num(m.MuStarLo), num(m.MuStarHi), m.Range})
}
