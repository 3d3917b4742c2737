package main

import (
	"io"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// exploreHelp is the help of `steppe explore`.
const exploreHelp = `Exploratory analysis: which assumptions drive an answer, where a policy
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

Every verb takes --json for machine-readable output.`

// newExploreCmd is `steppe explore`: experiment designs, global
// sensitivity analysis, scenario discovery and robustness. The analysis
// verbs read any CSV of experiments.
func newExploreCmd() *cobra.Command {
	c := group("explore", "Sensitivity analysis and scenario discovery", exploreHelp,
		newExploreSobolCmd(), newExploreMorrisCmd(), newExplorePrimCmd(), newExploreCartCmd(), newExploreRobustCmd())
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
	explore.DataRequest
	json bool
}

func (f *exDataFlags) register(c *cobra.Command, needInputs bool) {
	c.Flags().StringVar(&f.Data, "data", "", "CSV of experiments, one row per experiment (required)")
	help := "comma-separated input columns"
	if !needInputs {
		help += " (default: the factors named in the file's header comments)"
	}
	c.Flags().StringVar(&f.Inputs, "inputs", "", help)
	c.Flags().StringVar(&f.Outcome, "outcome", "", "outcome column (required)")
	c.Flags().BoolVar(&f.json, "json", false, "print JSON")
}

// print prints an analysis result as JSON with --json, else as text; an
// analysis error is the data's fault, named by the file.
func (f *exDataFlags) print(cmd *cobra.Command, res interface{ WriteText(io.Writer) error }, err error) error {
	if err != nil {
		return inputErrf("%s: %v", f.Data, err)
	}
	return printAs(cmd.OutOrStdout(), f.json, res, res.WriteText)
}
