package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steppe-dev/steppe/internal/browsertest"
)

// TestDashboardWithSimulation starts a run of the embedded default scenario
// from the dashboard, with the real store and simulation, and waits for the
// figures: the five states coloured, six fan charts, the policy deltas and
// the scenario's assumptions. It saves screenshots as artifacts.
func TestDashboardWithSimulation(t *testing.T) {
	browsertest.Skip(t)
	ts, _, _ := startServe(t)
	b := browsertest.New(t, browsertest.Options{Origin: ts.URL + "/", Timeout: 50 * time.Second, PollTimeout: 40 * time.Second})
	var coloured, fans, deltas, assumptions int
	var shades, highlighted []string
	b.Do("run the default scenario from the dashboard",
		b.Enable(),
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#validity.ok`)),
		chromedp.SetValue(chromedp.CSS(`#draws`), "400"),
		chromedp.Click(chromedp.CSS(`#start`)),
		b.Poll(`document.querySelectorAll('#fans figure').length === 6`),
		b.Eval(`new Set([...document.querySelectorAll('#map path.country.focus[fill]')].map(p => getComputedStyle(p).fill)).size`, &coloured),
		b.Eval(`[...document.querySelectorAll('#map path.country.focus[fill]')].map(p => p.dataset.iso3 + ' ' + p.dataset.p + ' ' + getComputedStyle(p).fill)`, &shades),
		b.Eval(`document.querySelectorAll('#fans figure').length`, &fans),
		b.Eval(`document.querySelectorAll('#deltas .delta-row').length`, &deltas),
		b.Eval(`document.querySelectorAll('#assumptions tbody tr').length`, &assumptions),
		b.Eval(`[...document.querySelectorAll('#map g.network path.net.policy')].map(p => p.dataset.id).sort()`, &highlighted),
		b.Shot("dashboard-simulation.png"),
	)
	n := checkShadesOrdered(t, shades)
	if n != 5 || coloured < 3 || fans != 6 || deltas != 6 || assumptions < 50 {
		t.Errorf("coloured states %d (want 5), distinct colours %d (≥ 3: %v), fan charts %d (6), delta rows %d (6), assumptions %d (≥ 50)", n, coloured, shades, fans, deltas, assumptions)
	}
	// The default policy selection is the first non-baseline policy; its
	// projects' lines are highlighted on the bundled network.
	if !slices.Contains(highlighted, "rail-cku") {
		t.Errorf("network lines highlighted for the selected policy: %v, want the CKU railway (rail-cku) among them", highlighted)
	}
	t.Logf("highlighted network lines: %v", highlighted)
	b.Check()
}

// checkShadesOrdered checks that every state is coloured by its
// probability, given "ISO3 P rgb(R, G, B)" for each: the ramp's green
// channel falls as the probability rises, so a higher probability never
// has a lighter shade (two close probabilities may share one). It returns
// how many states are coloured.
func checkShadesOrdered(t *testing.T, shades []string) int {
	t.Helper()
	type shade struct {
		p float64
		g int
	}
	var got []shade
	for _, s := range shades {
		var iso string
		var sh shade
		var r, b int
		if _, err := fmt.Sscanf(s, "%s %g rgb(%d, %d, %d)", &iso, &sh.p, &r, &sh.g, &b); err != nil {
			t.Fatalf("state shade %q: %v", s, err)
		}
		got = append(got, sh)
	}
	for _, a := range got {
		for _, b := range got {
			if a.p > b.p && a.g > b.g {
				t.Errorf("state shades not ordered by probability: %v", shades)
			}
		}
	}
	return len(got)
}
