package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// bigExtendsScenario writes a scenario of n claims that extends the
// embedded central-asia (about 130 bytes a claim) and returns its path.
func bigExtendsScenario(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("extends: central-asia\nclaims:\n")
	for i := range n {
		fmt.Fprintf(&b, "  k%d: {text: \"claim number %d of a large scenario\", source: \"history.kaz-2022-01\", fields: [actors.KAZ.fuel_price_exposure]}\n", i, i)
	}
	p := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLoadScenarioCancelled: Ctrl-C or SIGTERM (main's signal.NotifyContext
// cancels the command's context) during the load of a large scenario with
// extends stops the command within a second, with the context's error, and
// run --out leaves nothing behind. The 60,000-claim file (7.9 MB) takes
// about 1.8 s to validate on the 2-core development machine, so a
// cancellation 150 ms in lands inside the load.
func TestLoadScenarioCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("loads an 8 MB scenario")
	}
	dir := t.TempDir()
	big := bigExtendsScenario(t, dir, 60000)
	out := filepath.Join(dir, "out")
	for _, args := range [][]string{
		{"validate", big},
		{"run", "--scenario", big, "--draws", "20", "--out", out},
	} {
		t.Run(args[0], func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelledAt time.Time
			timer := time.AfterFunc(150*time.Millisecond, func() { cancelledAt = time.Now(); cancel() })
			defer timer.Stop()
			var stdout, stderr bytes.Buffer
			code := run(ctx, args, strings.NewReader(""), &stdout, &stderr)
			if !errors.Is(ctx.Err(), context.Canceled) {
				t.Fatalf("finished before the cancellation (exit %d): the test's scenario is too small to be cancelled mid-load", code)
			}
			late := time.Since(cancelledAt)
			t.Logf("%s returned %v after the cancellation", args[0], late)
			if late > time.Second {
				t.Errorf("returned %v after the cancellation, want under 1 s", late)
			}
			if code != 1 || !strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("exit %d, stderr %q; want 1 and the context's error", code, stderr.String())
			}
			if strings.Contains(stdout.String(), "ok") {
				t.Errorf("a cancelled load reported on its scenario: %q", stdout.String())
			}
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				if e.Name() != "big.yaml" {
					t.Errorf("a cancelled %s left %s behind", args[0], e.Name())
				}
			}
		})
	}
}

// TestRunHorizonBeyondLimit: a horizon past scenario.MaxHorizon is bad
// input at its position (exit 2), found before anything is simulated (issue
// 21: 9999-12 ran for 364 s and peaked at 10.2 GB).
func TestRunHorizonBeyondLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "far.yaml")
	if err := os.WriteFile(p, []byte("extends: central-asia\nhorizon: 9999-12\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, out, errs := runCLI(t, "run", "--scenario", p)
	want := p + ":2:10: horizon: 9999-12 is after 2200-12, the latest horizon a scenario may have"
	if code != 2 || !strings.Contains(errs, want) || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2 and %q", code, out, errs, want)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("refused after %v", d)
	}
}

// TestSetRange: --set values pass the range the file format states for
// the parameter (issue 21: these ran silently), named by flag and path.
func TestSetRange(t *testing.T) {
	for _, tc := range []struct{ set, want string }{
		{"triggers.hazard.KGZ.protest=1.5", "--set triggers.hazard.KGZ.protest: 1.5 is outside [0, 1]"},
		{"actors.KGZ.request_propensity=7", "--set actors.KGZ.request_propensity: 7 is outside [0, 1]"},
		{"actors.KAZ.population=-1", "--set actors.KAZ.population: -1 must not be negative"},
	} {
		code, out, errs := runCLI(t, "run", "--draws", "5", "--set", tc.set)
		if code != 2 || !strings.Contains(errs, tc.want) || out != "" {
			t.Errorf("--set %s: exit %d, stdout %q, stderr %q; want 2 and %q", tc.set, code, out, errs, tc.want)
		}
	}
	if code, _, errs := runCLI(t, "run", "--draws", "5", "--set", "triggers.hazard.KGZ.protest=1"); code != 0 {
		t.Errorf("--set at the range's bound: exit %d: %s", code, errs)
	}
}
