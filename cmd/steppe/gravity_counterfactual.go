package main

import (
	"context"
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// counterfactualFlags are the options of `steppe gravity counterfactual`.
type counterfactualFlags struct {
	ge.StudyRequest
	scenario        string
	asJSON, verbose bool
}

// newGravityCounterfactualCmd is `steppe gravity counterfactual`: the
// general-equilibrium effects of a scenario policy's trade-cost changes.
func newGravityCounterfactualCmd() *cobra.Command {
	var fl counterfactualFlags
	cmd := &cobra.Command{
		Use:   "counterfactual",
		Short: "General-equilibrium trade and welfare effects of a scenario policy",
		Long: `Price a scenario policy's trade-cost changes in general equilibrium: new trade
flows, factory-gate prices, price indices and real GDP for every economy, by
exact hat algebra (Baier, Yotov & Zylkin 2019, ge_gravity) or GE-PPML (Yotov,
Piermartini, Monteiro & Larch 2016).

Each project of the policy with a trade_cost entry becomes a change in
bilateral trade costs; the trade elasticity theta and every change are drawn
from their distributions, and the table gives the central case (all inputs at
their medians) with the 5% and 95% quantiles over draws.

The baseline is the bundled Head-Mayer-Ries goods-trade table (about 2006,
166 economies) with domestic sales from GDP, projected to --target-year with
World Bank GDP (see data/trade/README.md; --verbose prints each step). Use
--flows to bring a recent matrix: --format long (exporter,importer,value in
million USD; with domestic sales or with --gdp), dots (IMF DOTS panel CSV),
baci (CEPII BACI, with --baci-codes) or comtrade (UN Comtrade CSV).

Example:
  steppe gravity counterfactual --scenario central-asia --policy fast-track-integration --draws 200`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("draws", 0), flagcheck.Positive("tol"), flagcheck.AtLeast("theta", 0), flagcheck.AtLeast("target-year", 0), flagcheck.AtLeast("year", 0),
			flagcheck.Between("domestic-floor", 0, 1, false), flagcheck.AtLeast("day-cost", 0),
			flagcheck.OneOf("balance", "additive", "multiplicative"), flagcheck.OneOf("solver", "hat", "ge-ppml"), flagcheck.OneOf("format", "long", "dots", "baci", "comtrade")),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCounterfactual(cmd.Context(), cmd.OutOrStdout(), fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.scenario, "scenario", defaultScenario, "scenario: an embedded name or a YAML file")
	f.StringVar(&fl.Policy, "policy", "", "policy id of the scenario (required)")
	f.IntVar(&fl.Draws, "draws", 200, "number of draws of theta and the trade-cost changes")
	f.Uint64Var(&fl.Seed, "seed", 1, "random seed")
	f.BoolVar(&fl.asJSON, "json", false, "print JSON (schema steppe.gravity.counterfactual/v1)")
	f.BoolVar(&fl.verbose, "verbose", false, "print how the baseline was built")
	f.Float64Var(&fl.Theta, "theta", 0, "fix the trade elasticity (default: the scenario's gravity.theta, else triangular(3, 5, 8.28), see ge.DefaultTheta)")
	f.StringVar(&fl.Balance, "balance", "additive", "trade imbalances: additive or multiplicative")
	f.StringVar(&fl.Solver, "solver", "hat", "solver: hat (exact hat algebra) or ge-ppml")
	f.Float64Var(&fl.Tol, "tol", 1e-8, "convergence tolerance: largest change in log flows between iterations")
	f.IntVar(&fl.TargetYear, "target-year", 2023, "project the bundled 2006 baseline to this year with World Bank GDP (0: no projection)")
	f.StringVar(&fl.Flows, "flows", "", "bilateral flow file replacing the bundled baseline")
	f.StringVar(&fl.TradeBaseline, "trade-baseline", "", "flow table with domestic flows (CSV or Parquet: exporter,importer,flow[,year]; as steppe gravity import writes) replacing the bundled baseline; --year picks its year (0: the latest)")
	importFlags(f, &fl.BaselineRequest)
	f.StringVar(&fl.CostRatios, "cost-ratios", "", "CSV of per-pair trade-cost ratios (exporter,importer,ratio; 0.9 = 10% lower), e.g. from routes before and after a project; added to the policy, or used alone without --policy")
	f.StringVar(&fl.Routes, "routes", "", "JSON of `steppe network compare --json`: route and corridor time changes priced as trade-cost changes (added to the policy, or used alone)")
	f.Float64Var(&fl.DayCost, "day-cost", 0, "ad valorem cost of a day in transit for --routes (default: uniform 0.6-2.1%, Hummels & Schaur 2013)")
	f.StringArrayVar(&fl.Agreements, "agreement", nil, "an agreement among members with a gravity partial effect and its standard error, MEMBERS:BETA[:SE] (e.g. KAZ,KGZ,TJK,TKM,UZB:0.224:0.03; draws from normal(BETA, SE)); repeatable")
	f.StringVar(&fl.Against, "against", "", "price the policy against this scenario policy (e.g. baseline) instead of against no change; both are solved with the same draws")
	f.StringSliceVar(&fl.Partners, "partners", []string{"RUS", "CHN"}, "economies whose share of each focus economy's trade is reported")
	return cmd
}

func runCounterfactual(ctx context.Context, stdout io.Writer, fl counterfactualFlags) error {
	if err := fl.Check(); err != nil {
		return err
	}
	sc, err := checkScenario(ctx, fl.scenario)
	if err != nil {
		return err
	}
	fl.Bundled = data.FS()
	out, err := ge.RunStudy(sc.World, fl.StudyRequest)
	if err != nil {
		return err
	}
	if fl.asJSON {
		return writeJSON(stdout, out.JSONSafe())
	}
	return out.WriteText(stdout, fl.verbose)
}

// importFlags defines the flags of the importers (layout, codes, GDP for
// domestic sales, year), shared by gravity counterfactual and gravity
// import.
func importFlags(f *pflag.FlagSet, fl *ge.BaselineRequest) {
	f.StringVar(&fl.Format, "format", "long", "layout of --flows: long, dots, baci, comtrade")
	f.StringVar(&fl.BACICodes, "baci-codes", "", "BACI country_codes file for --format baci")
	f.StringVar(&fl.GDP, "gdp", "", "GDP file (World Bank layout: Country Code,Year,Value in USD) to build domestic sales for --flows")
	f.IntVar(&fl.Year, "year", 0, "year to read from the input files (0: the file's only year; for --trade-baseline, its latest)")
	f.Float64Var(&fl.DomesticFloor, "domestic-floor", 0.1, "smallest domestic sales as a share of GDP when built from GDP")
	f.BoolVar(&fl.PreferExports, "prefer-exports", false, "use exporter-reported flows where both partners report (default: importer-reported)")
}
