package server

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/internal/browsertest"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/results"
)

// rangedViews makes the fixture's views with what the dashboard's
// decision-ready panels read: each delta's 5–95% range over draws and
// P(delta < 0), a parameter replaced by an engine, and (for a scenario
// with the line "lease: 2030") a known edit of one assumption. It keeps
// each run's results to hold the page against.
type rangedViews struct {
	mu   sync.Mutex
	last *results.Results
}

func (rv *rangedViews) view(t testing.TB, job Job) []byte {
	var v report.View
	if err := json.Unmarshal(fixtureView(t, job), &v); err != nil {
		t.Fatal(err)
	}
	for i := range v.Results.Cells {
		if d := v.Results.Cells[i].Delta; d != nil {
			// A spread over draws much wider than the Monte Carlo error,
			// as in real runs: from 2.5 times the mean effect to a small
			// increase; the policy lowers the risk in most draws.
			d.Q05, d.Q95, d.PNegative = 2.5*d.Mean, -0.3*d.Mean, 0.91
		}
	}
	for i, a := range v.Assumptions {
		if a.Path == "decision.coef.base_present" {
			v.Assumptions[i].ReplacedBy = "replaced by the intervention model v2 fitted on the episode record"
		}
		if a.Path == "bases.kant.lease_end" && strings.Contains(string(job.Source), "lease: 2030") {
			v.Assumptions[i].Value, v.Assumptions[i].Dist, v.Assumptions[i].Uncertain = 2030, "fixed", false
		}
	}
	rv.mu.Lock()
	rv.last = v.Results
	rv.mu.Unlock()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pct, pp and the texts below format as the dashboard does (charts.js
// probText and effectText, dom.js fmtPct and fmtPP).
func pct(v float64, digits int) string { return strconv.FormatFloat(100*v, 'f', digits, 64) + "%" }

func pp(v float64) string {
	s := strconv.FormatFloat(100*v, 'f', 2, 64)
	switch f, _ := strconv.ParseFloat(s, 64); {
	case f == 0:
		return "0.00"
	case v > 0:
		return "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}

func probText(s results.Summary) string {
	return fmt.Sprintf("%s (%s–%s)", pct(s.Mean, 1), pct(s.Q05, 1), pct(s.Q95, 1))
}

func effectText(d *results.Delta) string {
	return fmt.Sprintf("%s pp (5–95%%: %s to %s), P(<0) %s", pp(d.Mean), pp(d.Q05), pp(d.Q95), pct(d.PNegative, 0))
}

// dashboardHeadline checks the headline box against the run's results:
// every baseline probability with its range and every policy effect with
// its range and P(delta < 0), by the milestone years; the map opens on the
// baseline with the interval on hover, and the slider shows its year; the
// delta charts show the range over draws.
func dashboardHeadline(t *testing.T, b *browsertest.Browser, views *rangedViews) {
	type shown struct {
		Policy, Country, Text string
		Year                  int
	}
	var cells []shown
	var policy, yearOut, kazTitle, mcNote string
	var drawRows, deltaFans, netTables int
	b.Do("the headline box, the map on the baseline, the effect's range",
		chromedp.WaitVisible(chromedp.CSS(`#headline td[data-country]`)),
		b.Eval(`[...document.querySelectorAll('#headline td[data-country]')].map(td => ({Policy: td.dataset.policy, Country: td.dataset.country, Year: +td.dataset.year, Text: td.textContent}))`, &cells),
		b.Eval(`document.querySelector('#policy').value`, &policy),
		b.Eval(`document.querySelector('#year-out').textContent`, &yearOut),
		b.Eval(`document.querySelector('#map path.country.focus[data-iso3=KAZ] title').textContent`, &kazTitle),
		b.Eval(`document.querySelectorAll('#deltas g.delta-row[data-range=draws]').length`, &drawRows),
		b.Eval(`document.querySelectorAll('#delta-fans svg.delta-fan path.band').length`, &deltaFans),
		b.Text(`#deltas .mc-note`, &mcNote),
		b.Poll(`document.querySelectorAll('#network-changes table.corridors').length > 0`),
		b.Eval(`document.querySelectorAll('#network-changes .network-changes[data-policy="fast-track-integration"] table.corridors tbody tr').length`, &netTables),
		b.ElementShot("dashboard-engines.png", `#engines-panel`),
		b.ElementShot("dashboard-headline.png", `#headline-panel`),
		b.ElementShot("dashboard-deltas.png", `#deltas-panel`),
	)
	views.mu.Lock()
	res := views.last
	views.mu.Unlock()
	// Six rows (the region and five states) by three milestone years, for
	// the baseline and the one policy.
	if len(cells) != 36 {
		t.Fatalf("headline has %d value cells, want 36", len(cells))
	}
	for _, c := range cells {
		cell := res.Cell(c.Policy, c.Country, c.Year)
		if cell == nil {
			t.Errorf("headline cell %+v is not in the results", c)
			continue
		}
		want := probText(cell.PIntervention)
		if c.Policy != res.Baseline {
			want = effectText(cell.Delta)
		}
		if c.Text != want {
			t.Errorf("headline %s %s by %d: %q, results say %q", c.Policy, c.Country, c.Year, c.Text, want)
		}
	}
	if policy != "baseline" || yearOut != "2030" {
		t.Errorf("map opens on policy %q with the slider showing %q; want baseline and 2030", policy, yearOut)
	}
	if want := probText(res.Cell("baseline", "KAZ", 2030).PIntervention); !strings.Contains(kazTitle, want) {
		t.Errorf("hovering Kazakhstan says %q, want its interval %s", kazTitle, want)
	}
	// The fixture's policy adds the CKU railway: the corridors from
	// Uzbekistan, Tajikistan and Turkmenistan to China get faster (as in
	// TestNetworkCompare).
	if netTables < 3 {
		t.Errorf("the policy's corridor table has %d rows, want at least 3", netTables)
	}
	if drawRows != 6 || deltaFans != 6 {
		t.Errorf("delta rows with the range over draws %d, delta fan bands %d; want 6 and 6", drawRows, deltaFans)
	}
	maxSE := 0.0
	for _, c := range res.Cells {
		if c.Delta != nil {
			maxSE = math.Max(maxSE, c.Delta.SE)
		}
	}
	if se := strconv.FormatFloat(100*maxSE, 'f', 2, 64) + " pp"; !strings.Contains(mcNote, "Monte Carlo standard error") || !strings.Contains(mcNote, se) {
		t.Errorf("footnote %q should give the largest Monte Carlo s.e. %s", mcNote, se)
	}
}

// dashboardCompare runs the scenario again with one known edit (the Kant
// lease ending in 2030) and compares the two runs by a shareable address:
// the assumptions diff lists that parameter alone, with both values.
func dashboardCompare(t *testing.T, b *browsertest.Browser, url string) {
	var ids []string
	b.Do("a second run with one assumption changed",
		chromedp.ScrollIntoView(chromedp.CSS(`#editor`)),
		chromedp.SetValue(chromedp.CSS(`#editor`), "# fixture scenario\ntitle: Central Asia\nlease: 2030\n"),
		b.Eval(`document.querySelector('#editor').dispatchEvent(new Event('input')); true`, new(bool)),
		chromedp.Sleep(400*time.Millisecond),
		b.Poll(`!document.querySelector('#start').disabled`),
		chromedp.Click(chromedp.CSS(`#start`)),
		b.Poll(`document.querySelectorAll('#runs tbody td.st-done').length === 2`),
		b.Eval(`[...document.querySelectorAll('#runs tbody tr')].map(r => r.dataset.id)`, &ids),
	)
	if len(ids) != 2 {
		t.Fatalf("runs %v", ids)
	}
	hash := fmt.Sprintf("#compare=%s:baseline,%s:baseline", ids[1], ids[0])
	var rows [][]string
	var tableRows int
	var link string
	check := func(what string) {
		rows = nil
		b.Do(what,
			b.Poll(`document.querySelectorAll('#compare table.compare-assumptions tbody tr').length > 0`),
			b.Eval(`[...document.querySelectorAll('#compare table.compare-assumptions tbody tr')].map(r => [...r.cells].map(c => c.textContent))`, &rows),
			b.Eval(`document.querySelectorAll('#compare table.compare-table tbody tr.diff-row').length`, &tableRows),
			b.Eval(`document.querySelector('#cmp-link').getAttribute('href')`, &link),
		)
		if len(rows) != 1 || rows[0][0] != "bases.kant.lease_end" || !strings.HasPrefix(rows[0][1], "2032,") || rows[0][2] != "2030" {
			t.Errorf("%s: assumptions that differ %q; want bases.kant.lease_end alone, 2032 (triangular) in A and 2030 in B", what, rows)
		}
		if tableRows != 6 || link != hash {
			t.Errorf("%s: compare table rows %d (want 6), link %q (want %q)", what, tableRows, link, hash)
		}
	}
	b.Do("compare the two runs", b.Eval(`location.hash = '`+hash+`'; true`, new(bool)))
	check("compare the two runs")
	b.Do("screenshot", b.ElementShot("dashboard-compare.png", `#compare-panel`))
	b.Do("open the comparison's address afresh", chromedp.Navigate(url+"/"+hash))
	check("the shared address")
	b.Do("back to the runs", chromedp.Navigate(url+"/"), chromedp.WaitVisible(chromedp.CSS(`#headline td[data-country]`)))
}

// TestDashboardNarrow opens the dashboard at 390 CSS pixels (a phone) with
// a finished run, a comparison and Sobol' indices shown: no panel is wider
// than the screen (tables scroll inside their panels), and no text is
// smaller than 11 CSS pixels. No console errors, no outside requests.
func TestDashboardNarrow(t *testing.T) {
	views := &rangedViews{}
	b, url := browseDashboard(t, Config{Runner: &fakeRunner{view: func(job Job) []byte { return views.view(t, job) }}, Workers: 1, Queue: 2,
		Embedded: fstest.MapFS{"central-asia.yaml": {Data: []byte("# fixture scenario\ntitle: Central Asia\n")}}}, 390)
	csv, _ := json.Marshal(ishigamiCSV(t, 64))
	var id string
	b.Do("a run at phone width",
		b.Enable(),
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		chromedp.Click(chromedp.CSS(`#start`)),
		chromedp.WaitVisible(chromedp.CSS(`#headline td[data-country]`)),
		b.Poll(`document.querySelectorAll('#delta-fans figure').length === 6`),
		b.Eval(`document.querySelector('#runs tbody tr').dataset.id`, &id),
	)
	b.Do("a comparison and Sobol' indices",
		b.Eval(`location.hash = '#compare=`+id+`:baseline,`+id+`:fast-track-integration'; true`, new(bool)),
		b.Poll(`document.querySelectorAll('#compare table.compare-table').length === 1`),
		b.Eval(`(() => { const t = document.querySelector('#ex-csv'); t.value = `+string(csv)+`; t.dispatchEvent(new Event('input')); return true; })()`, new(bool)),
		b.Poll(`!document.querySelector('#ex-sobol').disabled`),
		chromedp.Click(chromedp.CSS(`#ex-sobol`)),
		chromedp.WaitVisible(chromedp.CSS(`#ex-sobol-out svg.sobol`)),
	)
	var l browsertest.Layout
	b.Do("measure", b.Layout(".panel", &l), chromedp.ScrollIntoView(chromedp.CSS(`header`)), b.Shot("dashboard-390.png"))
	if l.Width != 390 {
		t.Fatalf("the page is %d CSS pixels wide, want 390", l.Width)
	}
	b.CheckNarrow(l, 11)
	b.Check()
}

// dashboardQuickForm fills the form of the most-changed assumptions (the
// war's end, a request prior, draws and seed) and checks the scenario it
// writes into the editor: it extends the chosen scenario (the one saved by
// dashboardEditor), states each
// change as an assumption with the reason, and validates; draws and seed
// go to the run form.
func dashboardQuickForm(t *testing.T, b *browsertest.Browser) {
	var src, draws, seed string
	b.Do("write a scenario from the form",
		chromedp.ScrollIntoView(chromedp.CSS(`#editor-panel`)),
		b.Eval(`document.querySelector('#quick').open = true; true`, new(bool)),
		chromedp.Click(chromedp.CSS(`#q-war`)),
		chromedp.SetValue(chromedp.CSS(`#q-war-year`), "2024"),
		chromedp.Click(chromedp.CSS(`#q-req`)),
		chromedp.SetValue(chromedp.CSS(`#q-reason`), `Analyst's "what if"`),
		chromedp.SetValue(chromedp.CSS(`#q-draws`), "300"),
		chromedp.SetValue(chromedp.CSS(`#q-seed`), "11"),
		chromedp.Click(chromedp.CSS(`#q-write`)),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		b.Eval(`document.querySelector('#editor').value`, &src),
		b.Eval(`document.querySelector('#draws').value`, &draws),
		b.Eval(`document.querySelector('#seed').value`, &seed),
		b.ElementShot("dashboard-quick-form.png", `#editor-panel`),
	)
	want := `extends: mine
title: "mine, with the dashboard's what-if assumptions"
shocks:
  russia_commitments:
    ukraine:
      end_year: {value: 2024, assumption: true, reason: "Analyst's \"what if\""}
decision:
  priors:
    v2:
      request.country[KGZ]: {mean: 1.5, sd: 0.5, assumption: true, reason: "Analyst's \"what if\""}
`
	if src != want || draws != "300" || seed != "11" {
		t.Errorf("the form wrote\n%s\nwant\n%s\ndraws %q, seed %q (want 300, 11)", src, want, draws, seed)
	}
}
