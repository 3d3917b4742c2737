package results

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
