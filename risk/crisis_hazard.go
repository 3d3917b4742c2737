package risk

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"

	"github.com/steppe-dev/steppe/world"
)

// CrisisHazardsSchema names the JSON format of [CrisisHazards].
const CrisisHazardsSchema = "steppe.risk.crisis-hazards/v1"

// CrisisHazards are the trigger hazards of the intervention model v2: for
// each trigger type, the Poisson-gamma model of [FitHazards] fitted to the
// crises of that type in the episode set v2, per state and year, pooled
// over the fourteen post-Soviet states other than Russia. A trigger in the
// simulation is therefore a crisis in the record's sense (the inclusion
// rule of data/episodes/README.md), the same event that the decision model
// v2 is fitted on, so that a hazard times P(intervention | trigger) is a
// rate of interventions.
type CrisisHazards struct {
	Schema     string      `json:"schema"`
	Data       string      `json:"data"`
	DataSHA256 string      `json:"data_sha256"`
	From       world.Month `json:"-"`
	To         world.Month `json:"-"`
	FromS      string      `json:"from"`
	ToS        string      `json:"to"`
	Countries  []string    `json:"countries"`
	// Types holds one fit per trigger type, indexed by world.TriggerType.
	Types []CrisisHazard `json:"types"`
}

// CrisisHazard is the fitted hazard of one trigger type.
type CrisisHazard struct {
	Type     string      `json:"type"`
	Observed []int       `json:"observed"` // crises per country in the window
	Months   []float64   `json:"months"`   // months of exposure per country
	Lambda   [][]float64 `json:"lambda"`   // [draw][country] monthly rates
	Mu       []float64   `json:"mu"`       // [draw] population mean rate, for states the fit does not hold
	MaxRHat  float64     `json:"max_rhat"`
	MinESS   float64     `json:"min_ess_bulk"`
}

// FitCrisisHazards fits the hazards of every trigger type to the crises
// whose onset lies in [from, to], with exposure from max(from, 1992-01)
// for every state of [PostSovietStates]. It keeps at most keep draws per
// type (thinned evenly; 0 keeps all).
func FitCrisisHazards(ctx context.Context, crises []Crisis, from, to world.Month, o FitOptions, keep int) (*CrisisHazards, error) {
	if from < world.MonthOf(1992, 1) {
		from = world.MonthOf(1992, 1)
	}
	if to < from {
		return nil, fmt.Errorf("crisis hazards: empty window %s to %s", from, to)
	}
	var countries []string
	for _, s := range PostSovietStates {
		countries = append(countries, s.ISO3)
	}
	var ev []TriggerEvent
	for _, c := range crises {
		ev = append(ev, TriggerEvent{Country: c.Country, Month: c.Month, Type: c.Trigger, Source: c.ID})
	}
	ch := &CrisisHazards{Schema: CrisisHazardsSchema, From: from, To: to, FromS: from.String(), ToS: to.String(), Countries: countries}
	for k := world.TriggerType(0); k < world.NumTriggerTypes; k++ {
		hd := NewHazardData(ev, k, countries, from, to, nil)
		h, err := FitHazards(ctx, hd, DefaultHazardPriors(), o, nil)
		if err != nil {
			return nil, fmt.Errorf("crisis hazards, %v: %w", k, err)
		}
		if keep <= 0 {
			keep = len(h.Mu)
		}
		t := CrisisHazard{Type: k.String(), Observed: h.Observed, Months: h.Months,
			Lambda: thin(h.Lambda, keep), Mu: thin(h.Mu, keep)}
		for i := range t.Lambda {
			t.Lambda[i] = round6(t.Lambda[i])
		}
		t.Mu = round6(t.Mu)
		t.MinESS = math.Inf(1)
		for _, d := range h.Diag {
			t.MaxRHat = math.Max(t.MaxRHat, d.Rhat)
			t.MinESS = math.Min(t.MinESS, d.ESSBulk)
		}
		ch.Types = append(ch.Types, t)
	}
	return ch, nil
}

// NumDraws is the number of posterior draws of each type.
func (h *CrisisHazards) NumDraws() int { return len(h.Types[0].Mu) }

// Index returns the index of country (ISO3) in the fit, or -1.
func (h *CrisisHazards) Index(country string) int {
	for c, id := range h.Countries {
		if id == country {
			return c
		}
	}
	return -1
}

// Monthly returns, for posterior draw i (modulo the draws), the monthly
// probability of at least one crisis of type k in the country with index
// c ([CrisisHazards.Index]): 1 − exp(−λ). A state the fit does not hold
// (c < 0) gets the population mean rate μ.
func (h *CrisisHazards) Monthly(i, c int, k world.TriggerType) float64 {
	t := &h.Types[k]
	i %= len(t.Mu)
	if c < 0 {
		return -math.Expm1(-t.Mu[i])
	}
	return -math.Expm1(-t.Lambda[i][c])
}

// Write writes h as JSON.
func (h *CrisisHazards) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(h)
}

// ReadCrisisHazards reads what [CrisisHazards.Write] writes.
func ReadCrisisHazards(r io.Reader) (*CrisisHazards, error) {
	return readChecked[CrisisHazards](r, "crisis hazards")
}

// Check checks hazards decoded from JSON (as part of a larger file, say)
// and sets their window: [ReadCrisisHazards] is a decode followed by Check.
func (h *CrisisHazards) Check() error {
	if h.Schema != CrisisHazardsSchema {
		return fmt.Errorf("crisis hazards: schema %q, want %q", h.Schema, CrisisHazardsSchema)
	}
	if len(h.Types) != int(world.NumTriggerTypes) {
		return fmt.Errorf("crisis hazards: %d trigger types, want %d", len(h.Types), world.NumTriggerTypes)
	}
	for k, t := range h.Types {
		if t.Type != world.TriggerType(k).String() || len(t.Mu) == 0 || len(t.Lambda) != len(t.Mu) {
			return fmt.Errorf("crisis hazards: type %d (%q) malformed", k, t.Type)
		}
		for _, l := range t.Lambda {
			if len(l) != len(h.Countries) {
				return fmt.Errorf("crisis hazards: %s: a draw has %d rates for %d countries", t.Type, len(l), len(h.Countries))
			}
		}
	}
	var err error
	if h.From, err = world.ParseMonth(h.FromS); err != nil {
		return fmt.Errorf("crisis hazards: from: %w", err)
	}
	if h.To, err = world.ParseMonth(h.ToS); err != nil {
		return fmt.Errorf("crisis hazards: to: %w", err)
	}
	return nil
}
