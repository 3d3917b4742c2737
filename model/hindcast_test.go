package model

import (
	"context"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/risk"
)

// TestTriggersMatchCrises holds the one definition of a trigger: with the
// bundled crisis hazards (fitted on the episode set to 2025), the
// simulation run from 1995 over the fourteen post-Soviet states produces,
// for every state and for Central Asia, a number of triggers whose 90%
// predictive interval holds the number of crises the record counts in
// 1995-2025. A trigger and a crisis are then the same kind of event.
func TestTriggersMatchCrises(t *testing.T) {
	c := new(Cache)
	v2, err := c.V2()
	if err != nil {
		t.Fatal(err)
	}
	cr, err := c.Crises()
	if err != nil {
		t.Fatal(err)
	}
	w := fixture.Load(t, "hindcast/1995.yaml").World
	m, err := c.Assemble(w, Config{V2: v2, V2File: "bundled", NoIntegration: true})
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Sim.Run(context.Background(), simOptions(1000, 1))
	if err != nil {
		t.Fatal(err)
	}
	var caObs int
	ca := make([]float64, out.Draws)
	for ci, id := range out.Countries {
		obs := 0
		for _, x := range cr {
			if x.Country == id && x.Month >= w.Start && x.Month <= w.Horizon {
				obs++
			}
		}
		tr := out.TriggerDraws(0, ci)
		for d, v := range tr {
			if strings.Contains("KAZ KGZ TJK TKM UZB", id) {
				ca[d] += v
			}
		}
		if strings.Contains("KAZ KGZ TJK TKM UZB", id) {
			caObs += obs
		}
		mean, lo, hi := interval(tr)
		t.Logf("%s: %d crises, %.1f [%.0f, %.0f] triggers", id, obs, mean, lo, hi)
		if float64(obs) < lo || float64(obs) > hi {
			t.Errorf("%s: %d crises in 1995-2025, simulated triggers %.1f [%.0f, %.0f]", id, obs, mean, lo, hi)
		}
	}
	mean, lo, hi := interval(ca)
	if float64(caObs) < lo || float64(caObs) > hi {
		t.Errorf("Central Asia: %d crises in 1995-2025, simulated triggers %.1f [%.0f, %.0f]", caObs, mean, lo, hi)
	}
}

// TestHindcastMachinery runs the 2014 hindcast with few paths: the models
// are fitted before the start only, every state and both groups have a
// row, and the observed counts are the record's onsets and crises.
func TestHindcastMachinery(t *testing.T) {
	if testing.Short() {
		t.Skip("fits the model v2 (a few CPU-seconds)")
	}
	c := new(Cache)
	cr, err := c.Crises()
	if err != nil {
		t.Fatal(err)
	}
	w := fixture.Load(t, "hindcast/2014.yaml").World
	h, err := c.RunHindcast(context.Background(), w, cr, 200, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(risk.CrisesBefore(cr, w.Start)); h.Fitted != want {
		t.Errorf("fitted on %d crises, want the %d before %s", h.Fitted, want, w.Start)
	}
	if len(h.Rows) != 16 || h.Rows[14].Unit != "Central Asia" || h.Rows[15].Unit != "post-Soviet states" {
		t.Fatalf("rows %+v", h.Rows)
	}
	onset := risk.IsOnset(cr)
	var n, k int
	for i, x := range cr {
		if x.Month >= w.Start && x.Month <= w.Horizon {
			k++
			if onset[i] {
				n++
			}
		}
	}
	if r := h.Rows[15]; r.Observed != n || r.Crises != k {
		t.Errorf("post-Soviet row: %d onsets and %d crises, want %d and %d", r.Observed, r.Crises, n, k)
	}
	if r := h.Rows[15]; !(r.Q05 <= r.Mean && r.Mean <= r.Q95) || r.StateYears != 14*12 {
		t.Errorf("post-Soviet row %+v", r)
	}
}
