package ge

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

// Report is a counterfactual's account, the JSON document (schema
// steppe.gravity.counterfactual/v1) of `steppe gravity counterfactual`:
// the policy and its measures, the baseline and how it was built, theta,
// the solver, and each focus economy's changes with their bands.
type Report struct {
	Schema      string           `json:"schema"`
	Scenario    string           `json:"scenario"`
	Policy      string           `json:"policy"`
	Against     string           `json:"against,omitempty"`
	Description string           `json:"description,omitempty"`
	Baseline    BaselineInfo     `json:"baseline"`
	Theta       ParamInfo        `json:"theta"`
	Balance     string           `json:"balance"`
	Solver      string           `json:"solver"`
	Draws       int              `json:"draws"`
	Seed        uint64           `json:"seed"`
	Measures    []MeasureInfo    `json:"measures"`
	Notes       []string         `json:"notes,omitempty"`
	Countries   []CountrySummary `json:"countries"`
	Convergence Convergence      `json:"convergence"`
}

// BaselineInfo describes the trade baseline of a [Report].
type BaselineInfo struct {
	Source    string   `json:"source"`
	Year      int      `json:"year"`
	Economies int      `json:"economies"`
	Unit      string   `json:"unit"`
	Steps     []string `json:"steps"`
}

// ParamInfo is a parameter's distribution and source.
type ParamInfo struct {
	Dist   string `json:"dist"`
	Source string `json:"source"`
}

// MeasureInfo describes one trade-cost measure of a [Report].
type MeasureInfo struct {
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Pairs  string `json:"pairs"`
	Size   string `json:"size"`
	Source string `json:"source,omitempty"`
}

// DescribePairs says which pairs a measure changes: the transit-time
// changes of each route, the members of an agreement, or the listed pairs.
func DescribePairs(m Measure) string {
	p := m.Pairs
	if m.Kind == TransitTime {
		var s []string
		for pr, h := range m.Hours {
			s = append(s, fmt.Sprintf("%s<->%s %.0fh->%.0fh", pr.Exporter, pr.Importer, h[0], h[1]))
		}
		sort.Strings(s)
		return strings.Join(s, ", ")
	}
	if len(p.Members) > 0 {
		return "all pairs among " + strings.Join(p.Members, " ")
	}
	var s []string
	for _, pr := range p.List {
		sep := "->"
		if p.Symmetric {
			sep = "<->"
		}
		s = append(s, pr.Exporter+sep+pr.Importer)
	}
	return strings.Join(s, ", ")
}

// WriteText prints the report as a table of each economy's changes with
// their 5% and 95% quantiles over draws; verbose adds the baseline's steps.
func (o *Report) WriteText(w io.Writer, verbose bool) error {
	if o.Against != "" {
		fmt.Fprintf(w, "General-equilibrium effects of policy %s against policy %s (scenario %s)\n", o.Policy, o.Against, o.Scenario)
	} else {
		fmt.Fprintf(w, "General-equilibrium effects of policy %s (scenario %s)\n", o.Policy, o.Scenario)
	}
	if o.Description != "" {
		fmt.Fprintf(w, "  %s\n", o.Description)
	}
	fmt.Fprintf(w, "\nBaseline: %s; %d economies, %s, %d\n", o.Baseline.Source, o.Baseline.Economies, o.Baseline.Unit, o.Baseline.Year)
	if verbose {
		for _, s := range o.Baseline.Steps {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}
	fmt.Fprintf(w, "Trade elasticity theta: %s (%s)\n", o.Theta.Dist, o.Theta.Source)
	fmt.Fprintf(w, "Solver: %s, %s trade balances; %d draws, seed %d\n", o.Solver, o.Balance, o.Draws, o.Seed)
	fmt.Fprintf(w, "\nTrade-cost changes:\n")
	for _, m := range o.Measures {
		fmt.Fprintf(w, "  %-28s %s, %s: %s\n", m.Name, m.Kind, m.Size, m.Pairs)
	}
	for _, n := range o.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	fmt.Fprintf(w, "\nChanges by country: central estimate [5%%, 95%% over draws]; shares of goods trade (exports+imports)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "country\treal GDP %\texports %\tintra-regional share"
	for _, p := range o.Countries[0].Partners {
		head += "\t" + p.Partner + " share"
	}
	fmt.Fprintln(tw, head)
	pct := func(b Band) string {
		if o.Draws == 0 {
			return fmt.Sprintf("%+.2f", b.Central)
		}
		return fmt.Sprintf("%+.2f [%+.2f, %+.2f]", b.Central, b.Q05, b.Q95)
	}
	share := func(s ShareBand) string {
		if o.Draws == 0 {
			return fmt.Sprintf("%.1f -> %.1f", 100*s.Base, 100*s.After.Central)
		}
		return fmt.Sprintf("%.1f -> %.1f [%.1f, %.1f]", 100*s.Base, 100*s.After.Central, 100*s.After.Q05, 100*s.After.Q95)
	}
	for _, c := range o.Countries {
		line := c.Country + "\t" + pct(c.RealGDP) + "\t" + pct(c.Exports) + "\t" + share(c.Intra)
		for _, p := range c.Partners {
			line += "\t" + share(p.ShareBand)
		}
		fmt.Fprintln(tw, line)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nShares in %%. Solver converged: central case %d iterations (last change %.2g), at most %d iterations and %.2g over draws (tol %.2g).\n",
		o.Convergence.CentralIterations, o.Convergence.CentralFinalChange, o.Convergence.MaxIterations, o.Convergence.MaxFinalChange, o.Convergence.Tol)
	if r := o.Convergence.MaxImbalance; r > ImbalanceWarn {
		fmt.Fprintf(w, "Warning: counterfactual flows miss output or expenditure by up to %.3g%% (%s balances with trade imbalances in the baseline: world expenditure then differs from world output).\n", 100*r, o.Balance)
	}
	return nil
}

// JSONSafe returns the report with NaN quantiles (no draws) replaced by
// the central value, so that the document encodes.
func (o Report) JSONSafe() Report {
	fix := func(b *Band) {
		if b.Q05 != b.Q05 {
			b.Q05, b.Q50, b.Q95 = b.Central, b.Central, b.Central
		}
	}
	for i := range o.Countries {
		c := &o.Countries[i]
		fix(&c.RealGDP)
		fix(&c.Welfare)
		fix(&c.Exports)
		fix(&c.Intra.After)
		for k := range c.Partners {
			fix(&c.Partners[k].After)
		}
	}
	return o
}

// NewReport assembles the report of policy p solved in study s with draws
// draws from seed (central case and draws as [Study.Run] returns them):
// scenario names the scenario, against the reference policy if any, solver
// the solver's name, steps how the baseline was built and notes what the
// caller noted about the measures.
func (s *Study) NewReport(scenario string, p Policy, against, solver string, draws int, seed uint64, steps, notes []string, central *Draw, all []*Draw) *Report {
	countries, conv := s.Summarize(central, all)
	b := s.Baseline
	out := &Report{
		Schema: "steppe.gravity.counterfactual/v1", Scenario: scenario, Policy: p.Name, Against: against, Description: p.Description,
		Baseline: BaselineInfo{Source: b.Source, Year: b.Year, Economies: b.N(), Unit: b.Unit, Steps: steps},
		Theta:    ParamInfo{Dist: s.Theta.Dist.String(), Source: s.Theta.Source},
		Balance:  s.Balance.String(), Solver: solver, Draws: draws, Seed: seed,
		Notes: notes, Countries: countries, Convergence: conv,
	}
	for _, m := range p.Measures {
		out.Measures = append(out.Measures, MeasureInfo{Name: m.Name, Kind: m.Kind.String(), Pairs: DescribePairs(m),
			Size: m.Size.Dist.String(), Source: m.Size.Source})
	}
	return out
}

// RunAgainst solves p and the reference policy ref with the same n draws
// from seed and returns p's changes relative to ref's ([Relative]): what p
// adds to ref rather than to no change.
func (s *Study) RunAgainst(p, ref Policy, n int, seed uint64) (central *Draw, draws []*Draw, err error) {
	central, draws, err = s.Run(p, n, seed)
	if err != nil {
		return nil, nil, err
	}
	rc, rd, err := s.Run(ref, n, seed)
	if err != nil {
		return nil, nil, err
	}
	if central, err = Relative(central, rc); err != nil {
		return nil, nil, err
	}
	for d := range draws {
		if draws[d], err = Relative(draws[d], rd[d]); err != nil {
			return nil, nil, err
		}
	}
	return central, draws, nil
}

// CostRatioMeasures turns per-pair cost ratios (as [ReadCostRatios] reads
// them; 0.9 is 10% lower) into one fixed cost-change measure per direction,
// in pair order; source names where the ratios come from.
func CostRatioMeasures(m map[Pair]float64, source string) []Measure {
	var ms []Measure
	for _, p := range SortedPairs(m) {
		ms = append(ms, Measure{Name: "ratio." + p.Exporter + "-" + p.Importer, Kind: CostChange,
			Pairs: Pairs{List: []Pair{p}}, Size: Param{Dist: dist.Fixed{V: m[p] - 1}, Source: source}})
	}
	return ms
}

// ParseAgreement reads an agreement among members with a gravity partial
// effect and its standard error, MEMBERS:BETA[:SE] (e.g.
// KAZ,KGZ,UZB:0.224:0.03), as a partial-effect measure whose size is
// normal(BETA, SE), or BETA when SE is 0 or absent; source names where the
// specification comes from.
func ParseAgreement(spec, source string) (Measure, error) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Measure{}, fmt.Errorf("%q: want MEMBERS:BETA[:SE], e.g. KAZ,KGZ,UZB:0.224:0.03", spec)
	}
	members := strings.Split(parts[0], ",")
	if len(members) < 2 {
		return Measure{}, fmt.Errorf("%q: need at least two members", spec)
	}
	beta, err := strconv.ParseFloat(parts[1], 64)
	if err != nil || math.IsNaN(beta) || math.IsInf(beta, 0) {
		return Measure{}, fmt.Errorf("%q: partial effect %q is not a number", spec, parts[1])
	}
	var size dist.Dist = dist.Fixed{V: beta}
	if len(parts) == 3 {
		se, err := strconv.ParseFloat(parts[2], 64)
		if err != nil || !(se >= 0) || math.IsInf(se, 0) {
			return Measure{}, fmt.Errorf("%q: standard error %q must be a non-negative number", spec, parts[2])
		}
		if se > 0 {
			size = dist.Normal{Mu: beta, Sigma: se}
		}
	}
	return Measure{Name: "agreement." + strings.Join(members, "-"), Kind: PartialEffect,
		Pairs: Pairs{Members: members}, Size: Param{Dist: size, Source: source}}, nil
}

// ReadFlows reads bilateral flows in one of the layouts of the importers:
// long ([ReadLong]), dots ([ReadDOTS]), comtrade ([ReadComtrade]) or baci
// ([ReadBACI], with the country codes in codes, named codesName, or nil).
func ReadFlows(format string, r io.Reader, name string, codes io.Reader, codesName string, opt ImportOptions) (*Bilateral, error) {
	switch format {
	case "long":
		return ReadLong(r, name, opt)
	case "dots":
		return ReadDOTS(r, name, opt)
	case "comtrade":
		return ReadComtrade(r, name, opt)
	case "baci":
		return ReadBACI(r, name, codes, codesName, opt)
	}
	return nil, fmt.Errorf("format %q: want long, dots, baci or comtrade", format)
}

// DomesticFromGDP completes bilateral flows b with domestic sales built
// from the GDP series of b's year (World Bank layout, named gdpName)
// ([WithDomestic]), and returns the steps taken.
func DomesticFromGDP(b *Bilateral, series GDPSeries, gdpName string, opt DomesticOptions) (*Flows, []string, error) {
	gdp := map[string]float64{}
	for c := range series {
		if v, y, ok := series.Latest(c, b.Year); ok && y == b.Year {
			gdp[c] = v
		}
	}
	f, notes, err := WithDomestic(b, gdp, opt)
	if err != nil {
		return nil, nil, err
	}
	steps := []string{fmt.Sprintf("domestic sales = GDP - exports (GDP of %d from %s)", b.Year, gdpName)}
	return f, append(steps, notes...), nil
}

// WorldStudy is the study of world w's focus economies (which form the
// region) and the partners on the trade baseline base: theta from the
// scenario ([WorldTheta]), additive trade balances and exact hat algebra
// unless the caller changes them. It fails when the baseline lacks a focus
// economy or a partner.
func WorldStudy(w *world.World, base *Flows, partners []string, tol float64) (*Study, error) {
	s := &Study{Baseline: base, Theta: WorldTheta(w), Tol: tol, Focus: FocusCodes(w), Partners: partners}
	s.Group = s.Focus
	for _, c := range append(append([]string(nil), s.Focus...), s.Partners...) {
		if base.Index(c) < 0 {
			return nil, fmt.Errorf("the trade baseline has no %s (a scenario's study needs its focus economies and partners; for any other table use steppe gravity ge)", c)
		}
	}
	return s, nil
}

// SetMethod sets the study's trade balances (additive or multiplicative)
// and its solver (hat, or ge-ppml) by name.
func (s *Study) SetMethod(balance, solver string) error {
	switch balance {
	case "additive":
		s.Balance = Additive
	case "multiplicative":
		s.Balance = Multiplicative
	default:
		return fmt.Errorf("balance %q: want additive or multiplicative", balance)
	}
	switch solver {
	case "hat":
		s.Solve = SolveHat
	case "ge-ppml", "ppml":
		s.Solve = SolveGEPPML
	default:
		return fmt.Errorf("solver %q: want hat or ge-ppml", solver)
	}
	return nil
}

// RouteMeasure prices the route time changes of a network comparison (read
// from source) between the given economies as one transit-time measure
// whose size is the cost of a day in transit, and notes what it did. It
// fails when no route between those economies got faster.
func RouteMeasure(changes []RouteChange, countries []string, size Param, source string) (Measure, []string, error) {
	hours, notes := RouteHours(changes, countries)
	if len(hours) == 0 {
		return Measure{}, nil, fmt.Errorf("%s: no route between economies of the trade table got faster (%s)", source, strings.Join(notes, "; "))
	}
	m := Measure{Name: "routes." + filepath.Base(source), Kind: TransitTime, Pairs: Pairs{Symmetric: true}, Hours: hours, Size: size}
	return m, append(notes, fmt.Sprintf("%d route time changes from %s priced at the cost of a day in transit", len(hours), source)), nil
}
