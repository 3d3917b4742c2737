package risk

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

func tw(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

// Plain describes a coefficient's posterior in words.
func (s Summary) Plain() string {
	var sign string
	switch {
	case s.Q05 > 0:
		sign = "raises the chance (90% interval above zero)"
	case s.Q95 < 0:
		sign = "lowers the chance (90% interval below zero)"
	case s.PPositive >= 0.8:
		sign = fmt.Sprintf("probably raises the chance (P>0 = %.2f)", s.PPositive)
	case s.PPositive <= 0.2:
		sign = fmt.Sprintf("probably lowers the chance (P>0 = %.2f)", s.PPositive)
	default:
		sign = fmt.Sprintf("sign not settled by the data (P>0 = %.2f)", s.PPositive)
	}
	if s.Prior.SD > 0 && s.SD/s.Prior.SD > 0.8 {
		sign += "; posterior about as wide as the prior: the episodes say little"
	}
	return sign
}

// WriteCoefficients prints the logistic model's coefficients with 90%
// credible intervals, priors and diagnostics, and a plain reading.
func (c *Calibration) WriteCoefficients(w io.Writer) {
	fmt.Fprintf(w, "Logistic model: P(intervention >= peacekeeping | episode), %d episodes, %d interventions\n",
		len(c.Data.Y), sum(c.Data.Y))
	fmt.Fprintf(w, "Pólya-Gamma Gibbs sampler, %d chains x %d draws after %d warm-up; seed %d\n\n",
		c.Options.Fit.Chains, c.Options.Fit.Draws, c.Options.Fit.Warmup, c.Options.Fit.Seed)
	t := tw(w)
	fmt.Fprintln(t, "coefficient\tmean\t90% CI\todds x\tP(>0)\tprior\tprior 90%\tR-hat\tESS bulk\tESS tail\t")
	for _, s := range c.Logit.Summaries() {
		fmt.Fprintf(t, "%s\t%.2f\t[%.2f, %.2f]\t%.2f\t%.2f\t%s\t[%.1f, %.1f]\t%.3f\t%.0f\t%.0f\t\n", s.Name, s.Mean, s.Q05, s.Q95,
			math.Exp(s.Mean), s.PPositive, s.Prior, s.PriorQ05, s.PriorQ95, s.Diag.Rhat, s.Diag.ESSBulk, s.Diag.ESSTail)
	}
	t.Flush()
	fmt.Fprintln(w, "\nUnits (a coefficient is the change in log-odds per unit):")
	for _, f := range c.Options.Features {
		fmt.Fprintf(w, "  %-22s %s\n", f.Name, f.Unit)
	}
	fmt.Fprintln(w, "\nWhat the posterior says:")
	for _, s := range c.Logit.Summaries()[1:] {
		fmt.Fprintf(w, "  %-22s %s\n", s.Name, s.Plain())
	}
	writePriorAgainstPosterior(w, c.Logit.Summaries())
	miss := c.Data.Missing()
	var parts []string
	for j, n := range miss {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c.Options.Features[j].Name, n))
		}
	}
	fmt.Fprintf(w, "\nMissing cells (imputed inside the sampler from the observed column, never dropped): %s\n",
		strings.Join(parts, ", "))
	worst := worstDiag(c.Logit.Diag)
	fmt.Fprintf(w, "Convergence: max R-hat %.3f, min bulk ESS %.0f, min tail ESS %.0f (Vehtari et al. 2021: R-hat < 1.01, ESS > 400)\n",
		worst.Rhat, worst.ESSBulk, worst.ESSTail)
	writeDiagWarnings(w, c.Logit.Diag, func(j int) string { return c.Options.Features[j].Name })
}

// writePriorAgainstPosterior compares, for every coefficient whose prior is
// not the weakly informative default, the prior with the posterior: how far
// the episodes moved it, and how much they narrowed it. A posterior sd close
// to the prior's means the 49 episodes say little and the result is mostly
// the prior; the source of each prior is printed with it.
func writePriorAgainstPosterior(w io.Writer, ss []Summary) {
	def := DefaultPriors()
	var set []Summary
	for _, s := range ss {
		d := def.Slope
		if s.Name == FeatIntercept {
			d = def.Intercept
		}
		if s.Prior.Mean != d.Mean || s.Prior.SD != d.SD {
			set = append(set, s)
		}
	}
	if len(set) == 0 {
		return
	}
	fmt.Fprintln(w, "\nPrior against posterior, for the priors that are not the weakly informative default:")
	t := tw(w)
	fmt.Fprintln(t, "  coefficient\tprior\tprior 90%\tprior P(>0)\tposterior mean\tposterior 90%\tP(>0)\tsd post/prior\t")
	for _, s := range set {
		ratio := s.SD / s.Prior.SD
		fmt.Fprintf(t, "  %s\t%s\t[%.2f, %.2f]\t%.2f\t%.2f\t[%.2f, %.2f]\t%.2f\t%.2f\t\n", s.Name, s.Prior,
			s.PriorQ05, s.PriorQ95, normalCDF(s.Prior.Mean/s.Prior.SD), s.Mean, s.Q05, s.Q95, s.PPositive, ratio)
	}
	t.Flush()
	for _, s := range set {
		ratio := s.SD / s.Prior.SD
		var say string
		switch {
		case ratio > 0.8:
			say = "the episodes barely narrow this prior: the result is mostly the prior"
		case ratio < 0.5:
			say = "the episodes dominate this prior"
		default:
			say = "the prior and the episodes both shape the result"
		}
		shift := (s.Mean - s.Prior.Mean) / s.Prior.SD
		fmt.Fprintf(w, "  %s: %s; the posterior mean lies %.1f prior sd %s the prior mean.\n    prior source: %s\n",
			s.Name, say, math.Abs(shift), map[bool]string{true: "above", false: "below"}[shift >= 0], s.Prior.Source)
	}
}

// writeDiagWarnings names every parameter that misses the thresholds of
// Vehtari et al. (2021).
func writeDiagWarnings(w io.Writer, ds []Diag, name func(int) string) {
	for j, d := range ds {
		if d.Rhat >= 1.01 || d.ESSBulk < 400 || d.ESSTail < 400 {
			fmt.Fprintf(w, "WARNING: %s has R-hat %.3f, bulk ESS %.0f, tail ESS %.0f: run longer chains (--draws) before relying on it\n",
				name(j), d.Rhat, d.ESSBulk, d.ESSTail)
		}
	}
}

func worstDiag(ds []Diag) Diag {
	out := Diag{ESSBulk: math.Inf(1), ESSTail: math.Inf(1)}
	for _, d := range ds {
		out.Rhat = math.Max(out.Rhat, d.Rhat)
		out.ESSBulk = math.Min(out.ESSBulk, d.ESSBulk)
		out.ESSTail = math.Min(out.ESSTail, d.ESSTail)
	}
	return out
}

func sum(y []int) int {
	var s int
	for _, v := range y {
		s += v
	}
	return s
}

// WriteOrdinal prints the ordinal model's slopes and diagnostics.
func (c *Calibration) WriteOrdinal(w io.Writer) {
	o := c.Ordinal
	fmt.Fprintf(w, "Ordinal (cumulative-logit) model over none < diplomatic < base-reinforcement < peacekeeping < csto-deployment < covert < invasion\n")
	fmt.Fprintf(w, "HMC, %d chains x %d draws, mean acceptance %.2f\n\n", len(o.Chains), len(o.Chains[0]), o.Accept)
	draws := o.Draws()
	t := tw(w)
	fmt.Fprintln(t, "parameter\tmean\t90% CI\tR-hat\tESS bulk\t")
	np := len(o.Features) - 1
	for j := 0; j < o.NumParams(); j++ {
		name := ""
		if j < np {
			name = o.Features[j+1].Name
		} else {
			name = fmt.Sprintf("cut %d|%d", j-np, j-np+1)
		}
		col := make([]float64, len(draws))
		for s := range draws {
			col[s] = draws[s][j]
		}
		m, _ := meanVar(col)
		sv := sortedCopy(col)
		fmt.Fprintf(t, "%s\t%.2f\t[%.2f, %.2f]\t%.3f\t%.0f\t\n", name, m, quantileSorted(sv, 0.05), quantileSorted(sv, 0.95), o.Diag[j].Rhat, o.Diag[j].ESSBulk)
	}
	t.Flush()
	worst := worstDiag(o.Diag)
	fmt.Fprintf(w, "Convergence: max R-hat %.3f, min bulk ESS %.0f, min tail ESS %.0f\n", worst.Rhat, worst.ESSBulk, worst.ESSTail)
	writeDiagWarnings(w, o.Diag, func(j int) string {
		if j < np {
			return "ordinal " + o.Features[j+1].Name
		}
		return fmt.Sprintf("ordinal cut %d|%d", j-np, j-np+1)
	})
}

// writeScores prints the out-of-sample scores of the methods, in order,
// as a table with prec decimals.
func writeScores(w io.Writer, methods []string, scores map[string]Scores, prec int) {
	t := tw(w)
	fmt.Fprintln(t, "method\tBrier\tlog score\tAUROC\t")
	for _, m := range methods {
		s := scores[m]
		fmt.Fprintf(t, "%s\t%.*f\t%.*f\t%s\t\n", m, prec, s.Brier, prec, s.Log, fmtNaN(s.AUROC))
	}
	t.Flush()
}

// WriteEvaluation prints the out-of-sample scores of the model and the
// baselines, the reliability table and a plain verdict.
func WriteEvaluation(w io.Writer, ev *Evaluation) {
	fmt.Fprintf(w, "Out of sample: %s (%d forecasts, %d interventions)\n", ev.Scheme, len(ev.Y), sum(ev.Y))
	writeScores(w, ev.Methods(), ev.Scores, 3)
	fmt.Fprintln(w, "Reliability (model): forecast bin, n, mean forecast, observed frequency")
	for _, b := range ev.Scores[MethodModel].Bins {
		if b.N == 0 {
			fmt.Fprintf(w, "  [%.1f, %.1f)  n=0\n", b.Lo, b.Hi)
			continue
		}
		fmt.Fprintf(w, "  [%.1f, %.1f)  n=%-3d forecast %.2f  observed %.2f\n", b.Lo, b.Hi, b.N, b.Mean, b.Frequency)
	}
	fmt.Fprintln(w, Verdict(ev.Scores[MethodModel], ev.Scores[MethodBaseRate], ev.Scores[MethodRequest]))
	if strings.HasPrefix(ev.Scheme, "leave-one") {
		fmt.Fprintln(w, "Note: under leave-one-out the base rate is lower exactly when the held-out episode is an intervention, so its AUROC is 0 by construction; compare it on Brier and log score.")
	}
}

func fmtNaN(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", v)
}

// Verdict states in plain words whether the model beats the baselines.
func Verdict(model, base, req Scores) string {
	beatsBase := model.Brier < base.Brier && model.Log > base.Log
	beatsReq := model.Brier < req.Brier && model.Log > req.Log
	switch {
	case beatsBase && beatsReq:
		return fmt.Sprintf("Verdict: the model beats the base rate (Brier %.3f vs %.3f) and the request rule (%.3f) on Brier and log score.", model.Brier, base.Brier, req.Brier)
	case beatsBase:
		return fmt.Sprintf("Verdict: the model beats the base rate (Brier %.3f vs %.3f) but NOT the one-feature request rule (Brier %.3f, log %.3f vs %.3f).", model.Brier, base.Brier, req.Brier, req.Log, model.Log)
	default:
		return fmt.Sprintf("Verdict: the model does NOT beat the base rate out of sample (Brier %.3f vs %.3f, log score %.3f vs %.3f): do not trust its features beyond what the base rate says.", model.Brier, base.Brier, model.Log, base.Log)
	}
}

// keyCases are the episodes the issue asks to see at a glance.
var keyCases = map[string]string{
	"25": "Kazakhstan 2022", "11": "Georgia 2008", "15": "Crimea 2014", "13": "Kyrgyzstan 2010 (refused request)", "31": "Armenia 2022 (refused request)",
}

// WriteEpisodes prints every episode with its out-of-sample (LOO)
// probability under the model and the request rule.
func (c *Calibration) WriteEpisodes(w io.Writer) {
	fmt.Fprintln(w, "Per episode, by date: leave-one-out probability of an intervention (* = key case)")
	t := tw(w)
	fmt.Fprintln(t, "id\tdate\thost\tepisode\ttrigger\toutcome\tP model\tP request rule\t")
	order := make([]int, len(c.LOO.Test))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool {
		return c.Inputs.Episodes[c.LOO.Test[order[a]]].Month < c.Inputs.Episodes[c.LOO.Test[order[b]]].Month
	})
	for _, k := range order {
		i := c.LOO.Test[k]
		e := &c.Inputs.Episodes[i]
		mark := ""
		if _, ok := keyCases[e.ID]; ok {
			mark = "*"
		}
		name := e.Name
		if len(name) > 44 {
			name = name[:43] + "…"
		}
		fmt.Fprintf(t, "%s%s\t%v\t%s\t%s\t%v\t%v\t%.2f\t%.2f\t\n", mark, e.ID, e.Month, e.Country, name, e.Trigger, e.Outcome,
			c.LOO.P[MethodModel][k], c.LOO.P[MethodRequest][k])
	}
	t.Flush()
}

// WriteHazards prints the posterior monthly hazards with intervals against
// the raw counts per state.
func WriteHazards(w io.Writer, hz []*Hazards) {
	for i, h := range hz {
		win := HazardWindows[i]
		fmt.Fprintf(w, "Trigger type %q, events %v..%v (see data/triggers/README.md)\n", h.Type, win.From, win.To)
		t := tw(w)
		fmt.Fprintln(t, "state\tevents\tmonths\traw rate/month\tposterior mean\t90% CI\tmodel expected events\t90% predictive\tR-hat\t")
		for _, s := range h.Summaries() {
			fmt.Fprintf(t, "%s\t%d\t%.0f\t%.4f\t%.4f\t[%.4f, %.4f]\t%.1f\t[%.0f, %.0f]\t%.3f\t\n", s.Country, s.Observed, s.Months, s.Raw, s.Mean, s.Q05, s.Q95,
				s.Expected, s.ExpQ05, s.ExpQ95, s.Diag.Rhat)
		}
		t.Flush()
		ma, _ := meanVar(h.Alpha)
		mm, _ := meanVar(h.Mu)
		fmt.Fprintf(w, "pooling: population mean rate %.4f/month, gamma shape %.2f (smaller = less pooling)\n", mm, ma)
		if h.UseGrowth {
			g, lo, hi := h.GammaSummary()
			fmt.Fprintf(w, "growth effect per +10 points of GDP (current USD) growth above the state's mean: %.2f [%.2f, %.2f] on the log rate", g, lo, hi)
			if lo < 0 && hi > 0 {
				fmt.Fprint(w, " — the data do not support an effect either way")
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w)
	}
}

// WriteBacktest prints the 2022-2025 backtest.
func WriteBacktest(w io.Writer, bt *Backtest) {
	fmt.Fprintf(w, "Backtest: data up to %v, forecasts for Central Asia 2022-2025, scored on what happened\n\n", BacktestOrigin)
	fmt.Fprintln(w, "(a) Crisis episodes in the focus states since 2022 (given the crisis):")
	t := tw(w)
	fmt.Fprintln(t, "date\thost\tepisode\toutcome\tP model\tP base rate\tP request rule\t")
	for i, e := range bt.Episodes {
		fmt.Fprintf(t, "%v\t%s\t%s\t%v\t%.2f\t%.2f\t%.2f\t\n", e.Month, e.Country, e.Name, e.Outcome,
			bt.Episode[MethodModel][i], bt.Episode[MethodBaseRate][i], bt.Episode[MethodRequest][i])
	}
	t.Flush()
	t = tw(w)
	fmt.Fprintln(t, "method\tBrier\tlog score\t")
	for _, m := range []string{MethodModel, MethodBaseRate, MethodRequest} {
		s := bt.Scores["episode:"+m]
		fmt.Fprintf(t, "%s\t%.3f\t%.3f\t\n", m, s.Brier, s.Log)
	}
	t.Flush()
	fmt.Fprintln(w, "\n(b) Country-years: P(at least one intervention in the year) = 1 − exp(−12 Σ_k λ_k P_k), hazards and decision model fitted to data up to the origin:")
	t = tw(w)
	header := "state\t"
	for _, y := range bt.Years {
		header += fmt.Sprintf("%d\t", y)
	}
	fmt.Fprintln(t, header)
	for ci, c := range bt.Countries {
		line := c + "\t"
		for yi := range bt.Years {
			mark := ""
			if bt.CountryY[ci][yi] == 1 {
				mark = " (intervention)"
			}
			line += fmt.Sprintf("%.3f%s\t", bt.CountryP[ci][yi], mark)
		}
		fmt.Fprintln(t, line)
	}
	t.Flush()
	fmt.Fprintf(w, "request probabilities used (from episodes up to the origin): ")
	for _, h := range HazardWindows {
		fmt.Fprintf(w, "%v %.2f  ", h.Type, bt.Request[h.Type])
	}
	fmt.Fprintln(w)
	m, b := bt.Scores["country-year:"+MethodModel], bt.Scores["country-year:"+MethodBaseRate]
	fmt.Fprintf(w, "country-year scores: model Brier %.4f log %.4f; historical base rate %.4f/country-year: Brier %.4f log %.4f\n", m.Brier, m.Log, bt.BaseRate, b.Brier, b.Log)
	if m.Brier < b.Brier && m.Log > b.Log {
		fmt.Fprintln(w, "Verdict: the country-year forecast beats the historical base rate.")
	} else {
		fmt.Fprintln(w, "Verdict: the country-year forecast does NOT beat the historical base rate.")
	}
}

// WriteHazardsYAML prints the posterior monthly trigger probabilities as a
// snippet of the scenario's triggers.hazard section: for each state and type
// the posterior mean of 1 − exp(−λ) and a beta distribution with the same
// mean and variance (method of moments), so that a scenario can take the
// calibrated hazards instead of hand-set ones.
func WriteHazardsYAML(w io.Writer, hz []*Hazards, command string) {
	fmt.Fprintf(w, "# Posterior monthly trigger probabilities from %s\n", command)
	fmt.Fprintln(w, "# (hierarchical Poisson-gamma model; events as defined in data/triggers/README.md)")
	fmt.Fprintln(w, "hazard:")
	for _, c := range FocusStates {
		fmt.Fprintf(w, "  %s:\n", c)
		for i, h := range hz {
			ci := indexOf(h.Countries, c)
			v := make([]float64, len(h.Lambda))
			for s, d := range h.Lambda {
				v[s] = -math.Expm1(-d[ci])
			}
			m, va := meanVar(v)
			k := m*(1-m)/va - 1
			sum := h.Summaries()[ci]
			win := HazardWindows[i]
			fmt.Fprintf(w, "    %s: {value: %.5f, source: \"risk posterior: %d events in %.0f months %v..%v, pooled over the five states (steppe calibrate --triggers)\", dist: {type: beta, alpha: %.3f, beta: %.1f}}\n",
				h.Type, m, sum.Observed, sum.Months, win.From, win.To, m*k, (1-m)*k)
		}
	}
}

// normalCDF is the standard normal distribution function.
func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
