package main

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/world"
)

// calibrateOptions are the flags of steppe calibrate.
type calibrateOptions struct {
	episodes, events, growth, countries string
	out                                 string
	backtest, triggers                  bool
	format                              string
	priors                              []string
	priorsFile                          string
	scenario                            string
	from                                string
	seed                                uint64
	draws, warmup, workers              int
	// The intervention model v2 (the default).
	model    string
	crises   string
	hindcast bool
}

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
	f.StringVar(&o.episodes, "episodes", "", "episodes CSV (default: the bundled data/episodes/episodes.csv)")
	f.StringVar(&o.events, "events", "", "trigger events CSV (default: bundled data/triggers/events.csv)")
	f.StringVar(&o.growth, "growth", "", "growth CSV country,year,gdp_usd_growth_pct (default: bundled data/triggers/gdp_growth.csv)")
	f.StringVar(&o.countries, "countries", "", "backtest country features CSV (default: bundled data/episodes/countries_2021.csv)")
	f.StringVar(&o.out, "out", "", "write the posterior draws as JSON to this file")
	f.BoolVar(&o.backtest, "backtest", false, "print the 2022-2025 backtest only")
	f.BoolVar(&o.triggers, "triggers", false, "print the trigger hazards only")
	f.StringVar(&o.format, "format", "table", "with --triggers: table, or yaml for a scenario triggers.hazard snippet")
	f.StringVar(&o.from, "from", "", "sensitivity check: drop episodes before this month (YYYY-MM), e.g. 1995-01 for the post-Soviet-succession era")
	f.StringVar(&o.priorsFile, "priors", "", "priors JSON file (default: bundled data/posterior/priors.json)")
	f.StringVar(&o.scenario, "scenario", "", "take the priors stated in this scenario's decision.priors (a file, or an embedded scenario's name)")
	f.StringArrayVar(&o.priors, "prior", nil, "override a coefficient prior: feature=normal(mean,sd) (repeatable)")
	f.Uint64Var(&o.seed, "seed", 1, "random seed")
	f.IntVar(&o.draws, "draws", risk.DefaultFitOptions.Draws, "kept draws per chain of the full fits")
	f.IntVar(&o.warmup, "warmup", risk.DefaultFitOptions.Warmup, "warm-up iterations per chain")
	f.IntVar(&o.workers, "workers", 0, "goroutines for the out-of-sample refits (0 = all cores; results do not depend on it)")
	return cmd
}

func runCalibrate(cmd *cobra.Command, o calibrateOptions) error {
	in, err := risk.LoadInputs(data.FS(), risk.InputPaths{Episodes: o.episodes, Events: o.events, Growth: o.growth, Countries: o.countries})
	if err != nil {
		return err
	}
	opt := risk.DefaultOptions()
	opt.Fit.Seed, opt.Fit.Draws, opt.Fit.Warmup = o.seed, o.draws, o.warmup
	opt.Eval.Fit.Seed = o.seed + 1
	opt.Workers = o.workers
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	pname, pb, err := risk.ReadInput(data.FS(), o.priorsFile, risk.BundledPriors)
	if err != nil {
		return err
	}
	if opt.Priors, err = risk.ReadPriors(pname, bytes.NewReader(pb), opt.Features); err != nil {
		return inputErr(err)
	}
	in.SHA256["priors.json"] = risk.Digest(pb)
	if o.scenario != "" {
		sc, err := loadScenario(cmd.Context(), o.scenario)
		if err != nil {
			return err
		}
		if opt.Priors, err = opt.Priors.WithScenario(sc.World.Decision.Priors, opt.Features); err != nil {
			return inputErr(err)
		}
		if !sc.World.Decision.Priors.Stated() {
			fmt.Fprintf(cmd.ErrOrStderr(), "calibrate: %s states no decision.priors; using %s\n", o.scenario, pname)
		}
		in.SHA256["scenario"] = risk.Digest(sc.Resolved)
	}
	if opt.Priors, err = opt.Priors.WithOverrides(o.priors, opt.Features); err != nil {
		return inputErr(err)
	}
	w := cmd.OutOrStdout()
	ctx := cmd.Context()
	if o.from != "" {
		m, err := world.ParseMonth(o.from)
		if err != nil {
			return inputErrf("calibrate: --from: %v", err)
		}
		dropped := in.Since(m)
		fmt.Fprintf(w, "Sensitivity: %d episodes before %v excluded, %d kept.\n\n", dropped, m, len(in.Episodes))
		if len(in.Episodes) < 10 {
			return inputErrf("calibrate: --from %v leaves %d episodes; at least 10 are needed", m, len(in.Episodes))
		}
	}
	start := time.Now()
	switch {
	case o.backtest:
		bt, err := risk.RunBacktest(ctx, in, opt)
		if err != nil {
			return err
		}
		risk.WriteBacktest(w, bt)
	case o.triggers:
		hz, err := risk.FitAllHazards(ctx, in, opt, risk.AllData)
		if err != nil {
			return err
		}
		switch o.format {
		case "table":
			risk.WriteHazards(w, hz)
		case "yaml":
			risk.WriteHazardsYAML(w, hz, "steppe calibrate --triggers --format yaml --seed "+strconv.FormatUint(o.seed, 10))
		default:
			return inputErrf("calibrate: --format must be table or yaml, not %q", o.format)
		}
	default:
		opt.NoHazards = o.out == ""
		c, err := risk.Calibrate(ctx, in, opt)
		if err != nil {
			return err
		}
		c.WriteReport(w)
		if o.out != "" {
			p, err := c.Posterior(calibrateCommand(o))
			if err != nil {
				return err
			}
			if err := writeFile("calibrate: --out", o.out, p.Write); err != nil {
				return err
			}
			fmt.Fprintf(w, "\nposterior written to %s (%d decision draws, %d hazard types)\n", o.out, p.NumDraws(), len(p.Hazards))
		}
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "calibrate: %.1fs\n", time.Since(start).Seconds())
	return nil
}

// calibrateCommand is the command line that reproduces a posterior file:
// the options that change the fit, in a fixed order.
func calibrateCommand(o calibrateOptions) string {
	var b strings.Builder
	fmt.Fprintf(&b, "steppe calibrate --seed %d", o.seed)
	for _, f := range []struct{ flag, v string }{
		{"episodes", o.episodes}, {"events", o.events}, {"growth", o.growth}, {"countries", o.countries},
		{"from", o.from}, {"priors", o.priorsFile}, {"scenario", o.scenario},
	} {
		if f.v != "" {
			fmt.Fprintf(&b, " --%s '%s'", f.flag, f.v)
		}
	}
	if o.draws != risk.DefaultFitOptions.Draws || o.warmup != risk.DefaultFitOptions.Warmup {
		fmt.Fprintf(&b, " --draws %d --warmup %d", o.draws, o.warmup)
	}
	for _, p := range o.priors {
		fmt.Fprintf(&b, " --prior '%s'", p)
	}
	b.WriteString(" --out FILE")
	return b.String()
}
