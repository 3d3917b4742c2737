package explore

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// The text reports of the analyses, as `steppe explore` prints them
// (--json prints the results themselves), and the preparation of a table of
// experiments for scenario discovery: which rows are cases of interest, and
// which rows of a Saltelli design are independent points.

func newTab(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 0, 0, 2, ' ', 0) }

func writeWarnings(w io.Writer, ws []string) {
	for _, s := range ws {
		fmt.Fprintf(w, "warning: %s\n", s)
	}
}

// fmtNum prints a number compactly, or "-" for NaN.
func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4g", v)
}

// fmtP prints a quasi-p-value, or "-" for NaN.
func fmtP(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.2g", v)
}

// WriteText prints the indices ranked by total index with their intervals,
// the ten largest second-order indices, the convergence of the total
// indices against sample size, and the warnings. inputs is the number of
// the design's inputs, which the groups (if any) gather.
func (res *SobolResult) WriteText(out io.Writer, inputs int) error {
	if len(res.Groups) > 0 {
		fmt.Fprintf(out, "grouped indices (Jacques, Lavergne & Devictor 2006): %d groups over %d inputs\n", len(res.Groups), inputs)
	}
	fmt.Fprintf(out, "Sobol' indices of %s: %d base samples (%d rows), %s estimator, %.0f%% bootstrap intervals (%d resamples)\n",
		res.Outcome, res.N, res.Rows, res.Estimator, res.Conf*100, res.Resamples)
	fmt.Fprintf(out, "mean %.4g, variance %.4g\n\n", res.Mean, res.Variance)
	ranked := append([]SobolInput(nil), res.Indices...)
	sort.SliceStable(ranked, func(a, b int) bool { return ranked[a].ST.Value > ranked[b].ST.Value })
	tw := newTab(out)
	fmt.Fprintln(tw, "input\tS1\tS1 interval\tST\tST interval")
	for _, ix := range ranked {
		fmt.Fprintf(tw, "%s\t%.3f\t[%s, %s]\t%.3f\t[%s, %s]\n", ix.Input, ix.S1.Value, fmtNum(ix.S1.Lo), fmtNum(ix.S1.Hi), ix.ST.Value, fmtNum(ix.ST.Lo), fmtNum(ix.ST.Hi))
	}
	tw.Flush()
	if len(res.Pairs) > 0 {
		pairs := append([]SobolPair(nil), res.Pairs...)
		sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].S2.Value > pairs[b].S2.Value })
		fmt.Fprintln(out, "\nsecond-order (largest first)")
		tw = newTab(out)
		fmt.Fprintln(tw, "pair\tS2\tinterval")
		for i, p := range pairs {
			if i == 10 {
				break
			}
			fmt.Fprintf(tw, "%s × %s\t%.3f\t[%s, %s]\n", p.A, p.B, p.S2.Value, fmtNum(p.S2.Lo), fmtNum(p.S2.Hi))
		}
		tw.Flush()
	}
	if len(res.Convergence) > 1 {
		fmt.Fprintln(out, "\nconvergence: ST of each input against base samples")
		tw = newTab(out)
		fmt.Fprint(tw, "N")
		for _, ix := range res.Indices {
			fmt.Fprintf(tw, "\t%s", ix.Input)
		}
		fmt.Fprintln(tw)
		for _, p := range res.Convergence {
			fmt.Fprintf(tw, "%d", p.N)
			for _, v := range p.ST {
				fmt.Fprintf(tw, "\t%.3f", v)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	if len(res.Warnings) > 0 {
		fmt.Fprintln(out)
	}
	writeWarnings(out, res.Warnings)
	return nil
}

// WriteText prints the inputs ranked by mu* with its interval, mu, sigma
// and range, and the warnings.
func (res *MorrisResult) WriteText(out io.Writer) error {
	fmt.Fprintf(out, "Morris screening of %s: %d trajectories\n\n", res.Outcome, res.Trajectories)
	tw := newTab(out)
	fmt.Fprintln(tw, "input\tmu*\tmu* interval\tmu\tsigma\trange")
	for _, e := range res.Ranked() {
		fmt.Fprintf(tw, "%s\t%.4g\t[%s, %s]\t%.4g\t%.4g\t%.4g\n", e.Input, e.MuStar, fmtNum(e.MuStarLo), fmtNum(e.MuStarHi), e.Mu, e.Sigma, e.Range)
	}
	tw.Flush()
	writeWarnings(out, res.Warnings)
	return nil
}

// WriteText prints, for each box, the trade-off curve with the chosen
// point marked, the chosen box's restrictions with their quasi-p-values,
// and what dropping each restriction does. source names the experiments.
func (res *PrimReport) WriteText(out io.Writer, source string) error {
	opt := res.Options
	fmt.Fprintf(out, "PRIM on %s: %d of %d experiments are cases of interest (%s)\n", source, res.Cases, res.N, res.Rule)
	fmt.Fprintf(out, "peel alpha %g, paste alpha %g, minimum mass %g, objective %s\n", opt.PeelAlpha, opt.PasteAlpha, opt.MassMin, opt.Objective)
	for k, b := range res.Boxes {
		fmt.Fprintf(out, "\nbox %d: trade-off curve\n", k+1)
		tw := newTab(out)
		fmt.Fprintln(tw, "#\tstep\tcoverage\tdensity\tmass\trestricted\t")
		for i, pt := range b.Trajectory {
			mark := ""
			if i == b.Chosen {
				mark = "<- chosen"
			}
			fmt.Fprintf(tw, "%d\t%s\t%.3f\t%.3f\t%.3f\t%d\t%s\n", i, pt.Step, pt.Coverage, pt.Density, pt.Mass, pt.Restricted, mark)
		}
		tw.Flush()
		ch := b.Trajectory[b.Chosen]
		fmt.Fprintf(out, "\nbox %d (point %d): coverage %.3f, density %.3f, mass %.3f (%d experiments, %d cases)\n", k+1, b.Chosen, ch.Coverage, ch.Density, ch.Mass, ch.N, ch.K)
		tw = newTab(out)
		fmt.Fprintln(tw, "input\tlimits\tquasi-p\t")
		for _, r := range ch.Limits {
			if r.Levels != nil {
				fmt.Fprintf(tw, "%s\tin {%s}\t%s\t\n", r.Input, strings.Join(r.Levels, ", "), fmtP(r.QP))
			} else {
				fmt.Fprintf(tw, "%s\t[%.4g, %.4g]\tlo %s, hi %s\t\n", r.Input, r.Lo, r.Hi, fmtP(r.QPLo), fmtP(r.QPHi))
			}
		}
		tw.Flush()
		if len(b.Drops) > 0 {
			fmt.Fprintln(out, "dropping one restriction:")
			tw = newTab(out)
			for _, d := range b.Drops {
				fmt.Fprintf(tw, "  without %s\tcoverage %.3f\tdensity %.3f\tmass %.3f\n", d.Input, d.Coverage, d.Density, d.Mass)
			}
			tw.Flush()
		}
	}
	fmt.Fprintln(out, "\nquasi-p: one-sided binomial test of each restriction (Bryant & Lempert 2010); large values (> 0.05) mark restrictions the box may not need.")
	writeWarnings(out, res.Warnings)
	return nil
}

// WriteText prints the tree's leaves, densest first, with their rules.
// source names the experiments and rule the cases of interest.
func (res *CartResult) WriteText(out io.Writer, source, rule string) error {
	fmt.Fprintf(out, "CART on %s (%s): %d leaves, depth %d, densest first\n\n", source, rule, len(res.Leaves), res.Depth)
	tw := newTab(out)
	fmt.Fprintln(tw, "coverage\tdensity\tmass\trules")
	for _, l := range res.Leaves {
		fmt.Fprintf(tw, "%.3f\t%.3f\t%.3f\t%s\n", l.Coverage, l.Density, l.Mass, strings.Join(l.Rules, " and "))
	}
	return tw.Flush()
}

// WriteText prints each policy's scores (mean, worst case, maximum regret,
// pessimistic percentile and, with a threshold, the satisficing share), the
// best policy by each criterion, and the warnings.
func (res *RobustResult) WriteText(out io.Writer) error {
	dir := "higher is better"
	worst := "worst (maximin)"
	if res.Minimize {
		dir = "lower is better"
		worst = "worst (minimax)"
	}
	fmt.Fprintf(out, "robustness of %s across %d scenarios (%s)\n\n", res.Outcome, res.Policies[0].Scenarios, dir)
	tw := newTab(out)
	level := res.Percentile
	if res.Minimize {
		level = 1 - level
	}
	hdr := fmt.Sprintf("policy\tmean\t%s\tmax regret\t%gth percentile", worst, math.Round(level*1000)/10)
	if res.Threshold != nil {
		hdr += "\tsatisficing"
	}
	fmt.Fprintln(tw, hdr)
	for _, s := range res.Policies {
		line := fmt.Sprintf("%s\t%.4g\t%.4g\t%.4g\t%.4g", s.Policy, s.Mean, s.Worst, s.MaxRegret, s.Percentile)
		if s.Satisficing != nil {
			line += fmt.Sprintf("\t%.1f%%", *s.Satisficing*100)
		}
		fmt.Fprintln(tw, line)
	}
	tw.Flush()
	keys := make([]string, 0, len(res.Best))
	for k := range res.Best {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(out)
	for _, k := range keys {
		fmt.Fprintf(out, "best by %s: %s\n", k, res.Best[k])
	}
	writeWarnings(out, res.Warnings)
	return nil
}

// Classifier turns an outcome column into cases of interest: outcome > T
// (< T when Below; >= or <= with OrEqual), or, when Positive, an outcome
// that is already a flag (true or non-zero).
type Classifier struct {
	Threshold float64
	Below     bool
	Positive  bool
	OrEqual   bool
}

// Classify returns which rows of t are cases of interest under c, and a
// description of the rule.
func (c Classifier) Classify(t *Table, outcome string) ([]bool, string, error) {
	col, err := t.Column(outcome, false)
	if err != nil {
		return nil, "", err
	}
	y := make([]bool, len(col.Floats))
	if c.Positive {
		if col.Kind == KindCategorical {
			_, err := t.Numbers(outcome)
			return nil, "", err
		}
		for i, v := range col.Floats {
			y[i] = v != 0
		}
		return y, outcome + " is true (non-zero)", nil
	}
	if col.Kind != KindNumeric {
		_, err := t.Numbers(outcome)
		if err == nil {
			err = fmt.Errorf("outcome %q is not numeric", outcome)
		}
		return nil, "", err
	}
	for i, v := range col.Floats {
		switch {
		case c.Below && c.OrEqual:
			y[i] = v <= c.Threshold
		case c.Below:
			y[i] = v < c.Threshold
		case c.OrEqual:
			y[i] = v >= c.Threshold
		default:
			y[i] = v > c.Threshold
		}
	}
	op := ">"
	if c.Below {
		op = "<"
	}
	if c.OrEqual {
		op += "="
	}
	return y, fmt.Sprintf("%s %s %g", outcome, op, c.Threshold), nil
}

// SaltelliAB keeps the A and B rows of a Saltelli design in t, its 2N
// independent quasi-random points. The rows per base sample follow from the
// table's header (groups or factors, second order) or, without one, from
// the inputs.
func SaltelliAB(t *Table, inputs []string) (*Table, error) {
	d := len(inputs)
	if gs := ParseGroupComments(t.Comments); len(gs) > 0 {
		d = len(gs)
	} else if v, ok := t.Meta["factors"]; ok {
		if k, err := strconv.Atoi(v); err == nil {
			d = k
		}
	}
	second := t.Meta["second_order"] == "true"
	rows, err := SaltelliABRows(t.Len(), SobolRowsPerBase(d, second))
	if err != nil {
		return nil, err
	}
	// The rows between A and B must be A with one factor (or group) from
	// B: anything else (a shuffled, filtered or non-Saltelli file) would
	// make the "A and B rows" arbitrary rows.
	factors := t.HeaderFactors()
	if len(factors) == 0 {
		factors = inputs
	}
	x := make([][]float64, t.Len())
	for i := range x {
		x[i] = make([]float64, len(factors))
	}
	for j, f := range factors {
		c, err := t.Column(f, false)
		if err != nil {
			return nil, err
		}
		for i, v := range c.Floats {
			x[i][j] = v
		}
	}
	if err := CheckSaltelliGroups(x, factors, ParseGroupComments(t.Comments), second); err != nil {
		return nil, fmt.Errorf("not a Saltelli design: %w", err)
	}
	return t.Subset(rows), nil
}

// ScenarioIDs identifies the scenario of each row of t whose policies are
// pol: by the column scenarioCol when given, else by the values of inputs,
// else by the row's order among the rows of its policy.
func ScenarioIDs(t *Table, pol []string, scenarioCol string, inputs []string) ([]string, error) {
	scen := make([]string, len(pol))
	switch {
	case scenarioCol != "":
		s, err := t.Strings(scenarioCol)
		if err != nil {
			return nil, err
		}
		copy(scen, s)
	case len(inputs) > 0:
		for i := range scen {
			parts := make([]string, len(inputs))
			for j, in := range inputs {
				parts[j] = t.Cell(in, i)
			}
			scen[i] = strings.Join(parts, "\x1f")
		}
	default:
		count := map[string]int{}
		for i, p := range pol {
			scen[i] = fmt.Sprint(count[p])
			count[p]++
		}
	}
	return scen, nil
}

// CheckSize checks that the design's size suits its kind: at least
// [MinSobolBase] base samples for a Sobol' design, two trajectories for
// Morris, two experiments for a Latin hypercube or Monte Carlo design.
func (spec DesignSpec) CheckSize() error {
	switch spec.Kind {
	case SobolSaltelli:
		if spec.N < MinSobolBase {
			return fmt.Errorf("a Sobol' design needs at least %d base samples (1,000 or more for stable indices)", MinSobolBase)
		}
	case Morris:
		if spec.N < 2 {
			return fmt.Errorf("a Morris design needs at least 2 trajectories (10 or more)")
		}
	case LatinHypercube, MonteCarlo:
		if spec.N < 2 {
			return fmt.Errorf("need at least 2 experiments")
		}
	default:
		return fmt.Errorf("design %q: want sobol, lhs, morris or mc", spec.Kind)
	}
	return nil
}

// HeaderFactors names the factors that the table's header comments declare
// ("factor NAME ..." lines, as [Experiments.Write] writes them), in order.
func (t *Table) HeaderFactors() []string {
	var names []string
	for _, c := range t.Comments {
		if rest, ok := strings.CutPrefix(c, "factor "); ok {
			if name, _, ok := strings.Cut(rest, " "); ok {
				names = append(names, name)
			}
		}
	}
	return names
}

// HeaderCategorical reports which factors the header comments declare
// categorical ("factor NAME categorical(...)", as NewDesign writes them).
func (t *Table) HeaderCategorical() map[string]bool {
	cat := map[string]bool{}
	for _, c := range t.Comments {
		if rest, ok := strings.CutPrefix(c, "factor "); ok {
			if name, dist, ok := strings.Cut(rest, " "); ok && strings.HasPrefix(dist, "categorical(") {
				cat[name] = true
			}
		}
	}
	return cat
}

// DeclaredInputs reads the named input columns typed by declaration
// ([Table.DeclaredColumn]): categorical where the header declares the
// factor categorical or categorical names it, numeric (or boolean)
// otherwise. A name in categorical that is not one of names is an error.
func (t *Table) DeclaredInputs(names, categorical []string) ([]Input, error) {
	declared := t.HeaderCategorical()
	for _, n := range categorical {
		if !slices.Contains(names, n) {
			return nil, fmt.Errorf("categorical input %s is not one of the inputs (%s)", n, strings.Join(names, ", "))
		}
		declared[n] = true
	}
	in := make([]Input, len(names))
	for j, n := range names {
		c, err := t.DeclaredColumn(n, declared[n])
		if err != nil {
			return nil, err
		}
		in[j] = InputFromColumn(c)
	}
	return in, nil
}

// DuplicateColumnError is [Table.CheckColumns]'s error for a column named
// twice.
type DuplicateColumnError struct{ Name string }

func (e *DuplicateColumnError) Error() string { return fmt.Sprintf("column %q named twice", e.Name) }

// CheckColumns checks that the table has each named column, and names none
// twice (a [*DuplicateColumnError]).
func (t *Table) CheckColumns(names []string) error {
	seen := map[string]bool{}
	for _, in := range names {
		if !t.Has(in) {
			_, err := t.Strings(in)
			return err
		}
		if seen[in] {
			return &DuplicateColumnError{in}
		}
		seen[in] = true
	}
	return nil
}
