// Package jsonnum holds the one JSON number type of the module's outputs
// that may be undefined: JSON has no NaN or infinity (RFC 8259, section 6),
// so a p-value of a zero standard error, an interval that was not
// computed or an unrestricted side of a box is written as null.
package jsonnum

import (
	"encoding/json"
	"math"
)

// Float is a float64 that encodes NaN and ±Inf as JSON null.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(x)
}
