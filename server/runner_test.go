package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"
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
