package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/progress"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/portfolio"
)

// optimizeFlags are the options of `steppe optimize`.
type optimizeFlags struct {
	simFlags
	objective  string
	budgets    []string
	year       int
	states     []string
	draws      int
	resimDraws int
	json, csv  bool
	out        string
	quiet      bool
}

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
	fl.StringVar(&f.objective, "objective", portfolio.Risk, "risk (reduction of P(intervention), pp) or income (real income gain, %)")
	fl.StringArrayVar(&f.budgets, "budget", nil, "replace a financier's budget, FINANCIER=USD (repeatable)")
	fl.IntVar(&f.year, "year", 0, "year of the objective (default: the scenario's horizon)")
	fl.StringSliceVar(&f.states, "states", nil, "focus states whose joint risk and income count (comma-separated; default REGION, the region)")
	fl.IntVar(&f.draws, "draws", 1000, "Monte Carlo draws per design portfolio")
	fl.IntVar(&f.resimDraws, "resim-draws", 2000, "Monte Carlo draws per frontier portfolio (at least --draws)")
	fl.BoolVar(&f.json, "json", false, "print the frontier as JSON (schema steppe.portfolio/v1)")
	fl.BoolVar(&f.csv, "csv", false, "print the frontier as CSV")
	fl.StringVar(&f.out, "out", "", "write frontier.json and frontier.csv to this directory")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress line")
	return cmd
}

// parseBudgets reads --budget FINANCIER=USD values.
func parseBudgets(kvs []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.TrimSpace(k) == "" {
			return nil, inputErrf("--budget %q: want FINANCIER=USD", kv)
		}
		if x < 0 {
			return nil, inputErrf("--budget %q: a budget must not be negative", kv)
		}
		out[strings.TrimSpace(k)] = x
	}
	return out, nil
}

func runOptimize(ctx context.Context, f optimizeFlags, stdout, stderr io.Writer) error {
	switch {
	case f.objective != portfolio.Risk && f.objective != portfolio.Income:
		return inputErrf("--objective %q: want risk or income", f.objective)
	case f.draws < 2:
		return inputErrf("--draws must be at least 2, got %d", f.draws)
	case f.resimDraws < f.draws:
		return inputErrf("--resim-draws %d: must be at least --draws %d", f.resimDraws, f.draws)
	case f.workers < 0:
		return inputErrf("--workers must not be negative, got %d", f.workers)
	case f.json && f.csv:
		return inputErrf("--json and --csv are exclusive")
	}
	budgets, err := parseBudgets(f.budgets)
	if err != nil {
		return err
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
	w := sc.World
	if w.Portfolio == nil {
		return inputErrf("scenario %s has no portfolio section: nothing to optimise (docs/portfolio.md)", f.scenario)
	}
	year := f.year
	if year == 0 {
		year = w.Horizon.Year()
	}
	opt := portfolio.Options{Objective: f.objective, Target: portfolio.Target{Countries: f.states, Year: year},
		Budgets: budgets, BudgetFlag: "budget", Draws: f.draws, ResimDraws: f.resimDraws, Seed: f.seed, Workers: f.workers}
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
	res, err := portfolio.Optimize(ctx, new(model.Cache), w, opt)
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
		if err := writeFile("--out", filepath.Join(f.out, "frontier.json"), res.WriteJSON); err != nil {
			return err
		}
		if err := writeFile("--out", filepath.Join(f.out, "frontier.csv"), res.WriteCSV); err != nil {
			return err
		}
	}
	switch {
	case f.json:
		return res.WriteJSON(stdout)
	case f.csv:
		return res.WriteCSV(stdout)
	}
	return res.WriteText(stdout)
}
