package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newGravityImportCmd is `steppe gravity import`: a flow table with
// domestic flows, converted from IMF DOTS, CEPII BACI, UN Comtrade or the
// long layout (with GDP for domestic sales), or the bundled baseline, in
// the layout that `steppe run --trade-baseline`, the scenario's
// gravity.trade_baseline and `steppe gravity ge --flows` read.
func newGravityImportCmd() *cobra.Command {
	var fl ge.BaselineRequest
	var out string
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Convert DOTS, BACI or Comtrade trade data into a flow table with domestic flows",
		Long: `Convert a bilateral trade file into the flow table that steppe run
--trade-baseline, a scenario's gravity.trade_baseline and steppe gravity ge read:
columns exporter, importer, year, flow (million USD), with every economy's
domestic sales.

--format dots (IMF Direction of Trade Statistics CSV), baci (CEPII BACI, with
--baci-codes for its country codes), comtrade (UN Comtrade CSV) or long
(exporter,importer,value[,year] in million USD). Domestic sales are GDP minus
exports, with --gdp a World Bank GDP file (Country Code,Year,Value in USD),
floored at --domestic-floor of GDP; without --gdp the file must hold them.
Without --flows the bundled baseline (about 2006, projected to
--target-year) is written. See data/trade/README.md.

Example:
  steppe gravity import --format baci --flows BACI_HS17_Y2022_V202401.csv \
    --baci-codes country_codes_V202401.csv --gdp gdp.csv --year 2022 --out trade2022.csv
  steppe run --trade-baseline trade2022.csv`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("target-year", 0), flagcheck.AtLeast("year", 0),
			flagcheck.Between("domestic-floor", 0, 1, false), flagcheck.OneOf("format", "long", "dots", "baci", "comtrade")),
		RunE: func(cmd *cobra.Command, _ []string) error {
			fl.Bundled = data.FS()
			f, steps, err := fl.Read()
			if err != nil {
				return err
			}
			write := func(w io.Writer) error { return ge.WriteFlowTable(w, f) }
			if out == "" {
				return write(cmd.OutOrStdout())
			}
			if err := writeFile("out", out, write); err != nil {
				return err
			}
			for _, s := range steps {
				fmt.Fprintln(cmd.ErrOrStderr(), s)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s: %d economies, year %d\n", out, f.N(), f.Year)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.Flows, "flows", "", "bilateral trade file (default: the bundled baseline)")
	importFlags(f, &fl)
	f.IntVar(&fl.TargetYear, "target-year", 2023, "without --flows: project the bundled 2006 baseline to this year (0: no projection)")
	f.StringVar(&out, "out", "", "write the table to this file (default: standard output)")
	return cmd
}
