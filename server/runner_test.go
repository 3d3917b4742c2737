package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
)

// embeddedResolver resolves names against the bundled scenarios, as the
// server does for a scenario no one uploaded.
func embeddedResolver(name string) ([]byte, error) {
	return fs.ReadFile(EmbeddedScenarios(), name+".yaml")
}

// bigSource is a scenario of n claims (about 130 bytes each) that extends
// the bundled central-asia.
func bigSource(n int) []byte {
	var b strings.Builder
	b.WriteString("extends: central-asia\nclaims:\n")
	for i := range n {
		fmt.Fprintf(&b, "  k%d: {text: \"claim number %d of a large scenario\", source: \"history.kaz-2022-01\", fields: [actors.KAZ.fuel_price_exposure]}\n", i, i)
	}
	return []byte(b.String())
}

// TestModelRunnerContext: the real runner's Validate and Run load the
// scenario under the request's or job's context, so a client that goes
// away, or a server that stops, ends the load of a large scenario (8 MB,
// about 1.8 s to load on the 2-core development machine) within a second,
// with the context's error rather than a problem or a result.
func TestModelRunnerContext(t *testing.T) {
	if testing.Short() {
		t.Skip("loads an 8 MB scenario")
	}
	src := bigSource(60000)
	r := &ModelRunner{Workers: 1}
	for _, tc := range []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"validate", func(ctx context.Context) error {
			chk, err := r.Validate(ctx, "big.yaml", src, embeddedResolver)
			if err == nil {
				return fmt.Errorf("no error, %d problems", len(chk.Problems))
			}
			return err
		}},
		{"run", func(ctx context.Context) error {
			_, err := r.Run(ctx, Job{File: "big.yaml", Source: src, Resolve: embeddedResolver, Draws: 10, Seed: 1}, func(Progress) {})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var at time.Time
			timer := time.AfterFunc(150*time.Millisecond, func() { at = time.Now(); cancel() })
			defer timer.Stop()
			err := tc.call(ctx)
			if ctx.Err() == nil {
				t.Fatalf("finished before the cancellation: %v", err)
			}
			late := time.Since(at)
			t.Logf("returned %v after the cancellation", late)
			if late > time.Second {
				t.Errorf("returned %v after the cancellation, want under 1 s", late)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want the context's", err)
			}
		})
	}
}

// centralAsiaEstimate is the model's own estimate (model.Model.Estimate) of
// a run of the bundled central-asia with draws draws of both its policies
// on one worker.
func centralAsiaEstimate(t *testing.T, draws int) model.Estimate {
	t.Helper()
	src, _ := embeddedResolver("central-asia")
	sc, err := scenario.Load("central-asia.yaml", src, byName(embeddedResolver))
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.Assemble(sc.World, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return m.Estimate(model.Options{Draws: draws, Policies: policyOrder(sc.World)[1:], Workers: 1})
}

// TestAdmit: with the real runner, a run whose horizon or estimated
// memory exceeds the budget, or whose overrides fail the checks that the
// scenario file's values and steppe run --set pass, is answered 422 before
// it is accepted, naming the field or the parameter's path (issue 21: the
// first request below got 202 and then killed the server with a 153 GB
// allocation), and nothing is queued.
func TestAdmit(t *testing.T) {
	est := centralAsiaEstimate(t, 2000)
	need := est.Bytes
	for _, tc := range []struct {
		name     string
		maxBytes float64
		maxCPU   time.Duration
		body     string
		want     []string
	}{
		{"horizon 9999-12", 0, 0, `{"source":"extends: central-asia\nhorizon: 9999-12\n","draws":200000}`,
			[]string{`"invalid scenario"`, `"line":2,"column":10,"field":"horizon","message":"9999-12 is after 2200-12, the latest horizon a scenario may have"`}},
		{"estimate over the budget", need * 0.99, 0, `{"scenario":"central-asia","draws":2000}`,
			[]string{fmt.Sprintf(`draws: 2000 draws of 2 policies over 21 years and 5 countries need about %.3g GB (limit %.3g GB); use fewer draws, policies or years`, need/1e9, need*0.99/1e9)}},
		{"CPU time over the budget", 0, est.CPU / 2, `{"scenario":"central-asia","draws":2000}`,
			[]string{fmt.Sprintf(`draws: 2000 draws of 2 policies over 21 years and 5 countries need about %s of CPU time (limit %s); use fewer draws, policies or years`, est.CPU.Round(time.Second), est.CPU/2)}},
		{"probability above 1", 0, 0, `{"scenario":"central-asia","draws":10,"set":{"triggers.hazard.KGZ.protest":1.5}}`,
			[]string{`"error":"set: triggers.hazard.KGZ.protest: 1.5 is outside [0, 1]"`}},
		{"propensity above 1", 0, 0, `{"scenario":"central-asia","draws":10,"set":{"actors.KGZ.request_propensity":7}}`,
			[]string{`"error":"set: actors.KGZ.request_propensity: 7 is outside [0, 1]"`}},
		{"negative quantity", 0, 0, `{"scenario":"central-asia","draws":10,"set":{"actors.KAZ.population":-1}}`,
			[]string{`"error":"set: actors.KAZ.population: -1 must not be negative"`}},
		{"unknown parameter", 0, 0, `{"scenario":"central-asia","draws":10,"set":{"actors.KAZ.no_such_thing":1}}`,
			[]string{`"error":"set: actors.KAZ.no_such_thing: the scenario has no such parameter`}},
		{"null", 0, 0, `{"scenario":"central-asia","draws":10,"set":{"actors.KAZ.population":null}}`,
			[]string{`"error":"set: actors.KAZ.population: want a number, got null"`}},
		{"not a number", 0, 0, `{"scenario":"central-asia","draws":10,"set":{"actors.KAZ.population":"many"}}`,
			[]string{`malformed JSON`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) {
				c.Runner, c.Embedded, c.MaxResultBytes, c.MaxRunCPU = &ModelRunner{Workers: 1}, EmbeddedScenarios(), tc.maxBytes, tc.maxCPU
			})
			code, _, body := e.do("POST", "/api/runs", tc.body)
			if code != 422 && !(code == 400 && strings.Contains(tc.want[0], "malformed")) {
				t.Fatalf("status %d, want 422: %s", code, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %s:\n%s", w, body)
				}
			}
			if _, _, list := e.do("GET", "/api/runs", ""); strings.Contains(list, `"id"`) {
				t.Errorf("a refused run was listed: %s", list)
			}
		})
	}
	// Just within the budget, and with a value at its range's bound, the
	// same run is accepted, and it records what it set.
	e := newEnv(t, func(c *Config) {
		c.Runner, c.Embedded, c.MaxResultBytes, c.MaxRunCPU = &ModelRunner{Workers: 1}, EmbeddedScenarios(), need, est.CPU
	})
	code, _, body := e.do("POST", "/api/runs", `{"scenario":"central-asia","draws":2000,"set":{"triggers.hazard.KGZ.protest":1}}`)
	if code != 202 || !strings.Contains(body, `"set":{"triggers.hazard.KGZ.protest":1}`) {
		t.Errorf("status %d, want 202 at the estimate %.0f bytes, with the set recorded: %s", code, need, body)
	}
}
