package risk

import (
	"fmt"
	"io"
	"math"
	"sort"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/world"
)

// WriteTwoProcessEvals prints each scheme's scores against the base rates,
// and the per-crisis leave-one-out forecasts.
func WriteTwoProcessEvals(w io.Writer, evs []*TwoProcessEval) {
	fmt.Fprintln(w, "\nout-of-sample scores, event: intervention (peacekeeping or above) per crisis")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scheme\tn\tmethod\tBrier\tlog score\tAUROC\tverdict")
	for _, ev := range evs {
		m := ev.Scores[MethodModel]
		for _, meth := range ev.Methods() {
			s := ev.Scores[meth]
			auc := "—"
			if !math.IsNaN(s.AUROC) && meth == MethodModel {
				auc = fmt.Sprintf("%.3f", s.AUROC)
			}
			verdict := ""
			if meth != MethodModel {
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
		if ev.Scheme != SchemeLOO {
			continue
		}
		rows := append([]TwoProcessEvalRow(nil), ev.Rows...)
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

// WritePriors lists the priors pr of the v1 intervention model for the
// features of the bundled posterior, with their provenance.
func (bundled *Posterior) WritePriors(w io.Writer, pr Priors) {
	fmt.Fprintln(w, "\npriors of the intervention model v1 (bundled data/posterior/priors.json, with the scenario's decision.priors over them):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "coefficient\tprior\tprovenance")
	row := func(name string, q Prior) {
		prov := q.Source
		if len(prov) > 90 {
			prov = prov[:87] + "..."
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\n", name, q, prov)
	}
	for _, ft := range bundled.Features {
		row(ft.Name, pr.For(ft.Name))
	}
	row("ordinal cutpoints", pr.Cut)
	tw.Flush()
}

// WriteReport prints a calibration as `steppe calibrate --model v1` does:
// the coefficients, the ordinal outcome model, the leave-one-out and the
// temporal evaluations, and the fitted probability of every episode.
func (c *Calibration) WriteReport(w io.Writer) {
	c.WriteCoefficients(w)
	fmt.Fprintln(w)
	c.WriteOrdinal(w)
	fmt.Fprintln(w)
	WriteEvaluation(w, c.LOO)
	fmt.Fprintln(w)
	WriteEvaluation(w, c.Temporal)
	fmt.Fprintln(w)
	c.WriteEpisodes(w)
}

// Since keeps the episodes from month m on, for a sensitivity check, and
// returns how many it dropped.
func (in *Inputs) Since(m world.Month) (dropped int) {
	var kept []Episode
	for _, e := range in.Episodes {
		if e.Month >= m {
			kept = append(kept, e)
		}
	}
	dropped = len(in.Episodes) - len(kept)
	in.Episodes = kept
	return dropped
}

// WithOverrides returns the priors with each override FEATURE=PRIOR of
// specs ([ParsePriorOverride]) in place of the feature's prior.
func (p Priors) WithOverrides(specs []string, fs []Feature) (Priors, error) {
	for _, s := range specs {
		name, q, err := ParsePriorOverride(s, fs)
		if err != nil {
			return p, err
		}
		if p.Coef == nil {
			p.Coef = map[string]Prior{}
		}
		p.Coef[name] = q
	}
	return p, nil
}
