package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/store"
	"github.com/steppe-dev/steppe/world"
)

// Defaults of a run started from the API without draws or seed: the same as
// `steppe run`.
const (
	DefaultDraws = 10000
	DefaultSeed  = 1
)

// ModelRunner is the [Runner] of the assembled model: scenarios are loaded
// with package scenario, checked against the risk engine's priors and run
// with package model; they reach other scenarios only by name through the
// job's [Resolver]. A run's artifacts are its results.json, results.csv and
// the dashboard's view.json (package report).
type ModelRunner struct {
	Workers   int               // simulation workers per run (0: all cores)
	Gazetteer *report.Gazetteer // places of the view's map
	Version   string            // steppe's version, recorded in the view

	cache model.Cache // shared by every run, so each set of priors is fitted once
}

// EmbeddedScenarios is data's scenarios/ folder, the server's embedded
// scenarios (NAME.yaml).
func EmbeddedScenarios() fs.FS {
	sub, err := fs.Sub(data.FS(), "scenarios")
	if err != nil {
		panic(err) // fs.Sub fails only on an invalid path
	}
	return sub
}

// byName adapts the server's Resolver to scenario.Resolver: a scenario may
// extend another only by its bare name.
func byName(resolve Resolver) scenario.Resolver {
	return func(ref, _ string) (string, []byte, error) {
		if ref == "" || strings.ContainsAny(ref, `/\`) || strings.HasPrefix(ref, ".") {
			return "", nil, fmt.Errorf("%q: a scenario run by the server may extend only embedded scenarios or earlier uploads, by name", ref)
		}
		name := strings.TrimSuffix(ref, ".yaml")
		b, err := resolve(name)
		if err != nil {
			return "", nil, err
		}
		return name + ".yaml", b, nil
	}
}

// scenarioProblems converts scenario errors to problems; ok is false when
// err is not a problem with the scenario.
func scenarioProblems(file string, err error) ([]Problem, bool) {
	var list scenario.ErrorList
	if !errors.As(err, &list) {
		return nil, false
	}
	out := make([]Problem, 0, len(list))
	for _, e := range list {
		f := e.Pos.File
		if f == "" {
			f = file
		}
		out = append(out, Problem{File: f, Line: e.Pos.Line, Column: e.Pos.Col, Field: e.Field, Message: e.Msg})
	}
	return out, true
}

// policyOrder is the baseline, then the world's other policies.
func policyOrder(w *world.World) []string {
	pols := []string{w.Baseline}
	for _, id := range w.PolicyIDs() {
		if id != w.Baseline {
			pols = append(pols, id)
		}
	}
	return pols
}

// Validate loads the scenario and checks its decision priors against the
// bundled posterior's features; problems of either are returned as
// [Checked.Problems], other failures as the error. The load stops with
// ctx's error once ctx is done (the client went away, the server stops).
func (r *ModelRunner) Validate(ctx context.Context, file string, src []byte, resolve Resolver) (Checked, error) {
	sc, err := scenario.CheckContext(ctx, file, src, byName(resolve))
	if err != nil {
		if p, ok := scenarioProblems(file, err); ok {
			return Checked{Problems: p}, nil
		}
		return Checked{}, err
	}
	bundled, err := r.cache.Posterior()
	if err != nil {
		return Checked{}, err
	}
	if _, err := bundled.Priors.WithScenario(sc.World.Decision.Priors, bundled.Features); err != nil {
		if p, ok := priorProblems(err); ok {
			return Checked{Problems: p}, nil
		}
		return Checked{}, err
	}
	return Checked{Policies: policyOrder(sc.World), Draws: DefaultDraws, Seed: DefaultSeed}, nil
}

// Admit loads the job's scenario and assembles its model with the job's
// Set, as Run will: each value set must be in the range the file format
// states for its parameter (scenario.Scenario.CheckSet, as for steppe run
// --set) and name one of the model's parameters; then the model's own
// estimate of the run's cost (model.Model.Estimate: its peak memory and
// CPU time) must be within the budget.
func (r *ModelRunner) Admit(ctx context.Context, job Job, budget Budget) error {
	m, err := r.model(ctx, job)
	if err != nil {
		return err
	}
	est := m.Estimate(r.options(job))
	size := fmt.Sprintf("%d draws of %d policies over %d years and %d countries", job.Draws, len(job.Policies), len(m.Sim.Years()), len(m.Sim.Countries()))
	switch {
	case est.Bytes > budget.Bytes:
		return &RequestError{Field: "draws", Msg: fmt.Sprintf("%s need about %.3g GB (limit %.3g GB); use fewer draws, policies or years",
			size, est.Bytes/1e9, budget.Bytes/1e9)}
	case est.CPU > budget.CPU:
		return &RequestError{Field: "draws", Msg: fmt.Sprintf("%s need about %s of CPU time (limit %s); use fewer draws, policies or years",
			size, est.CPU.Round(time.Second), budget.CPU)}
	}
	return nil
}

// model loads job's scenario without its resolved text and assembles its
// model (see assemble).
func (r *ModelRunner) model(ctx context.Context, job Job) (*model.Model, error) {
	sc, err := scenario.CheckContext(ctx, job.File, job.Source, byName(job.Resolve))
	if err != nil {
		return nil, fmt.Errorf("load scenario: %w", err)
	}
	return r.assemble(sc, job)
}

// assemble checks job.Set against the scenario and assembles its model
// with them; a value out of range or a path that names no parameter is a
// *RequestError naming the path.
func (r *ModelRunner) assemble(sc *scenario.Scenario, job Job) (*model.Model, error) {
	paths := slices.Sorted(maps.Keys(job.Set))
	for _, p := range paths {
		if err := sc.CheckSet(p, job.Set[p]); err != nil {
			return nil, &RequestError{Field: "set", Msg: err.Error()}
		}
	}
	m, err := r.cache.Assemble(sc.World, model.Config{Set: job.Set})
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, p := range m.Sim.Params() {
		known[p.Path] = true
	}
	for _, p := range paths {
		if !known[p] {
			return nil, &RequestError{Field: "set", Msg: fmt.Sprintf("%s: the scenario has no such parameter (GET the scenario, or list them with steppe validate --params)", p)}
		}
	}
	return m, nil
}

// options are the model's options for job: its policies besides the
// baseline, which the model always runs first, and the runner's workers.
func (r *ModelRunner) options(job Job) model.Options {
	var pols []string
	if len(job.Policies) > 0 {
		pols = job.Policies[1:]
	}
	return model.Options{Draws: job.Draws, Seed: job.Seed, Policies: pols, Workers: r.Workers}
}

// priorProblems converts the risk engine's errors about a scenario's
// decision.priors into problems at their positions.
func priorProblems(err error) ([]Problem, bool) {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []Problem
	for _, e := range errs {
		var pe *risk.PriorError
		if !errors.As(e, &pe) {
			return nil, false
		}
		out = append(out, Problem{File: pe.At.File, Line: pe.At.Line, Column: pe.At.Column, Field: pe.Field, Message: pe.Msg})
	}
	return out, true
}

// Run loads, assembles and runs the job's scenario, reporting the loading
// stage and then each finished draw.
func (r *ModelRunner) Run(ctx context.Context, job Job, progress func(Progress)) (Output, error) {
	progress(Progress{Total: int64(job.Draws), Stage: "loading"})
	sc, err := scenario.LoadContext(ctx, job.File, job.Source, byName(job.Resolve))
	if err != nil {
		return Output{}, fmt.Errorf("load scenario: %w", err)
	}
	m, err := r.assemble(sc, job)
	if err != nil {
		return Output{}, err
	}
	opt := r.options(job)
	opt.Progress = func(done, total int) {
		progress(Progress{Done: int64(done), Total: int64(total), Stage: "simulating"})
	}
	res, err := m.Run(ctx, opt)
	if err != nil {
		return Output{}, err
	}
	params := m.Sim.Params()
	view := report.Input{Results: res, World: sc.World, Assumptions: report.Assumptions(params, m.IgnoredFactors(report.ParamPaths(params))...),
		Version: r.Version, ScenarioArg: strings.TrimSuffix(job.File, ".yaml")}
	files, err := runFiles(res, view, r.Gazetteer)
	if err != nil {
		return Output{}, err
	}
	return Output{Resolved: sc.Resolved, Files: files}, nil
}

// runFiles encodes a run's results.json, results.csv and view.json.
func runFiles(res *results.Results, in report.Input, gz *report.Gazetteer) ([]store.Artifact, error) {
	var js, csv bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		return nil, err
	}
	if err := res.WriteCSV(&csv); err != nil {
		return nil, err
	}
	var vb bytes.Buffer
	if err := json.NewEncoder(&vb).Encode(report.BuildView(in, gz)); err != nil {
		return nil, err
	}
	return []store.Artifact{
		{Name: "results.json", ContentType: "application/json", Data: js.Bytes()},
		{Name: "results.csv", ContentType: "text/csv; charset=utf-8", Data: csv.Bytes()},
		{Name: "view.json", ContentType: "application/json", Data: vb.Bytes()},
	}, nil
}
