package results

import (
	"math"
	"slices"

	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Schema is the JSON schema identifier of Results.
const Schema = "steppe.results/v1"

// Region is the pseudo-country of region-wide results.
const Region = "REGION"

// Summary describes a quantity's distribution over draws.
type Summary struct {
	Mean float64 `json:"mean"`
	SE   float64 `json:"se"` // Monte Carlo standard error of Mean
	Q05  float64 `json:"q05"`
	Q50  float64 `json:"q50"`
	Q95  float64 `json:"q95"`
}

// Delta is a policy's difference from the baseline, by common random numbers.
// Mean and SE describe the average effect; Q05, Q95 and PNegative describe
// how the effect varies over parameter draws: the quantiles of the paired
// per-draw differences (policy − baseline in the same draw) and the share of
// draws in which the policy lowers the probability.
type Delta struct {
	Mean      float64 `json:"mean"`
	SE        float64 `json:"se"`  // Monte Carlo standard error of Mean
	Q05       float64 `json:"q05"` // 5% quantile over draws of the paired difference
	Q95       float64 `json:"q95"` // 95% quantile over draws of the paired difference
	PNegative float64 `json:"p_negative"`
}

// Cell holds the results for one policy, country (or Region) and year.
type Cell struct {
	Policy                string             `json:"policy"`
	Country               string             `json:"country"`
	Year                  int                `json:"year"`
	PIntervention         Summary            `json:"p_intervention"`
	Delta                 *Delta             `json:"delta,omitempty"`
	ExpectedTriggers      map[string]float64 `json:"expected_triggers"`
	ExpectedInterventions map[string]float64 `json:"expected_interventions"`
	// Integration holds the mean integration effects at the end of the year
	// (keys as in world.EffectField: income_pct, intra_regional_trade, ...),
	// relative to the scenario's base state; GDP-weighted for the region.
	Integration map[string]float64 `json:"integration"`
}

// HistoryEvent is an observed event before the scenario's start.
type HistoryEvent struct {
	ID      string `json:"id"`
	Month   string `json:"month"`
	Country string `json:"country"`
	Trigger string `json:"trigger"`
	Outcome string `json:"outcome"`
	Note    string `json:"note,omitempty"`
	Source  string `json:"source,omitempty"`
}

// Completion is when a policy's project completes on average over draws.
type Completion struct {
	Policy  string  `json:"policy"`
	Project string  `json:"project"`
	Month   string  `json:"mean_completion"` // YYYY-MM
	Offset  float64 `json:"mean_months_after_start"`
}

// Results is the summary of one run.
type Results struct {
	Schema            string         `json:"schema"`
	Scenario          string         `json:"scenario"`
	Start             string         `json:"start"`
	Horizon           string         `json:"horizon"`
	Seed              uint64         `json:"seed"`
	Draws             int            `json:"draws"`
	Mode              string         `json:"mode"`
	Engines           sim.EngineInfo `json:"engines"`
	Baseline          string         `json:"baseline"`
	Policies          []string       `json:"policies"`
	Countries         []string       `json:"countries"`
	Years             []int          `json:"years"`
	TriggerTypes      []string       `json:"trigger_types"`
	InterventionTypes []string       `json:"intervention_types"`
	Cells             []Cell         `json:"cells"`
	Projects          []Completion   `json:"projects"`
	History           []HistoryEvent `json:"history"`
	Validity          Validity       `json:"validity"`
	// Decompositions split each policy's effect by channel, when asked
	// (steppe run --decompose).
	Decompositions []Decomposition `json:"decompositions,omitempty"`
	// Warnings are conditions a reader of the results should know about
	// (none is fatal). JSON carries each as its message; see MarshalJSON.
	Warnings []error `json:"-"`
}

// Summarize computes the results of out. w, when not nil, supplies the
// observed history recorded in the results.
func Summarize(out *sim.Output, w *world.World) *Results {
	r := &Results{
		Schema:    Schema,
		Scenario:  out.Scenario,
		Start:     out.Start.String(),
		Horizon:   out.Horizon.String(),
		Seed:      out.Seed,
		Draws:     out.Draws,
		Mode:      "conditional",
		Engines:   out.Engines,
		Baseline:  out.Policies[0],
		Policies:  slices.Clone(out.Policies),
		Countries: append(slices.Clone(out.Countries), Region),
		Years:     slices.Clone(out.Years),
		History:   []HistoryEvent{},
		Projects:  []Completion{},
		Validity:  validity(out),
	}
	if out.Paths {
		r.Mode = "paths"
	}
	for k := world.TriggerType(0); k < world.NumTriggerTypes; k++ {
		r.TriggerTypes = append(r.TriggerTypes, k.String())
	}
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		r.InterventionTypes = append(r.InterventionTypes, o.String())
	}
	if w != nil {
		for _, e := range w.History {
			r.History = append(r.History, HistoryEvent{
				ID: e.ID, Month: e.Month.String(), Country: e.Country,
				Trigger: e.Trigger.String(), Outcome: e.Outcome.String(),
				Note: e.Note, Source: e.Source,
			})
		}
	}
	for p, pol := range out.Policies {
		for j, id := range out.Projects {
			v := out.Completion[p*len(out.Projects)+j]
			if v < 0 {
				continue
			}
			r.Projects = append(r.Projects, Completion{Policy: pol, Project: id,
				Month: (out.Start + world.Month(math.Round(v))).String(), Offset: round(v)})
		}
	}
	nc := len(out.Countries) + 1
	buf := make([]float64, out.Draws)
	for p := range out.Policies {
		for c := 0; c < nc; c++ {
			for y := range out.Years {
				cell := Cell{
					Policy:                out.Policies[p],
					Country:               r.Countries[c],
					Year:                  out.Years[y],
					ExpectedTriggers:      map[string]float64{},
					ExpectedInterventions: map[string]float64{},
				}
				d := out.Draw(p, c, y)
				cell.PIntervention = summarize(d, buf)
				if p > 0 {
					base := out.Draw(0, c, y)
					for i := range d {
						buf[i] = d[i] - base[i]
					}
					cell.Delta = summarizeDelta(buf)
				}
				idx := out.Index(p, c, y)
				tot := 0.0
				for k := 0; k < int(world.NumTriggerTypes); k++ {
					v := out.Triggers[idx*int(world.NumTriggerTypes)+k]
					cell.ExpectedTriggers[world.TriggerType(k).String()] = round(v)
					tot += v
				}
				cell.ExpectedTriggers["total"] = round(tot)
				tot = 0
				for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
					v := out.Interventions[idx*int(world.NumOutcomes)+int(o)]
					cell.ExpectedInterventions[o.String()] = round(v)
					tot += v
				}
				cell.ExpectedInterventions["total"] = round(tot)
				cell.Integration = map[string]float64{}
				if len(out.Effects) > 0 {
					for f := world.EffectField(0); f < world.NumEffectFields; f++ {
						cell.Integration[f.String()] = round(out.Effects[idx*int(world.NumEffectFields)+int(f)])
					}
				}
				r.Cells = append(r.Cells, cell)
			}
		}
	}
	return r
}

// Cell returns the cell for (policy, country, year), or nil.
func (r *Results) Cell(policy, country string, year int) *Cell {
	p := slices.Index(r.Policies, policy)
	c := slices.Index(r.Countries, country)
	y := slices.Index(r.Years, year)
	if p < 0 || c < 0 || y < 0 {
		return nil
	}
	return &r.Cells[(p*len(r.Countries)+c)*len(r.Years)+y]
}

func summarize(d, buf []float64) Summary {
	m, se := meanSE(d)
	copy(buf, d)
	slices.Sort(buf)
	return Summary{
		Mean: round(m), SE: round(se),
		Q05: round(Quantile(buf, 0.05)), Q50: round(Quantile(buf, 0.5)), Q95: round(Quantile(buf, 0.95)),
	}
}

// summarizeDelta summarises the paired per-draw differences diff (policy −
// baseline); it sorts diff in place.
func summarizeDelta(diff []float64) *Delta {
	m, se := meanSE(diff)
	neg := 0
	for _, v := range diff {
		if v < 0 {
			neg++
		}
	}
	slices.Sort(diff)
	return &Delta{Mean: round(m), SE: round(se),
		Q05: round(Quantile(diff, 0.05)), Q95: round(Quantile(diff, 0.95)),
		PNegative: round(float64(neg) / float64(len(diff)))}
}

// meanSE returns the mean of x and its standard error sd/√n (0 for n < 2).
func meanSE(x []float64) (mean, se float64) {
	n := float64(len(x))
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= n
	if len(x) < 2 {
		return mean, 0
	}
	ss := 0.0
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

// Quantile returns the p-quantile of sorted by Hyndman and Fan's definition 7
// (linear interpolation between order statistics at (n−1)p).
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// round keeps 6 significant digits, so that encodings are short and stable.
func round(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	e := math.Floor(math.Log10(math.Abs(v)))
	s := math.Pow(10, 5-e)
	r := math.Round(v*s) / s
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}
