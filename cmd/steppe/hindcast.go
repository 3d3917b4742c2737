package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/risk"
)

// hindcastDraws is the number of sampled event paths of each hindcast.
const hindcastDraws = 2000

// runHindcast runs `steppe calibrate --hindcast`: the simulation from each
// of model.HindcastStarts with the world of data/hindcast/YYYY.yaml and
// the models fitted on the crises before the start, against the record.
func runHindcast(cmd *cobra.Command, cs []risk.Crisis, o calibrateOptions) error {
	w := cmd.OutOrStdout()
	cache := new(model.Cache)
	fmt.Fprintf(w, "\nhindcast: the simulation as configured, run from each start to 2025-12 with the world as it was then (data/hindcast) and every model fitted only on crises before the start; %d sampled event paths each\n", hindcastDraws)
	for _, start := range model.HindcastStarts {
		ref := fmt.Sprintf("data/hindcast/%d.yaml", start.Year())
		sc, err := loadHindcastWorld(start.Year())
		if err != nil {
			return fmt.Errorf("hindcast %s: %w", ref, err)
		}
		h, err := cache.RunHindcast(cmd.Context(), sc.World, cs, hindcastDraws, o.seed)
		if err != nil {
			return err
		}
		writeHindcast(w, h, ref)
	}
	return nil
}

func writeHindcast(w io.Writer, h *model.Hindcast, ref string) {
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
