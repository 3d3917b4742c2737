package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/world"
)

// runCalibrateV2 fits the intervention model v2 and the crisis hazards to
// the episode set v2, prints the posterior, the hazards and the
// out-of-sample validation, and writes the posterior with --out.
func runCalibrateV2(cmd *cobra.Command, o calibrateOptions) error {
	name, b, err := calibrateReadInput(o.crises, model.CrisesFile)
	if err != nil {
		return err
	}
	cs, err := risk.LoadCrises(name, bytes.NewReader(b))
	if err != nil {
		return inputErr(err)
	}
	if name == "crises.csv" {
		name = "data/" + model.CrisesFile
	}
	ctx, w := cmd.Context(), cmd.OutOrStdout()
	t0 := time.Now()
	command := "steppe calibrate" + calibrateV2Args(o)
	p, err := model.FitV2(ctx, cs, 0, o.seed, nil, name, calibrateDigest(b), command)
	if err != nil {
		return err
	}
	fit := time.Since(t0)
	if o.out != "" {
		if err := writeFile("calibrate: --out", o.out, p.Write); err != nil {
			return err
		}
	}
	writeV2Posterior(w, p, len(cs))
	if o.hindcast {
		return runHindcast(cmd, cs, o)
	}
	t1 := time.Now()
	eo := risk.DefaultTwoProcessEvalOptions()
	eo.Workers = o.workers
	if eo.Workers <= 0 {
		eo.Workers = runtime.GOMAXPROCS(0)
	}
	evs, err := risk.ValidateTwoProcess(ctx, cs, eo)
	if err != nil {
		return err
	}
	writeV2Validation(w, evs)
	fmt.Fprintf(w, "\nfit %.1f s, validation %.1f s (%d refits)\n", fit.Seconds(), time.Since(t1).Seconds(), 2*len(cs)+len(risk.TemporalSplits))
	return nil
}

func calibrateV2Args(o calibrateOptions) string {
	var s string
	if o.crises != "" {
		s += " --crises " + o.crises
	}
	if o.seed != 1 {
		s += fmt.Sprintf(" --seed %d", o.seed)
	}
	if o.out != "" {
		s += " --out FILE"
	}
	return s
}

// writeV2Posterior prints the coefficients with their 90% intervals, the
// convergence diagnostics and the crisis hazards of the Central Asian
// states.
func writeV2Posterior(w io.Writer, p *model.V2Posterior, n int) {
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

// writeV2Validation prints each scheme's scores against the base rates,
// and the per-crisis leave-one-out forecasts.
func writeV2Validation(w io.Writer, evs []*risk.TwoProcessEval) {
	fmt.Fprintln(w, "\nout-of-sample scores, event: intervention (peacekeeping or above) per crisis")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scheme\tn\tmethod\tBrier\tlog score\tAUROC\tverdict")
	for _, ev := range evs {
		m := ev.Scores[risk.MethodModel]
		for _, meth := range ev.Methods() {
			s := ev.Scores[meth]
			auc := "—"
			if !math.IsNaN(s.AUROC) && meth == risk.MethodModel {
				auc = fmt.Sprintf("%.3f", s.AUROC)
			}
			verdict := ""
			if meth != risk.MethodModel {
				switch {
				case m.Brier < s.Brier && m.Log > s.Log:
					verdict = "model better on both"
				case m.Brier >= s.Brier && m.Log <= s.Log:
					verdict = "model WORSE on both"
				default:
					verdict = "mixed"
				}
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\t%.4f\t%.4f\t%s\t%s\n", ev.Scheme, s.N, meth, s.Brier, s.Log, auc, verdict)
		}
	}
	tw.Flush()
	for _, ev := range evs {
		if ev.Scheme != risk.SchemeLOO {
			continue
		}
		rows := append([]risk.TwoProcessEvalRow(nil), ev.Rows...)
		sort.SliceStable(rows, func(a, b int) bool { return rows[a].Month < rows[b].Month })
		fmt.Fprintln(w, "\nleave-one-episode-out forecast of every crisis (P: intervention; observed: 1 if Russia intervened)")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "crisis\tmonth\tP\tP(request)\trequest\tobserved\tbase rate\tsub-regional")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%d\t%d\t%.3f\t%.3f\n", r.ID, r.Month, r.P, r.PRequest, r.Request, r.Observed, r.PBase, r.PSub)
		}
		tw.Flush()
	}
}
