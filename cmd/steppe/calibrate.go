package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/risk"
)

func newCalibrateCmd() *cobra.Command {
	var o calibrateOptions
	cmd := &cobra.Command{
		Use:   "calibrate",
		Short: "Fit the intervention model to historical episodes and score it",
		Long: `Fit the Bayesian intervention model to the post-Soviet crisis episodes
(data/episodes/episodes.csv) and print its coefficients with 90% credible
intervals, convergence diagnostics (split R-hat, bulk and tail ESS), the
ordinal outcome model, out-of-sample scores (leave-one-episode-out and a
temporal split at 2014) against the base rate and a one-feature request rule,
and every episode's out-of-sample probability.

  --triggers   print the trigger hazards per state (protest, border, insurgent)
               estimated from Mass Mobilization, UCDP and the episode set;
               with --format yaml, as a scenario triggers.hazard snippet
  --backtest   forecast 2022-2025 for Central Asia with data up to Dec 2021
  --out FILE   also write the posterior draws (JSON) for steppe run
  --prior non_russian_ties=normal(-1,0.5)   replace a coefficient's prior
  --from 1995-01  sensitivity check without the Soviet-succession wars
  --priors FILE  read all priors from a JSON file (format of the bundled
               data/posterior/priors.json: intercept, slope, cut, coef.<feature>)
  --scenario FILE  lay the priors the scenario states (decision.priors) over
               those; steppe run fits under the same priors, so this prints
               the scores and the prior against the posterior for that run

Priors are applied in order: the priors file, the scenario's decision.priors,
then each --prior. Every coefficient with a prior other than the default is
listed with its prior against its posterior.

Examples:
  steppe calibrate
  steppe calibrate --prior 'non_russian_ties=normal(-1,0.5)'
  steppe calibrate --scenario my-priors.yaml
  steppe calibrate --out posterior.json`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("draws", 20), flagcheck.AtLeast("warmup", 0), flagcheck.AtLeast("workers", 0),
			flagcheck.OneOf("format", "table", "yaml"), flagcheck.OneOf("model", "v2", "v1"), flagcheck.Exclusive("backtest", "triggers")),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.model == "v2" {
				for _, name := range []string{"episodes", "events", "growth", "countries", "backtest", "triggers", "priors", "prior", "scenario", "from", "draws", "warmup"} {
					if cmd.Flags().Changed(name) {
						return inputErrf("--%s applies to the v1 model: add --model v1", name)
					}
				}
				return runCalibrateV2(cmd, o)
			}
			if o.hindcast || o.crises != "" {
				return inputErrf("--hindcast and --crises apply to the v2 model, not --model v1")
			}
			return runCalibrate(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.model, "model", "v2", "intervention model: v2 (request, accept and uninvited processes on the episode set v2, crisis hazards) or v1 (one logistic model on the 49 episodes of v1)")
	f.StringVar(&o.crises, "crises", "", "v2: episode set CSV (default: the bundled data/episodes/crises.csv)")
	f.BoolVar(&o.hindcast, "hindcast", false, "v2: run the whole simulation from 1995-01, 2005-01 and 2014-01 with models fitted before each start, and compare with the record to 2025-12")
	f.StringVar(&o.Inputs.Episodes, "episodes", "", "episodes CSV (default: the bundled data/episodes/episodes.csv)")
	f.StringVar(&o.Inputs.Events, "events", "", "trigger events CSV (default: bundled data/triggers/events.csv)")
	f.StringVar(&o.Inputs.Growth, "growth", "", "growth CSV country,year,gdp_usd_growth_pct (default: bundled data/triggers/gdp_growth.csv)")
	f.StringVar(&o.Inputs.Countries, "countries", "", "backtest country features CSV (default: bundled data/episodes/countries_2021.csv)")
	f.StringVar(&o.out, "out", "", "write the posterior draws as JSON to this file")
	f.BoolVar(&o.Backtest, "backtest", false, "print the 2022-2025 backtest only")
	f.BoolVar(&o.Triggers, "triggers", false, "print the trigger hazards only")
	f.StringVar(&o.Format, "format", "table", "with --triggers: table, or yaml for a scenario triggers.hazard snippet")
	f.StringVar(&o.From, "from", "", "sensitivity check: drop episodes before this month (YYYY-MM), e.g. 1995-01 for the post-Soviet-succession era")
	f.StringVar(&o.PriorsFile, "priors", "", "priors JSON file (default: bundled data/posterior/priors.json)")
	f.StringVar(&o.Scenario, "scenario", "", "take the priors stated in this scenario's decision.priors (a file, or an embedded scenario's name)")
	f.StringArrayVar(&o.Priors, "prior", nil, "override a coefficient prior: feature=normal(mean,sd) (repeatable)")
	f.Uint64Var(&o.Seed, "seed", 1, "random seed")
	f.IntVar(&o.Draws, "draws", risk.DefaultFitOptions.Draws, "kept draws per chain of the full fits")
	f.IntVar(&o.Warmup, "warmup", risk.DefaultFitOptions.Warmup, "warm-up iterations per chain")
	f.IntVar(&o.Workers, "workers", 0, "goroutines for the out-of-sample refits (0 = all cores; results do not depend on it)")
	return cmd
}

// calibrateOptions are the flags of steppe calibrate.
type calibrateOptions struct {
	risk.CalibrateRequest
	out string
	// The intervention model v2 (the default).
	model    string
	crises   string
	hindcast bool
}

func runCalibrate(cmd *cobra.Command, o calibrateOptions) error {
	if o.Scenario != "" {
		sc, err := loadScenario(cmd.Context(), o.Scenario)
		if err != nil {
			return err
		}
		o.ScenarioPriors, o.ScenarioText = sc.World.Decision.Priors, sc.Resolved
	}
	w := cmd.OutOrStdout()
	start := time.Now()
	o.Posterior = o.out != ""
	c, err := o.Run(cmd.Context(), data.FS(), w, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if c != nil && o.out != "" {
		p, err := c.Posterior(o.Command())
		if err != nil {
			return err
		}
		if err := writeFile("calibrate: --out", o.out, p.Write); err != nil {
			return err
		}
		fmt.Fprintf(w, "\nposterior written to %s (%d decision draws, %d hazard types)\n", o.out, p.NumDraws(), len(p.Hazards))
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "calibrate: %.1fs\n", time.Since(start).Seconds())
	return nil
}
