package results

import "github.com/steppe-dev/steppe/sim"

// Validity sets a run's implied rate of Russian interventions next to the
// historical rates, so that a reader sees at once how far the scenario's
// assumptions push the answer from the record (DESIGN.md, "Validity").
type Validity struct {
	// StateYears are the focus states times the years simulated.
	StateYears float64 `json:"state_years"`
	// Implied are the run's intervention onsets, start to horizon, per
	// policy: the count over all focus states, and per 100 state-years,
	// each as its distribution over draws.
	Implied []ImpliedRate `json:"implied"`
	// Historical are the observed rates from the episode record; the
	// caller fills them (package model reads them from the bundled record).
	Historical []HistoricalRate `json:"historical"`
}

// ImpliedRate is one policy's implied intervention onsets.
type ImpliedRate struct {
	Policy string  `json:"policy"`
	Onsets Summary `json:"onsets"`
	Per100 Summary `json:"per_100_state_years"`
}

// HistoricalRate is an observed rate of intervention onsets.
type HistoricalRate struct {
	Label      string  `json:"label"`     // e.g. "Central Asia 1995-2025"
	Subregion  string  `json:"subregion"` // "central-asia", or "" for all post-Soviet states
	From       string  `json:"from"`
	To         string  `json:"to"`
	Onsets     int     `json:"onsets"`
	StateYears float64 `json:"state_years"`
	Per100     float64 `json:"per_100_state_years"`
	Source     string  `json:"source"` // the record it is computed from
}

// validity summarises out's per-draw onsets.
func validity(out *sim.Output) Validity {
	months := float64(out.Horizon - out.Start + 1)
	v := Validity{StateYears: round(float64(len(out.Countries)) * months / 12), Implied: []ImpliedRate{}, Historical: []HistoricalRate{}}
	if len(out.Onsets) != len(out.Policies)*(len(out.Countries)+1)*out.Draws || v.StateYears == 0 {
		return v
	}
	buf := make([]float64, out.Draws)
	per := make([]float64, out.Draws)
	for p, pol := range out.Policies {
		d := out.OnsetDraws(p, len(out.Countries))
		for i, x := range d {
			per[i] = 100 * x / (float64(len(out.Countries)) * months / 12)
		}
		v.Implied = append(v.Implied, ImpliedRate{Policy: pol, Onsets: summarize(d, buf), Per100: summarize(per, buf)})
	}
	return v
}
