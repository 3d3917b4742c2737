package report

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

// TestReportInBrowser opens a report in headless Chromium from a file: the
// figures render under the report's Content-Security-Policy, with no console
// error and no request beyond the file itself.
func TestReportInBrowser(t *testing.T) {
	chrome := os.Getenv("STEPPE_CHROMIUM")
	if chrome == "" {
		for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
			if p, err := exec.LookPath(name); err == nil {
				chrome = p
				break
			}
		}
	}
	if chrome == "" {
		t.Skip("chromium not found (install Debian's chromium, as .ci/run does, or set STEPPE_CHROMIUM): browser test skipped")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, writeReport(t), 0o644); err != nil {
		t.Fatal(err)
	}
	shots := os.Getenv("STEPPE_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	os.MkdirAll(shots, 0o755)

	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome), chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1200, 900))
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 40*time.Second)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	add := func(s string) { mu.Lock(); problems = append(problems, s); mu.Unlock() }
	cons := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exc := chromedp.Events(ctx, runtime.ExceptionThrown)
	logs := chromedp.Events(ctx, log.EntryAdded)
	reqs := chromedp.Events(ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range cons {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				add(fmt.Sprintf("console.%s", ev.Type))
			}
		}
	}()
	go func() {
		for ev, err := range exc {
			if err != nil {
				return
			}
			add("exception: " + ev.ExceptionDetails.Text)
		}
	}()
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
				add("log: " + ev.Entry.Text)
			}
		}
	}()
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			if u := ev.Request.URL; !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
				add("request: " + u)
			}
		}
	}()
	eval := func(expr string, v any) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			raw, err := chromedp.Evaluate[json.RawMessage](expr)(ctx, tg)
			if err != nil {
				return err
			}
			return json.Unmarshal(raw, v)
		})
	}
	var coloured, fans, deltas int
	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			for _, c := range []func() error{
				func() error { _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); return err },
				func() error { _, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{}); return err },
				func() error { _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); return err },
			} {
				if err := c(); err != nil {
					return err
				}
			}
			return nil
		}),
		chromedp.Navigate("file://"+file),
		chromedp.WaitVisible(chromedp.CSS(`html[data-rendered=true] #fig-map svg.map`)),
		eval(`new Set([...document.querySelectorAll('#fig-map path.country.focus[fill]')].map(p => getComputedStyle(p).fill).filter(f => f.startsWith('rgb(') && f !== 'rgb(240, 244, 248)' && f !== 'rgb(228, 231, 235)')).size`, &coloured),
		eval(`document.querySelectorAll('#fig-fans figure').length`, &fans),
		eval(`document.querySelectorAll('#fig-deltas .delta-row').length`, &deltas),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			p := filepath.Join(shots, "report.png")
			t.Logf("screenshot %s", p)
			return os.WriteFile(p, buf, 0o644)
		}),
	)
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		t.Fatalf("render report: %v\n%s", err, strings.Join(problems, "\n"))
	}
	if coloured != 5 || fans != 6 || deltas != 18 {
		t.Errorf("distinctly coloured states %d (want 5), fan charts %d (want 6), delta rows %d (want 18: 6 rows × 3 years)", coloured, fans, deltas)
	}
	if len(problems) > 0 {
		t.Errorf("console errors or requests:\n%s", strings.Join(problems, "\n"))
	}
}
