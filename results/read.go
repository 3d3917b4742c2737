package results

import (
	"encoding/json"
	"fmt"
	"io"
)

// ReadJSON reads a results.json as [Results.WriteJSON] writes it, and
// checks its schema and that it holds a cell for every policy, country and
// year; name names the input in errors.
func ReadJSON(r io.Reader, name string) (*Results, error) {
	var res Results
	if err := json.NewDecoder(r).Decode(&res); err != nil {
		return nil, fmt.Errorf("%s: not a steppe results file: %v", name, err)
	}
	if res.Schema != Schema {
		return nil, fmt.Errorf("%s: schema %q, want %q", name, res.Schema, Schema)
	}
	if len(res.Policies) == 0 || len(res.Countries) == 0 || len(res.Years) == 0 ||
		len(res.Cells) != len(res.Policies)*len(res.Countries)*len(res.Years) {
		return nil, fmt.Errorf("%s: results are incomplete (%d cells for %d policies × %d countries × %d years)",
			name, len(res.Cells), len(res.Policies), len(res.Countries), len(res.Years))
	}
	return &res, nil
}
