package ge

// This file is `steppe gravity ge`: the deterministic counterfactual of
// the structural gravity literature on the user's own flow table (one
// theta, one set of shocks, every economy), checked, solved and printed.

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/gravity"
	"github.com/steppe-dev/steppe/internal/userinput"
)

// TableRequest is a counterfactual on a flow table; its fields are the
// flags of `steppe gravity ge`, whose help explains them.
type TableRequest struct {
	Flows     string // the flow table, CSV or Parquet
	Cols      TableColumns
	Year      int    // baseline year; 0: the table's only year
	Estimate  string // first-stage formula; "": the observed flows
	Theta     float64
	Balance   string // additive or multiplicative
	Solver    string // hat, ge-ppml or both
	Numeraire string // world, price:ISO or imr:ISO
	Tol       float64
	// Shorthand shocks, as ParseAgreementShock, ParseBorderShock,
	// ParseTariffShock and ParsePairShock read them.
	Agreements, Borders, Tariffs, Pairs []string
	ShockFile                           string // CSV of per-pair shocks (ReadShockFile)
	JSON, CSV                           bool   // the output format asked for (checked here)
}

// TableReport is everything `steppe gravity ge` prints; its JSON is the
// schema steppe.gravity.ge/v1.
type TableReport struct {
	Schema      string           `json:"schema"`
	Table       string           `json:"table"`
	Year        int              `json:"year,omitempty"`
	Economies   int              `json:"economies"`
	ThetaSource string           `json:"theta_source"`
	Shocks      []string         `json:"shocks"`
	FirstStage  *FirstStageBrief `json:"first_stage,omitempty"`
	Notes       []string         `json:"notes,omitempty"`
	Outcome     *GEOutcome       `json:"outcome"`
}

// FirstStageBrief is what a report says of the first-stage fit.
type FirstStageBrief struct {
	Formula      string             `json:"formula"`
	Coefficients map[string]float64 `json:"coefficients"`
	NObs         int                `json:"nobs"`
	Unfitted     int                `json:"unfitted_pairs"`
}

// SolveTable reads the table and the shocks of r and solves. Errors in r
// (flags, files, shocks) are RequestErrors naming the flag.
func SolveTable(r TableRequest) (*TableReport, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	bal := Additive
	if r.Balance == "multiplicative" {
		bal = Multiplicative
	}
	num, err := ParseNumeraire(r.Numeraire)
	if err != nil {
		return nil, userinput.Errorf("gravity ge: --%v", err)
	}
	base, rep, coefs, err := r.baseline()
	if err != nil {
		return nil, err
	}
	rep.Economies = base.N()
	theta := r.Theta
	rep.ThetaSource = "--theta"
	if theta == 0 {
		theta = DefaultTheta.Central()
		rep.ThetaSource = "median of ge.DefaultTheta: " + DefaultTheta.Source
	}
	shocks, err := r.shocks(base.Countries, theta, coefs)
	if err != nil {
		return nil, err
	}
	for _, s := range shocks {
		rep.Shocks = append(rep.Shocks, s.Describe())
	}
	lb, err := LogPartials(base.Countries, theta, shocks...)
	if err != nil {
		return nil, userinput.Errorf("gravity ge: %w", err)
	}
	if num.Kind != WorldOutput && base.Index(num.Country) < 0 {
		return nil, userinput.Errorf("gravity ge: --numeraire %s: %s is not in the flow table", num, num.Country)
	}
	out, err := Counterfactual(base, lb, GEConfig{Theta: theta, Balance: bal, Tol: r.Tol, Numeraire: num, Solver: r.Solver})
	if err != nil {
		return nil, err
	}
	rep.Outcome = out
	return rep, nil
}

// check refuses a request without a table or a shock, or with two formats.
func (r TableRequest) check() error {
	switch {
	case r.Flows == "":
		return userinput.Errorf("gravity ge: --flows is required")
	case len(r.Agreements)+len(r.Borders)+len(r.Tariffs)+len(r.Pairs) == 0 && r.ShockFile == "":
		return userinput.Errorf("gravity ge: no shock: give --agreement, --remove-border, --tariff, --pair or --shocks")
	case r.JSON && r.CSV:
		return userinput.Errorf("gravity ge: --json and --csv exclude each other")
	}
	return nil
}

// baseline reads the table's flows of the year, or fits the first stage
// and takes its fitted flows, and starts the report.
func (r TableRequest) baseline() (*Flows, *TableReport, Coefs, error) {
	tab, err := ReadFlowTable(r.Flows, r.Cols)
	if err != nil {
		return nil, nil, nil, fileErr("gravity ge", err)
	}
	base, err := tab.Square(r.Year)
	if err != nil {
		return nil, nil, nil, fileErr("gravity ge", err)
	}
	rep := &TableReport{Schema: "steppe.gravity.ge/v1", Table: r.Flows, Year: base.Year}
	if r.Estimate == "" {
		return base, rep, nil, nil
	}
	fr, err := gravity.ReadFile(r.Flows)
	if err != nil {
		return nil, nil, nil, userinput.Errorf("gravity ge: %w", err)
	}
	st, err := EstimateBaseline(fr, r.Flows, r.Estimate, r.Cols, base.Year)
	if err != nil {
		if gravity.IsInputError(err) {
			return nil, nil, nil, userinput.Errorf("gravity ge: --estimate: %w", err)
		}
		return nil, nil, nil, err
	}
	rep.FirstStage = &FirstStageBrief{Formula: r.Estimate, Coefficients: st.Coefs, NObs: st.Result.NObs, Unfitted: st.Unfitted}
	if st.Unfitted > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d pairs of %d have no fitted flow (never traded, or separated) and stay at zero", st.Unfitted, st.Baseline.Year))
	}
	return st.Baseline, rep, st.Coefs, nil
}

// shocks parses the shorthand shocks and reads the shock file, checking
// each against the table's economies.
func (r TableRequest) shocks(countries []string, theta float64, coefs Coefs) ([]Shock, error) {
	var shocks []Shock
	for _, x := range []struct {
		flag  string
		specs []string
		parse func(string) (Shock, error)
	}{
		{"agreement", r.Agreements, func(s string) (Shock, error) { return ParseAgreementShock(s, coefs) }},
		{"remove-border", r.Borders, func(s string) (Shock, error) { return ParseBorderShock(s, coefs) }},
		{"tariff", r.Tariffs, ParseTariffShock},
		{"pair", r.Pairs, ParsePairShock},
	} {
		for _, s := range x.specs {
			sh, err := x.parse(s)
			if err != nil {
				return nil, userinput.Errorf("gravity ge: --%s %w", x.flag, err)
			}
			if _, err := LogPartials(countries, theta, sh); err != nil {
				return nil, userinput.Errorf("gravity ge: --%s %s: %w", x.flag, s, err)
			}
			shocks = append(shocks, sh)
		}
	}
	if r.ShockFile != "" {
		sf, err := readRequestFile("gravity ge: --shocks", r.ShockFile, ReadShockFile)
		if err != nil {
			return nil, err
		}
		sh, err := sf.Resolve(countries, coefs)
		if err != nil {
			return nil, userinput.Wrap(err)
		}
		shocks = append(shocks, sh)
	}
	return shocks, nil
}

// tableColumns are the per-economy columns of the CSV and text outputs.
var tableColumns = []string{"country", "cond_exports_pct", "cond_imports_pct", "cond_imr_pct", "cond_omr_pct",
	"exports_pct", "imports_pct", "real_gdp_pct", "factory_gate_price_pct", "imr_pct", "omr_pct", "welfare_pct", "acr_pct"}

func tableRow(c CountryGE, format func(float64) string) []string {
	row := []string{c.Country}
	for _, v := range []float64{c.CondExports, c.CondImports, c.CondIMR, c.CondOMR, c.Exports, c.Imports,
		c.RealGDP, c.FactoryGate, c.IMR, c.OMR, c.Welfare, c.ACR} {
		row = append(row, format(v))
	}
	return row
}

// WriteCSV writes one row per economy, every number to full precision.
func (rep *TableReport) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(tableColumns); err != nil {
		return err
	}
	for _, c := range rep.Outcome.Countries {
		if err := cw.Write(tableRow(c, func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) })); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteText writes the report for a reader: the inputs, the solver's
// convergence and a table of percent changes per economy.
func (rep *TableReport) WriteText(w io.Writer) error {
	o := rep.Outcome
	year := ""
	if rep.Year != 0 {
		year = fmt.Sprintf(", %d", rep.Year)
	}
	fmt.Fprintf(w, "General equilibrium on %s (%d economies%s)\n", rep.Table, rep.Economies, year)
	if fs := rep.FirstStage; fs != nil {
		fmt.Fprintf(w, "first stage: %s, %d observations; coefficients:", fs.Formula, fs.NObs)
		for _, n := range slices.Sorted(maps.Keys(fs.Coefficients)) {
			fmt.Fprintf(w, " %s %.6g", n, fs.Coefficients[n])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "theta %.4g (%s); %s balances; numeraire %s\n", o.Theta, rep.ThetaSource, o.Balance, o.Numeraire)
	for _, s := range rep.Shocks {
		fmt.Fprintf(w, "shock: %s\n", s)
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintf(w, "solver: %s; %d iterations, last change %.2g; largest accounting residual %.2g\n", o.Method, o.Iterations, o.FinalChange, o.MaxImbalance)
	if o.SolverGap != nil {
		fmt.Fprintf(w, "solvers' largest disagreement: %.2g percentage points\n", *o.SolverGap)
	}
	fmt.Fprintln(w, "\npercent changes; conditional: output and expenditure held; full: endowment general equilibrium")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tconditional\t\t\t\tfull\t\t\t\t\t\t\t\t")
	fmt.Fprintln(tw, "economy\texports\timports\tIMR\tOMR\texports\timports\treal GDP\tprice\tIMR\tOMR\twelfare\tACR\t")
	for _, c := range o.Countries {
		fmt.Fprintln(tw, strings.Join(tableRow(c, func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }), "\t")+"\t")
	}
	return tw.Flush()
}
