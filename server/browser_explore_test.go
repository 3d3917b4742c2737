package server

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/explore"
)

// TestExploreInBrowser drives the explore view: pasting a Saltelli design
// of the Ishigami function fills the outcome and inputs from its header,
// the Sobol' bar chart shows S1 and ST bars with interval whiskers for each
// input, PRIM draws the trade-off curve, and clicking a point shows that
// box's limits and quasi-p-values; an unknown column shows the server's
// error as text. No console errors, no request leaves the server.
func TestExploreInBrowser(t *testing.T) {
	b, url := browseDashboard(t, Config{Runner: &fakeRunner{}, Embedded: embedded})
	csv := ishigamiCSV(t, 256)
	csvJS, _ := json.Marshal(csv)

	var outcome, inputs, suggested string
	var bars, whiskers, convLines int
	var labels []string
	b.Do("load the dashboard and paste experiments",
		b.Enable(),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#explore-panel`)),
		chromedp.ScrollIntoView(chromedp.CSS(`#explore-panel`)),
		b.Eval(`(() => { const t = document.querySelector('#ex-csv'); t.value = `+string(csvJS)+`; t.dispatchEvent(new Event('input')); return true; })()`, new(bool)),
		b.Poll(`!document.querySelector('#ex-sobol').disabled`),
		b.Eval(`document.querySelector('#ex-outcome').value`, &outcome),
		b.Eval(`document.querySelector('#ex-inputs').value`, &inputs),
		b.Eval(`document.querySelector('#ex-threshold').value`, &suggested),
		chromedp.Click(chromedp.CSS(`#ex-sobol`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-sobol-out svg.sobol`)),
		b.Eval(`document.querySelectorAll('#ex-sobol-out g.sobol-bar rect.bar').length`, &bars),
		b.Eval(`document.querySelectorAll('#ex-sobol-out g.sobol-bar line.whisker-ci').length`, &whiskers),
		b.Eval(`[...document.querySelectorAll('#ex-sobol-out text.sobol-input')].map(e => e.textContent)`, &labels),
		b.Eval(`document.querySelectorAll('#ex-sobol-out svg.convergence path.conv-st, #ex-sobol-out svg.convergence path.conv-s1').length`, &convLines),
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
	b.Do("run PRIM and click a trade-off point",
		chromedp.SetValue(chromedp.CSS(`#ex-threshold`), "10"),
		chromedp.Click(chromedp.CSS(`#ex-prim`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-curve svg.tradeoff`)),
		b.Eval(`document.querySelectorAll('#ex-curve circle.box-point').length`, &points),
		b.Eval(`+document.querySelector('#ex-curve circle.box-point.chosen').dataset.point`, &chosen),
	)
	if points < 5 {
		t.Fatalf("trade-off curve has %d points", points)
	}
	pick := chosen - 2
	if pick < 1 {
		pick = chosen + 1
	}
	b.Do("click a point",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#ex-curve circle.box-point[data-point="%d"]`, pick))),
		b.Poll(fmt.Sprintf(`document.querySelector('#ex-details .box-details').dataset.point === '%d'`, pick)),
		b.Text(`#ex-details h3`, &heading),
		b.Text(`#ex-details`, &detailsText),
		b.Eval(`document.querySelectorAll('#ex-details table.box-limits tbody tr').length`, &limitRows),
		b.Shot("explore.png"),
		b.ElementShot("explore-panel.png", `#explore-panel`),
	)
	if heading != fmt.Sprintf("Point %d (peel)", pick) && heading != fmt.Sprintf("Point %d (paste)", pick) {
		t.Errorf("details heading %q after clicking point %d", heading, pick)
	}
	if limitRows == 0 || !strings.Contains(detailsText, "quasi-p") || !strings.Contains(detailsText, "coverage") {
		t.Errorf("details of point %d: %d limit rows; text %.300q", pick, limitRows, detailsText)
	}

	var scatterPts int
	var columnsOpen bool
	b.Do("the chosen box's experiments as a scatter; the column list collapsed",
		b.Eval(`document.querySelectorAll('#ex-scatter svg.scatter circle.pt').length`, &scatterPts),
		b.Eval(`document.querySelector('#ex-columns-box').open`, &columnsOpen),
	)
	if scatterPts == 0 || columnsOpen {
		t.Errorf("box scatter has %d points (want all experiments), column list open %v (want collapsed)", scatterPts, columnsOpen)
	}

	var leaves int
	b.Do("the CART tree of the same cases",
		chromedp.Click(chromedp.CSS(`#ex-cart`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-cart-out table.cart-leaves`)),
		b.Eval(`document.querySelectorAll('#ex-cart-out table.cart-leaves tbody tr').length`, &leaves),
	)
	if leaves < 2 {
		t.Errorf("CART tree has %d leaves", leaves)
	}

	var errText string
	var injected int
	b.Expect("status of 422 (Unprocessable Entity) " + url + "/api/explore/sobol")
	b.Do("an unknown column shows the server's error as text",
		chromedp.SetValue(chromedp.CSS(`#ex-inputs`), `x1,<img src=x onerror=alert(1)>`),
		chromedp.Click(chromedp.CSS(`#ex-sobol`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-sobol-out .error-text`)),
		b.Text(`#ex-sobol-out .error-text`, &errText),
		b.Eval(`document.querySelectorAll('img, script:not([src]), a[href^="javascript"]').length`, &injected),
	)
	if !strings.Contains(errText, `no column "<img src=x onerror=alert(1)>"`) || !strings.Contains(errText, "HTTP 422") {
		t.Errorf("error shown %q", errText)
	}
	if injected != 0 {
		t.Errorf("%d injected elements", injected)
	}

	// A grouped design, as `steppe explore sample --groups` writes it: the
	// groups come from its comments, not from the Inputs field.
	grouped, _ := json.Marshal(ishigamiGroupedCSV(t, 256, []explore.Group{{Name: "g13", Members: []string{"x1", "x3"}}, {Name: "g2", Members: []string{"x2"}}}))
	var groupNote string
	labels = nil
	b.Do("grouped Sobol' design",
		b.Eval(`(() => { const t = document.querySelector('#ex-csv'); t.value = `+string(grouped)+`; t.dispatchEvent(new Event('input')); return true; })()`, new(bool)),
		b.Poll(`!document.querySelector('#ex-groups').hidden`),
		b.Text(`#ex-groups`, &groupNote),
		chromedp.Click(chromedp.CSS(`#ex-sobol`)),
		b.Poll(`[...document.querySelectorAll('#ex-sobol-out text.sobol-input')].map(e => e.textContent).sort().join() === 'g13,g2'`),
		b.Eval(`[...document.querySelectorAll('#ex-sobol-out text.sobol-input')].map(e => e.textContent)`, &labels),
		b.ElementShot("explore-grouped.png", `#explore-panel`),
	)
	if !strings.Contains(groupNote, "2 groups") || len(labels) != 2 {
		t.Errorf("grouped design: note %q, Sobol' inputs %v; want the groups g13 and g2", groupNote, labels)
	}
	b.Check()
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
