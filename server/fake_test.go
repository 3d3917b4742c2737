package server

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// memRuns is an in-memory Runs for tests.
type memRuns struct {
	mu        sync.Mutex
	runs      map[string]store.Run
	files     map[string][]store.Artifact
	scenarios map[string]store.Scenario
}

func newMemRuns() *memRuns {
	return &memRuns{runs: map[string]store.Run{}, files: map[string][]store.Artifact{}, scenarios: map[string]store.Scenario{}}
}

// putNew adds v under k, or returns store.ErrExists if k is taken.
func putNew[V any](m map[string]V, k string, v V) error {
	if _, ok := m[k]; ok {
		return store.ErrExists
	}
	m[k] = v
	return nil
}

// get returns the value under k, or an error wrapping store.ErrNotFound
// that names it as what (e.g. "run").
func get[V any](m map[string]V, what, k string) (V, error) {
	v, ok := m[k]
	if !ok {
		return v, fmt.Errorf("%s %q: %w", what, k, store.ErrNotFound)
	}
	return v, nil
}

func (m *memRuns) CreateRun(_ context.Context, r store.Run) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return putNew(m.runs, r.ID, r)
}

func (m *memRuns) Run(_ context.Context, id string) (store.Run, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return get(m.runs, "run", id)
}

func (m *memRuns) Runs(_ context.Context, limit int) ([]store.Run, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Run
	for _, r := range m.runs {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Created.After(out[j].Created) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memRuns) DeleteRun(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.runs[id]; !ok {
		return store.ErrNotFound
	}
	delete(m.runs, id)
	delete(m.files, id)
	return nil
}

func (m *memRuns) MarkRunning(_ context.Context, id string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.runs[id]
	if !ok {
		return store.ErrNotFound
	}
	if r.Status != store.Queued {
		return store.ErrState
	}
	r.Status, r.Started = store.Running, at
	m.runs[id] = r
	return nil
}

func (m *memRuns) Finish(_ context.Context, id string, o store.Outcome) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.runs[id]
	if !ok {
		return store.ErrNotFound
	}
	if r.Status.Final() {
		return store.ErrState
	}
	r.Status, r.Error, r.Finished = o.Status, o.Error, o.At
	if o.Resolved != "" {
		r.Resolved = o.Resolved
	}
	m.runs[id] = r
	for _, f := range o.Artifacts {
		sum := sha256.Sum256(f.Data)
		f.SHA256 = hex.EncodeToString(sum[:])
		m.files[id] = append(m.files[id], f)
	}
	return nil
}

func (m *memRuns) Artifact(_ context.Context, id, name string) (store.Artifact, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, f := range m.files[id] {
		if f.Name == name {
			return f, nil
		}
	}
	return store.Artifact{}, store.ErrNotFound
}

func (m *memRuns) PutScenario(_ context.Context, sc store.Scenario) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	return putNew(m.scenarios, sc.Name, sc)
}

func (m *memRuns) Scenario(_ context.Context, name string) (store.Scenario, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return get(m.scenarios, "scenario", name)
}

func (m *memRuns) Scenarios(context.Context) ([]store.Scenario, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.Scenario
	for _, sc := range m.scenarios {
		out = append(out, sc)
	}
	slices.SortFunc(out, func(a, b store.Scenario) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// fakeRunner understands a toy scenario language: lines "key: value".
// "extend: NAME" resolves NAME through the Resolver; "bad: MSG" is a
// problem at that line; "policies: a, b" lists the policies (default
// baseline, fast-track-integration); "steps: N" and "step: DURATION" shape
// the run's progress; "panic: yes" panics in Run; "fail: MSG" fails it.
type fakeRunner struct {
	view func(job Job) []byte // the view.json of a run
}

type toy struct {
	problems []Problem
	kv       map[string]string
}

func parseToy(file string, src []byte, resolve Resolver, depth int) toy {
	t := toy{kv: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(src))
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		k, v, ok := strings.Cut(text, ":")
		if !ok {
			t.problems = append(t.problems, Problem{File: file, Line: line, Column: 1, Message: "expected key: value"})
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		col := strings.Index(text, v) + 1
		switch k {
		case "bad":
			t.problems = append(t.problems, Problem{File: file, Line: line, Column: col, Field: "bad", Message: v})
		case "extend":
			if depth > 8 {
				t.problems = append(t.problems, Problem{File: file, Line: line, Column: col, Field: "extend", Message: "extends too deep"})
				continue
			}
			b, err := resolve(v)
			if err != nil {
				t.problems = append(t.problems, Problem{File: file, Line: line, Column: col, Field: "extend", Message: err.Error()})
				continue
			}
			parent := parseToy(v+".yaml", b, resolve, depth+1)
			t.problems = append(t.problems, parent.problems...)
			for pk, pv := range parent.kv {
				if _, ok := t.kv[pk]; !ok {
					t.kv[pk] = pv
				}
			}
		default:
			t.kv[k] = v
		}
	}
	return t
}

func (f *fakeRunner) Validate(_ context.Context, file string, src []byte, resolve Resolver) (Checked, error) {
	t := parseToy(file, src, resolve, 0)
	pol := []string{"baseline", "fast-track-integration"}
	if p, ok := t.kv["policies"]; ok {
		pol = strings.Split(strings.ReplaceAll(p, " ", ""), ",")
	}
	return Checked{Problems: t.problems, Policies: pol, Draws: 100, Seed: 7}, nil
}

func (f *fakeRunner) Run(ctx context.Context, job Job, progress func(Progress)) (Output, error) {
	t := parseToy(job.File, job.Source, job.Resolve, 0)
	steps := 5
	fmt.Sscan(t.kv["steps"], &steps)
	step := time.Millisecond
	if d, err := time.ParseDuration(t.kv["step"]); err == nil {
		step = d
	}
	if t.kv["panic"] == "yes" {
		panic("fake runner told to panic")
	}
	for i := 0; i <= steps; i++ {
		progress(Progress{Done: int64(i * job.Draws / steps), Total: int64(job.Draws), Stage: "simulating"})
		if i == steps {
			break
		}
		select {
		case <-ctx.Done():
			return Output{}, ctx.Err()
		case <-time.After(step):
		}
	}
	if msg := t.kv["fail"]; msg != "" {
		return Output{}, fmt.Errorf("%s", msg)
	}
	view := []byte(`{"schema":"steppe.view/v1"}`)
	if f.view != nil {
		view = f.view(job)
	}
	res := fmt.Sprintf(`{"schema":"steppe.results/v1","draws":%d,"seed":%d,"policies":%q}`, job.Draws, job.Seed, job.Policies)
	return Output{
		Resolved: []byte("resolved: " + job.File + "\n"),
		Files: []store.Artifact{
			{Name: "results.json", ContentType: "application/json", Data: []byte(res)},
			{Name: "results.csv", ContentType: "text/csv; charset=utf-8", Data: []byte("policy,country,year,p_mean\nbaseline,KAZ,2027,0.1\n")},
			{Name: "view.json", ContentType: "application/json", Data: view},
		},
	}, nil
}
