package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/store"
	"github.com/steppe-dev/steppe/world"
)

// Defaults of a run started from the API without draws or seed: the same as
// `steppe run`.
const (
	serveDefaultDraws = 10000
	serveDefaultSeed  = 1
)

// simRunner is the server's Runner: scenarios are loaded with package
// scenario and run with package sim, and reach other scenarios only by name
// through the server's Resolver.
type simRunner struct {
	workers int // sim workers per run (0: all cores)
	gz      *report.Gazetteer
	cache   model.Cache // shared by every run, so each set of priors is fitted once
}

// embeddedScenarios is data's scenarios/ folder, the server's embedded
// scenarios (NAME.yaml).
func embeddedScenarios() fs.FS {
	sub, err := fs.Sub(data.FS(), "scenarios")
	if err != nil {
		panic(err) // fs.Sub fails only on an invalid path
	}
	return sub
}

// byName adapts the server's Resolver to scenario.Resolver: a scenario may
// extend another only by its bare name.
func byName(resolve server.Resolver) scenario.Resolver {
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

// problems converts scenario errors to the server's problems; ok is false
// when err is not a problem with the scenario.
func problems(file string, err error) ([]server.Problem, bool) {
	var list scenario.ErrorList
	if !errors.As(err, &list) {
		return nil, false
	}
	out := make([]server.Problem, 0, len(list))
	for _, e := range list {
		f := e.Pos.File
		if f == "" {
			f = file
		}
		out = append(out, server.Problem{File: f, Line: e.Pos.Line, Column: e.Pos.Col, Field: e.Field, Message: e.Msg})
	}
	return out, true
}

func policyOrder(w *world.World) []string {
	pols := []string{w.Baseline}
	for _, id := range w.PolicyIDs() {
		if id != w.Baseline {
			pols = append(pols, id)
		}
	}
	return pols
}

func (r *simRunner) Validate(_ context.Context, file string, src []byte, resolve server.Resolver) (server.Checked, error) {
	sc, err := scenario.Load(file, src, byName(resolve))
	if err != nil {
		if p, ok := problems(file, err); ok {
			return server.Checked{Problems: p}, nil
		}
		return server.Checked{}, err
	}
	bundled, err := r.cache.Posterior()
	if err != nil {
		return server.Checked{}, err
	}
	if _, err := bundled.Priors.WithScenario(sc.World.Decision.Priors, bundled.Features); err != nil {
		if p, ok := priorProblems(err); ok {
			return server.Checked{Problems: p}, nil
		}
		return server.Checked{}, err
	}
	return server.Checked{Policies: policyOrder(sc.World), Draws: serveDefaultDraws, Seed: serveDefaultSeed}, nil
}

// priorProblems converts the risk engine's errors about a scenario's
// decision.priors into problems at their positions.
func priorProblems(err error) ([]server.Problem, bool) {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	var out []server.Problem
	for _, e := range errs {
		var pe *risk.PriorError
		if !errors.As(e, &pe) {
			return nil, false
		}
		out = append(out, server.Problem{File: pe.At.File, Line: pe.At.Line, Column: pe.At.Column, Field: pe.Field, Message: pe.Msg})
	}
	return out, true
}

func (r *simRunner) Run(ctx context.Context, job server.Job, progress func(server.Progress)) (server.Output, error) {
	progress(server.Progress{Total: int64(job.Draws), Stage: "loading"})
	sc, err := scenario.Load(job.File, job.Source, byName(job.Resolve))
	if err != nil {
		return server.Output{}, fmt.Errorf("load scenario: %w", err)
	}
	m, err := r.cache.Assemble(sc.World, model.Config{})
	if err != nil {
		return server.Output{}, err
	}
	res, err := m.Run(ctx, model.Options{Draws: job.Draws, Seed: job.Seed, Workers: r.workers, Policies: job.Policies,
		Progress: func(done, total int) {
			progress(server.Progress{Done: int64(done), Total: int64(total), Stage: "simulating"})
		}})
	if err != nil {
		return server.Output{}, err
	}
	files, err := runFiles(res, sc.World, m.Sim.Params(), strings.TrimSuffix(job.File, ".yaml"), r.gz)
	if err != nil {
		return server.Output{}, err
	}
	return server.Output{Resolved: sc.Resolved, Files: files}, nil
}

// assumptions lists a model's parameters for the view and the report.
func assumptions(params []sim.Param) []report.Assumption {
	out := make([]report.Assumption, 0, len(params))
	for _, p := range params {
		a := report.Assumption{Path: p.Path, Value: p.Value.V, Year: p.Value.Year, Uncertain: p.Value.Uncertain(),
			Lo: p.Lo, Hi: p.Hi, Source: p.Value.Source, Assumption: p.Value.Assumption, Reason: p.Value.Reason, Dist: "fixed"}
		if a.Uncertain && p.Dist != nil {
			a.Dist = p.Dist.String()
		}
		out = append(out, a)
	}
	return out
}

// runFiles encodes a run's results.json, results.csv and view.json.
func runFiles(res *results.Results, w *world.World, params []sim.Param, scenarioArg string, gz *report.Gazetteer) ([]store.Artifact, error) {
	var js, csv bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		return nil, err
	}
	if err := res.WriteCSV(&csv); err != nil {
		return nil, err
	}
	view := report.BuildView(report.Input{Results: res, World: w, Assumptions: assumptions(params), Version: version, ScenarioArg: scenarioArg}, gz)
	var vb bytes.Buffer
	if err := json.NewEncoder(&vb).Encode(view); err != nil {
		return nil, err
	}
	return []store.Artifact{
		{Name: "results.json", ContentType: "application/json", Data: js.Bytes()},
		{Name: "results.csv", ContentType: "text/csv; charset=utf-8", Data: csv.Bytes()},
		{Name: "view.json", ContentType: "application/json", Data: vb.Bytes()},
	}, nil
}
