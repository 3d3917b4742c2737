package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newExploreCmd is `steppe explore`: experiment designs, global
// sensitivity analysis, scenario discovery and robustness. The analysis
// verbs read any CSV of experiments.
func newExploreCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "explore",
		Short: "Sensitivity analysis and scenario discovery",
		Long: `Exploratory analysis: which assumptions drive an answer, where a policy
fails, and which policy is robust across scenarios.

Designs over a scenario's uncertain parameters, evaluated by the simulation:
  steppe explore sample --design sobol -n 1024 --out experiments.csv
  steppe explore run --experiments experiments.csv --out results.csv
  steppe explore sweep --design sobol -n 1024 --out results.csv   (both)
  steppe explore groups                      (how --groups default groups the parameters)
  steppe explore sweep --design sobol --groups default -n 1024 --out results.csv
      (grouped Sobol' indices: every parameter, N(G+2) runs for G groups)

Analyses of any CSV of experiments (one row per experiment):
  steppe explore sobol  --data results.csv --inputs a,b,c --outcome y
  steppe explore morris --data results.csv --inputs a,b,c --outcome y
  steppe explore prim   --data results.csv --inputs a,b,c --outcome y --threshold 0
  steppe explore prim   --data sobol.csv --outcome delta.P.KGZ.2032 --threshold 0 --or-equal --sobol-ab
  steppe explore cart   --data results.csv --inputs a,b,c --outcome y --threshold 0
  steppe explore robust --data results.csv --policy-col policy --outcome y

Every verb takes --json for machine-readable output.`,
	}
	c.AddCommand(newExploreSobolCmd(), newExploreMorrisCmd(), newExplorePrimCmd(), newExploreCartCmd(), newExploreRobustCmd())
	for _, s := range newExploreSimCmds() {
		s.PreRunE = flagcheck.PreRun(exSimChecks(s)...)
		c.AddCommand(s)
	}
	return c
}

// exSimChecks are the checks of the design and evaluation flags that the
// simulation verbs (sample, run, sweep, groups) have, so that a bad value is
// refused before the scenario is loaded.
func exSimChecks(c *cobra.Command) []flagcheck.Check {
	var cks []flagcheck.Check
	if c.Flags().Lookup("design") != nil {
		cks = append(cks, flagcheck.OneOf("design", "sobol", "lhs", "morris", "mc"), flagcheck.AtLeast("n", 1), flagcheck.AtLeast("levels", 2), exEvenLevels,
			flagcheck.Exclusive("policy-factor", "cross-policies"), exMorrisOnly, flagcheck.ListOf("posterior-factors", "decision", "hazard"))
	}
	if c.Flags().Lookup("draws") != nil {
		cks = append(cks, flagcheck.AtLeast("draws", 1), flagcheck.AtLeast("workers", 0))
	}
	return cks
}

// exMorrisOnly checks the Morris-only --optimal-trajectories K: a Morris
// design, and K between 2 and the -n trajectories drawn (exclusive). It
// checks that the posterior factors are not asked of a Morris design,
// whose grid would visit a few posterior draws in an arbitrary order.
func exMorrisOnly(fs *pflag.FlagSet) error {
	design, _ := fs.GetString("design")
	if fs.Changed("posterior-factors") && design == string(explore.Morris) {
		return inputErrf("--posterior-factors with --design morris: a Morris grid would visit only a few posterior draws, in an arbitrary order; use sobol, lhs or mc")
	}
	if !fs.Changed("optimal-trajectories") {
		return nil
	}
	k, _ := fs.GetInt("optimal-trajectories")
	n, _ := fs.GetInt("n")
	if design != string(explore.Morris) {
		return inputErrf("--optimal-trajectories applies to --design morris, not %s", design)
	}
	if k < 2 || k >= n {
		return inputErrf("--optimal-trajectories %d: want at least 2 and fewer than the %d trajectories drawn (-n)", k, n)
	}
	return nil
}

// exEvenLevels checks that a Morris grid has an even number of levels, so
// that its step of levels/(2(levels-1)) keeps every point on the grid
// (Morris 1991; explore.DesignSpec.Levels).
func exEvenLevels(fs *pflag.FlagSet) error {
	if v, _ := fs.GetInt("levels"); fs.Changed("levels") && v%2 != 0 {
		return inputErrf("--levels %d: must be even", v)
	}
	return nil
}

// exDataFlags are shared by the analysis verbs.
type exDataFlags struct {
	data    string
	inputs  string
	outcome string
	json    bool
}

func (f *exDataFlags) register(c *cobra.Command, needInputs bool) {
	c.Flags().StringVar(&f.data, "data", "", "CSV of experiments, one row per experiment (required)")
	help := "comma-separated input columns"
	if !needInputs {
		help += " (default: the factors named in the file's header comments)"
	}
	c.Flags().StringVar(&f.inputs, "inputs", "", help)
	c.Flags().StringVar(&f.outcome, "outcome", "", "outcome column (required)")
	c.Flags().BoolVar(&f.json, "json", false, "print JSON")
}

// load reads the table and resolves the input and outcome columns.
func (f *exDataFlags) load() (*explore.Table, []string, error) {
	if f.data == "" {
		return nil, nil, inputErrf("--data is required")
	}
	if f.outcome == "" {
		return nil, nil, inputErrf("--outcome is required")
	}
	fh, err := os.Open(f.data)
	if err != nil {
		return nil, nil, inputErr(err)
	}
	defer fh.Close()
	t, err := explore.ReadCSV(fh, f.data)
	if err != nil {
		return nil, nil, inputErr(err)
	}
	if t.Len() == 0 {
		return nil, nil, inputErrf("%s: no rows", f.data)
	}
	inputs := splitList(f.inputs)
	if f.inputs == "" {
		inputs = t.HeaderFactors()
	}
	if f.inputs == "" && len(inputs) == 0 {
		return nil, nil, inputErrf("--inputs is required: %s names no factors in its header comments", f.data)
	}
	if err := t.CheckColumns(append(append([]string{}, inputs...), f.outcome)); err != nil {
		if d := (*explore.DuplicateColumnError)(nil); errors.As(err, &d) {
			return nil, nil, inputErrf("%v in --inputs/--outcome", err)
		}
		return nil, nil, inputErr(err)
	}
	return t, inputs, nil
}

// loadNumeric loads the table with its inputs as numbers (x, by row) and
// its outcome (y), as the sensitivity analyses need them.
func (f *exDataFlags) loadNumeric() (t *explore.Table, inputs []string, x [][]float64, y []float64, err error) {
	if t, inputs, err = f.load(); err != nil {
		return nil, nil, nil, nil, err
	}
	if y, err = exOutcomeValues(t, f.outcome); err != nil {
		return nil, nil, nil, nil, err
	}
	if x, err = exNumericInputs(t, inputs); err != nil {
		return nil, nil, nil, nil, err
	}
	return t, inputs, x, y, nil
}

// print prints an analysis result as JSON with --json, else as text; an
// analysis error is the data's fault, named by the file.
func (f *exDataFlags) print(cmd *cobra.Command, res interface{ WriteText(io.Writer) error }, err error) error {
	if err != nil {
		return inputErrf("%s: %v", f.data, err)
	}
	if f.json {
		return exWriteJSON(cmd.OutOrStdout(), res)
	}
	return res.WriteText(cmd.OutOrStdout())
}

// exOutcomeValues reads the outcome column; a constant outcome is bad input.
func exOutcomeValues(t *explore.Table, name string) ([]float64, error) {
	y, err := t.Outcome(name)
	return y, inputErr(err)
}

// exNumericInputs reads the input columns as numbers (see
// [explore.Table.Inputs]); text in an undeclared column is bad input.
func exNumericInputs(t *explore.Table, inputs []string) ([][]float64, error) {
	x, err := t.Inputs(inputs)
	return x, inputErr(err)
}

func exWriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
