package risk

import (
	"fmt"
	"io"
	"strings"
)

// Text reports of the intervention model v2, for steppe calibrate.

// WriteTwoProcessEvaluation prints the out-of-sample scores of the model
// and the two baselines for one scheme, and a verdict per baseline that
// states a loss as plainly as a win.
func WriteTwoProcessEvaluation(w io.Writer, ev *TwoProcessEval) {
	var k int
	for _, r := range ev.Rows {
		k += r.Observed
	}
	fmt.Fprintf(w, "Out of sample: %s (%d forecasts, %d interventions; training %d crises)\n", ev.Scheme, len(ev.Rows), k, ev.NTrain)
	writeScores(w, ev.Methods(), ev.Scores, 4)
	model := ev.Scores[MethodModel]
	for _, m := range []string{MethodBaseRate, MethodSubregionRate} {
		fmt.Fprintln(w, twoProcessVerdict(model, ev.Scores[m], m))
	}
	if strings.HasPrefix(ev.Scheme, "leave-one") {
		fmt.Fprintln(w, "Note: when one crisis is held out the base rate is lower exactly when it is an intervention, so the base rate's AUROC is near 0 by construction; compare it on Brier and log score.")
	}
}

func twoProcessVerdict(model, base Scores, name string) string {
	brier := model.Brier < base.Brier
	logs := model.Log > base.Log
	switch {
	case brier && logs:
		return fmt.Sprintf("  beats the %s on Brier (%.4f vs %.4f) and log score (%.4f vs %.4f)", name, model.Brier, base.Brier, model.Log, base.Log)
	case brier:
		return fmt.Sprintf("  beats the %s on Brier (%.4f vs %.4f) but LOSES on log score (%.4f vs %.4f)", name, model.Brier, base.Brier, model.Log, base.Log)
	case logs:
		return fmt.Sprintf("  LOSES to the %s on Brier (%.4f vs %.4f) but beats it on log score (%.4f vs %.4f)", name, model.Brier, base.Brier, model.Log, base.Log)
	default:
		return fmt.Sprintf("  LOSES to the %s on Brier (%.4f vs %.4f) and log score (%.4f vs %.4f)", name, model.Brier, base.Brier, model.Log, base.Log)
	}
}

// WriteTwoProcessEpisodes prints the per-episode table of one scheme: each
// crisis with its out-of-sample P(request), P(intervention) under the model
// and the baselines, and what happened.
func WriteTwoProcessEpisodes(w io.Writer, ev *TwoProcessEval) {
	fmt.Fprintf(w, "Per crisis (%s): out-of-sample probability of an intervention (peacekeeping or above)\n", ev.Scheme)
	t := tw(w)
	fmt.Fprintln(t, "id\tdate\thost\tsub-region\trequest\tP(request)\tP model\tP base\tP sub-region\tintervention\t")
	for _, r := range ev.Rows {
		fmt.Fprintf(t, "%s\t%v\t%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t\n", r.ID, r.Month, r.Country, r.Subregion, r.Request, r.PRequest, r.P, r.PBase, r.PSub, r.Observed)
	}
	t.Flush()
}

// WriteSummary prints every parameter that is not a single level's random
// intercept (and those that carry a stated prior): posterior mean, sd, 90%
// interval, its prior, and the convergence diagnostics; then the worst
// diagnostics over all parameters.
func (p *TwoProcessPosterior) WriteSummary(w io.Writer) {
	fmt.Fprintf(w, "Intervention model v2: %d crises", p.N)
	if p.Before != "" {
		fmt.Fprintf(w, " before %s", p.Before)
	}
	fmt.Fprintf(w, " from %s (sha256 %.12s), %d chains × %d draws after %d warm-up\n", p.Data, p.DataSHA256, p.Fit.Chains, p.Fit.Draws, p.Fit.Warmup)
	t := tw(w)
	fmt.Fprintln(t, "parameter\tmean\tsd\t90% interval\tprior\tR-hat\tESS bulk\tESS tail\t")
	for _, s := range p.Summaries() {
		_, stated := p.Priors.Level[s.Name]
		if strings.Contains(s.Name, "[") && !stated {
			continue
		}
		prior := ""
		switch {
		case p.Priors.GroupSD[s.Name] != (Prior{}):
			prior = fmt.Sprintf("half-normal(0, %g)", s.Prior.SD)
		case s.Prior != (Prior{}):
			prior = s.Prior.String()
		case strings.HasPrefix(s.Name, "severity."):
			prior = "Dirichlet"
		}
		fmt.Fprintf(t, "%s\t%.3f\t%.3f\t[%.3f, %.3f]\t%s\t%s\t%.0f\t%.0f\t\n", s.Name, s.Mean, s.SD, s.Q05, s.Q95, prior, fmtNaN(s.Diag.Rhat), s.Diag.ESSBulk, s.Diag.ESSTail)
	}
	t.Flush()
	if len(p.Diag) > 0 {
		rh, ra, eb, ea, et, eta := p.WorstDiag()
		fmt.Fprintf(w, "Worst over all %d parameters (random intercepts included): R-hat %.4f (%s), bulk ESS %.0f (%s), tail ESS %.0f (%s)\n", len(p.Params), rh, ra, eb, ea, et, eta)
		if rh > 1.01 || eb < 400 {
			fmt.Fprintln(w, "WARNING: not converged by the thresholds of Vehtari et al. (2021): R-hat ≤ 1.01 and bulk ESS ≥ 400; run more draws.")
		}
	}
}

// Thin returns a copy of p that keeps n draws evenly spaced over all chains
// (all of them if n ≤ 0 or n ≥ the number of draws), for a smaller bundled
// file; the diagnostics stay those of the full run.
func (p *TwoProcessPosterior) Thin(n int) *TwoProcessPosterior {
	q := *p
	if n > 0 {
		q.Draws = thin(p.Draws, n)
	}
	return &q
}
