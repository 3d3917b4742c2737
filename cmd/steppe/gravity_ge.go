package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/gravity"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// geFlags are the options of `steppe gravity ge`.
type geFlags struct {
	flows               string
	cols                ge.TableColumns
	year                int
	estimate            string
	theta               float64
	balance, solver     string
	numeraire           string
	tol                 float64
	agreements, borders []string
	tariffs, pairs      []string
	shockFile           string
	asJSON, asCSV       bool
}

// newGravityGECmd is `steppe gravity ge`: the general-equilibrium effects of
// any change in trade costs on any flow table. It is a sibling of
// `gravity counterfactual`, not an extension of it, because that verb is a
// Monte Carlo study of a scenario's policies (draws of theta and of every
// measure, quantiles, focus economies and partners), while this one is the
// deterministic textbook counterfactual of the structural gravity
// literature on the user's own table: one theta, one shock, every economy,
// conditional and full equilibrium, multilateral resistances.
func newGravityGECmd() *cobra.Command {
	var fl geFlags
	cmd := &cobra.Command{
		Use:   "ge",
		Short: "General-equilibrium counterfactual of any trade-cost change on any flow table",
		Long: `Solve the conditional and full-endowment general equilibrium of a change in
bilateral trade costs on a flow table, by exact hat algebra (Baier, Yotov &
Zylkin 2019) or GE-PPML (Yotov, Piermartini, Monteiro & Larch 2016, ch. 2),
and print every economy's changes.

The table (--flows, CSV or Parquet) has columns exporter, importer and flow
(or value, or trade; other names with --exporter-col, --importer-col,
--flow-col), and optionally year (--year picks one). Domestic flows (rows
with exporter = importer) are required for every economy. Without
--estimate the observed flows of the year are the baseline; with
--estimate 'FORMULA' (fixest syntax, e.g. 'flow ~ rta | exporter^year +
importer^year + exporter^importer') the formula is fitted to the whole
panel by PPML and the fitted flows of the year are the baseline, the
structural-gravity practice of building costs from pair effects relative
to domestic trade (see ge.FirstStage); its coefficients can then be named
as partial effects (rta, or -rta for its negative).

Shocks (repeatable, all added up):
  --agreement MEMBERS:EFFECT    every ordered pair of members gets the log
                                partial effect EFFECT (number or coefficient)
  --remove-border [MEMBERS:]COEF  international pairs (among MEMBERS, or all)
                                lose a border whose gravity coefficient is COEF
                                (negative): partial effect -COEF
  --tariff MEMBERS:OLD:NEW[:ELASTICITY]  ad valorem tariffs among members go
                                from OLD to NEW (0.05 = 5%); partial effect
                                -ELASTICITY*ln((1+NEW)/(1+OLD)), ELASTICITY
                                defaulting to --theta
  --pair EXPORTER,IMPORTER:RATIO  one direction's trade-cost factor is
                                multiplied by RATIO; partial effect -theta*ln(RATIO)
  --shocks FILE                 CSV: exporter,importer and partial_effect (number
                                or coefficient) or cost_ratio; each pair once

Output, per economy, as percent changes 100*(new/old - 1):
  conditional GE (output and expenditure held): exports, imports, IMR, OMR;
  full endowment GE: exports, imports, real GDP (factory-gate price over the
  consumer price index), factory-gate price, IMR, OMR, welfare (real
  expenditure) and the Arkolakis-Costinot-Rodriguez-Clare formula
  (change in the domestic expenditure share)^(-1/theta).
Signs: a positive partial effect raises trade; positive real GDP and welfare
are gains; IMR is the inward multilateral resistance (the consumer price
index: a rise makes buyers worse off); OMR the outward multilateral
resistance (a fall means producers reach their markets more easily).
Exports, imports, factory-gate prices and IMR are nominal, in the unit
--numeraire fixes: world (world output unchanged), price:ISO (that
economy's factory-gate price unchanged) or imr:ISO (its inward resistance,
i.e. its importer fixed effect, unchanged, as Yotov et al. normalise).
Real GDP, welfare and ACR do not depend on it. In the conditional
equilibrium only relative resistances are identified: they are normalised
by the output-weighted mean OMR (world), the reference's IMR (imr) or its
OMR (price).

The largest residual of the equilibrium's accounting (sales against output,
purchases against expenditure) is printed, with a warning above 1e-6:
multiplicative balances on a table with trade imbalances are inconsistent
(world expenditure then differs from world output) and miss some row sums.

Example:
  steppe gravity ge --flows panel.csv --year 2006 --theta 6 \
    --estimate 'trade ~ rta | exporter^year + importer^year + exporter^importer' \
    --agreement CAN,MEX,USA:-rta --numeraire imr:DEU`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.Positive("tol"), flagcheck.AtLeast("theta", 0), flagcheck.AtLeast("year", 0),
			flagcheck.OneOf("balance", "additive", "multiplicative"), flagcheck.OneOf("solver", "hat", "ge-ppml", "both")),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runGravityGE(cmd.OutOrStdout(), cmd.ErrOrStderr(), fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.flows, "flows", "", "flow table, .csv or .parquet (required)")
	f.StringVar(&fl.cols.Exporter, "exporter-col", "exporter", "column of exporter codes")
	f.StringVar(&fl.cols.Importer, "importer-col", "importer", "column of importer codes")
	f.StringVar(&fl.cols.Flow, "flow-col", "flow|value|trade", "column of flows (alternatives separated by |)")
	f.StringVar(&fl.cols.Year, "year-col", "year", "column of years (optional in the file)")
	f.IntVar(&fl.year, "year", 0, "baseline year (0: the table's only year)")
	f.StringVar(&fl.estimate, "estimate", "", "first-stage gravity formula fitted to the whole table by PPML; the baseline is its fitted flows of --year")
	f.Float64Var(&fl.theta, "theta", 0, "trade elasticity (sigma - 1); default the median of ge.DefaultTheta (3 to 8.28, mode 5)")
	f.StringVar(&fl.balance, "balance", "additive", "trade imbalances: additive (deficits fixed in the numeraire) or multiplicative (expenditure a fixed multiple of output)")
	f.StringVar(&fl.solver, "solver", "hat", "hat (exact hat algebra), ge-ppml, or both (reports their largest disagreement)")
	f.StringVar(&fl.numeraire, "numeraire", "world", "world, price:ISO or imr:ISO")
	f.Float64Var(&fl.tol, "tol", 1e-10, "convergence tolerance: largest change in log flows between iterations")
	f.StringArrayVar(&fl.agreements, "agreement", nil, "MEMBERS:EFFECT, e.g. CAN,MEX,USA:0.5 or CAN,MEX,USA:-rta (repeatable)")
	f.StringArrayVar(&fl.borders, "remove-border", nil, "[MEMBERS:]COEF, the border coefficient removed (repeatable)")
	f.StringArrayVar(&fl.tariffs, "tariff", nil, "MEMBERS:OLD:NEW[:ELASTICITY] (repeatable)")
	f.StringArrayVar(&fl.pairs, "pair", nil, "EXPORTER,IMPORTER:RATIO of new to old trade-cost factor (repeatable)")
	f.StringVar(&fl.shockFile, "shocks", "", "CSV of per-pair shocks: exporter,importer,partial_effect or exporter,importer,cost_ratio")
	f.BoolVar(&fl.asJSON, "json", false, "print JSON (schema steppe.gravity.ge/v1)")
	f.BoolVar(&fl.asCSV, "csv", false, "print CSV, one row per economy")
	return cmd
}

// geReport is the JSON document of `steppe gravity ge`.
type geReport struct {
	Schema      string        `json:"schema"`
	Table       string        `json:"table"`
	Year        int           `json:"year,omitempty"`
	Economies   int           `json:"economies"`
	ThetaSource string        `json:"theta_source"`
	Shocks      []string      `json:"shocks"`
	FirstStage  *geFirstStage `json:"first_stage,omitempty"`
	Notes       []string      `json:"notes,omitempty"`
	Outcome     *ge.GEOutcome `json:"outcome"`
}

type geFirstStage struct {
	Formula      string             `json:"formula"`
	Coefficients map[string]float64 `json:"coefficients"`
	NObs         int                `json:"nobs"`
	Unfitted     int                `json:"unfitted_pairs"`
}

// solveGE reads the table and the shocks and solves: everything
// `steppe gravity ge` prints.
func solveGE(fl geFlags) (*geReport, error) {
	if fl.flows == "" {
		return nil, inputErrf("gravity ge: --flows is required")
	}
	if len(fl.agreements)+len(fl.borders)+len(fl.tariffs)+len(fl.pairs) == 0 && fl.shockFile == "" {
		return nil, inputErrf("gravity ge: no shock: give --agreement, --remove-border, --tariff, --pair or --shocks")
	}
	if fl.asJSON && fl.asCSV {
		return nil, inputErrf("gravity ge: --json and --csv exclude each other")
	}
	bal := ge.Additive
	if fl.balance == "multiplicative" {
		bal = ge.Multiplicative
	}
	num, err := ge.ParseNumeraire(fl.numeraire)
	if err != nil {
		return nil, inputErrf("gravity ge: --%v", err)
	}
	tab, err := ge.ReadFlowTable(fl.flows, fl.cols)
	if err != nil {
		return nil, geInputErr("gravity ge", err)
	}
	base, err := tab.Square(fl.year)
	if err != nil {
		return nil, geInputErr("gravity ge", err)
	}
	rep := &geReport{Schema: "steppe.gravity.ge/v1", Table: fl.flows, Year: base.Year}
	var coefs ge.Coefs
	if fl.estimate != "" {
		fr, err := gravity.ReadFile(fl.flows)
		if err != nil {
			return nil, inputErrf("gravity ge: %w", err)
		}
		st, err := ge.EstimateBaseline(fr, fl.flows, fl.estimate, fl.cols, base.Year)
		if err != nil {
			if gravity.IsInputError(err) {
				return nil, inputErrf("gravity ge: --estimate: %w", err)
			}
			return nil, err
		}
		base, coefs = st.Baseline, st.Coefs
		rep.FirstStage = &geFirstStage{Formula: fl.estimate, Coefficients: st.Coefs, NObs: st.Result.NObs, Unfitted: st.Unfitted}
		if st.Unfitted > 0 {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%d pairs of %d have no fitted flow (never traded, or separated) and stay at zero", st.Unfitted, base.Year))
		}
	}
	rep.Economies = base.N()
	theta := fl.theta
	rep.ThetaSource = "--theta"
	if theta == 0 {
		theta = ge.DefaultTheta.Central()
		rep.ThetaSource = "median of ge.DefaultTheta: " + ge.DefaultTheta.Source
	}
	var shocks []ge.Shock
	for _, x := range []struct {
		flag  string
		specs []string
		parse func(string) (ge.Shock, error)
	}{
		{"agreement", fl.agreements, func(s string) (ge.Shock, error) { return ge.ParseAgreementShock(s, coefs) }},
		{"remove-border", fl.borders, func(s string) (ge.Shock, error) { return ge.ParseBorderShock(s, coefs) }},
		{"tariff", fl.tariffs, ge.ParseTariffShock},
		{"pair", fl.pairs, ge.ParsePairShock},
	} {
		for _, s := range x.specs {
			sh, err := x.parse(s)
			if err != nil {
				return nil, inputErrf("gravity ge: --%s %w", x.flag, err)
			}
			if _, err := ge.LogPartials(base.Countries, theta, sh); err != nil {
				return nil, inputErrf("gravity ge: --%s %s: %w", x.flag, s, err)
			}
			shocks = append(shocks, sh)
		}
	}
	if fl.shockFile != "" {
		sh, err := readShockFile(fl.shockFile, base.Countries, coefs)
		if err != nil {
			return nil, err
		}
		shocks = append(shocks, sh)
	}
	for _, s := range shocks {
		rep.Shocks = append(rep.Shocks, s.Describe())
	}
	lb, err := ge.LogPartials(base.Countries, theta, shocks...)
	if err != nil {
		return nil, inputErrf("gravity ge: %w", err)
	}
	if num.Kind != ge.WorldOutput && base.Index(num.Country) < 0 {
		return nil, inputErrf("gravity ge: --numeraire %s: %s is not in the flow table", num, num.Country)
	}
	out, err := ge.Counterfactual(base, lb, ge.GEConfig{Theta: theta, Balance: bal, Tol: fl.tol, Numeraire: num, Solver: fl.solver})
	if err != nil {
		return nil, err
	}
	rep.Outcome = out
	return rep, nil
}

// geInputErr marks a positioned file error, or a problem of the table, as
// bad input of the command cmd.
func geInputErr(cmd string, err error) error {
	var fe *csvfile.FieldError
	if errors.As(err, &fe) {
		return inputErr(err)
	}
	return inputErrf("%s: %w", cmd, err)
}

// readShockFile reads --shocks and checks it against the table.
func readShockFile(path string, countries []string, c ge.Coefs) (ge.Shock, error) {
	sf, err := readInput("gravity ge: --shocks", path, ge.ReadShockFile)
	if err != nil {
		return nil, err
	}
	sh, err := sf.Resolve(countries, c)
	if err != nil {
		return nil, inputErr(err)
	}
	return sh, nil
}

func runGravityGE(stdout, stderr io.Writer, fl geFlags) error {
	rep, err := solveGE(fl)
	if err != nil {
		return err
	}
	for _, w := range rep.Outcome.Warnings {
		fmt.Fprintf(stderr, "warning: %s\n", w)
	}
	switch {
	case fl.asJSON:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case fl.asCSV:
		return writeGECSV(stdout, rep.Outcome)
	}
	return writeGEText(stdout, rep)
}

// geColumns are the per-economy columns of the CSV and text outputs.
var geColumns = []string{"country", "cond_exports_pct", "cond_imports_pct", "cond_imr_pct", "cond_omr_pct",
	"exports_pct", "imports_pct", "real_gdp_pct", "factory_gate_price_pct", "imr_pct", "omr_pct", "welfare_pct", "acr_pct"}

func geRow(c ge.CountryGE, format func(float64) string) []string {
	row := []string{c.Country}
	for _, v := range []float64{c.CondExports, c.CondImports, c.CondIMR, c.CondOMR, c.Exports, c.Imports,
		c.RealGDP, c.FactoryGate, c.IMR, c.OMR, c.Welfare, c.ACR} {
		row = append(row, format(v))
	}
	return row
}

func writeGECSV(w io.Writer, o *ge.GEOutcome) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(geColumns); err != nil {
		return err
	}
	for _, c := range o.Countries {
		if err := cw.Write(geRow(c, func(v float64) string { return strconv.FormatFloat(v, 'g', 17, 64) })); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeGEText(w io.Writer, rep *geReport) error {
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
		fmt.Fprintln(tw, strings.Join(geRow(c, func(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }), "\t")+"\t")
	}
	return tw.Flush()
}
