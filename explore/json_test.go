package explore

import (
	"encoding/json"
	"math"
	"testing"
)

// Results write NaN and ±Inf as null, members in a fixed order, and
// levels only for categorical restrictions.
func TestResultJSON(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		v    any
		want string
	}{
		{Index{Value: 0.5, Lo: nan, Hi: math.Inf(1), SE: 1e-300}, `{"value":0.5,"lo":null,"hi":null,"se":1e-300}`},
		{Restriction{Input: "a<b>&", Kind: "numeric", Lo: 1, Hi: nan, QPLo: 0.01, QPHi: nan, QP: 0.5},
			`{"input":"a\u003cb\u003e\u0026","kind":"numeric","lo":1,"hi":null,"qp_lo":0.01,"qp_hi":null,"qp":0.5}`},
		{Restriction{Input: "c", Kind: "categorical", Lo: nan, Hi: nan, Levels: []string{"x", "y"}, QP: nan},
			`{"input":"c","kind":"categorical","lo":null,"hi":null,"levels":["x","y"],"qp_lo":0,"qp_hi":0,"qp":null}`},
		{MorrisInput{Input: "m", Mu: 1.5, MuStar: 2, Sigma: 0.1, MuStarLo: nan, MuStarHi: 3, Range: 4},
			`{"input":"m","mu":1.5,"mu_star":2,"sigma":0.1,"mu_star_lo":null,"mu_star_hi":3,"range":4}`},
		{[]Index{{}, {Value: nan}}, `[{"value":0,"lo":0,"hi":0,"se":0},{"value":null,"lo":0,"hi":0,"se":0}]`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(tc.v)
		if err != nil || string(b) != tc.want {
			t.Errorf("%+v: %s %v\nwant %s", tc.v, b, err, tc.want)
		}
	}
}
