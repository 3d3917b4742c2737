package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// testRuns returns the real run store in a temporary directory, removed
// when t ends.
func testRuns(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "steppe.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
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

// Admit accepts a Set path only where the toy scenario has the key, and
// refuses draws × policies over maxBytes.
func (f *fakeRunner) Admit(_ context.Context, job Job, budget Budget) error {
	t := parseToy(job.File, job.Source, job.Resolve, 0)
	for p := range job.Set {
		if _, ok := t.kv[p]; !ok {
			return &RequestError{Field: "set", Msg: p + ": no such parameter"}
		}
	}
	if need := float64(job.Draws * len(job.Policies)); need > budget.Bytes {
		return &RequestError{Field: "draws", Msg: "over the budget"}
	}
	return nil
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
