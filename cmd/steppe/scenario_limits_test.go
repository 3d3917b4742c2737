package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
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

// TestCLIChild is the steppe process of TestSignalDuringLoad: it runs only
// when that test starts this binary with STEPPE_CLI_ARGS set (the command
// line, one argument a line), and does what main does.
func TestCLIChild(t *testing.T) {
	args := os.Getenv("STEPPE_CLI_ARGS")
	if args == "" {
		t.Skip("helper process of TestSignalDuringLoad")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, strings.Split(args, "\n"), os.Stdin, os.Stdout, os.Stderr))
}

// TestSignalDuringLoad: SIGINT or SIGTERM sent to a steppe process while
// it loads the largest scenario it accepts (16 MiB with extends, about 4 s
// to load on the 2-core development machine) ends it within a second, exit
// 1, with nothing written to --out; a 50 MB scenario is refused at once
// (exit 2, its size named) before it is parsed; and a run killed with
// SIGKILL 1.5 s into its 200,000 draws leaves nothing behind either. The
// signal is sent once the child has been running 400 ms; a child that had
// not yet installed its handler (killed by the signal) is started again
// with a longer wait.
func TestSignalDuringLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a 16 MiB scenario in a child process")
	}
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("extends: central-asia\nclaims:\n")
	for i := 0; b.Len() < 16<<20-200; i++ {
		fmt.Fprintf(&b, "  k%d: {text: \"claim number %d of a large scenario\", source: \"history.kaz-2022-01\", fields: [actors.KAZ.fuel_price_exposure]}\n", i, i)
	}
	big := filepath.Join(dir, "big.yaml")
	huge := filepath.Join(dir, "huge.yaml")
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	hugeSrc := strings.Repeat(b.String(), 2) // then padded to 50,000,000 bytes
	hugeSrc += strings.Repeat("#", 50_000_000-len(hugeSrc))
	if err := os.WriteFile(huge, []byte(hugeSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	start := func(args ...string) (*exec.Cmd, *bytes.Buffer) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCLIChild$")
		cmd.Env = append(os.Environ(), "STEPPE_CLI_ARGS="+strings.Join(args, "\n"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &stderr
	}
	leftBehind := func(t *testing.T) {
		t.Helper()
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if n := e.Name(); n != "big.yaml" && n != "huge.yaml" {
				t.Errorf("left %s behind", n)
			}
		}
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			for wait := 400 * time.Millisecond; ; wait *= 2 {
				cmd, stderr := start("run", "--scenario", big, "--draws", "20", "--out", out)
				time.Sleep(wait)
				sent := time.Now()
				cmd.Process.Signal(sig)
				err := cmd.Wait()
				late := time.Since(sent)
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && wait < 5*time.Second {
					t.Logf("killed by the signal after %v, before its handler was installed; again", wait)
					continue
				}
				t.Logf("exit %v %v after the signal (sent %v after the start); stderr %q", err, late, wait, stderr.String())
				if late > time.Second {
					t.Errorf("exited %v after the signal, want under 1 s", late)
				}
				if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "context canceled") {
					t.Errorf("exit %d, stderr %q; want 1 and the context's error (the signal came during the load?)", code, stderr.String())
				}
				leftBehind(t)
				return
			}
		})
	}
	t.Run("SIGKILL during the run", func(t *testing.T) {
		// A kill cannot be handled: what --out leaves is what the process
		// had written when it died, so nothing may be written before the
		// run has finished (issue 21: an empty .steppe-out-N was left).
		cmd, _ := start("run", "--draws", "200000", "--out", out)
		time.Sleep(1500 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if cmd.ProcessState.Exited() {
			t.Skipf("the run ended (exit %d) before the kill", cmd.ProcessState.ExitCode())
		}
		leftBehind(t)
	})
	t.Run("50 MB", func(t *testing.T) {
		cmd, stderr := start("run", "--scenario", huge, "--draws", "20", "--out", out)
		began := time.Now()
		cmd.Wait()
		t.Logf("exit %d after %v: %s", cmd.ProcessState.ExitCode(), time.Since(began), stderr.String())
		if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(stderr.String(), huge+":1:1: scenario too large: 47 MiB, at most 16 MiB") {
			t.Errorf("exit %d, stderr %q; want 2 and the file's size", code, stderr.String())
		}
		leftBehind(t)
	})
}
