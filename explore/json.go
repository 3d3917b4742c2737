package explore

import (
	"bytes"
	"encoding/json"

	"github.com/steppe-dev/steppe/internal/jsonnum"
)

// num is a float64 that encodes NaN and ±Inf as JSON null: an interval
// that was not computed, or a side of a box that is not restricted.
type num = jsonnum.Float

// member is one name and value of a JSON object written by object.
type member struct {
	name  string
	value any
}

// object writes the members in order, as encoding/json writes a struct
// with those fields, so that a result type can write its NaNs as null
// (num) without a struct of its own for the purpose.
func object(ms ...member) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(',')
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		k, _ := json.Marshal(m.name)
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalJSON writes NaN bounds (no bootstrap) as null.
func (ix Index) MarshalJSON() ([]byte, error) {
	return object(member{"value", num(ix.Value)}, member{"lo", num(ix.Lo)}, member{"hi", num(ix.Hi)}, member{"se", num(ix.SE)})
}

// MarshalJSON writes unrestricted sides and absent quasi-p-values as null;
// levels only for a categorical input.
func (r Restriction) MarshalJSON() ([]byte, error) {
	ms := []member{{"input", r.Input}, {"kind", r.Kind}, {"lo", num(r.Lo)}, {"hi", num(r.Hi)}}
	if len(r.Levels) > 0 {
		ms = append(ms, member{"levels", r.Levels})
	}
	ms = append(ms, member{"qp_lo", num(r.QPLo)}, member{"qp_hi", num(r.QPHi)}, member{"qp", num(r.QP)})
	return object(ms...)
}

// MarshalJSON writes a missing mu* interval as null.
func (m MorrisInput) MarshalJSON() ([]byte, error) {
	return object(member{"input", m.Input}, member{"mu", m.Mu}, member{"mu_star", m.MuStar}, member{"sigma", m.Sigma},
		member{"mu_star_lo", num(m.MuStarLo)}, member{"mu_star_hi", num(m.MuStarHi)}, member{"range", m.Range})
}
