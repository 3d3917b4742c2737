package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

// TestDashboardWithSimulation starts a run of the embedded default scenario
// from the dashboard, with the real store and simulation, and waits for the
// figures: the five states coloured, six fan charts, the policy deltas and
// the scenario's assumptions. It saves screenshots as artifacts.
func TestDashboardWithSimulation(t *testing.T) {
	chrome := os.Getenv("STEPPE_CHROMIUM")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if chrome != "" {
			break
		}
		if p, err := exec.LookPath(name); err == nil {
			chrome = p
		}
	}
	if chrome == "" {
		t.Skip("chromium not found (install Debian's chromium, as .ci/run does, or set STEPPE_CHROMIUM): browser test skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "steppe.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := serveConfig(st, 0)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer func() { ts.Close(); srv.Close(); st.Close() }()
	shots := os.Getenv("STEPPE_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)

	actx, cancel := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chrome), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1400, 1100))
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 50*time.Second)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	logs := chromedp.Events(bctx, log.EntryAdded)
	exc := chromedp.Events(bctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError {
				mu.Lock()
				problems = append(problems, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
				mu.Unlock()
			}
		}
	}()
	go func() {
		for ev, err := range exc {
			if err != nil {
				return
			}
			mu.Lock()
			problems = append(problems, "exception: "+ev.ExceptionDetails.Text)
			mu.Unlock()
		}
	}()
	eval := func(expr string, v any) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			raw, err := chromedp.Evaluate[json.RawMessage](expr)(ctx, tg)
			if err != nil {
				return fmt.Errorf("%s: %w", expr, err)
			}
			return json.Unmarshal(raw, v)
		})
	}
	poll := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(40*time.Second))(ctx, tg)
			return err
		})
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			t.Logf("screenshot %s", filepath.Join(shots, name))
			return os.WriteFile(filepath.Join(shots, name), buf, 0o644)
		})
	}
	var coloured, fans, deltas, assumptions int
	var shades, highlighted []string
	err = chromedp.Do(bctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
			return err
		}),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		chromedp.SetValue(chromedp.CSS(`#draws`), "400"),
		chromedp.Click(chromedp.CSS(`#start`)),
		poll(`document.querySelectorAll('#fans figure').length === 6`),
		eval(`new Set([...document.querySelectorAll('#map path.country.focus[fill]')].map(p => getComputedStyle(p).fill)).size`, &coloured),
		eval(`[...document.querySelectorAll('#map path.country.focus[fill]')].map(p => p.dataset.iso3 + ' ' + p.dataset.p + ' ' + getComputedStyle(p).fill)`, &shades),
		eval(`document.querySelectorAll('#fans figure').length`, &fans),
		eval(`document.querySelectorAll('#deltas .delta-row').length`, &deltas),
		eval(`document.querySelectorAll('#assumptions tbody tr').length`, &assumptions),
		eval(`[...document.querySelectorAll('#map g.network path.net.policy')].map(p => p.dataset.id).sort()`, &highlighted),
		shot("dashboard-simulation.png"),
	)
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		t.Fatalf("dashboard with the simulation: %v\n%s", err, strings.Join(problems, "\n"))
	}
	// Every state is coloured by its probability: the ramp's green channel
	// falls as the probability rises, so a higher probability never has a
	// lighter shade (two close probabilities may share one).
	type shade struct {
		p float64
		g int
	}
	var got []shade
	for _, s := range shades {
		var iso string
		var sh shade
		var r, b int
		if _, err := fmt.Sscanf(s, "%s %g rgb(%d, %d, %d)", &iso, &sh.p, &r, &sh.g, &b); err != nil {
			t.Fatalf("state shade %q: %v", s, err)
		}
		got = append(got, sh)
	}
	for _, a := range got {
		for _, b := range got {
			if a.p > b.p && a.g > b.g {
				t.Errorf("state shades not ordered by probability: %v", shades)
			}
		}
	}
	if len(got) != 5 || coloured < 3 || fans != 6 || deltas != 6 || assumptions < 50 {
		t.Errorf("coloured states %d (want 5), distinct colours %d (≥ 3: %v), fan charts %d (6), delta rows %d (6), assumptions %d (≥ 50)", len(got), coloured, shades, fans, deltas, assumptions)
	}
	// The default policy selection is the first non-baseline policy; its
	// projects' lines are highlighted on the bundled network.
	if !slices.Contains(highlighted, "rail-cku") {
		t.Errorf("network lines highlighted for the selected policy: %v, want the CKU railway (rail-cku) among them", highlighted)
	}
	t.Logf("highlighted network lines: %v", highlighted)
	if len(problems) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(problems, "\n"))
	}
}
