package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newGravityGECmd is `steppe gravity ge`: the general-equilibrium effects of
// any change in trade costs on any flow table. It is a sibling of
// `gravity counterfactual`, not an extension of it, because that verb is a
// Monte Carlo study of a scenario's policies (draws of theta and of every
// measure, quantiles, focus economies and partners), while this one is the
// deterministic textbook counterfactual of the structural gravity
// literature on the user's own table: one theta, one shock, every economy,
// conditional and full equilibrium, multilateral resistances.
func newGravityGECmd() *cobra.Command {
	var r ge.TableRequest
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
			rep, err := ge.SolveTable(r)
			if err != nil {
				return err
			}
			for _, w := range rep.Outcome.Warnings {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
			}
			switch {
			case r.JSON:
				return writeJSON(cmd.OutOrStdout(), rep)
			case r.CSV:
				return rep.WriteCSV(cmd.OutOrStdout())
			}
			return rep.WriteText(cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&r.Flows, "flows", "", "flow table, .csv or .parquet (required)")
	f.StringVar(&r.Cols.Exporter, "exporter-col", "exporter", "column of exporter codes")
	f.StringVar(&r.Cols.Importer, "importer-col", "importer", "column of importer codes")
	f.StringVar(&r.Cols.Flow, "flow-col", "flow|value|trade", "column of flows (alternatives separated by |)")
	f.StringVar(&r.Cols.Year, "year-col", "year", "column of years (optional in the file)")
	f.IntVar(&r.Year, "year", 0, "baseline year (0: the table's only year)")
	f.StringVar(&r.Estimate, "estimate", "", "first-stage gravity formula fitted to the whole table by PPML; the baseline is its fitted flows of --year")
	f.Float64Var(&r.Theta, "theta", 0, "trade elasticity (sigma - 1); default the median of ge.DefaultTheta (3 to 8.28, mode 5)")
	f.StringVar(&r.Balance, "balance", "additive", "trade imbalances: additive (deficits fixed in the numeraire) or multiplicative (expenditure a fixed multiple of output)")
	f.StringVar(&r.Solver, "solver", "hat", "hat (exact hat algebra), ge-ppml, or both (reports their largest disagreement)")
	f.StringVar(&r.Numeraire, "numeraire", "world", "world, price:ISO or imr:ISO")
	f.Float64Var(&r.Tol, "tol", 1e-10, "convergence tolerance: largest change in log flows between iterations")
	f.StringArrayVar(&r.Agreements, "agreement", nil, "MEMBERS:EFFECT, e.g. CAN,MEX,USA:0.5 or CAN,MEX,USA:-rta (repeatable)")
	f.StringArrayVar(&r.Borders, "remove-border", nil, "[MEMBERS:]COEF, the border coefficient removed (repeatable)")
	f.StringArrayVar(&r.Tariffs, "tariff", nil, "MEMBERS:OLD:NEW[:ELASTICITY] (repeatable)")
	f.StringArrayVar(&r.Pairs, "pair", nil, "EXPORTER,IMPORTER:RATIO of new to old trade-cost factor (repeatable)")
	f.StringVar(&r.ShockFile, "shocks", "", "CSV of per-pair shocks: exporter,importer,partial_effect or exporter,importer,cost_ratio")
	f.BoolVar(&r.JSON, "json", false, "print JSON (schema steppe.gravity.ge/v1)")
	f.BoolVar(&r.CSV, "csv", false, "print CSV, one row per economy")
	return cmd
}
