package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// counterfactualFlags are the options of `steppe gravity counterfactual`.
type counterfactualFlags struct {
	scenario, policy     string
	draws                int
	seed                 uint64
	asJSON, verbose      bool
	theta                float64
	balance, solver      string
	tol                  float64
	targetYear           int
	flows, format        string
	baciCodes, gdp       string
	year                 int
	domesticFloor        float64
	partners             []string
	importPreferExporter bool
	costRatios           string
	routes               string
	dayCost              float64
	agreements           []string
	against              string
	tradeBaseline        string
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
			return runCounterfactual(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.scenario, "scenario", defaultScenario, "scenario: an embedded name or a YAML file")
	f.StringVar(&fl.policy, "policy", "", "policy id of the scenario (required)")
	f.IntVar(&fl.draws, "draws", 200, "number of draws of theta and the trade-cost changes")
	f.Uint64Var(&fl.seed, "seed", 1, "random seed")
	f.BoolVar(&fl.asJSON, "json", false, "print JSON (schema steppe.gravity.counterfactual/v1)")
	f.BoolVar(&fl.verbose, "verbose", false, "print how the baseline was built")
	f.Float64Var(&fl.theta, "theta", 0, "fix the trade elasticity (default: the scenario's gravity.theta, else triangular(3, 5, 8.28), see ge.DefaultTheta)")
	f.StringVar(&fl.balance, "balance", "additive", "trade imbalances: additive or multiplicative")
	f.StringVar(&fl.solver, "solver", "hat", "solver: hat (exact hat algebra) or ge-ppml")
	f.Float64Var(&fl.tol, "tol", 1e-8, "convergence tolerance: largest change in log flows between iterations")
	f.IntVar(&fl.targetYear, "target-year", 2023, "project the bundled 2006 baseline to this year with World Bank GDP (0: no projection)")
	f.StringVar(&fl.flows, "flows", "", "bilateral flow file replacing the bundled baseline")
	f.StringVar(&fl.tradeBaseline, "trade-baseline", "", "flow table with domestic flows (CSV or Parquet: exporter,importer,flow[,year]; as steppe gravity import writes) replacing the bundled baseline; --year picks its year (0: the latest)")
	importFlags(f, &fl)
	f.StringVar(&fl.costRatios, "cost-ratios", "", "CSV of per-pair trade-cost ratios (exporter,importer,ratio; 0.9 = 10% lower), e.g. from routes before and after a project; added to the policy, or used alone without --policy")
	f.StringVar(&fl.routes, "routes", "", "JSON of `steppe network compare --json`: route and corridor time changes priced as trade-cost changes (added to the policy, or used alone)")
	f.Float64Var(&fl.dayCost, "day-cost", 0, "ad valorem cost of a day in transit for --routes (default: uniform 0.6-2.1%, Hummels & Schaur 2013)")
	f.StringArrayVar(&fl.agreements, "agreement", nil, "an agreement among members with a gravity partial effect and its standard error, MEMBERS:BETA[:SE] (e.g. KAZ,KGZ,TJK,TKM,UZB:0.224:0.03; draws from normal(BETA, SE)); repeatable")
	f.StringVar(&fl.against, "against", "", "price the policy against this scenario policy (e.g. baseline) instead of against no change; both are solved with the same draws")
	f.StringSliceVar(&fl.partners, "partners", []string{"RUS", "CHN"}, "economies whose share of each focus economy's trade is reported")
	return cmd
}

func runCounterfactual(ctx context.Context, stdout, stderr io.Writer, fl counterfactualFlags) error {
	if fl.policy == "" && fl.costRatios == "" && fl.routes == "" && len(fl.agreements) == 0 {
		return inputErrf("gravity counterfactual: --policy is required (or --agreement, --cost-ratios or --routes)")
	}
	if fl.draws < 0 {
		return inputErrf("gravity counterfactual: --draws %d must be at least 0", fl.draws)
	}
	if !(fl.tol > 0) {
		return inputErrf("gravity counterfactual: --tol %v must be positive", fl.tol)
	}
	sc, err := checkScenario(ctx, fl.scenario)
	if err != nil {
		return err
	}
	w := sc.World
	pol := ge.Policy{Name: "command-line measures"}
	var notes []string
	if fl.policy != "" {
		if pol, notes, err = ge.WorldPolicy(w, fl.policy); err != nil {
			return inputErrf("gravity counterfactual: --policy: %w", err)
		}
	}
	for _, a := range fl.agreements {
		m, err := agreementMeasure(a)
		if err != nil {
			return err
		}
		pol.Measures = append(pol.Measures, m)
	}
	if fl.costRatios != "" {
		ms, err := costRatioMeasures(fl.costRatios)
		if err != nil {
			return err
		}
		pol.Measures = append(pol.Measures, ms...)
		notes = append(notes, fmt.Sprintf("%d per-pair cost ratios from %s", len(ms), fl.costRatios))
	}
	base, steps, err := counterfactualBaseline(fl)
	if err != nil {
		return err
	}
	if fl.routes != "" {
		m, rnotes, err := routeMeasure(fl.routes, fl.dayCost, base.Countries)
		if err != nil {
			return err
		}
		pol.Measures = append(pol.Measures, m)
		notes = append(notes, rnotes...)
	}
	study, err := ge.WorldStudy(w, base, fl.partners, fl.tol)
	if err != nil {
		return inputErrf("gravity counterfactual: %w", err)
	}
	if err := study.SetMethod(fl.balance, fl.solver); err != nil {
		return inputErrf("gravity counterfactual: --%v", err)
	}
	if fl.theta != 0 {
		if !(fl.theta > 0) {
			return inputErrf("gravity counterfactual: --theta %v must be positive", fl.theta)
		}
		study.Theta = ge.Param{Dist: dist.Fixed{V: fl.theta}, Source: "--theta"}
	}
	if len(pol.Measures) == 0 {
		return inputErrf("gravity counterfactual: policy %q changes no trade costs (%s)", fl.policy, strings.Join(notes, "; "))
	}
	if err := pol.Check(base.Countries); err != nil {
		return inputErrf("gravity counterfactual: %w", err)
	}
	var central *ge.Draw
	var draws []*ge.Draw
	if fl.against == "" {
		central, draws, err = study.Run(pol, fl.draws, fl.seed)
	} else {
		ref, _, rerr := ge.WorldPolicy(w, fl.against)
		if rerr != nil {
			return inputErrf("gravity counterfactual: --against: %w", rerr)
		}
		if err := ref.Check(base.Countries); err != nil {
			return inputErrf("gravity counterfactual: %w", err)
		}
		central, draws, err = study.RunAgainst(pol, ref, fl.draws, fl.seed)
		notes = append(notes, fmt.Sprintf("changes are relative to policy %s solved with the same draws: shares 'before' are under %s", fl.against, fl.against))
	}
	if err != nil {
		return err
	}
	out := study.NewReport(w.Name, pol, fl.against, fl.solver, fl.draws, fl.seed, steps, notes, central, draws)
	if fl.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out.JSONSafe())
	}
	return out.WriteText(stdout, fl.verbose)
}

// importFlags defines the flags of the importers (layout, codes, GDP for
// domestic sales, year), shared by gravity counterfactual and gravity
// import.
func importFlags(f *pflag.FlagSet, fl *counterfactualFlags) {
	f.StringVar(&fl.format, "format", "long", "layout of --flows: long, dots, baci, comtrade")
	f.StringVar(&fl.baciCodes, "baci-codes", "", "BACI country_codes file for --format baci")
	f.StringVar(&fl.gdp, "gdp", "", "GDP file (World Bank layout: Country Code,Year,Value in USD) to build domestic sales for --flows")
	f.IntVar(&fl.year, "year", 0, "year to read from the input files (0: the file's only year; for --trade-baseline, its latest)")
	f.Float64Var(&fl.domesticFloor, "domestic-floor", 0.1, "smallest domestic sales as a share of GDP when built from GDP")
	f.BoolVar(&fl.importPreferExporter, "prefer-exports", false, "use exporter-reported flows where both partners report (default: importer-reported)")
}

// agreementMeasure parses --agreement MEMBERS:BETA[:SE].
func agreementMeasure(spec string) (ge.Measure, error) {
	m, err := ge.ParseAgreement(spec, "--agreement")
	if err != nil {
		return ge.Measure{}, inputErrf("gravity counterfactual: --agreement %v", err)
	}
	return m, nil
}

// costRatioMeasures reads --cost-ratios: one fixed cost-change measure per
// listed direction.
func costRatioMeasures(path string) ([]ge.Measure, error) {
	m, err := readInput("gravity counterfactual", path, ge.ReadCostRatios)
	if err != nil {
		return nil, err
	}
	return ge.CostRatioMeasures(m, path), nil
}

// readInput opens the user's file path and reads it with read; a file
// that cannot be opened or read is bad input (cmd names the command).
func readInput[T any](cmd, path string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	r, err := os.Open(path)
	if err != nil {
		return zero, inputErrf("%s: %w", cmd, err)
	}
	defer r.Close()
	v, err := read(r, path)
	if err != nil {
		return zero, inputErr(err)
	}
	return v, nil
}

// routeMeasure reads --routes: the network comparison's time savings as one
// transit-time measure whose size is the cost of a day in transit.
func routeMeasure(path string, dayCost float64, countries []string) (ge.Measure, []string, error) {
	ch, err := readInput("gravity counterfactual", path, ge.ReadNetworkComparison)
	if err != nil {
		return ge.Measure{}, nil, err
	}
	size := ge.DefaultDayCost
	if dayCost != 0 {
		if !(dayCost > 0) {
			return ge.Measure{}, nil, inputErrf("gravity counterfactual: --day-cost %v must be positive", dayCost)
		}
		size = ge.Param{Dist: dist.Fixed{V: dayCost}, Source: "--day-cost"}
	}
	m, notes, err := ge.RouteMeasure(ch, countries, size, path)
	if err != nil {
		return ge.Measure{}, nil, inputErrf("gravity counterfactual: %w", err)
	}
	return m, notes, nil
}

// counterfactualBaseline returns the flow table: the bundled baseline or
// the user's file.
func counterfactualBaseline(fl counterfactualFlags) (*ge.Flows, []string, error) {
	if fl.tradeBaseline != "" {
		if fl.flows != "" {
			return nil, nil, inputErrf("gravity counterfactual: --trade-baseline and --flows exclude each other")
		}
		f, err := ge.ReadBaselineTable(fl.tradeBaseline, fl.year)
		if err != nil {
			return nil, nil, geInputErr("gravity counterfactual: --trade-baseline", err)
		}
		return f, []string{fmt.Sprintf("read %s, year %d, %d economies, domestic flows as given", fl.tradeBaseline, f.Year, f.N())}, nil
	}
	if fl.flows == "" {
		f, rep, err := ge.CentralAsiaBaseline(data.FS(), fl.targetYear)
		if err != nil {
			return nil, nil, err
		}
		return f, rep.Steps, nil
	}
	opt := ge.ImportOptions{Year: fl.year, PreferExports: fl.importPreferExporter}
	r, err := os.Open(fl.flows)
	if err != nil {
		return nil, nil, inputErrf("gravity counterfactual: %w", err)
	}
	defer r.Close()
	var codes io.Reader
	if fl.format == "baci" && fl.baciCodes != "" {
		cf, cerr := os.Open(fl.baciCodes)
		if cerr != nil {
			return nil, nil, inputErrf("gravity counterfactual: %w", cerr)
		}
		defer cf.Close()
		codes = cf
	}
	b, err := ge.ReadFlows(fl.format, r, fl.flows, codes, fl.baciCodes, opt)
	if err != nil {
		return nil, nil, inputErr(err)
	}
	steps := append([]string{"read " + b.Source}, b.Notes...)
	if fl.gdp == "" {
		f, err := b.Square()
		if err != nil {
			return nil, nil, inputErrf("gravity counterfactual: %w (or pass --gdp)", err)
		}
		return f, append(steps, "domestic sales as given in the file"), nil
	}
	gf, err := os.Open(fl.gdp)
	if err != nil {
		return nil, nil, inputErrf("gravity counterfactual: %w", err)
	}
	defer gf.Close()
	series, err := ge.ReadWorldBankGDP(gf, fl.gdp)
	if err != nil {
		return nil, nil, inputErr(err)
	}
	f, more, err := ge.DomesticFromGDP(b, series, fl.gdp, ge.DomesticOptions{Floor: fl.domesticFloor})
	if err != nil {
		return nil, nil, inputErr(err)
	}
	return f, append(steps, more...), nil
}
