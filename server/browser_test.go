package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("STEPPE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where screenshots go: $STEPPE_ARTIFACTS, else a folder
// under the test's temporary directory.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("STEPPE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDashboardInBrowser drives the dashboard in headless Chromium: it loads
// with no console errors and no request outside this server, the map shows
// the five states coloured, starting a run shows progress and then the
// charts, and a validation error shows in the editor.
func TestDashboardInBrowser(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("chromium not found (install Debian's chromium, as .ci/run does, or set STEPPE_CHROMIUM): browser tests skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	runner := &fakeRunner{view: func(job Job) []byte { return fixtureView(t, job) }}
	netGeo, netProjects := fixtureNetwork(t)
	srv, err := New(Config{Runs: newMemRuns(), Runner: runner, Version: "test", Map: fixtureMap(t), Workers: 1, Queue: 2,
		Network: netGeo, NetworkProjects: netProjects,
		Embedded: fstest.MapFS{"central-asia.yaml": {Data: []byte("# fixture scenario\ntitle: Central Asia\nsteps: 25\nstep: 60ms\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	defer srv.Close()
	shots := artifactDir(t)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1400, 1100),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 45*time.Second)
	defer cancel()

	var mu sync.Mutex
	var consoleErrs, external []string
	record := func(list *[]string, msg string) {
		mu.Lock()
		*list = append(*list, msg)
		mu.Unlock()
	}
	// Subscribe before navigating, so that no event is lost.
	consoleEvents := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	logEntries := chromedp.Events(ctx, log.EntryAdded)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	var listeners sync.WaitGroup
	listeners.Add(4)
	go func() {
		defer listeners.Done()
		for ev, err := range consoleEvents {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				record(&consoleErrs, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		}
	}()
	go func() {
		defer listeners.Done()
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			record(&consoleErrs, "exception: "+ev.ExceptionDetails.Text+" "+fmt.Sprint(ev.ExceptionDetails.Exception))
		}
	}()
	go func() {
		defer listeners.Done()
		for ev, err := range logEntries {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				record(&consoleErrs, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	go func() {
		defer listeners.Done()
		for ev, err := range requests {
			if err != nil {
				return
			}
			u := ev.Request.URL
			if !strings.HasPrefix(u, ts.URL+"/") && !strings.HasPrefix(u, "data:") {
				record(&external, u)
			}
		}
	}()

	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			p := filepath.Join(shots, name)
			t.Logf("screenshot %s", p)
			return os.WriteFile(p, buf, 0o644)
		})
	}
	enable := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return err
	})
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("%s: %v\nconsole: %s", what, err, strings.Join(consoleErrs, "\n"))
		}
	}
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
			_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(15*time.Second))(ctx, tg)
			if err != nil {
				return fmt.Errorf("waiting for %s: %w", expr, err)
			}
			return nil
		})
	}
	text := func(sel string, v *string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			s, err := chromedp.Text(chromedp.CSS(sel))(ctx, tg)
			*v = s
			return err
		})
	}

	var countries, coloured, netLines, netModes int
	do("load the dashboard",
		enable,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#map svg.map`)),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		poll(`document.querySelectorAll('#map path.net').length > 0`),
		eval(`document.querySelectorAll('#map path.country.focus').length`, &countries),
		eval(`document.querySelectorAll('#map g.network path.net').length`, &netLines),
		eval(`document.querySelectorAll('#map g.network-legend path.legend-line').length`, &netModes),
		shot("dashboard-empty.png"),
	)
	if countries != 5 {
		t.Fatalf("map shows %d focus states before any run, want 5", countries)
	}
	// The bundled network is drawn line by line (140 lines in six modes),
	// with a legend of its modes and the four line styles.
	if netLines != 140 || netModes != 10 {
		t.Errorf("map draws %d network lines and %d legend lines, want 140 and 10 (6 modes, 4 styles)", netLines, netModes)
	}

	var progressText string
	do("start a run and see its progress",
		chromedp.Click(chromedp.CSS(`#start`)),
		chromedp.WaitVisible(chromedp.CSS(`#progress`)),
		poll(`document.querySelector('#progress-text').textContent.includes('draws')`),
		text(`#progress-text`, &progressText),
		shot("dashboard-progress.png"),
	)
	if !strings.Contains(progressText, "of 100 draws") {
		t.Errorf("progress text %q", progressText)
	}

	var fans, deltaRows int
	var fills []string
	do("see the charts",
		poll(`document.querySelectorAll('#fans figure').length === 6`),
		chromedp.WaitNotVisible(chromedp.CSS(`#progress`)),
		eval(`document.querySelectorAll('#fans figure').length`, &fans),
		eval(`document.querySelectorAll('#deltas .delta-row').length`, &deltaRows),
		eval(`[...document.querySelectorAll('#map path.country.focus')].map(p => getComputedStyle(p).fill)`, &fills),
		eval(`document.querySelectorAll('#map path.country.focus[fill]').length`, &coloured),
		shot("dashboard-results.png"),
	)
	if coloured != 5 {
		t.Errorf("map colours %d states, want 5", coloured)
	}
	distinct := map[string]bool{}
	for _, f := range fills {
		distinct[f] = true
	}
	if len(distinct) < 4 || distinct["rgb(240, 244, 248)"] || distinct["rgb(228, 231, 235)"] {
		t.Errorf("state fills %v: want distinct colours by probability", fills)
	}
	if deltaRows != 6 {
		t.Errorf("delta chart has %d rows, want 6 (five states and the region)", deltaRows)
	}

	// The selected policy's project (the CKU railway) is highlighted on the
	// network instead of drawn schematically between capitals.
	var highlighted []string
	var schematic int
	do("the policy's project on the network",
		eval(`[...document.querySelectorAll('#map g.network path.net.policy')].map(p => p.dataset.id)`, &highlighted),
		eval(`document.querySelectorAll('#map path.infra').length`, &schematic),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.Screenshot(chromedp.CSS(`#map-panel`))(ctx, tg)
			if err != nil {
				return err
			}
			t.Logf("screenshot %s", filepath.Join(shots, "dashboard-map.png"))
			return os.WriteFile(filepath.Join(shots, "dashboard-map.png"), buf, 0o644)
		}),
	)
	if strings.Join(highlighted, ",") != "rail-cku" || schematic != 0 {
		t.Errorf("highlighted network lines %v (want rail-cku), schematic links %d (want 0)", highlighted, schematic)
	}

	// User text is shown as text: no element injected, no javascript: link.
	var injected int
	var shownAsText bool
	do("user text stays text",
		eval(`document.querySelectorAll('img, script:not([src]), a[href^="javascript"]').length`, &injected),
		eval(`document.querySelector('#assumptions table').textContent.includes('<img src=x onerror=alert(1)>')`, &shownAsText),
	)
	if injected != 0 || !shownAsText {
		t.Errorf("injected elements %d, markup shown as text %v", injected, shownAsText)
	}

	var problem string
	var disabled bool
	do("a validation error appears in the editor",
		chromedp.ScrollIntoView(chromedp.CSS(`#editor`)),
		chromedp.SetValue(chromedp.CSS(`#editor`), "# fixture scenario\ntitle: Central Asia\nbad: horizon before start\n"),
		eval(`document.querySelector('#editor').dispatchEvent(new Event('input')); true`, new(bool)),
		chromedp.WaitVisible(chromedp.CSS(`#problems li.problem`)),
		text(`#problems li.problem`, &problem),
		chromedp.WaitVisible(chromedp.CSS(`#gutter span.err`)),
		eval(`document.querySelector('#start').disabled`, &disabled),
		chromedp.ScrollIntoView(chromedp.CSS(`#editor-panel`)),
		shot("dashboard-editor-error.png"),
	)
	if problem != "central-asia.yaml:3:6: bad: horizon before start" {
		t.Errorf("problem shown %q", problem)
	}
	if !disabled {
		t.Error("start button enabled for an invalid scenario")
	}

	var options []string
	do("save the scenario as an upload that others can extend",
		chromedp.SetValue(chromedp.CSS(`#editor`), "extend: central-asia\ntitle: mine\n"),
		eval(`document.querySelector('#editor').dispatchEvent(new Event('input')); true`, new(bool)),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		chromedp.SetValue(chromedp.CSS(`#save-name`), "mine"),
		chromedp.Click(chromedp.CSS(`#save`)),
		poll(`document.querySelector('#status').textContent.includes('Saved scenario mine')`),
		eval(`[...document.querySelectorAll('#scenario-select option')].map(o => o.textContent)`, &options),
	)
	if strings.Join(options, "|") != "central-asia (embedded)|mine (uploaded)" {
		t.Errorf("scenario choices after saving: %v", options)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(consoleErrs) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(consoleErrs, "\n"))
	}
	if len(external) > 0 {
		t.Errorf("requests outside the server: %v", external)
	}
}
