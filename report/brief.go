package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/results"
)

// The briefing's words are computed from the run, never typed: the key
// findings read the regional and per-state probabilities at the horizon and
// each policy's effect with its 5–95% range over parameter draws and the
// share of draws in which it lowers the risk; the known weaknesses count
// the stated assumptions and the parameters an engine replaced, hold the
// implied intervention rate against the historical ones, and name the
// effects whose range includes no change.

// robustShare is the share of draws in which a policy must lower the
// probability for the briefing to call the direction of its effect robust
// to the assumptions (a 9-to-1 majority of the parameter draws).
const robustShare = 0.9

// rateGap is the factor between the implied and the highest or lowest
// historical intervention rate beyond which the briefing lists the gap as a
// weakness.
const rateGap = 2.0

// brief holds what the briefing says about a run.
type brief struct {
	Findings   []string
	Weaknesses []string
	Horizon    int
	Effects    []effectRow // per policy, the region's effect at the horizon
	MaxSE      float64     // the largest Monte Carlo s.e. of any effect
	Integ      []string    // integration fields present, in results order
	Replaced   []replacedGroup
	// Losses are the schemes and scores on which a baseline beats the
	// decision model out of sample (results.Validation).
	Losses []string
}

// replacedGroup is the parameters one engine replaced, with its reason.
type replacedGroup struct {
	Reason string
	Paths  []string
}

type effectRow struct {
	Policy, Name string
	Delta        *results.Delta
}

func policyName(v *View, id string) string {
	for _, p := range v.Policies {
		if p.ID == id && p.Name != "" && p.Name != id {
			return p.Name + " (" + id + ")"
		}
	}
	return id
}

func countryName(v *View, id string) string {
	if id == results.Region {
		return "the region"
	}
	for _, c := range v.Countries {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}

func rangeText(s results.Summary) string {
	return fmt.Sprintf("%s (5–95%% over parameter draws: %s–%s)", pct(s.Mean), pct(s.Q05), pct(s.Q95))
}

// hasRange reports whether d has its spread over draws: results written
// before it was recorded have only the mean and its Monte Carlo s.e.
func hasRange(d *results.Delta) bool {
	return d.Q05 != 0 || d.Q95 != 0 || d.PNegative != 0
}

func effectText(d *results.Delta) string {
	s := pp(d.Mean)
	if hasRange(d) {
		s += " (5–95%: " + pp(d.Q05) + " to " + pp(d.Q95) + ")"
	}
	return s
}

func makeBrief(v *View) brief {
	r := v.Results
	h := r.Years[len(r.Years)-1]
	b := brief{Horizon: h}
	for _, c := range r.Cells {
		if c.Delta != nil {
			b.MaxSE = math.Max(b.MaxSE, c.Delta.SE)
		}
	}
	if reg := r.Cell(r.Baseline, results.Region, h); reg != nil {
		b.Findings = append(b.Findings, fmt.Sprintf("Under the baseline, the probability of at least one Russian intervention (peacekeeping or above) somewhere in the region by %d is %s.", h, rangeText(reg.PIntervention)))
	}
	var top *results.Cell
	for _, c := range r.Countries {
		if c == results.Region {
			continue
		}
		if cell := r.Cell(r.Baseline, c, h); cell != nil && (top == nil || cell.PIntervention.Mean > top.PIntervention.Mean) {
			top = cell
		}
	}
	if top != nil {
		b.Findings = append(b.Findings, fmt.Sprintf("The state most at risk is %s: %s by %d.", countryName(v, top.Country), rangeText(top.PIntervention), h))
	}
	for _, p := range r.Policies {
		if p == r.Baseline {
			continue
		}
		reg := r.Cell(p, results.Region, h)
		if reg == nil || reg.Delta == nil {
			continue
		}
		d := reg.Delta
		b.Effects = append(b.Effects, effectRow{Policy: p, Name: policyName(v, p), Delta: d})
		s := fmt.Sprintf("By %d, %s changes the regional probability by %s", h, policyName(v, p), effectText(d))
		switch {
		case !hasRange(d):
			s += " (these results have no spread over draws; rerun them with this version of steppe)."
		case d.PNegative >= robustShare:
			s += fmt.Sprintf("; it lowers the risk in %s of the parameter draws, so the direction holds across the stated uncertainty.", pct0(d.PNegative))
		case d.PNegative >= 0.5:
			s += fmt.Sprintf("; it lowers the risk in %s of the parameter draws: the direction depends on assumptions that are uncertain.", pct0(d.PNegative))
		default:
			s += fmt.Sprintf("; it lowers the risk in only %s of the parameter draws.", pct0(d.PNegative))
		}
		// The state where the policy changes the most.
		var best *results.Cell
		for _, c := range r.Countries {
			if cell := r.Cell(p, c, h); c != results.Region && cell != nil && cell.Delta != nil && (best == nil || math.Abs(cell.Delta.Mean) > math.Abs(best.Delta.Mean)) {
				best = cell
			}
		}
		if best != nil {
			s += fmt.Sprintf(" Its largest effect is in %s: %s.", countryName(v, best.Country), effectText(best.Delta))
		}
		b.Findings = append(b.Findings, s)
	}
	for _, im := range r.Validity.Implied {
		if im.Policy != r.Baseline {
			continue
		}
		s := fmt.Sprintf("The baseline implies %s interventions per 100 state-years (5–95%%: %s–%s)", rate(im.Per100.Mean), rate(im.Per100.Q05), rate(im.Per100.Q95))
		for _, hr := range r.Validity.Historical {
			s += fmt.Sprintf("; %s observed %s", hr.Label, rate(hr.Per100))
		}
		b.Findings = append(b.Findings, s+".")
	}
	b.Losses = validationLosses(v.Results.Validation)
	b.Weaknesses = weaknesses(v, b)
	at := map[string]int{}
	for _, a := range v.Assumptions {
		if a.ReplacedBy == "" {
			continue
		}
		i, ok := at[a.ReplacedBy]
		if !ok {
			i = len(b.Replaced)
			at[a.ReplacedBy] = i
			b.Replaced = append(b.Replaced, replacedGroup{Reason: a.ReplacedBy})
		}
		b.Replaced[i].Paths = append(b.Replaced[i].Paths, a.Path)
	}
	seen := map[string]bool{}
	for _, c := range r.Cells {
		for k := range c.Integration {
			seen[k] = true
		}
	}
	for _, k := range integrationOrder {
		if seen[k] {
			b.Integ = append(b.Integ, k)
		}
	}
	return b
}

// integrationOrder is the order of world.EffectField.
var integrationOrder = []string{"income_pct", "intra_regional_trade", "china_trade_share", "russia_trade_share",
	"russian_transit", "redundancy", "border_security", "china_investment"}

func weaknesses(v *View, b brief) []string {
	r := v.Results
	var out []string
	stated, uncertain, replaced := 0, 0, 0
	for _, a := range v.Assumptions {
		if a.Assumption {
			stated++
			if a.Uncertain {
				uncertain++
			}
		}
		if a.ReplacedBy != "" {
			replaced++
		}
	}
	if n := len(v.Assumptions); n > 0 {
		out = append(out, fmt.Sprintf("%d of the %d parameters (%s) are stated assumptions rather than measurements; %d of them are drawn from a range, the rest are fixed, so their uncertainty is not in the intervals.", stated, n, pct0(float64(stated)/float64(n)), uncertain))
	}
	if replaced > 0 {
		out = append(out, fmt.Sprintf("%d stated parameters were replaced by an engine and not used (listed under Engine results); editing them in the scenario changes nothing.", replaced))
	}
	for _, im := range r.Validity.Implied {
		if im.Policy != r.Baseline || len(r.Validity.Historical) == 0 {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, hr := range r.Validity.Historical {
			lo, hi = math.Min(lo, hr.Per100), math.Max(hi, hr.Per100)
		}
		if im.Per100.Mean > rateGap*hi {
			out = append(out, fmt.Sprintf("The baseline's implied rate, %s interventions per 100 state-years, is more than %g times the highest historical rate (%s): the scenario's assumptions push the risk well above the record.", num(im.Per100.Mean), rateGap, num(hi)))
		} else if lo > 0 && im.Per100.Mean < lo/rateGap {
			out = append(out, fmt.Sprintf("The baseline's implied rate, %s interventions per 100 state-years, is less than 1/%g of the lowest historical rate (%s).", num(im.Per100.Mean), rateGap, num(lo)))
		}
	}
	var crossing []string
	for _, e := range b.Effects {
		if hasRange(e.Delta) && e.Delta.Q05 < 0 && e.Delta.Q95 > 0 {
			crossing = append(crossing, e.Name)
		}
	}
	if len(crossing) > 0 {
		out = append(out, fmt.Sprintf("The 5–95%% range of the regional effect by %d includes no change for %s: the sign of the effect is not settled by the model.", b.Horizon, joinAnd(crossing)))
	}
	if reg := r.Cell(r.Baseline, results.Region, b.Horizon); reg != nil && reg.PIntervention.Q05 > 0 && reg.PIntervention.Q95/reg.PIntervention.Q05 > 3 {
		out = append(out, fmt.Sprintf("The regional baseline probability by %d ranges %s-fold between the 5%% and 95%% draws: the answer depends more on the uncertain parameters than on the policies.", b.Horizon, strconv.FormatFloat(reg.PIntervention.Q95/reg.PIntervention.Q05, 'f', 1, 64)))
	}
	out = append(out, b.Losses...)
	if r.Mode == "conditional" {
		out = append(out, "Probabilities are conditional on each draw's parameters (mode \"conditional\"); the simulation does not sample single histories, so path-dependent effects within a draw are averaged out.")
	}
	for _, w := range r.Warnings {
		out = append(out, w.Error())
	}
	return out
}

func joinAnd(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// rate writes a rate per 100 state-years with two decimals.
func rate(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// integ writes an integration effect in its unit: shares (0–1) as
// percentage points, income and investment in % with a sign, border
// security's proportional reduction in %, redundancy in routes.
func integ(field string, v float64) string {
	signed := func(s string) string {
		if f, _ := strconv.ParseFloat(s, 64); f == 0 {
			return "0"
		} else if f > 0 {
			return "+" + s
		}
		return strings.Replace(s, "-", "−", 1)
	}
	switch field {
	case "intra_regional_trade", "china_trade_share", "russia_trade_share", "russian_transit":
		return signed(strconv.FormatFloat(100*v, 'f', 2, 64)) + " pp"
	case "income_pct", "china_investment":
		return signed(strconv.FormatFloat(v, 'f', 2, 64)) + "%"
	case "border_security":
		return signed(strconv.FormatFloat(100*v, 'f', 1, 64)) + "%"
	}
	return signed(strconv.FormatFloat(v, 'f', 2, 64))
}

func pct0(v float64) string {
	return strconv.FormatFloat(100*v, 'f', 0, 64) + "%"
}

// usd writes an amount of US dollars as a reader scans it: "$4.7 bn".
func usd(v float64) string {
	a := math.Abs(v)
	switch {
	case v == 0 || math.IsNaN(v):
		return "–"
	case a >= 1e9:
		return "$" + strconv.FormatFloat(v/1e9, 'g', 3, 64) + " bn"
	case a >= 1e6:
		return "$" + strconv.FormatFloat(v/1e6, 'g', 3, 64) + " m"
	default:
		return "$" + strconv.FormatFloat(v, 'f', 0, 64)
	}
}
