package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

func newExploreSobolCmd() *cobra.Command {
	var (
		df        exDataFlags
		r         explore.SobolRequest
		estimator string
	)
	c := &cobra.Command{
		Use:   "sobol",
		Short: "Sobol' first-order, total and second-order indices from a Saltelli design",
		Long: `Estimates Sobol' indices from experiments in the Saltelli layout (as written
by 'steppe explore sample --design sobol' or SALib's saltelli/sobol sampler):
first-order (Saltelli et al. 2010, or Jansen 1999), total (Jansen 1999) and,
with second-order rows, second-order indices, each with a bootstrap interval,
plus the indices against sample size. Rows must stay in design order.`,
		PreRunE: flagcheck.PreRun(flagcheck.OneOf("second-order", "auto", "true", "false"), flagcheck.OneOf("estimator", "saltelli2010", "jansen"),
			flagcheck.Between("conf", 0, 1, true)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			r.Estimator = explore.Estimator(estimator)
			res, n, err := r.Run(df.DataRequest)
			if err != nil {
				return err
			}
			if df.json {
				return writeJSON(cmd.OutOrStdout(), res)
			}
			return res.WriteText(cmd.OutOrStdout(), n)
		},
	}
	df.register(c, false)
	c.Flags().StringVar(&r.SecondOrderRows, "second-order", "auto", "rows include B_A^j for second-order indices: auto (from the file's header or row count), true, false")
	c.Flags().StringVar(&estimator, "estimator", "saltelli2010", "first-order estimator: saltelli2010 or jansen (total indices use Jansen 1999)")
	c.Flags().IntVar(&r.Resamples, "resamples", 1000, "bootstrap resamples (negative: none)")
	c.Flags().Float64Var(&r.Conf, "conf", 0.95, "confidence level of the intervals")
	c.Flags().Uint64Var(&r.Seed, "seed", 1, "bootstrap seed")
	c.Flags().StringArrayVar(&r.Groups, "group", nil, "indices of a group of inputs switched together in the design: 'name=pattern1,pattern2' (patterns are input-name prefixes, * one dot-separated segment); repeatable; default: the groups in the file's header")
	return c
}

func newExploreMorrisCmd() *cobra.Command {
	var (
		df        exDataFlags
		resamples int
		seed      uint64
	)
	c := &cobra.Command{
		Use:   "morris",
		Short: "Morris elementary effects: mu, mu* and sigma",
		Long: `Screens inputs by Morris (1991) elementary effects from experiments laid out as
trajectories of D+1 rows (as written by 'steppe explore sample --design
morris'): mu* ranks influence (Campolongo et al. 2007), sigma signals
interactions or non-linearity. Effects are scaled to each input's observed
range: mu* is the change in the outcome across the range for a linear model.
A categorical factor (such as policy) enters by its level index, so its mu*
is the mean absolute change from switching level.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, inputs, x, y, err := df.LoadNumeric()
			if err != nil {
				return err
			}
			res, err := explore.MorrisAnalyze(x, y, explore.MorrisOptions{Inputs: inputs, Resamples: resamples, Seed: seed})
			if err == nil {
				res.Outcome = df.Outcome
			}
			return df.print(cmd, res, err)
		},
	}
	df.register(c, false)
	c.Flags().IntVar(&resamples, "resamples", 1000, "bootstrap resamples for the mu* interval (negative: none)")
	c.Flags().Uint64Var(&seed, "seed", 1, "bootstrap seed")
	return c
}

// exClassifyFlags turn an outcome column into cases of interest.
type exClassifyFlags struct{ explore.CaseRequest }

func (f *exClassifyFlags) register(c *cobra.Command) {
	c.Flags().Float64Var(&f.Threshold, "threshold", math.NaN(), "a case of interest has outcome > T (< T with --below)")
	c.Flags().BoolVar(&f.Below, "below", false, "cases of interest are outcomes below --threshold")
	c.Flags().BoolVar(&f.Positive, "positive", false, "the outcome is already a flag: true or non-zero is a case of interest")
	c.Flags().BoolVar(&f.OrEqual, "or-equal", false, "with --threshold: a case of interest has outcome >= T (<= T with --below), e.g. a policy that fails to lower a risk: delta >= 0")
	c.Flags().StringVar(&f.Categorical, "categorical", "", "comma-separated inputs to treat as categorical (each distinct value a level); the factors a design file's header declares categorical are too, and every other input must hold numbers (or only true/false)")
	c.Flags().BoolVar(&f.SobolAB, "sobol-ab", false, "the data is a Saltelli (Sobol') design: use only its A and B rows, the 2N independent quasi-random points (each A_B row repeats most of A's values, which would distort coverage, density and quasi-p-values)")
}

func newExplorePrimCmd() *cobra.Command {
	var (
		df      exDataFlags
		cf      exClassifyFlags
		opt     explore.PrimOptions
		obj     string
		ro      explore.PrimReportOptions
		nextBox bool
	)
	objectives := make([]string, len(explore.Objectives))
	for i, o := range explore.Objectives {
		objectives[i] = string(o)
	}
	c := &cobra.Command{
		Use:   "prim",
		Short: "Scenario discovery with PRIM: the coverage-density trade-off and the chosen box",
		Long: `Finds boxes in the inputs where cases of interest concentrate with the Patient
Rule Induction Method (Friedman & Fisher 1999), as in scenario discovery
(Bryant & Lempert 2010), with the EMA Workbench's rules and defaults: the
same data and settings give the same peeling and pasting trajectory.
Prints the trajectory (coverage against density), the chosen box with each
restriction's quasi-p-value, and what dropping each restriction does.
Categorical and boolean inputs are handled.

--select N chooses point N of the first box's trajectory (default: the best
harmonic mean of coverage and density); --drop NAME removes that input's
restriction from it, appending the result to the trajectory, as EMA's
drop_restriction; --next-box then covers the chosen box and finds a second
one on the experiments outside it.`,
		PreRunE: flagcheck.PreRun(flagcheck.Exclusive("threshold", "positive"), flagcheck.Exclusive("select", "box"),
			flagcheck.Between("peel-alpha", 0, 0.5, true), flagcheck.Between("paste-alpha", 0, 0.5, true),
			flagcheck.Between("mass-min", 0, 1, false), flagcheck.OneOf("objective", objectives...), flagcheck.AtLeast("boxes", 1),
			flagcheck.AtLeast("select", -1), flagcheck.AtLeast("box", -1)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, y, rule, err := cf.Cases(df.DataRequest)
			if err != nil {
				return err
			}
			opt.Objective = explore.Objective(obj)
			p, err := explore.NewPrim(in, y, opt)
			if err != nil {
				return inputErrf("%s: %v", df.Data, err)
			}
			if nextBox {
				ro.Boxes = max(ro.Boxes, 2)
			}
			res, err := p.ReportWith(ro)
			if err != nil {
				return inputErr(err)
			}
			res.Outcome, res.Rule = df.Outcome, rule
			if df.json {
				for _, w := range res.Warnings {
					fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
				}
				return writeJSON(cmd.OutOrStdout(), res)
			}
			return res.WriteText(cmd.OutOrStdout(), df.Data)
		},
	}
	df.register(c, true)
	cf.register(c)
	c.Flags().Float64Var(&opt.PeelAlpha, "peel-alpha", explore.DefaultPeelAlpha, "quantile at which one peel cuts an input (EMA Workbench's peel_alpha)")
	c.Flags().Float64Var(&opt.PasteAlpha, "paste-alpha", explore.DefaultPasteAlpha, "quantile up to which one paste widens a limit (EMA Workbench's paste_alpha)")
	c.Flags().Float64Var(&opt.MassMin, "mass-min", explore.DefaultMassMin, "smallest share of all experiments a box may hold")
	c.Flags().StringVar(&obj, "objective", string(explore.Lenient1), "peel and paste criterion: lenient1 (density gain per experiment removed), lenient2 (the same times the experiments left) or original (highest density)")
	c.Flags().IntVar(&ro.Boxes, "boxes", 1, "boxes to find by covering (each on the experiments outside the earlier boxes)")
	c.Flags().IntVar(&ro.Select, "select", -1, "trajectory point to choose for the first box (default: the best harmonic mean of coverage and density)")
	c.Flags().IntVar(&ro.Select, "box", -1, "same as --select")
	_ = c.Flags().MarkHidden("box") // the name before --select
	c.Flags().StringArrayVar(&ro.Drop, "drop", nil, "input whose restriction to drop from the first box's chosen point (repeatable)")
	c.Flags().BoolVar(&nextBox, "next-box", false, "cover the first box's chosen point and find a second box on the experiments left (at least 2 boxes)")
	return c
}

func newExploreCartCmd() *cobra.Command {
	var (
		df  exDataFlags
		cf  exClassifyFlags
		opt explore.CartOptions
	)
	c := &cobra.Command{
		Use:     "cart",
		Short:   "Scenario discovery with a classification tree (CART)",
		PreRunE: flagcheck.PreRun(flagcheck.Exclusive("threshold", "positive"), flagcheck.AtLeast("max-depth", 1), flagcheck.AtLeast("min-leaf", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			in, y, rule, err := cf.Cases(df.DataRequest)
			if err != nil {
				return err
			}
			res, err := explore.Cart(in, y, opt)
			if err != nil {
				return inputErrf("%s: %v", df.Data, err)
			}
			if df.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"outcome": df.Outcome, "rule": rule, "tree": res})
			}
			return res.WriteText(cmd.OutOrStdout(), df.Data, rule)
		},
	}
	df.register(c, true)
	cf.register(c)
	c.Flags().IntVar(&opt.MaxDepth, "max-depth", 5, "deepest split")
	c.Flags().IntVar(&opt.MinLeaf, "min-leaf", 0, "fewest experiments in a leaf (default max(5, 1% of rows))")
	return c
}

func newExploreRobustCmd() *cobra.Command {
	var (
		df exDataFlags
		r  explore.RobustRequest
	)
	c := &cobra.Command{
		Use:   "robust",
		Short: "Compare policies across scenarios: maximin, minimax regret, percentile, satisficing",
		Long: `Scores each policy over the same scenarios. Rows are experiments with a policy
column; a scenario is identified by --scenario-col, else by the values of
--inputs, else by its order among the rows of its policy. Use --minimize when
the outcome is a risk or a cost.`,
		PreRunE: flagcheck.PreRun(flagcheck.Between("percentile", 0, 1, false)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := r.Run(df.DataRequest)
			if err != nil {
				return err
			}
			return df.print(cmd, res, nil)
		},
	}
	df.register(c, false)
	c.Flags().StringVar(&r.PolicyCol, "policy-col", "", "column naming each experiment's policy (required)")
	c.Flags().StringVar(&r.ScenarioCol, "scenario-col", "", "column identifying the scenario (default: --inputs values, else row order within each policy)")
	c.Flags().BoolVar(&r.Minimize, "minimize", false, "smaller outcomes are better (a risk or a cost)")
	c.Flags().Float64Var(&r.Percentile, "percentile", 0.1, "pessimistic quantile level (0.1: 10th percentile, or 90th with --minimize)")
	c.Flags().Float64Var(&r.Threshold, "threshold", math.NaN(), "satisficing level: the outcome must reach it (stay at or below it with --minimize)")
	return c
}
