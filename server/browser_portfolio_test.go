package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/internal/browsertest"
)

// TestPortfoliosInBrowser computes a small frontier of the default
// scenario in the Portfolios view (4 draws per design portfolio, 8 per
// frontier portfolio), at 1440 and at 390 CSS pixels: the chart has a
// point and the table a row for each frontier portfolio the API returns,
// with its effect and P(effect < 0); picking the costliest portfolio draws
// its projects' network lines on the map. At 390 px no panel is wider than
// the screen and no text is under 11 px. No console errors, no outside
// requests.
func TestPortfoliosInBrowser(t *testing.T) {
	for _, width := range []int{1440, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) { portfoliosAt(t, width) })
	}
}

func portfoliosAt(t *testing.T, width int) {
	b, url := browseDashboard(t, Config{Runner: &fakeRunner{}, Workers: 1, Queue: 2, Embedded: EmbeddedScenarios()}, width)
	var points, rows int
	load := []chromedp.Action[chromedp.Void]{b.Enable()}
	if width < 500 {
		load = append(load, chromedp.EmulateViewport(int64(width), 844)) // narrower than a window can be
	}
	load = append(load, chromedp.Navigate(url+"/"))
	b.Do("load the dashboard", load...)
	b.Do("the map",
		chromedp.WaitVisible(chromedp.CSS(`#map svg.map`)),
	)
	b.Do("scenarios listed", b.Poll(`[...document.querySelectorAll('#pf-scenario option')].some((o) => o.value === 'central-asia')`))
	b.Do("set the draws",
		chromedp.SetValue(chromedp.CSS(`#pf-scenario`), "central-asia"),
		chromedp.SetValue(chromedp.CSS(`#pf-draws`), "4"),
		chromedp.SetValue(chromedp.CSS(`#pf-resim`), "8"),
		chromedp.Click(chromedp.CSS(`#pf-go`)),
	)
	var msg string
	b.Do("wait for the frontier", b.Poll(`document.querySelector('#pf-chart svg.frontier') || document.querySelector('#pf-status.error')`),
		b.Text(`#pf-status`, &msg))
	if strings.Contains(msg, "Frontier:") {
		t.Fatalf("the view says %q", msg)
	}
	b.Do("count",
		b.Eval(`document.querySelectorAll('#pf-chart g.frontier-point').length`, &points),
		b.Eval(`document.querySelectorAll('#pf-table tbody tr').length`, &rows),
	)
	resp, err := http.Get(url + "/api/scenarios/central-asia/frontier?objective=risk&draws=4&resim_draws=8")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the frontier the view showed is not cached: %d %s", resp.StatusCode, body)
	}
	var fr struct {
		Frontier []struct {
			Funded []struct{ Candidate string }
			Effect struct {
				Mean float64
				PNeg *float64 `json:"p_neg"`
			}
		}
	}
	if err := json.Unmarshal(body, &fr); err != nil {
		t.Fatal(err)
	}
	n := len(fr.Frontier)
	if n < 2 || points != n || rows != n {
		t.Fatalf("API frontier of %d portfolios; chart shows %d points, table %d rows", n, points, rows)
	}
	var cells [][]string
	var titles []string
	b.Do("read the table and the chart",
		b.Eval(`[...document.querySelectorAll('#pf-table tbody tr')].map((r) => [...r.cells].map((c) => c.textContent))`, &cells),
		b.Eval(`[...document.querySelectorAll('#pf-chart g.frontier-point > title')].map((x) => x.textContent)`, &titles))
	for k, p := range fr.Frontier {
		mean := fmt.Sprintf("%+.3f", p.Effect.Mean)
		pneg := "n/a"
		if p.Effect.PNeg != nil {
			pneg = fmt.Sprintf("%.2f", *p.Effect.PNeg)
			if *p.Effect.PNeg > 0.99 {
				pneg = ">0.99"
			} else if *p.Effect.PNeg < 0.01 && *p.Effect.PNeg > 0 {
				pneg = "<0.01"
			}
		}
		if cells[k][2] != mean || cells[k][4] != pneg {
			t.Errorf("table row %d: %q, want mean %s and P(effect < 0) %s", k+1, cells[k], mean, pneg)
		}
		if !strings.Contains(titles[k], "risk reduction, percentage points "+mean) || !strings.Contains(titles[k], "P(effect < 0) "+pneg) {
			t.Errorf("chart point %d: %q, want mean %s and P(effect < 0) %s", k+1, titles[k], mean, pneg)
		}
	}

	// The costliest portfolio's projects: the lines data/network/projects.json
	// gives its candidates.
	_, projects := fixtureNetwork(t)
	var pj struct {
		Projects map[string]struct{ Features []string }
	}
	if err := json.Unmarshal(projects, &pj); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range fr.Frontier[n-1].Funded {
		for _, id := range pj.Projects[f.Candidate].Features {
			if !slices.Contains(want, id) {
				want = append(want, id)
			}
		}
	}
	slices.Sort(want)
	var got []string
	var selected int
	b.Do("pick the costliest portfolio",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#pf-table tbody tr:nth-child(%d) button`, n))),
		b.Poll(fmt.Sprintf(`document.querySelector('#pf-table tbody tr:nth-child(%d)').classList.contains('selected')`, n)),
		b.Eval(`[...document.querySelectorAll('#pf-map g.network path.net.policy')].map((p) => p.dataset.id).sort()`, &got),
		b.Eval(`document.querySelectorAll('#pf-chart g.frontier-point.selected').length`, &selected),
		chromedp.ScrollIntoView(chromedp.CSS(`#portfolios-panel`)),
		b.ElementShot(fmt.Sprintf("portfolios-%d.png", width), `#portfolios-panel`),
	)
	if len(want) == 0 || !slices.Equal(got, want) || selected != 1 {
		t.Errorf("costliest portfolio: map highlights %v, want %v; %d chart points selected", got, want, selected)
	}
	if width <= 400 {
		var l browsertest.Layout
		b.Do("measure", b.Layout(".panel", &l))
		if l.Width != width {
			t.Fatalf("the page is %d CSS pixels wide, want %d", l.Width, width)
		}
		b.CheckNarrow(l, 11)
	}
	b.Check()
}
