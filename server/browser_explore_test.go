package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/explore"
)

// browser is a headless Chromium on one page that records console errors,
// exceptions and requests that leave the test server.
type browser struct {
	t        *testing.T
	ctx      context.Context
	base     string
	shots    string
	mu       sync.Mutex
	errs     []string
	external []string
	// expected are substrings of console messages that a step provokes
	// on purpose (Chromium logs every 4xx response).
	expected []string
}

// expect allows console messages containing msg.
func (b *browser) expect(msg string) {
	b.mu.Lock()
	b.expected = append(b.expected, msg)
	b.mu.Unlock()
}

// newBrowser starts Chromium for a test server at base, or skips the test
// where no Chromium is installed or in -short mode.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	chrome := findChromium()
	if chrome == "" {
		t.Skip("chromium not found (install Debian's chromium, as .ci/run does, or set STEPPE_CHROMIUM): browser tests skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
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
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 45*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{t: t, ctx: ctx, base: base, shots: artifactDir(t)}
	record := func(list *[]string, msg string) {
		b.mu.Lock()
		*list = append(*list, msg)
		b.mu.Unlock()
	}
	consoleEvents := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	logEntries := chromedp.Events(ctx, log.EntryAdded)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range consoleEvents {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				record(&b.errs, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			record(&b.errs, "exception: "+ev.ExceptionDetails.Text+" "+fmt.Sprint(ev.ExceptionDetails.Exception))
		}
	}()
	go func() {
		for ev, err := range logEntries {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				record(&b.errs, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			u := ev.Request.URL
			if !strings.HasPrefix(u, base+"/") && !strings.HasPrefix(u, "data:") {
				record(&b.external, u)
			}
		}
	}()
	return b
}

// enable turns on the event domains; run it before navigating.
func (b *browser) enable() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{})
		return err
	})
}

func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.t.Fatalf("%s: %v\nconsole: %s", what, err, strings.Join(b.errs, "\n"))
	}
}

func (b *browser) eval(expr string, v any) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		raw, err := chromedp.Evaluate[json.RawMessage](expr)(ctx, tg)
		if err != nil {
			return fmt.Errorf("%s: %w", expr, err)
		}
		return json.Unmarshal(raw, v)
	})
}

func (b *browser) poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(15*time.Second))(ctx, tg)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", expr, err)
		}
		return nil
	})
}

func (b *browser) text(sel string, v *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		s, err := chromedp.Text(chromedp.CSS(sel))(ctx, tg)
		*v = s
		return err
	})
}

func (b *browser) shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(b.shots, name)
		b.t.Logf("screenshot %s", p)
		return os.WriteFile(p, buf, 0o644)
	})
}

// elementShot saves a screenshot of the first element matching sel.
func (b *browser) elementShot(name, sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := chromedp.Screenshot(chromedp.CSS(sel))(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(b.shots, name)
		b.t.Logf("screenshot %s", p)
		return os.WriteFile(p, buf, 0o644)
	})
}

// check fails the test on console errors or requests outside the server.
func (b *browser) check() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var errs []string
next:
	for _, e := range b.errs {
		for _, x := range b.expected {
			if strings.Contains(e, x) {
				continue next
			}
		}
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		b.t.Errorf("console errors:\n%s", strings.Join(errs, "\n"))
	}
	if len(b.external) > 0 {
		b.t.Errorf("requests outside the server: %v", b.external)
	}
}

// TestExploreInBrowser drives the explore view: pasting a Saltelli design
// of the Ishigami function fills the outcome and inputs from its header,
// the Sobol' bar chart shows S1 and ST bars with interval whiskers for each
// input, PRIM draws the trade-off curve, and clicking a point shows that
// box's limits and quasi-p-values; an unknown column shows the server's
// error as text. No console errors, no request leaves the server.
func TestExploreInBrowser(t *testing.T) {
	if findChromium() == "" {
		t.Skip("chromium not found (install Debian's chromium, as .ci/run does, or set STEPPE_CHROMIUM): browser tests skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	network, projects := fixtureNetwork(t)
	srv, err := New(Config{Runs: newMemRuns(), Runner: &fakeRunner{}, Version: "test", Map: fixtureMap(t), Embedded: embedded,
		Network: network, NetworkProjects: projects})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	defer srv.Close()
	b := newBrowser(t, ts.URL)
	csv := ishigamiCSV(t, 256)
	csvJS, _ := json.Marshal(csv)

	var outcome, inputs, suggested string
	var bars, whiskers, convLines int
	var labels []string
	b.do("load the dashboard and paste experiments",
		b.enable(),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#explore-panel`)),
		chromedp.ScrollIntoView(chromedp.CSS(`#explore-panel`)),
		b.eval(`(() => { const t = document.querySelector('#ex-csv'); t.value = `+string(csvJS)+`; t.dispatchEvent(new Event('input')); return true; })()`, new(bool)),
		b.poll(`!document.querySelector('#ex-sobol').disabled`),
		b.eval(`document.querySelector('#ex-outcome').value`, &outcome),
		b.eval(`document.querySelector('#ex-inputs').value`, &inputs),
		b.eval(`document.querySelector('#ex-threshold').value`, &suggested),
		chromedp.Click(chromedp.CSS(`#ex-sobol`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-sobol-out svg.sobol`)),
		b.eval(`document.querySelectorAll('#ex-sobol-out g.sobol-bar rect.bar').length`, &bars),
		b.eval(`document.querySelectorAll('#ex-sobol-out g.sobol-bar line.whisker-ci').length`, &whiskers),
		b.eval(`[...document.querySelectorAll('#ex-sobol-out text.sobol-input')].map(e => e.textContent)`, &labels),
		b.eval(`document.querySelectorAll('#ex-sobol-out svg.convergence path.conv-st, #ex-sobol-out svg.convergence path.conv-s1').length`, &convLines),
	)
	if convLines != 6 {
		t.Errorf("convergence chart has %d lines, want 6 (S1 and ST of three inputs)", convLines)
	}
	if outcome != "y" || inputs != "x1,x2,x3" {
		t.Errorf("from the header: outcome %q, inputs %q; want y and x1,x2,x3", outcome, inputs)
	}
	if med := medianOf(t, csv, "y"); suggested != strconv.FormatFloat(med, 'g', 4, 64) {
		t.Errorf("suggested threshold %q, want the median of y %.4g", suggested, med)
	}
	if bars != 6 || whiskers != 18 {
		t.Errorf("Sobol chart has %d bars and %d whisker lines, want 6 and 18 (S1 and ST of three inputs)", bars, whiskers)
	}
	// Ordered by ST: x1 (0.56), x2 (0.44), x3 (0.24).
	if strings.Join(labels, ",") != "x1,x2,x3" {
		t.Errorf("inputs by ST: %v", labels)
	}

	var points, chosen int
	var heading, detailsText string
	var limitRows int
	b.do("run PRIM and click a trade-off point",
		chromedp.SetValue(chromedp.CSS(`#ex-threshold`), "10"),
		chromedp.Click(chromedp.CSS(`#ex-prim`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-curve svg.tradeoff`)),
		b.eval(`document.querySelectorAll('#ex-curve circle.box-point').length`, &points),
		b.eval(`+document.querySelector('#ex-curve circle.box-point.chosen').dataset.point`, &chosen),
	)
	if points < 5 {
		t.Fatalf("trade-off curve has %d points", points)
	}
	pick := chosen - 2
	if pick < 1 {
		pick = chosen + 1
	}
	b.do("click a point",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#ex-curve circle.box-point[data-point="%d"]`, pick))),
		b.poll(fmt.Sprintf(`document.querySelector('#ex-details .box-details').dataset.point === '%d'`, pick)),
		b.text(`#ex-details h3`, &heading),
		b.text(`#ex-details`, &detailsText),
		b.eval(`document.querySelectorAll('#ex-details table.box-limits tbody tr').length`, &limitRows),
		b.shot("explore.png"),
		b.elementShot("explore-panel.png", `#explore-panel`),
	)
	if heading != fmt.Sprintf("Point %d (peel)", pick) && heading != fmt.Sprintf("Point %d (paste)", pick) {
		t.Errorf("details heading %q after clicking point %d", heading, pick)
	}
	if limitRows == 0 || !strings.Contains(detailsText, "quasi-p") || !strings.Contains(detailsText, "coverage") {
		t.Errorf("details of point %d: %d limit rows; text %.300q", pick, limitRows, detailsText)
	}

	var errText string
	var injected int
	b.expect("status of 422 (Unprocessable Entity) " + ts.URL + "/api/explore/sobol")
	b.do("an unknown column shows the server's error as text",
		chromedp.SetValue(chromedp.CSS(`#ex-inputs`), `x1,<img src=x onerror=alert(1)>`),
		chromedp.Click(chromedp.CSS(`#ex-sobol`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-sobol-out .error-text`)),
		b.text(`#ex-sobol-out .error-text`, &errText),
		b.eval(`document.querySelectorAll('img, script:not([src]), a[href^="javascript"]').length`, &injected),
	)
	if !strings.Contains(errText, `no column "<img src=x onerror=alert(1)>"`) || !strings.Contains(errText, "HTTP 422") {
		t.Errorf("error shown %q", errText)
	}
	if injected != 0 {
		t.Errorf("%d injected elements", injected)
	}
	b.check()
}

// medianOf returns the median of a column of a CSV.
func medianOf(t *testing.T, csv, col string) float64 {
	t.Helper()
	tab, err := explore.ReadCSV(strings.NewReader(csv), "x")
	if err != nil {
		t.Fatal(err)
	}
	y, err := tab.Numbers(col)
	if err != nil {
		t.Fatal(err)
	}
	y = append([]float64(nil), y...)
	sort.Float64s(y)
	m := len(y) / 2
	if len(y)%2 == 1 {
		return y[m]
	}
	return (y[m-1] + y[m]) / 2
}
