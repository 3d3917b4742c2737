package results

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// WriteJSON writes r as indented JSON (schema in the package doc).
func (r *Results) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write results JSON: %w", err)
	}
	return nil
}

// MarshalJSON encodes r with each warning as its message, in a "warnings"
// array that is empty, never null, when there are none.
func (r Results) MarshalJSON() ([]byte, error) {
	type plain Results // without these methods
	msgs := make([]string, len(r.Warnings))
	for i, w := range r.Warnings {
		msgs[i] = w.Error()
	}
	return json.Marshal(struct {
		plain
		Warnings []string `json:"warnings"`
	}{plain(r), msgs})
}

// UnmarshalJSON decodes what MarshalJSON encodes; each warning becomes an
// error with its message.
func (r *Results) UnmarshalJSON(b []byte) error {
	type plain Results
	v := struct {
		*plain
		Warnings []string `json:"warnings"`
	}{plain: (*plain)(r)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.Warnings = nil
	for _, m := range v.Warnings {
		r.Warnings = append(r.Warnings, errors.New(m))
	}
	return nil
}

// CSVHeader returns the CSV column names.
func (r *Results) CSVHeader() []string {
	h := []string{"policy", "country", "year", "p_mean", "p_se", "p_q05", "p_q50", "p_q95", "delta_mean", "delta_se", "delta_q05", "delta_q95", "delta_p_negative", "triggers_total"}
	for _, t := range r.TriggerTypes {
		h = append(h, "triggers_"+t)
	}
	h = append(h, "interventions_total")
	for _, o := range r.InterventionTypes {
		h = append(h, "interventions_"+o)
	}
	for f := world.EffectField(0); f < world.NumEffectFields; f++ {
		h = append(h, "integration_"+f.String())
	}
	return h
}

// WriteCSV writes one row per cell (columns in the package doc).
func (r *Results) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	writeRow := func(cols []string) {
		for i, c := range cols {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(csvQuote(c))
		}
		bw.WriteByte('\n')
	}
	writeRow(r.CSVHeader())
	for _, c := range r.Cells {
		row := []string{c.Policy, c.Country, strconv.Itoa(c.Year),
			f(c.PIntervention.Mean), f(c.PIntervention.SE), f(c.PIntervention.Q05), f(c.PIntervention.Q50), f(c.PIntervention.Q95)}
		if c.Delta != nil {
			row = append(row, f(c.Delta.Mean), f(c.Delta.SE), f(c.Delta.Q05), f(c.Delta.Q95), f(c.Delta.PNegative))
		} else {
			row = append(row, "", "", "", "", "")
		}
		row = append(row, f(c.ExpectedTriggers["total"]))
		for _, t := range r.TriggerTypes {
			row = append(row, f(c.ExpectedTriggers[t]))
		}
		row = append(row, f(c.ExpectedInterventions["total"]))
		for _, o := range r.InterventionTypes {
			row = append(row, f(c.ExpectedInterventions[o]))
		}
		for e := world.EffectField(0); e < world.NumEffectFields; e++ {
			row = append(row, f(c.Integration[e.String()]))
		}
		writeRow(row)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write results CSV: %w", err)
	}
	return nil
}

func csvQuote(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	return s
}
