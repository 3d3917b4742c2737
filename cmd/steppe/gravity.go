package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/gravity"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newGravityCmd groups the structural-gravity verbs: estimate (PPML/OLS with
// high-dimensional fixed effects), bench, and counterfactual (general
// equilibrium, built on the estimates).
func newGravityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "gravity",
		Short: "Structural gravity: PPML estimation and counterfactuals",
	}
	bench := newGravityBenchCmd()
	bench.Use = "bench"
	cmd.AddCommand(newGravityEstimateCmd(), bench, newGravityCounterfactualCmd(), newGravityGECmd(), newGravityImportCmd())
	return cmd
}

func newGravityEstimateCmd() *cobra.Command {
	var (
		dataPath, formula, vcov, family string
		asJSON, fixef                   bool
		fixefTol, glmTol                float64
		glmIter, threads                int
		separation, offset              string
	)
	cmd := &cobra.Command{
		Use:   "estimate",
		Short: "Estimate PPML or OLS with high-dimensional fixed effects (fixest syntax)",
		Long: `Estimate a gravity equation by Poisson pseudo-maximum likelihood (default) or
OLS, with any number of fixed effects, from a CSV or Parquet file.

The formula uses fixest's syntax:  y ~ x1 + log(x2) | fe1 + fe2^fe3
Standard errors (--vcov): iid, hetero, cluster:a, cluster:a^b, cluster:a,b.
An --offset expression over the columns enters the linear predictor with
coefficient 1 (rows where it is missing or infinite are dropped).

Example:
  steppe gravity estimate --data trade.csv \
    --formula 'Euros ~ log(dist_km) | Origin + Destination + Product + Year' \
    --vcov cluster:Origin^Destination`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("threads", 0), flagcheck.AtLeast("glm-iter", 1), flagcheck.Positive("fixef-tol"), flagcheck.Positive("glm-tol"),
			flagcheck.OneOf("family", "poisson", "ppml", "ols", "gaussian"), flagcheck.OneOf("separation", "fe,relu", "relu", "fe", "none")),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if dataPath == "" {
				return inputErrf("gravity estimate: --data is required")
			}
			if formula == "" {
				return inputErrf("gravity estimate: --formula is required")
			}
			if offset != "" {
				if _, err := gravity.ParseExpr(offset); err != nil {
					return offsetErr(offset, err)
				}
			}
			spec, err := gravity.ParseVcov(vcov)
			if err != nil {
				return inputErr(err)
			}
			opt := gravity.Options{FixefTol: fixefTol, GLMTol: glmTol, GLMMaxIter: glmIter, Threads: threads, Fixef: fixef, Offset: offset}
			if opt.Family, err = gravity.ParseFamily(family); err != nil {
				return inputErrf("gravity estimate: --%v", err)
			}
			if opt.Separation, err = gravity.ParseSeparation(separation); err != nil {
				return inputErrf("gravity estimate: --%v", err)
			}
			frame, err := gravity.ReadFile(dataPath)
			if err != nil {
				return inputErr(fmt.Errorf("gravity estimate: %w", err))
			}
			if offset != "" {
				if err := gravity.CheckExpr(frame, offset); err != nil {
					return offsetErr(offset, err)
				}
			}
			res, err := gravity.Fit(frame, formula, opt)
			if err != nil {
				if gravity.IsInputError(err) {
					return inputErr(err)
				}
				return err
			}
			v, err := res.Vcov(spec)
			if err != nil {
				if gravity.IsInputError(err) {
					return inputErr(err)
				}
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				s := res.Summary(v)
				var payload any = s
				if fixef {
					payload = struct {
						gravity.Summary
						FixedEffects []gravity.FixedEffect `json:"fixed_effect_estimates"`
					}{s, res.FixedEffects}
				}
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(payload)
			}
			return res.WriteTable(out, v)
		},
	}
	f := cmd.Flags()
	f.StringVar(&dataPath, "data", "", "input table: .csv or .parquet")
	f.StringVar(&formula, "formula", "", "model formula, e.g. 'y ~ x1 + log(x2) | fe1 + fe2^fe3'")
	f.StringVar(&vcov, "vcov", "iid", "standard errors: iid, hetero, cluster:a, cluster:a^b, cluster:a,b")
	f.StringVar(&family, "family", "poisson", "poisson (PPML) or ols")
	f.BoolVar(&asJSON, "json", false, "print JSON instead of a table")
	f.BoolVar(&fixef, "fixef", false, "recover the fixed-effect estimates (included in --json output)")
	f.Float64Var(&fixefTol, "fixef-tol", 1e-6, "demeaning tolerance (fixest fixef.tol)")
	f.Float64Var(&glmTol, "glm-tol", 1e-8, "IRLS deviance tolerance (fixest glm.tol)")
	f.IntVar(&glmIter, "glm-iter", 25, "maximum IRLS iterations")
	f.IntVar(&threads, "threads", 0, "goroutines for demeaning (0 = all CPUs)")
	f.StringVar(&offset, "offset", "", "expression added to the linear predictor with coefficient 1, e.g. 'log(tau)' (fixest's offset)")
	f.StringVar(&separation, "separation", "fe,relu", "separation checks for Poisson: fe,relu (default), fe (as fixest) or none")
	return cmd
}

// offsetErr names the --offset flag and the place in its expression on
// one line.
func offsetErr(offset string, err error) error {
	var fe *gravity.FormulaError
	if errors.As(err, &fe) {
		return inputErrf("gravity estimate: --offset %q: column %d: %s", offset, fe.Col, fe.Msg)
	}
	return inputErrf("gravity estimate: --offset %q: %v", offset, err)
}
