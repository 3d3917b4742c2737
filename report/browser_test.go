package report

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/internal/browsertest"
)

// TestReportInBrowser opens a report in headless Chromium from a file: the
// figures render under the report's Content-Security-Policy, with no console
// error and no request beyond the file itself.
func TestReportInBrowser(t *testing.T) {
	browsertest.Skip(t)
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, writeReport(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, browsertest.Options{Origin: "file://" + file, Width: 1200, Height: 900, Timeout: 40 * time.Second})
	var coloured, fans, deltas int
	b.Do("render the report",
		b.Enable(),
		chromedp.Navigate("file://"+file),
		chromedp.WaitVisible(chromedp.CSS(`html[data-rendered=true] #fig-map svg.map`)),
		b.Eval(`new Set([...document.querySelectorAll('#fig-map path.country.focus[fill]')].map(p => getComputedStyle(p).fill).filter(f => f.startsWith('rgb(') && f !== 'rgb(240, 244, 248)' && f !== 'rgb(228, 231, 235)')).size`, &coloured),
		b.Eval(`document.querySelectorAll('#fig-fans figure').length`, &fans),
		b.Eval(`document.querySelectorAll('#fig-deltas .delta-row').length`, &deltas),
		b.Shot("report.png"),
	)
	if coloured != 5 || fans != 6 || deltas != 18 {
		t.Errorf("distinctly coloured states %d (want 5), fan charts %d (want 6), delta rows %d (want 18: 6 rows × 3 years)", coloured, fans, deltas)
	}
	b.Check()
}
