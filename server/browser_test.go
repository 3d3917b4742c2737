package server

import (
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/internal/browsertest"
)

// TestDashboardInBrowser drives the dashboard in headless Chromium: it loads
// with no console errors and no request outside this server, the map shows
// the five states coloured, starting a run shows progress and then the
// charts, and a validation error shows in the editor.
func TestDashboardInBrowser(t *testing.T) {
	views := &rangedViews{}
	b, url := browseDashboard(t, Config{Runner: &fakeRunner{view: func(job Job) []byte { return views.view(t, job) }},
		Workers: 1, Queue: 2,
		Embedded: fstest.MapFS{"central-asia.yaml": {Data: []byte("# fixture scenario\ntitle: Central Asia\nsteps: 25\nstep: 60ms\n")}}}, 1440)
	dashboardLoads(t, b, url)
	dashboardRuns(t, b)
	dashboardHeadline(t, b, views)
	dashboardDrawsPolicyOnNetwork(t, b)
	dashboardKeepsUserText(t, b)
	dashboardCompare(t, b, url)
	dashboardEditor(t, b)
	dashboardQuickForm(t, b)
	b.Check()
}

// browseDashboard serves cfg, with the real store, the fixture map and
// the bundled network, until t ends, and opens a browser for it (or skips
// t where there is no Chromium). It returns the browser and the server's
// URL.
func browseDashboard(t *testing.T, cfg Config, width ...int) (*browsertest.Browser, string) {
	t.Helper()
	browsertest.Skip(t)
	cfg.Runs, cfg.Version, cfg.Map = testRuns(t), "test", fixtureMap(t)
	cfg.Network, cfg.NetworkProjects = fixtureNetwork(t)
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	opt := browsertest.Options{Origin: ts.URL + "/"}
	if len(width) > 0 {
		opt.Width, opt.Height = width[0], 1000
	}
	return browsertest.New(t, opt), ts.URL
}

// dashboardLoads checks the empty dashboard: the five focus states on the
// map and the bundled network drawn line by line with its legend.
func dashboardLoads(t *testing.T, b *browsertest.Browser, url string) {
	var countries, netLines, netModes int
	b.Do("load the dashboard",
		b.Enable(),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#map svg.map`)),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		b.Poll(`document.querySelectorAll('#map path.net').length > 0`),
		b.Eval(`document.querySelectorAll('#map path.country.focus').length`, &countries),
		b.Eval(`document.querySelectorAll('#map g.network path.net').length`, &netLines),
		b.Eval(`document.querySelectorAll('#map g.network-legend path.legend-line').length`, &netModes),
		b.Shot("dashboard-empty.png"),
	)
	if countries != 5 {
		t.Fatalf("map shows %d focus states before any run, want 5", countries)
	}
	// The bundled network is drawn line by line (140 lines in six modes),
	// with a legend of its modes and the four line styles.
	if netLines != 140 || netModes != 10 {
		t.Errorf("map draws %d network lines and %d legend lines, want 140 and 10 (6 modes, 4 styles)", netLines, netModes)
	}
}

// dashboardRuns starts a run, sees its progress, then the charts and the
// states coloured by probability.
func dashboardRuns(t *testing.T, b *browsertest.Browser) {
	var progressText string
	b.Do("start a run and see its progress",
		chromedp.Click(chromedp.CSS(`#start`)),
		chromedp.WaitVisible(chromedp.CSS(`#progress`)),
		b.Poll(`document.querySelector('#progress-text').textContent.includes('draws')`),
		b.Text(`#progress-text`, &progressText),
		b.Shot("dashboard-progress.png"),
	)
	if !strings.Contains(progressText, "of 100 draws") {
		t.Errorf("progress text %q", progressText)
	}

	var fans, deltaRows, coloured int
	var fills []string
	b.Do("see the charts",
		b.Poll(`document.querySelectorAll('#fans figure').length === 6`),
		chromedp.WaitNotVisible(chromedp.CSS(`#progress`)),
		b.Eval(`document.querySelectorAll('#fans figure').length`, &fans),
		b.Eval(`document.querySelectorAll('#deltas .delta-row').length`, &deltaRows),
		b.Eval(`[...document.querySelectorAll('#map path.country.focus')].map(p => getComputedStyle(p).fill)`, &fills),
		b.Eval(`document.querySelectorAll('#map path.country.focus[fill]').length`, &coloured),
		b.Shot("dashboard-results.png"),
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
}

// dashboardDrawsPolicyOnNetwork checks that the selected policy's project
// (the CKU railway) is highlighted on the network instead of drawn
// schematically between capitals.
func dashboardDrawsPolicyOnNetwork(t *testing.T, b *browsertest.Browser) {
	var highlighted []string
	var schematic int
	b.Do("the policy's project on the network",
		b.Eval(`(() => { const s = document.querySelector('#policy'); s.value = 'fast-track-integration'; s.dispatchEvent(new Event('change')); return true; })()`, new(bool)),
		b.Eval(`[...document.querySelectorAll('#map g.network path.net.policy')].map(p => p.dataset.id)`, &highlighted),
		b.Eval(`document.querySelectorAll('#map path.infra').length`, &schematic),
		b.ElementShot("dashboard-map.png", `#map-panel`),
	)
	if strings.Join(highlighted, ",") != "rail-cku" || schematic != 0 {
		t.Errorf("highlighted network lines %v (want rail-cku), schematic links %d (want 0)", highlighted, schematic)
	}
}

// dashboardKeepsUserText checks that user text is shown as text: no
// element injected, no javascript: link.
func dashboardKeepsUserText(t *testing.T, b *browsertest.Browser) {
	var injected int
	var shownAsText bool
	b.Do("user text stays text",
		b.Eval(`document.querySelectorAll('img, script:not([src]), a[href^="javascript"]').length`, &injected),
		b.Eval(`document.querySelector('#assumptions table').textContent.includes('<img src=x onerror=alert(1)>')`, &shownAsText),
	)
	if injected != 0 || !shownAsText {
		t.Errorf("injected elements %d, markup shown as text %v", injected, shownAsText)
	}
}

// dashboardEditor checks that a validation problem shows in the editor at
// its line and disables the start button, and that a valid scenario saved
// as an upload joins the scenario choices.
func dashboardEditor(t *testing.T, b *browsertest.Browser) {
	var problem string
	var disabled bool
	b.Do("a validation error appears in the editor",
		chromedp.ScrollIntoView(chromedp.CSS(`#editor`)),
		chromedp.SetValue(chromedp.CSS(`#editor`), "# fixture scenario\ntitle: Central Asia\nbad: horizon before start\n"),
		b.Eval(`document.querySelector('#editor').dispatchEvent(new Event('input')); true`, new(bool)),
		chromedp.WaitVisible(chromedp.CSS(`#problems li.problem`)),
		b.Text(`#problems li.problem`, &problem),
		chromedp.WaitVisible(chromedp.CSS(`#gutter span.err`)),
		b.Eval(`document.querySelector('#start').disabled`, &disabled),
		chromedp.ScrollIntoView(chromedp.CSS(`#editor-panel`)),
		b.Shot("dashboard-editor-error.png"),
	)
	if problem != "central-asia.yaml:3:6: bad: horizon before start" {
		t.Errorf("problem shown %q", problem)
	}
	if !disabled {
		t.Error("start button enabled for an invalid scenario")
	}

	var options []string
	b.Do("save the scenario as an upload that others can extend",
		chromedp.SetValue(chromedp.CSS(`#editor`), "extend: central-asia\ntitle: mine\n"),
		b.Eval(`document.querySelector('#editor').dispatchEvent(new Event('input')); true`, new(bool)),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		chromedp.SetValue(chromedp.CSS(`#save-name`), "mine"),
		chromedp.Click(chromedp.CSS(`#save`)),
		b.Poll(`document.querySelector('#status').textContent.includes('Saved scenario mine')`),
		b.Eval(`[...document.querySelectorAll('#scenario-select option')].map(o => o.textContent)`, &options),
	)
	if strings.Join(options, "|") != "central-asia (embedded)|mine (uploaded)" {
		t.Errorf("scenario choices after saving: %v", options)
	}
}
