package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/internal/browsertest"
)

// TestReportInBrowser opens a report in headless Chromium from a file: the
// figures render under the report's Content-Security-Policy, with no console
// error and no request beyond the file itself; the briefing's sections are
// there in order, the policy deltas show their range over draws, and at 390
// CSS pixels (a phone) no section is wider than the screen and no text is
// under 11 pixels.
func TestReportInBrowser(t *testing.T) {
	browsertest.Skip(t)
	file := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(file, writeReport(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, browsertest.Options{Origin: "file://" + file, Width: 1440, Height: 900, Timeout: 40 * time.Second})
	var coloured, fans, deltas, deltaFans int
	var sections []string
	var findings string
	var validation, dependence, corridors [][]string
	b.Do("render the report",
		b.Enable(),
		chromedp.Navigate("file://"+file),
		chromedp.WaitVisible(chromedp.CSS(`html[data-rendered=true] #fig-map svg.map`)),
		b.Eval(`new Set([...document.querySelectorAll('#fig-map path.country.focus[fill]')].map(p => getComputedStyle(p).fill).filter(f => f.startsWith('rgb(') && f !== 'rgb(240, 244, 248)' && f !== 'rgb(228, 231, 235)')).size`, &coloured),
		b.Eval(`document.querySelectorAll('#fig-fans figure').length`, &fans),
		b.Eval(`document.querySelectorAll('#fig-deltas .delta-row').length`, &deltas),
		b.Eval(`document.querySelectorAll('#fig-delta-fans svg.delta-fan').length`, &deltaFans),
		b.Eval(`[...document.querySelectorAll('article > section')].map(s => s.id)`, &sections),
		b.Text(`#key-findings`, &findings),
		b.Eval(`[...document.querySelectorAll('#methods table.validation tbody tr')].map(r => [...r.cells].map(c => c.textContent))`, &validation),
		b.Eval(`[...document.querySelectorAll('#engines .network-changes table.dependence tbody tr')].map(r => [...r.cells].map(c => c.textContent))`, &dependence),
		b.Eval(`[...document.querySelectorAll('#engines .network-changes table.corridors tbody tr')].map(r => [...r.cells].map(c => c.textContent))`, &corridors),
		b.Shot("report-1440.png"),
	)
	if coloured != 5 || fans != 6 || deltas != 18 || deltaFans != 6 {
		t.Errorf("distinctly coloured states %d (want 5), fan charts %d (want 6), delta rows %d (want 18: 6 rows × 3 years), delta fans %d (want 6)", coloured, fans, deltas, deltaFans)
	}
	want := "key-findings summary results figures engines methods weaknesses assumptions reproduce"
	if got := strings.Join(sections, " "); got != want {
		t.Errorf("sections %q, want %q", got, want)
	}
	if !strings.Contains(findings, "Under the baseline") || !strings.Contains(findings, "parameter draws") {
		t.Errorf("key findings %q", findings)
	}
	// The validation table shows the bundled posterior's scores, row by
	// row: the model's, then each baseline's.
	var wantRows [][]string
	for _, sc := range bundledValidation().Schemes {
		for i, m := range sc.Scores {
			row := []string{"", "", m.Method, score(m.Brier), score(m.Log), auroc(m.AUROC)}
			if i == 0 {
				row[0], row[1] = sc.Scheme, fmt.Sprintf("%d (%d)", sc.Forecasts, sc.Interventions)
			}
			wantRows = append(wantRows, row)
		}
	}
	if len(wantRows) == 0 || fmt.Sprint(validation) != fmt.Sprint(wantRows) {
		t.Errorf("validation table %q, want %q", validation, wantRows)
	}
	// The network tables show the rows they were given.
	net := testNetwork().Policies[0].Tables
	if fmt.Sprint(dependence) != fmt.Sprint(net[0].Rows) || fmt.Sprint(corridors) != fmt.Sprint(net[1].Rows) {
		t.Errorf("network tables %q and %q, want %q and %q", dependence, corridors, net[0].Rows, net[1].Rows)
	}
	var l browsertest.Layout
	b.Do("at phone width",
		chromedp.EmulateViewport(390, 844),
		chromedp.Reload(),
		chromedp.WaitVisible(chromedp.CSS(`html[data-rendered=true] #fig-map svg.map`)),
		b.Layout("article > section", &l),
		b.Shot("report-390.png"),
	)
	b.CheckNarrow(l, 11)
	b.Check()
}
