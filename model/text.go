package model

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/world"
)

// The text reports of steppe calibrate and validate --params on the
// intervention model v2 and the hindcasts.

// WriteText prints, for a posterior fitted on n crises, the coefficients with their 90% intervals, the
// convergence diagnostics and the crisis hazards of the Central Asian
// states.
func (p *V2Posterior) WriteText(w io.Writer, n int) {
	d := p.Decision
	fmt.Fprintf(w, "intervention model v2 fitted on %d crises (%s)\n", n, d.Data)
	fmt.Fprintln(w, "P(intervention | crisis) = P(request)·P(Russia deploys | request) + (1 − P(request))·P(uninvited intervention)")
	rh, rhAt, eb, ebAt, et, etAt := d.WorstDiag()
	fmt.Fprintf(w, "convergence: max R-hat %.3f (%s), min bulk ESS %.0f (%s), min tail ESS %.0f (%s)\n\n", rh, rhAt, eb, ebAt, et, etAt)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "parameter\tmean\t5%\t95%\tP(>0)\tprior\t")
	for _, s := range d.Summaries() {
		if strings.Contains(s.Name, "[") {
			continue // random intercepts: summarised by their sd
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t%.2f\t%v\t\n", s.Name, s.Mean, s.Q05, s.Q95, s.PPositive, s.Prior)
	}
	tw.Flush()
	h := p.Hazards
	fmt.Fprintf(w, "\ncrisis hazards (%s to %s, pooled over %d states): crises observed, and the posterior mean per 100 state-years\n", h.FromS, h.ToS, len(h.Countries))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "country\t")
	for _, t := range h.Types {
		fmt.Fprintf(tw, "%s\t", t.Type)
	}
	fmt.Fprintln(tw)
	for _, c := range []string{"KAZ", "KGZ", "TJK", "TKM", "UZB"} {
		ci := h.Index(c)
		fmt.Fprintf(tw, "%s\t", c)
		for k := range h.Types {
			var m float64
			for i := range h.Types[k].Mu {
				m += h.Monthly(i, ci, world.TriggerType(k))
			}
			m /= float64(len(h.Types[k].Mu))
			fmt.Fprintf(tw, "%d: %.2f\t", h.Types[k].Observed[ci], 1200*m)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

// WritePriors lists the parameters of the bundled intervention model v2
// (data/posterior/v2.json) with their priors and posteriors.
func (p *V2Posterior) WritePriors(w io.Writer) error {
	fmt.Fprintf(w, "\nintervention model v2 (data/%s, fitted on %s; steppe calibrate refits it): parameters with prior and posterior\n", V2File, p.Decision.Data)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior\tposterior mean [90%]")
	for _, s := range p.Decision.Summaries() {
		if strings.Contains(s.Name, "[") {
			continue
		}
		prior := fmt.Sprint(s.Prior)
		if a, ok := p.Decision.Priors.Severity[s.Name]; ok {
			prior = fmt.Sprintf("Dirichlet weight %g", a)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f [%.2f, %.2f]\n", s.Name, prior, s.Mean, s.Q05, s.Q95)
	}
	return tw.Flush()
}

// WriteText prints the hindcast from the world of ref: per unit the
// state-years, the onsets observed against the simulated mean and 90%
// interval, the crises observed against the simulated triggers, and which
// observed counts lie outside the intervals.
func (h *Hindcast) WriteText(w io.Writer, ref string) {
	fmt.Fprintf(w, "\nfrom %s to %s (%s; models fitted on %d crises before the start)\n", h.Start, h.End, ref, h.Fitted)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "unit\tstate-years\tonsets observed\tsimulated mean [90%]\tper 100 state-years obs / sim\t\tcrises observed\ttriggers simulated [90%]\t")
	var outside []string
	for _, r := range h.Rows {
		mark, tmark := "", ""
		if !r.Inside() {
			mark = "OUTSIDE"
			outside = append(outside, fmt.Sprintf("%s onsets (%d against [%.0f, %.0f])", r.Unit, r.Observed, r.Q05, r.Q95))
		}
		if !r.TriggersInside() {
			tmark = "OUTSIDE"
			outside = append(outside, fmt.Sprintf("%s crises (%d against triggers [%.0f, %.0f])", r.Unit, r.Crises, r.TQ05, r.TQ95))
		}
		fmt.Fprintf(tw, "%s\t%.0f\t%d\t%.2f [%.0f-%.0f]\t%.2f / %.2f\t%s\t%d\t%.1f [%.0f-%.0f]\t%s\n", r.Unit, r.StateYears, r.Observed, r.Mean, r.Q05, r.Q95,
			100*float64(r.Observed)/r.StateYears, 100*r.Mean/r.StateYears, mark, r.Crises, r.TMean, r.TQ05, r.TQ95, tmark)
	}
	tw.Flush()
	if len(outside) == 0 {
		fmt.Fprintln(w, "every observed count lies within the simulation's 90% predictive interval")
		return
	}
	fmt.Fprintf(w, "outside the 90%% predictive interval: ")
	for i, s := range outside {
		if i > 0 {
			fmt.Fprint(w, "; ")
		}
		fmt.Fprint(w, s)
	}
	fmt.Fprintln(w)
}
