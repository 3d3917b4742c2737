package results

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the short table of a run, as `steppe run` does: the
// scenario, the engines, the run's implied intervention rate against the
// historical record, the projects' completion, and for each country and
// milestone year (the years given that the results hold; else the last)
// each policy's probability of an intervention with its 90% range and its
// delta from the baseline (mean, 90% range over draws of the paired
// difference, and P(delta < 0)), with the deltas' largest Monte Carlo
// standard error in the footnote; then the real income change from integration by
// the last of those years, and each policy's effect split by channel when
// decomposed.
func (r *Results) WriteTable(w io.Writer, years []int) error {
	var ys []int
	for _, y := range years {
		if r.Cell(r.Baseline, r.Countries[0], y) != nil {
			ys = append(ys, y)
		}
	}
	if len(ys) == 0 {
		ys = []int{r.Years[len(r.Years)-1]}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s, %s to %s, %d draws, seed %d\n", r.Scenario, r.Start, r.Horizon, r.Draws, r.Seed)
	fmt.Fprintf(&b, "P(at least one Russian intervention, peacekeeping or above, by the end of the year): mean [5%%-95%% over draws]\n")
	fmt.Fprintf(&b, "decision: %s\nhazards: %s\n", r.Engines.Decision, r.Engines.Hazards)
	for _, s := range r.Engines.Integration {
		fmt.Fprintf(&b, "integration: %s\n", s)
	}
	writeValidity(&b, r)
	for _, p := range r.Policies {
		var ps []string
		for _, c := range r.Projects {
			if c.Policy == p {
				ps = append(ps, c.Project+" "+c.Month)
			}
		}
		if len(ps) > 0 {
			fmt.Fprintf(&b, "%s: projects complete (mean over draws) %s\n", p, strings.Join(ps, ", "))
		}
	}
	for _, h := range r.History {
		fmt.Fprintf(&b, "observed before the start, not counted: %s %s %s (%s)\n", h.Month, h.Country, h.Outcome, h.Trigger)
	}
	b.WriteString("\n")
	header := append([]string{"country", "year"}, r.Policies...)
	for _, p := range r.Policies[1:] {
		if len(r.Policies) == 2 {
			header = append(header, "delta pp [5%-95%] P(<0)")
		} else {
			header = append(header, "delta "+p)
		}
	}
	rows := [][]string{header}
	maxSE := 0.0
	for _, c := range r.Countries {
		for _, y := range ys {
			row := []string{c, fmt.Sprint(y)}
			for _, p := range r.Policies {
				s := r.Cell(p, c, y).PIntervention
				row = append(row, fmt.Sprintf("%5.1f%% [%4.1f-%4.1f]", 100*s.Mean, 100*s.Q05, 100*s.Q95))
			}
			for _, p := range r.Policies[1:] {
				d := r.Cell(p, c, y).Delta
				row = append(row, fmt.Sprintf("%+6.2f [%5s, %5s] P(<0) %5s", 100*d.Mean, pp1(d.Q05), pp1(d.Q95), prob2(d.PNegative)))
				maxSE = max(maxSE, d.SE)
			}
			rows = append(rows, row)
		}
	}
	widths := make([]int, len(header))
	for _, row := range rows {
		for i, s := range row {
			widths[i] = max(widths[i], len(s))
		}
	}
	for _, row := range rows {
		for i, s := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			if i < 2 {
				fmt.Fprintf(&b, "%-*s", widths[i], s)
			} else {
				fmt.Fprintf(&b, "%*s", widths[i], s)
			}
		}
		b.WriteString("\n")
	}
	last := ys[len(ys)-1]
	fmt.Fprintf(&b, "\nreal income change from integration projects by %d (mean %%):\n", last)
	pw := 0
	for _, p := range r.Policies {
		pw = max(pw, len(p))
	}
	for _, p := range r.Policies {
		var parts []string
		for _, c := range r.Countries {
			v := math.Round(10*r.Cell(p, c, last).Integration["income_pct"]) / 10
			if v == 0 {
				v = 0 // no "-0.0"
			}
			parts = append(parts, fmt.Sprintf("%s %+.1f", c, v))
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", pw, p, strings.Join(parts, "  "))
	}
	writeDecompositions(&b, r)
	b.WriteString("\ndelta: policy minus baseline in percentage points: mean [5%-95% over draws of the per-draw\n")
	b.WriteString("difference, policy and baseline sharing each draw's parameters and random numbers] and P(<0),\n")
	fmt.Fprintf(&b, "the share of draws in which the policy lowers the risk. Monte Carlo s.e. of the mean deltas:\nat most %.2f pp. All years and quantities: --json, --csv or --out DIR.\n", 100*maxSE)
	_, err := io.WriteString(w, b.String())
	return err
}

// pp1 formats a probability difference in percentage points with one
// decimal and its sign, without "-0.0".
func pp1(v float64) string {
	s := fmt.Sprintf("%+.1f", 100*v)
	if s == "-0.0" || s == "+0.0" {
		return "0.0"
	}
	return s
}

// prob2 formats a probability with two decimals, but never rounds one
// short of certain to "1.00" or one above zero to "0.00": those print as
// ">0.99" and "<0.01".
func prob2(p float64) string {
	s := fmt.Sprintf("%.2f", p)
	switch {
	case s == "1.00" && p < 1:
		return ">0.99"
	case s == "0.00" && p > 0:
		return "<0.01"
	}
	return s
}

// writeValidity prints the run's implied intervention rate next to the
// historical rates of the episode record, and how far apart they are.
func writeValidity(b *strings.Builder, r *Results) {
	v := r.Validity
	if len(v.Implied) == 0 {
		return
	}
	var parts []string
	for _, im := range v.Implied {
		parts = append(parts, fmt.Sprintf("%s %.2f [%.2f-%.2f]", im.Policy, im.Per100.Mean, im.Per100.Q05, im.Per100.Q95))
	}
	fmt.Fprintf(b, "implied intervention onsets per 100 state-years (mean [5%%-95%%]): %s\n", strings.Join(parts, ", "))
	if len(v.Historical) == 0 {
		return
	}
	parts = parts[:0]
	for _, h := range v.Historical {
		parts = append(parts, fmt.Sprintf("%s %.2f (%d in %.0f state-years)", h.Label, h.Per100, h.Onsets, h.StateYears))
	}
	fmt.Fprintf(b, "observed onsets per 100 state-years (%s): %s\n", v.Historical[0].Source, strings.Join(parts, ", "))
	base := v.Implied[0].Per100
	for _, h := range v.Historical {
		if h.Subregion != "central-asia" || h.Per100 <= 0 {
			continue
		}
		switch ratio := base.Mean / h.Per100; {
		case h.Per100 < base.Q05 || h.Per100 > base.Q95:
			fmt.Fprintf(b, "  the %s implies %.1fx the rate of %s, which lies outside its 90%% range\n", r.Baseline, ratio, h.Label)
		default:
			fmt.Fprintf(b, "  the %s implies %.1fx the rate of %s, within its 90%% range\n", r.Baseline, ratio, h.Label)
		}
	}
}

// writeDecompositions prints each policy's effect split by channel.
func writeDecompositions(b *strings.Builder, r *Results) {
	for _, d := range r.Decompositions {
		fmt.Fprintf(b, "\n%s: effect on P(intervention by %d) by channel, percentage points (each channel switched off in baseline and policy, common random numbers)\n", d.Policy, d.Year)
		tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "channel\t")
		for _, c := range r.Countries {
			fmt.Fprintf(tw, "%s\t", c)
		}
		fmt.Fprintln(tw, "  basis")
		row := func(name string, v []float64, basis string) {
			fmt.Fprintf(tw, "%s\t", name)
			for _, x := range v {
				fmt.Fprintf(tw, "%+.2f\t", 100*x)
			}
			fmt.Fprintln(tw, "  "+basis)
		}
		row("total effect", d.Total, "")
		for _, ch := range d.Channels {
			row(ch.Name, ch.Contribution, ch.Basis)
		}
		row("rest (all channels off)", d.Rest, "paths outside the channels above")
		tw.Flush()
	}
}
