package jsonnum

import (
	"encoding/json"
	"math"
	"testing"
)

func TestFloatJSON(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0.25, "0.25"},
		{-3, "-3"},
		{1e21, "1e+21"},
		{math.NaN(), "null"},
		{math.Inf(1), "null"},
		{math.Inf(-1), "null"},
	} {
		b, err := json.Marshal(Float(tc.in))
		if err != nil || string(b) != tc.want {
			t.Errorf("%v: got %s, %v; want %s", tc.in, b, err, tc.want)
		}
	}
}
