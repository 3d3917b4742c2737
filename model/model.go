package model

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Config is what a model is assembled from besides the scenario.
type Config struct {
	// Posterior replaces the bundled intervention posterior (for example
	// one written by `steppe calibrate --out`); PosteriorFile names it in
	// the run's header. Nil means the bundled posterior, refitted under the
	// scenario's decision.priors where they differ from its own.
	Posterior     *risk.Posterior
	PosteriorFile string
	// V2 replaces the bundled posterior of the intervention model v2 and
	// its crisis hazards (for example one fitted before a hindcast's start,
	// or read from a file of `steppe calibrate --out`); V2File names it.
	V2     *V2Posterior
	V2File string
	// Stated runs the scenario's stated hazard, decision and effect models
	// only, with no engine plugged in.
	Stated bool
	// NoIntegration leaves out the trade and network engines (the stated
	// project effects apply), as a hindcast does: it has no projects.
	NoIntegration bool
	// Set fixes parameters in every draw, by path (as `steppe run --set`).
	// Values the engines draw themselves (the trade elasticity and the
	// trade-cost changes) are pinned in the world before the engines are
	// built, so that Set reaches them too.
	Set map[string]float64
	// Settings are the modelling constants; zero fields take
	// DefaultSettings.
	Settings Settings
}

// Model is a scenario with its engines, compiled for simulation.
type Model struct {
	World    *world.World
	Sim      *sim.Model
	Engines  sim.Engines
	Settings Settings
	set      map[string]float64
	warnings []error
	cache    *Cache
}

// Assemble plugs the engines into w and compiles the simulation. It pins
// cfg.Set's engine inputs in w (w is changed). Errors caused by the
// scenario or by cfg are [InputError]s. c may be nil.
func (c *Cache) Assemble(w *world.World, cfg Config) (*Model, error) {
	c = c.orNew()
	s := cfg.Settings.withDefaults()
	pinned := pinEngineInputs(w, cfg.Set)
	var eng sim.Engines
	if !cfg.Stated {
		// The decision engines, the trade engine and the network engine
		// read w and the cache only: made side by side, the set-up takes
		// about the longest of the three instead of their sum. Errors are
		// reported in the order the engines are listed, as one after
		// another would.
		var ti, ni sim.Integration
		var tErr, nErr error
		var wg sync.WaitGroup
		if !cfg.NoIntegration {
			wg.Go(func() { ti, tErr = c.newTradeIntegration(w, s) })
			wg.Go(func() { ni, nErr = c.newNetworkIntegration(w) })
		}
		var err error
		eng, err = c.decisionEngines(w, cfg)
		wg.Wait()
		if err = cmp.Or(err, tErr, nErr); err != nil {
			return nil, err
		}
		if !cfg.NoIntegration {
			eng.Integration = []sim.Integration{ti, ni}
		}
	}
	sm, err := sim.New(w, eng)
	if err != nil {
		return nil, err
	}
	m := &Model{World: w, Sim: sm, Engines: eng, Settings: s, set: cfg.Set, cache: c}
	// A Set path that an engine replaces cannot change the results: say so
	// rather than let the user believe it did.
	var paths []string
	for k := range cfg.Set {
		if !pinned[k] {
			paths = append(paths, k)
		}
	}
	for _, r := range m.IgnoredFactors(paths) {
		m.warnings = append(m.warnings, fmt.Errorf("set %s, so it has no effect on this run", r))
	}
	return m, nil
}

// Preload reads into c the bundled data that the engines of a scenario
// without its own posterior, priors or trade baseline year use (the
// decision model v2 posterior, the network, the trade baseline of the
// default year, and the crisis record of the results' historical rates),
// so that a caller can do it while it reads the scenario
// (steppe run: on the otherwise idle second core); Assemble then finds them
// made. An error is left for Assemble to report: the cache keeps it.
func (c *Cache) Preload() {
	_, _ = c.V2()
	_, _ = c.network()
	_, _ = c.tradeBaseline(DefaultSettings.TradeBaselineYear)
	_, _ = c.Crises() // last: Assemble does not wait for it
}

// Assemble is [Cache.Assemble] with a cache of its own.
func Assemble(w *world.World, cfg Config) (*Model, error) { return (*Cache)(nil).Assemble(w, cfg) }

// Warnings are the problems of the model that do not stop a run, such as
// a Set path that an engine replaces.
func (m *Model) Warnings() []error { return m.warnings }

// Options of a run.
type Options struct {
	Draws    int
	Seed     uint64
	Workers  int      // 0: all cores; results do not depend on it
	Policies []string // besides the baseline; nil: all
	Paths    bool     // sample event paths instead of conditional probabilities (see sim)
	Progress func(done, total int)
	// DrawsOut, when set, receives the per-draw results as Parquet
	// (results.DrawsWriter: one row per draw, policy, country and year,
	// with the draw's parameters), streamed as the draws are simulated.
	DrawsOut io.Writer
	// PilotValues is results.Accumulator.PilotValues; 0 means its default.
	// Lower, it makes a small run take the passes of a large one (tests).
	PilotValues int
}

// ResultBytes is the peak memory a run with opt adds to the process
// ([Model.Estimate]'s Bytes): the per-draw results are summarised as they
// stream (results.Accumulator), so it stops growing with the draws once
// they exceed the accumulator's pilot.
func (m *Model) ResultBytes(opt Options) float64 { return m.Estimate(opt).Bytes }

// BudgetError is a run refused because its estimated memory would exceed
// Settings.MaxResultBytes or its estimated CPU time Settings.MaxRunCPU
// ([Model.Estimate]).
type BudgetError struct {
	Draws      int
	Need, Have float64 // bytes
	// CPU and MaxCPU are set when the time is over budget.
	CPU, MaxCPU time.Duration
}

func (e *BudgetError) Error() string {
	if e.MaxCPU > 0 {
		return fmt.Sprintf("%d draws need about %v of CPU time (limit %v); use fewer draws", e.Draws, e.CPU.Round(time.Second), e.MaxCPU)
	}
	return fmt.Sprintf("%d draws need about %.1f GB of memory (limit %.0f GB); use fewer draws", e.Draws, e.Need/1e9, e.Have/1e9)
}

// Run simulates the model and summarises the draws. An unknown policy or
// parameter and a run over the memory budget are [InputError]s; a cancelled
// ctx returns its error.
func (m *Model) Run(ctx context.Context, opt Options) (*results.Results, error) {
	if opt.Draws <= 0 {
		return nil, inputErrf("draws must be positive, got %d", opt.Draws)
	}
	switch est := m.Estimate(opt); {
	case est.Bytes > m.Settings.MaxResultBytes:
		return nil, inputErr(&BudgetError{Draws: opt.Draws, Need: est.Bytes, Have: m.Settings.MaxResultBytes})
	case est.CPU > m.Settings.MaxRunCPU:
		return nil, inputErr(&BudgetError{Draws: opt.Draws, Need: est.Bytes, Have: m.Settings.MaxResultBytes, CPU: est.CPU, MaxCPU: m.Settings.MaxRunCPU})
	}
	res, err := m.run(ctx, opt)
	if err != nil {
		return nil, err
	}
	if res.Validity.Historical, err = m.cache.HistoricalRates(); err != nil {
		return nil, err
	}
	res.Validation = m.Validation()
	return res, nil
}

// run simulates and summarises in passes over the draws (results.Accumulator):
// one pass when the per-draw values fit the accumulator's pilot, else one
// more (or a few) that repeat the same draws, so that memory stays bounded
// whatever the number of draws. Progress counts every pass's draws.
func (m *Model) run(ctx context.Context, opt Options) (*results.Results, error) {
	acc := results.NewAccumulator()
	if opt.PilotValues > 0 {
		acc.PilotValues = opt.PilotValues
	}
	passes := m.Passes(opt)
	so := sim.Options{Draws: opt.Draws, Seed: opt.Seed, Workers: opt.Workers, Policies: opt.Policies,
		Paths: opt.Paths, Overrides: m.set, Each: acc.Add}
	var dw *results.DrawsWriter
	if opt.DrawsOut != nil {
		var paths []string
		for _, p := range m.Sim.Params() {
			paths = append(paths, p.Path)
		}
		var err error
		if dw, err = results.NewDrawsWriter(opt.DrawsOut, paths); err != nil {
			return nil, err
		}
		so.BlockParams = true
		so.Each = func(b *sim.Block) error {
			if err := acc.Add(b); err != nil {
				return err
			}
			return dw.Add(b)
		}
	}
	var first *sim.Output
	total, last := passes*opt.Draws, 0
	for pass := 0; ; pass++ {
		if opt.Progress != nil {
			so.Progress = func(done, _ int) {
				// Scaled to the passes planned; a rare extra pass (see
				// results.Accumulator) holds the bar short of the end.
				if d := min(pass*opt.Draws+done, total-1); d > last {
					last = d
					opt.Progress(d, total)
				}
			}
		}
		out, err := m.Sim.Run(ctx, so)
		if err != nil {
			return nil, simErr(err)
		}
		if first == nil {
			first = out
		}
		if dw != nil {
			if err := dw.Close(); err != nil {
				return nil, err
			}
			dw, so.Each, so.BlockParams = nil, acc.Add, false
		}
		if !acc.Next() {
			if opt.Progress != nil {
				opt.Progress(total, total)
			}
			return acc.Results(first, m.World), nil
		}
	}
}

// roundTo rounds v to d decimals.
func roundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(v*p) / p
}

// pinEngineInputs fixes in w the values that the engines draw themselves
// (the GE engine's trade elasticity and trade-cost changes) to their set
// values, so that a set reaches the engines as it reaches sim. It returns
// the paths it pinned.
func pinEngineInputs(w *world.World, set map[string]float64) map[string]bool {
	pinned := map[string]bool{}
	pin := func(v *world.Value) {
		if x, ok := set[v.Path]; ok && v.Set {
			v.V, v.Dist = x, nil
			pinned[v.Path] = true
		}
	}
	pin(&w.Gravity.Theta)
	for i := range w.Projects {
		for j := range w.Projects[i].TradeCost {
			pin(&w.Projects[i].TradeCost[j].Change)
			pin(&w.Projects[i].TradeCost[j].PartialEffect)
		}
	}
	return pinned
}

// IgnoredFactors lists the parameters among paths that the model's engines
// do not read, each as "path: reason": varying them cannot change any
// outcome, so a sensitivity index of zero for them says nothing about the
// quantity they stand for.
func (m *Model) IgnoredFactors(paths []string) []string {
	reason := map[string]string{}
	switch d := m.Engines.Decision.(type) {
	case *riskDecision:
		d.replaced(paths, reason)
	case *crisisDecision:
		d.replaced(paths, reason)
	}
	if m.Engines.BaseHazards != nil {
		for _, p := range paths {
			if strings.HasPrefix(p, "triggers.hazard.") {
				reason[p] = "base hazard replaced by the crisis hazards fitted on the episode record"
			}
		}
	}
	hasTrade := false
	for _, in := range m.Engines.Integration {
		desc := sim.Engines{Integration: []sim.Integration{in}}.Info().Integration[0]
		if i := strings.IndexAny(desc, "(:"); i > 0 {
			desc = strings.TrimSpace(desc[:i])
		}
		for _, fld := range in.Fields() {
			for _, p := range paths {
				if strings.HasPrefix(p, "projects.") && strings.Contains(p, ".effects.") && strings.HasSuffix(p, "."+fld.String()) {
					reason[p] = "stated project effect on " + fld.String() + " is replaced by the " + desc
				}
			}
		}
		if _, ok := in.(*tradeIntegration); ok {
			hasTrade = true
			for _, p := range paths {
				if isTradeInput(p) {
					reason[p] = "the GE trade engine draws the trade elasticity and trade-cost changes itself (its own draws of the scenario's distributions), so the experiment's value does not reach it"
				}
			}
		}
	}
	for _, p := range paths {
		switch {
		case !hasTrade && isTradeInput(p):
			reason[p] = "read only by the GE trade engine, which is not in use (--stated-models)"
		case strings.HasPrefix(p, "projects.") && strings.HasSuffix(p, ".cost_usd"):
			reason[p] = "no simulation model reads project costs (they are reported, not simulated)"
		}
	}
	var out []string
	for _, p := range paths {
		if r, ok := reason[p]; ok {
			out = append(out, p+": "+r)
		}
	}
	sort.Strings(out)
	return out
}

func isTradeInput(p string) bool {
	return p == "gravity.theta" || strings.HasPrefix(p, "projects.") && strings.Contains(p, ".trade_cost.")
}

// decisionEngines returns the decision and hazard engines for w: the
// intervention model v1 where cfg gives a v1 posterior or the scenario asks
// for it (decision.model: v1), else the model v2 with its crisis hazards.
func (c *Cache) decisionEngines(w *world.World, cfg Config) (sim.Engines, error) {
	if cfg.Posterior != nil || w.Decision.Model == "v1" {
		if cfg.V2 != nil {
			return sim.Engines{}, inputErrf("a v1 posterior and a v2 posterior given together")
		}
		rd, err := c.newRiskDecision(w, cfg)
		return sim.Engines{Decision: rd}, err
	}
	if w.Decision.Priors.Stated() {
		return sim.Engines{}, inputErr(fmt.Errorf("%s: decision.priors state priors of the v1 model (intercept, slope, cut, coef.<feature>), which the default model v2 does not read: add decision.model: v1 to fit v1 under them", w.Decision.Priors.At))
	}
	p, src := cfg.V2, cfg.V2File
	if p == nil {
		var err error
		if p, src, err = c.v2For(w); err != nil {
			return sim.Engines{}, err
		}
	} else if len(w.Decision.Priors.V2) > 0 {
		return sim.Engines{}, inputErrf("%s: the scenario states decision.priors.v2, but a v2 posterior (%s) is given: it was fitted under its own", w.Decision.Priors.At, src)
	}
	cd, err := newCrisisDecision(w, p.Decision, src)
	if err != nil {
		return sim.Engines{}, err
	}
	cd.src, cd.validation = src, p.Validation
	return sim.Engines{Decision: cd, BaseHazards: newCrisisHazards(w, p.Hazards, src)}, nil
}

// simOptions are the options of a hindcast's run: sampled event paths.
func simOptions(draws int, seed uint64) sim.Options {
	return sim.Options{Draws: draws, Seed: seed, Paths: true}
}

// simErr marks sim's errors about the caller's options (an unknown policy
// or parameter) as input errors.
func simErr(err error) error {
	var up *sim.UnknownPolicyError
	var uk *sim.UnknownParamError
	if errors.As(err, &up) || errors.As(err, &uk) {
		return inputErr(err)
	}
	return err
}
