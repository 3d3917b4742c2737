package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/internal/progress"
	"github.com/steppe-dev/steppe/model"
)

// exPolicyFactor is the name of the categorical factor over a scenario's
// policies.
const exPolicyFactor = model.PolicyFactor

// exScenarioFlags are --scenario and --stated-models (with the verb's help):
// the scenario an explore verb simulates, and whether with its stated models.
type exScenarioFlags struct {
	scenario string
	stated   bool
}

func (f *exScenarioFlags) register(c *cobra.Command, statedHelp string) {
	c.Flags().StringVar(&f.scenario, "scenario", "", "scenario file or embedded name (default: the embedded central-asia scenario)")
	c.Flags().BoolVar(&f.stated, "stated-models", false, statedHelp)
}

// assemble loads the scenario (a file or an embedded name; empty means the
// embedded central-asia scenario) and assembles it with the same engines
// as `steppe run`, or with the scenario's stated models only.
func (f exScenarioFlags) assemble(ctx context.Context) (*model.Model, error) {
	sc, err := checkScenario(ctx, cmp.Or(f.scenario, defaultScenario))
	if err != nil {
		return nil, err
	}
	m, err := new(model.Cache).Assemble(sc.World, model.Config{Stated: f.stated})
	return m, modelErr(err)
}

// exDesignFlags choose a design over a scenario's uncertain parameters.
type exDesignFlags struct {
	exScenarioFlags
	design      string
	n           int
	seed        uint64
	secondOrder bool
	levels      int
	optimal     int
	posterior   string
	params      string
	usePolicy   bool
	cross       bool
	groups      string
	group       []string
}

func (f *exDesignFlags) register(c *cobra.Command) {
	f.exScenarioFlags.register(c, "simulate with the scenario's stated hazard, decision and effect models instead of the engines 'steppe run' uses (calibrated risk model, GE trade effects)")
	c.Flags().StringVar(&f.design, "design", "sobol", "design: sobol (Saltelli layout), lhs, morris or mc")
	c.Flags().IntVarP(&f.n, "n", "n", 1024, "base samples (sobol), experiments (lhs, mc) or trajectories (morris)")
	c.Flags().Uint64Var(&f.seed, "seed", 1, "seed of the design")
	c.Flags().BoolVar(&f.secondOrder, "second-order", false, "sobol: add the rows for second-order indices (N(2D+2) rows)")
	c.Flags().IntVar(&f.levels, "levels", 4, "morris: grid levels (even)")
	c.Flags().IntVar(&f.optimal, "optimal-trajectories", 0, "morris: keep the K most spread out of the -n trajectories drawn (Campolongo et al. 2007; SALib's optimal_trajectories); this biases mu*, so the default keeps them all")
	c.Flags().StringVar(&f.params, "params", "", "comma-separated parameter paths or prefixes to vary (default: every uncertain parameter)")
	c.Flags().BoolVar(&f.cross, "cross-policies", false, "mc, lhs: repeat every experiment under each policy (a \"policy\" column; the layout 'explore robust' needs)")
	c.Flags().StringVar(&f.groups, "groups", "", "sobol: estimate indices of groups of parameters switched together (Jacques et al. 2006), so that every parameter is covered with N(G+2) rows: 'default' (steppe's grouping by model part; see 'steppe explore groups'), a FILE of lines 'name: pattern1, pattern2', or none")
	c.Flags().StringArrayVar(&f.group, "group", nil, "sobol: a group 'name=pattern1,pattern2' (patterns are path prefixes; * matches one segment); repeatable; matched before --groups")
	c.Flags().StringVar(&f.posterior, "posterior-factors", "", "make the fitted models' posterior draws factors, so the analysis covers the fitted uncertainty: 'decision' (the decision model's draw), 'hazard' (the crisis hazards' draw, model v2), or both comma-separated; sobol, lhs and mc designs")
	c.Flags().BoolVar(&f.usePolicy, "policy-factor", false, "add a categorical factor \"policy\" over the scenario's policies (each experiment then runs one policy against the baseline)")
}

// factors turns the scenario's uncertain parameters into design factors.
func (f *exDesignFlags) factors(m *model.Model) ([]explore.Factor, error) {
	o := model.FactorOptions{Params: splitList(f.params), Morris: explore.DesignKind(f.design) == explore.Morris, Policy: f.usePolicy}
	for _, p := range splitList(strings.ToLower(f.posterior)) { // checked by PreRunE
		o.DecisionDraw = o.DecisionDraw || p == "decision"
		o.HazardDraw = o.HazardDraw || p == "hazard"
	}
	fs, err := m.Factors(o)
	return fs, modelErr(err)
}

// load loads the scenario and builds the design over it.
func (f *exDesignFlags) load(ctx context.Context) (*model.Model, *explore.Design, error) {
	m, err := f.assemble(ctx)
	if err != nil {
		return nil, nil, err
	}
	d, err := f.build(m)
	return m, d, err
}

func (f *exDesignFlags) build(m *model.Model) (*explore.Design, error) {
	fs, err := f.factors(m)
	if err != nil {
		return nil, err
	}
	spec := explore.DesignSpec{Kind: explore.DesignKind(f.design), N: f.n, Seed: f.seed, SecondOrder: f.secondOrder, Levels: f.levels}
	if f.optimal != 0 { // checked by exMorrisOnly
		spec.N, spec.Candidates = f.optimal, f.n
	}
	specs, err := f.groupSpecs(m)
	if err != nil {
		return nil, err
	}
	if len(specs) > 0 {
		names := make([]string, len(fs))
		for j, fc := range fs {
			names[j] = fc.Name
		}
		groups, _, _, err := explore.AssignGroups(names, specs)
		if err != nil {
			return nil, inputErr(err)
		}
		spec.Groups = groups
	}
	if err := spec.CheckSize(); err != nil { // --design was checked by PreRunE
		return nil, inputErrf("-n %d: %v", f.n, err)
	}
	d, err := explore.NewDesign(fs, spec)
	if err != nil {
		return nil, inputErr(err)
	}
	if f.cross {
		if f.usePolicy {
			return nil, inputErrf("give --policy-factor or --cross-policies, not both")
		}
		if d, err = d.Cross(explore.Categorical(exPolicyFactor, m.Sim.Policies()...)); err != nil {
			return nil, inputErr(err)
		}
	}
	return d, nil
}

// exEvalFlags choose what each experiment simulates and records.
type exEvalFlags struct {
	draws     int
	simSeed   uint64
	countries string
	years     string
	workers   int
	out       string
	json      bool
	// nats runs the experiments on workers through a NATS server
	// (queue.go), with the scenario and stated set by the verb.
	nats natsFlags
	exScenarioFlags
}

func (f *exEvalFlags) register(c *cobra.Command) {
	c.Flags().IntVar(&f.draws, "draws", 500, "Monte Carlo draws per experiment")
	c.Flags().Uint64Var(&f.simSeed, "sim-seed", 1, "seed of the simulation's random streams, the same in every experiment (common random numbers: outcomes are then a deterministic function of the factors)")
	c.Flags().StringVar(&f.countries, "countries", "", "comma-separated country ids and/or REGION to record (default: all and REGION)")
	c.Flags().StringVar(&f.years, "years", "", "comma-separated years to record (default: the horizon year)")
	c.Flags().IntVar(&f.workers, "workers", 0, "experiments run in parallel (default: all cores); results do not depend on it")
	c.Flags().StringVar(&f.out, "out", "", "results CSV to write, or to resume when it exists (required)")
	c.Flags().BoolVar(&f.json, "json", false, "print a JSON summary")
	f.nats.register(c.Flags(), "simulate the experiments on 'steppe worker' processes")
}

// outcomes are what each experiment simulates and records.
func (f *exEvalFlags) outcomes() (model.OutcomeOptions, error) {
	o := model.OutcomeOptions{Draws: f.draws, Seed: f.simSeed, Countries: splitList(f.countries)}
	for _, s := range splitList(f.years) {
		y, err := strconv.Atoi(s)
		if err != nil {
			return o, inputErrf("--years: %q is not a year", s)
		}
		o.Years = append(o.Years, y)
	}
	return o, nil
}

// evaluator builds the outcome columns and the EvalFunc of a design.
func (f *exEvalFlags) evaluator(m *model.Model, factors []string) ([]string, explore.EvalFunc, error) {
	o, err := f.outcomes()
	if err != nil {
		return nil, nil, err
	}
	names, eval, err := m.Evaluator(factors, o)
	return names, eval, modelErr(err)
}

// exRunExperiments evaluates e into f.out, reporting progress on stderr.
func exRunExperiments(cmd *cobra.Command, m *model.Model, e *explore.Experiments, ef *exEvalFlags) error {
	ignored := m.IgnoredFactors(e.Factors)
	if ef.out == "" {
		return inputErrf("--out is required")
	}
	if gs := explore.ParseGroupComments(e.Comments); len(gs) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "grouped Sobol' design: %d groups over %d factors, %d experiments\n", len(gs), len(e.Factors), len(e.X))
	}
	model.WriteIgnored(cmd.ErrOrStderr(), ignored)
	names, eval, err := ef.evaluator(m, e.Factors)
	if err != nil {
		return err
	}
	fh, err := os.OpenFile(ef.out, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return inputErr(err)
	}
	defer fh.Close()
	start := time.Now()
	var done int
	if ef.nats.url != "" {
		done, err = exGatherOnQueue(cmd.Context(), ef, e, fh, cmd.ErrOrStderr())
	} else {
		bar := progress.New(cmd.ErrOrStderr(), cmd.CommandPath(), "experiments")
		done, err = explore.Run(cmd.Context(), e, names, eval, fh, explore.RunOptions{Workers: ef.workers, Progress: bar.Update})
		bar.Finish()
	}
	elapsed := time.Since(start)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted after %d of %d experiments; run the same command again to resume: %w", done, len(e.X), err)
		}
		if rf := (*explore.ResultsFileError)(nil); errors.As(err, &rf) {
			return inputErr(err)
		}
		return err
	}
	summary := map[string]any{"out": ef.out, "experiments": len(e.X), "factors": e.Factors, "outcomes": names,
		"draws_per_experiment": ef.draws, "seconds": math.Round(elapsed.Seconds()*100) / 100, "ignored_factors": exNonNil(ignored)}
	if gs := explore.ParseGroupComments(e.Comments); len(gs) > 0 {
		summary["groups"] = gs
	}
	if ef.json {
		return writeJSON(cmd.OutOrStdout(), summary)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %d experiments × %d outcomes to %s in %.1f s (%d draws each)\n", len(e.X), len(names), ef.out, elapsed.Seconds(), ef.draws)
	return nil
}

func newExploreSimCmds() []*cobra.Command {
	return []*cobra.Command{newExploreSampleCmd(), newExploreRunCmd(), newExploreSweepCmd(), newExploreFactorsCmd(), newExploreGroupsCmd()}
}

func newExploreFactorsCmd() *cobra.Command {
	var (
		sf     exScenarioFlags
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "factors",
		Short: "List a scenario's uncertain parameters and policies (the factors a design varies)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			mm, err := sf.assemble(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"params": mm.UncertainParams(), "policies": mm.Sim.Policies()})
			}
			return mm.WriteFactors(cmd.OutOrStdout())
		},
	}
	sf.register(c, "use the scenario's stated models only")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newExploreSampleCmd() *cobra.Command {
	var (
		df     exDesignFlags
		out    string
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "sample",
		Short: "Write an experiment design over a scenario's uncertain parameters",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return inputErrf("--out is required")
			}
			m, d, err := df.load(cmd.Context())
			if err != nil {
				return err
			}
			ignored := m.IgnoredFactors(d.Experiments().Factors)
			if !asJSON {
				model.WriteIgnored(cmd.ErrOrStderr(), ignored)
			}
			if err := writeFile("--out", out, d.Experiments().Write); err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"out": out, "design": df.design, "rows": d.Rows(), "factors": len(d.Factors), "seed": df.seed,
					"groups": exNonNil(d.Spec.Groups), "ignored_factors": exNonNil(ignored)})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %d experiments over %d factors (%s design, seed %d) to %s\n", d.Rows(), len(d.Factors), df.design, df.seed, out)
			return nil
		},
	}
	df.register(c)
	c.Flags().StringVar(&out, "out", "", "experiments CSV to write (required)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}

func newExploreRunCmd() *cobra.Command {
	var (
		ef  exEvalFlags
		exp string
	)
	c := &cobra.Command{
		Use:   "run",
		Short: "Simulate every experiment of a design file; resumes an interrupted run",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if exp == "" {
				return inputErrf("--experiments is required")
			}
			m, err := ef.assemble(cmd.Context())
			if err != nil {
				return err
			}
			fh, err := os.Open(exp)
			if err != nil {
				return inputErr(err)
			}
			t, err := explore.ReadCSV(fh, exp)
			fh.Close()
			if err != nil {
				return inputErr(err)
			}
			e, err := explore.ExperimentsFromTable(t, map[string][]string{exPolicyFactor: m.Sim.Policies()})
			if err != nil {
				return inputErr(err)
			}
			return exRunExperiments(cmd, m, e, &ef)
		},
	}
	ef.register(c)
	ef.exScenarioFlags.register(c, "simulate with the scenario's stated models only (as the design's sweep did, if it used --stated-models)")
	c.Flags().StringVar(&exp, "experiments", "", "experiments CSV written by 'steppe explore sample' (required)")
	return c
}

func newExploreSweepCmd() *cobra.Command {
	var (
		df exDesignFlags
		ef exEvalFlags
	)
	c := &cobra.Command{
		Use:   "sweep",
		Short: "Sample a design and simulate it in one step (sample + run); resumable",
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, d, err := df.load(cmd.Context())
			if err != nil {
				return err
			}
			ef.exScenarioFlags = df.exScenarioFlags
			return exRunExperiments(cmd, m, d.Experiments(), &ef)
		},
	}
	df.register(c)
	ef.register(c)
	return c
}
