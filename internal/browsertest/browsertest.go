// Package browsertest drives headless Chromium for the browser tests of the
// dashboard (package server, and cmd/steppe with the real simulation) and
// of the HTML report (package report).
//
// [New] finds Chromium (Debian's chromium, which CI installs, or the binary
// named by $STEPPE_CHROMIUM) and skips the test with a message saying so
// where there is none, or in -short mode. The browser it starts has one
// page and records, from before the first navigation, what a page must not
// do: console errors and warnings, uncaught exceptions, error and warning
// log entries (Chromium logs each failed request there), and requests that
// leave the page's own origin. [Browser.Check] fails the test on any of
// them that a step did not announce with [Browser.Expect].
//
// Screenshots go to $STEPPE_ARTIFACTS (kept by CI) or a temporary folder.
//
// The events are the Chrome DevTools Protocol's Runtime.consoleAPICalled,
// Runtime.exceptionThrown, Log.entryAdded and Network.requestWillBeSent
// (chromedevtools.github.io/devtools-protocol), read with chromedp.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Chromium returns the path of a Chromium or Chrome binary: $STEPPE_CHROMIUM
// if set, else the first of the usual names on PATH, else "".
func Chromium() string {
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

// Skip skips t where no Chromium is installed or in -short mode, saying
// which and how to run the test.
func Skip(t testing.TB) {
	t.Helper()
	if Chromium() == "" {
		t.Skip("chromium not found (install Debian's chromium, as .ci/run does, or set STEPPE_CHROMIUM): browser test skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
}

// Options shape a browser. Zero values take the defaults.
type Options struct {
	// Origin is the URL prefix of the page's own requests (a test
	// server's URL, or "file://"); data: URIs are always its own.
	Origin string
	// Width and Height are the window size (default 1400 × 1100).
	Width, Height int
	// Timeout bounds the whole session (default 45 s).
	Timeout time.Duration
	// PollTimeout bounds each [Browser.Poll] (default 15 s).
	PollTimeout time.Duration
}

// Browser is a headless Chromium on one page, recording what the page must
// not do. Its actions report errors; [Browser.Do] fails the test on one.
type Browser struct {
	t     testing.TB
	ctx   context.Context
	opt   Options
	shots string

	mu       sync.Mutex
	errs     []string
	external []string
	expected []string // substrings of messages a step provokes on purpose
}

// New starts Chromium for t, or skips t (see [Skip]). The browser stops
// when t ends.
func New(t testing.TB, opt Options) *Browser {
	t.Helper()
	Skip(t)
	if opt.Width == 0 {
		opt.Width, opt.Height = 1400, 1100
	}
	if opt.Timeout == 0 {
		opt.Timeout = 45 * time.Second
	}
	if opt.PollTimeout == 0 {
		opt.PollTimeout = 15 * time.Second
	}
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(Chromium()),
		chromedp.WindowSize(opt.Width, opt.Height),
	}
	for _, f := range []string{"headless", "no-sandbox", "disable-gpu", "disable-quic", "no-first-run",
		"disable-background-networking", "disable-component-update", "disable-sync", "disable-dev-shm-usage"} {
		flags = append(flags, chromedp.Flag(f, true))
	}
	ctx := start(t, flags, opt.Timeout)
	b := &Browser{t: t, ctx: ctx, opt: opt, shots: artifactDir(t)}
	b.listen()
	return b
}

// startAttempts is how many times [start] launches Chromium before it fails
// the test. On a loaded CI machine a launch can miss chromedp's wait for
// the DevTools address.
const startAttempts = 3

// start launches Chromium with flags and opens its page, before anything
// else touches the context. chromedp allocates a browser on a context's
// first action; if that allocation fails, the next action on the same
// context allocates again, and when both processes exit chromedp closes the
// context's channel twice and panics (chromedp v0.23, allocate.go). So the
// first action here is an empty one, checked, and a failed launch is
// retried on a fresh allocator and context, never on the same one.
func start(t testing.TB, flags []chromedp.ExecAllocatorOption, timeout time.Duration) context.Context {
	t.Helper()
	var err error
	for attempt := 1; attempt <= startAttempts; attempt++ {
		opts := append(flags[:len(flags):len(flags)], chromedp.UserDataDir(t.TempDir()))
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
		cctx, cancelC := chromedp.NewContext(actx)
		ctx, cancelT := context.WithTimeout(cctx, timeout)
		if err = chromedp.Do(ctx); err == nil {
			t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
			return ctx
		}
		cancelT()
		cancelC()
		cancelA()
		t.Logf("start chromium (attempt %d of %d): %v", attempt, startAttempts, err)
	}
	t.Fatalf("start chromium %s: %v", Chromium(), err)
	return nil
}

// artifactDir is where screenshots go: $STEPPE_ARTIFACTS, else a folder
// under the test's temporary directory.
func artifactDir(t testing.TB) string {
	dir := os.Getenv("STEPPE_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func (b *Browser) record(list *[]string, msg string) {
	b.mu.Lock()
	*list = append(*list, msg)
	b.mu.Unlock()
}

// listen subscribes to the events before the first navigation, so that
// none is lost.
func (b *Browser) listen() {
	consoleEvents := chromedp.Events(b.ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(b.ctx, runtime.ExceptionThrown)
	logEntries := chromedp.Events(b.ctx, log.EntryAdded)
	requests := chromedp.Events(b.ctx, network.RequestWillBeSent)
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
				b.record(&b.errs, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			b.record(&b.errs, "exception: "+ev.ExceptionDetails.Text+" "+fmt.Sprint(ev.ExceptionDetails.Exception))
		}
	}()
	go func() {
		for ev, err := range logEntries {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				b.record(&b.errs, fmt.Sprintf("log %s: %s %s", ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			u := ev.Request.URL
			if !strings.HasPrefix(u, b.opt.Origin) && !strings.HasPrefix(u, "data:") {
				b.record(&b.external, u)
			}
		}
	}()
}

// Expect allows console messages containing msg (Chromium logs every 4xx
// response, which a step may provoke on purpose).
func (b *Browser) Expect(msg string) {
	b.mu.Lock()
	b.expected = append(b.expected, msg)
	b.mu.Unlock()
}

// Enable turns on the event domains; make it the first action.
func (b *Browser) Enable() chromedp.Action[chromedp.Void] {
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

// Do runs actions as the step what, and fails the test with the console's
// messages if one fails.
func (b *Browser) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.t.Fatalf("%s: %v\nconsole: %s", what, err, strings.Join(b.errs, "\n"))
	}
}

// Eval evaluates the JavaScript expression expr and decodes its value
// into v.
func (b *Browser) Eval(expr string, v any) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		raw, err := chromedp.Evaluate[json.RawMessage](expr)(ctx, tg)
		if err != nil {
			return fmt.Errorf("%s: %w", expr, err)
		}
		return json.Unmarshal(raw, v)
	})
}

// Poll waits until the JavaScript expression expr is true.
func (b *Browser) Poll(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(b.opt.PollTimeout))(ctx, tg)
		if err != nil {
			return fmt.Errorf("waiting for %s: %w", expr, err)
		}
		return nil
	})
}

// Text reads the text of the first element matching the CSS selector sel.
func (b *Browser) Text(sel string, v *string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		s, err := chromedp.Text(chromedp.CSS(sel))(ctx, tg)
		*v = s
		return err
	})
}

// Shot saves a screenshot of the whole page as name.
func (b *Browser) Shot(name string) chromedp.Action[chromedp.Void] {
	return b.save(name, chromedp.FullScreenshot(100))
}

// ElementShot saves a screenshot of the first element matching sel.
func (b *Browser) ElementShot(name, sel string) chromedp.Action[chromedp.Void] {
	return b.save(name, chromedp.Screenshot(chromedp.CSS(sel)))
}

func (b *Browser) save(name string, capture chromedp.Action[[]byte]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		buf, err := capture(ctx, tg)
		if err != nil {
			return err
		}
		p := filepath.Join(b.shots, name)
		b.t.Logf("screenshot %s", p)
		return os.WriteFile(p, buf, 0o644)
	})
}

// Check fails the test on console errors that no step expected, and on
// requests that left the page's origin.
func (b *Browser) Check() {
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
		b.t.Errorf("requests outside %s: %v", b.opt.Origin, b.external)
	}
}

// Layout is what [Browser.Layout] measures on a page.
type Layout struct {
	Width    int      // window.innerWidth, CSS pixels
	Over     []string // elements matching the panel selector whose content is wider than they are: "id scrollWidth>clientWidth"
	PageWide bool     // the page scrolls sideways
	MinFont  float64  // the smallest rendered font of any visible text, CSS pixels
	Where    string   // the element and text with MinFont
}

// layoutJS measures a page (see Layout): SVG text's font size is scaled by
// its drawing's transform to the screen, so a chart scaled down to a narrow
// panel reports the size it is read at. Tooltips (title), options, scripts
// and styles are not rendered text.
const layoutJS = `((sel) => {
  const over = [...document.querySelectorAll(sel)].filter((p) => p.offsetParent && p.scrollWidth > p.clientWidth + 1).map((p) => (p.id || p.tagName) + ' ' + p.scrollWidth + '>' + p.clientWidth);
  let min = 1e9, where = '';
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    const e = node.parentElement;
    if (!node.textContent.trim() || !e || e.closest('title, option, script, style')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let fs = parseFloat(getComputedStyle(e).fontSize);
    if (e instanceof SVGElement) { const m = e.getScreenCTM(); if (m) fs *= Math.hypot(m.a, m.b); }
    if (fs < min) { min = fs; where = e.tagName + ': ' + node.textContent.trim().slice(0, 40); }
  }
  return {Width: window.innerWidth, Over: over, PageWide: document.documentElement.scrollWidth > window.innerWidth, MinFont: min, Where: where};
})`

// Layout measures the page into l: the elements matching the CSS selector
// panels that overflow, whether the page scrolls sideways, and the smallest
// rendered font.
func (b *Browser) Layout(panels string, l *Layout) chromedp.Action[chromedp.Void] {
	sel, _ := json.Marshal(panels)
	return b.Eval(layoutJS+"("+string(sel)+")", l)
}

// CheckNarrow fails the test where l shows a panel or the page wider than
// the screen, or text under minFont CSS pixels.
func (b *Browser) CheckNarrow(l Layout, minFont float64) {
	b.t.Helper()
	if len(l.Over) > 0 || l.PageWide {
		b.t.Errorf("at %d px, elements wider than their box: %v; page scrolls sideways: %v", l.Width, l.Over, l.PageWide)
	}
	if l.MinFont < minFont {
		b.t.Errorf("at %d px, the smallest text is %.1f px (%s); want at least %g", l.Width, l.MinFont, l.Where, minFont)
	}
}
