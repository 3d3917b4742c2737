package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

// storeRuns adapts *store.Store to server.Runs.
type storeRuns struct{ s *store.Store }

// mapErr turns the store's sentinel errors into the server's.
func mapErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("%w: %v", server.ErrNotFound, err)
	case errors.Is(err, store.ErrExists):
		return fmt.Errorf("%w: %v", server.ErrExists, err)
	case errors.Is(err, store.ErrState):
		return fmt.Errorf("%w: %v", server.ErrState, err)
	}
	return err
}

func toServerRun(r store.Run) server.Run {
	return server.Run{ID: r.ID, Name: r.Name, ScenarioName: r.ScenarioName, ScenarioSource: r.ScenarioSource, Resolved: r.Resolved,
		Policies: r.Policies, Draws: r.Draws, Seed: r.Seed, Version: r.Version, Status: server.Status(r.Status), Error: r.Error,
		Created: r.Created, Started: r.Started, Finished: r.Finished}
}

func (a storeRuns) CreateRun(ctx context.Context, r server.Run) error {
	return mapErr(a.s.CreateRun(ctx, store.Run{ID: r.ID, Name: r.Name, ScenarioName: r.ScenarioName, ScenarioSource: r.ScenarioSource,
		Resolved: r.Resolved, Policies: r.Policies, Draws: r.Draws, Seed: r.Seed, Version: r.Version, Status: store.Status(r.Status),
		Error: r.Error, Created: r.Created}))
}

func (a storeRuns) Run(ctx context.Context, id string) (server.Run, error) {
	r, err := a.s.Run(ctx, id)
	if err != nil {
		return server.Run{}, mapErr(err)
	}
	return toServerRun(r), nil
}

func (a storeRuns) Runs(ctx context.Context, limit int) ([]server.Run, error) {
	rs, err := a.s.Runs(ctx, limit)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]server.Run, len(rs))
	for i, r := range rs {
		out[i] = toServerRun(r)
	}
	return out, nil
}

func (a storeRuns) DeleteRun(ctx context.Context, id string) error {
	return mapErr(a.s.DeleteRun(ctx, id))
}

func (a storeRuns) MarkRunning(ctx context.Context, id string, at time.Time) error {
	return mapErr(a.s.MarkRunning(ctx, id, at))
}

func (a storeRuns) Finish(ctx context.Context, id string, o server.Outcome) error {
	arts := make([]store.Artifact, len(o.Files))
	for i, f := range o.Files {
		arts[i] = store.Artifact{Name: f.Name, ContentType: f.ContentType, Data: f.Data}
	}
	return mapErr(a.s.Finish(ctx, id, store.Outcome{Status: store.Status(o.Status), Error: o.Error, Resolved: o.Resolved, Artifacts: arts, At: o.At}))
}

func (a storeRuns) File(ctx context.Context, id, name string) (server.File, error) {
	f, err := a.s.Artifact(ctx, id, name)
	if err != nil {
		return server.File{}, mapErr(err)
	}
	return server.File{Name: f.Name, ContentType: f.ContentType, Data: f.Data, SHA256: f.SHA256}, nil
}

func (a storeRuns) PutScenario(ctx context.Context, name, source string, at time.Time) error {
	return mapErr(a.s.PutScenario(ctx, store.Scenario{Name: name, Source: source, Created: at}))
}

func (a storeRuns) Scenario(ctx context.Context, name string) (string, error) {
	sc, err := a.s.Scenario(ctx, name)
	if err != nil {
		return "", mapErr(err)
	}
	return sc.Source, nil
}

func (a storeRuns) Scenarios(ctx context.Context) ([]string, error) {
	list, err := a.s.Scenarios(ctx)
	if err != nil {
		return nil, mapErr(err)
	}
	out := make([]string, len(list))
	for i, sc := range list {
		out[i] = sc.Name
	}
	return out, nil
}

// jsonEncode writes v as compact JSON.
func jsonEncode(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
