package portfolio

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// unit is the objective's unit in tables.
func (r *Result) unit() (effect, other string) {
	if r.Objective == Income {
		return "income gain %", "risk cut pp"
	}
	return "risk cut pp", "income gain %"
}

// WriteText prints the frontier as a table, cheapest portfolio first.
func (r *Result) WriteText(w io.Writer) error {
	eu, ou := r.unit()
	what := fmt.Sprintf("reduction of P(at least one intervention in %s by the end of %d), percentage points", r.Target, r.Year)
	if r.Objective == Income {
		what = fmt.Sprintf("real income gain in %s at the end of %d, %% (GDP-weighted; the simulation keeps its mean only)", r.Target, r.Year)
	}
	fmt.Fprintf(w, "scenario %s: candidates added to policy %s from %s, seed %d\n", r.Scenario, r.Base, r.Start, r.Seed)
	fmt.Fprintf(w, "objective: %s\n", what)
	var bs []string
	for f, id := range r.Financiers {
		bs = append(bs, id+" "+USD(r.Budgets[f]))
	}
	fmt.Fprintf(w, "budgets: %s\n", strings.Join(bs, ", "))
	fmt.Fprintf(w, "surrogate: fitted on %d portfolios x %d draws (common random numbers): %d additive terms + %d interactions; leave-one-out RMSE %.3g over %d points, stated error ±%.3g\n",
		r.Design, r.Draws, len(r.Candidates), len(r.Pairs), r.RMSE, r.LOOPoints, 2*r.RMSE)
	fmt.Fprintf(w, "frontier: exact on the surrogate (branch and bound, epsilon-constraint on cost), re-simulated with %d draws\n\n", r.ResimDraws)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "cost\t%s [5%%-95%%]\tP(<0)\tsurrogate\terror\t%s\t\n", eu, ou)
	for k, pt := range r.Frontier {
		flag := ""
		if pt.Flag {
			flag = " FLAG"
		}
		if pt.Marginal {
			flag += " ~"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%+.3f\t%+.3f%s\t%+.3f\t\n", USD(pt.Cost), rangeText(pt.Effect), pnegText(pt.Effect.PNeg), pt.Pred, pt.Error, flag, pt.Other)
		_ = k
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for k, pt := range r.Frontier {
		var fs []string
		for _, f := range pt.Funded {
			fs = append(fs, f.Candidate+" ("+f.Plan+")")
		}
		if len(fs) == 0 {
			fs = []string{"nothing beyond the base policy"}
		}
		fmt.Fprintf(w, "%2d. %s: %s\n    by financier: %s\n", k+1, USD(pt.Cost), strings.Join(fs, ", "), spendText(pt.Spend))
	}
	var flagged int
	for _, pt := range r.Frontier {
		if pt.Flag {
			flagged++
		}
	}
	fmt.Fprintf(w, "\n%d of %d frontier portfolios re-simulate outside the surrogate's stated error plus twice their Monte Carlo error (FLAG); ~: predicted gain over the next cheaper portfolio within the stated error\n", flagged, len(r.Frontier))
	fmt.Fprintf(w, "candidates alone (simulated, %s): ", eu)
	var cs []string
	for _, c := range r.Candidates {
		cs = append(cs, fmt.Sprintf("%s %+.3f (%s)", c.ID, c.Alone, USD(c.Cost)))
	}
	fmt.Fprintln(w, strings.Join(cs, ", "))
	return nil
}

func rangeText(s Summary) string {
	if math.IsNaN(s.Q05) {
		return fmt.Sprintf("%+.3f [n/a]", s.Mean)
	}
	return fmt.Sprintf("%+.3f [%+.2f, %+.2f]", s.Mean, s.Q05, s.Q95)
}

func pnegText(p float64) string {
	switch {
	case math.IsNaN(p):
		return "n/a"
	case p > 0.99:
		return ">0.99"
	case p < 0.01 && p > 0:
		return "<0.01"
	}
	return fmt.Sprintf("%.2f", p)
}

func spendText(m map[string]float64) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, k+" "+USD(m[k]))
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// num is a float for JSON: null for NaN and infinities.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(n), 'g', 8, 64), nil
}

// text is n for CSV: empty for NaN.
func (n num) text() string {
	if math.IsNaN(float64(n)) {
		return ""
	}
	return strconv.FormatFloat(float64(n), 'g', 8, 64)
}

// MarshalJSON writes NaN (a range the simulation does not keep) as null.
func (s Summary) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Mean num `json:"mean"`
		SE   num `json:"se"`
		Q05  num `json:"q05"`
		Q95  num `json:"q95"`
		PNeg num `json:"p_neg"`
	}{num(s.Mean), num(s.SE), num(s.Q05), num(s.Q95), num(s.PNeg)})
}

// WriteJSON writes the result (schema steppe.portfolio/v1); an unlimited
// budget is null.
func (r *Result) WriteJSON(w io.Writer) error {
	type wire Result
	b := make([]num, len(r.Budgets))
	for i, v := range r.Budgets {
		b[i] = num(v)
	}
	out := struct {
		Schema string `json:"schema"`
		*wire
		Budgets []num `json:"budgets_usd"`
	}{"steppe.portfolio/v1", (*wire)(r), b}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteCSV writes one row per frontier portfolio.
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"objective", "target", "year", "cost_usd", "portfolio", "plans", "effect_mean", "effect_q05", "effect_q95", "p_neg", "predicted", "error", "stated_error", "allowed_error", "flag", "marginal", "other_mean"}
	head = append(head, r.Financiers...)
	head = append(head, "host")
	if err := cw.Write(head); err != nil {
		return err
	}
	f := func(v float64) string { return num(v).text() }
	for _, pt := range r.Frontier {
		var ids, plans []string
		for _, fd := range pt.Funded {
			ids, plans = append(ids, fd.Candidate), append(plans, fd.Plan)
		}
		row := []string{r.Objective, r.Target, strconv.Itoa(r.Year), f(pt.Cost), strings.Join(ids, ";"), strings.Join(plans, ";"),
			f(pt.Effect.Mean), f(pt.Effect.Q05), f(pt.Effect.Q95), f(pt.Effect.PNeg), f(pt.Pred), f(pt.Error), f(pt.Stated), f(pt.Allowed),
			strconv.FormatBool(pt.Flag), strconv.FormatBool(pt.Marginal), f(pt.Other)}
		for _, id := range append(r.Financiers, "host") {
			row = append(row, f(pt.Spend[id]))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
