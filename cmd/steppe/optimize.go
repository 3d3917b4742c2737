package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/progress"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/portfolio"
)

func newOptimizeCmd() *cobra.Command {
	var f optimizeFlags
	cmd := &cobra.Command{
		Use:   "optimize",
		Short: "Choose the candidate projects to fund under the financiers' budgets: the cost-effect frontier",
		Long: `Choose which of a scenario's candidate projects (its portfolio section,
docs/portfolio.md) to fund, and with which financing plan, under the
financiers' budgets, their eligibility rules, the candidates' dependencies
and exclusions and the counting rules, and print the Pareto frontier of the
objective against total cost.

The objective is the reduction of P(at least one intervention by the end of
--year) in the region or the --states together (risk, percentage points), or
the real income gain at that year's end (income, %), against the base policy.
The simulation runs on a designed sample of portfolios with common random
numbers; a quadratic surrogate is fitted to it and solved exactly (branch and
bound, epsilon-constraint on cost); every frontier portfolio is then
re-simulated with the full model and reported with its 5-95% range over
draws, P(effect < 0), the surrogate's prediction and error, and a FLAG where
the re-simulation lies outside the stated error. --out DIR writes
frontier.json and frontier.csv.`,
		Example: `  steppe optimize
  steppe optimize --objective income --budget US-DFC=5e9 --budget CHN=0
  steppe optimize --states KGZ,TJK --year 2032 --out frontier/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runOptimize(cmd.Context(), f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	f.register(fl)
	fl.StringVar(&f.Objective, "objective", portfolio.Risk, "risk (reduction of P(intervention), pp) or income (real income gain, %)")
	fl.StringArrayVar(&f.Budgets, "budget", nil, "replace a financier's budget, FINANCIER=USD (repeatable)")
	fl.IntVar(&f.Year, "year", 0, "year of the objective (default: the scenario's horizon)")
	fl.StringSliceVar(&f.States, "states", nil, "focus states whose joint risk and income count (comma-separated; default REGION, the region)")
	fl.IntVar(&f.Draws, "draws", 1000, "Monte Carlo draws per design portfolio")
	fl.IntVar(&f.ResimDraws, "resim-draws", 2000, "Monte Carlo draws per frontier portfolio (at least --draws)")
	fl.BoolVar(&f.json, "json", false, "print the frontier as JSON (schema steppe.portfolio/v1)")
	fl.BoolVar(&f.csv, "csv", false, "print the frontier as CSV")
	fl.StringVar(&f.out, "out", "", "write frontier.json and frontier.csv to this directory")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress line")
	return cmd
}

// optimizeFlags are the options of `steppe optimize`.
type optimizeFlags struct {
	simFlags
	portfolio.Request
	json, csv bool
	out       string
	quiet     bool
}

func runOptimize(ctx context.Context, f optimizeFlags, stdout, stderr io.Writer) error {
	f.Seed, f.Workers = f.seed, f.workers
	if err := f.Check(); err != nil {
		return err
	}
	if f.json && f.csv {
		return inputErrf("--json and --csv are exclusive")
	}
	if f.out != "" {
		if err := os.MkdirAll(f.out, 0o777); err != nil {
			return inputErrf("--out %v", err)
		}
	}
	sc, err := checkScenario(ctx, f.scenario)
	if err != nil {
		return err
	}
	opt, err := f.Options(sc.World, f.scenario)
	if err != nil {
		return err
	}
	var bar *progress.Reporter
	if !f.quiet {
		stage := ""
		opt.Progress = func(s string, done, total int) {
			if s != stage {
				bar.Finish()
				stage, bar = s, progress.New(stderr, "steppe optimize: "+s, "draws")
			}
			bar.Update(done, total)
		}
	}
	res, err := portfolio.Optimize(ctx, new(model.Cache), sc.World, opt)
	bar.Finish()
	if err != nil {
		var ie *portfolio.InfeasibleError
		switch {
		case errors.As(err, &ie):
			return inputErr(err)
		case errors.Is(err, context.Canceled):
			return fmt.Errorf("optimize interrupted; nothing written")
		}
		return modelErr(err)
	}
	if f.out != "" {
		for _, o := range []struct {
			name  string
			write func(io.Writer) error
		}{{"frontier.json", res.WriteJSON}, {"frontier.csv", res.WriteCSV}} {
			if err := writeFile("--out", filepath.Join(f.out, o.name), o.write); err != nil {
				return err
			}
		}
	}
	show := res.WriteText
	if f.json {
		show = res.WriteJSON
	} else if f.csv {
		show = res.WriteCSV
	}
	return show(stdout)
}
