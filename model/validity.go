package model

import (
	"bytes"
	"fmt"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/world"
)

// CrisesFile is the bundled episode set v2: every post-Soviet crisis that
// meets the inclusion rule of data/episodes/README.md, answered or not.
const CrisesFile = "episodes/crises.csv"

// Crises returns the bundled episode set v2.
func (c *Cache) Crises() ([]risk.Crisis, error) {
	c = c.orNew()
	return entry(c, &c.crises).get(func() ([]risk.Crisis, error) {
		b, err := data.ReadFile(CrisesFile)
		if err != nil {
			return nil, fmt.Errorf("episode set: %w", err)
		}
		cr, err := risk.LoadCrises("data/"+CrisesFile, bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("episode set: %w", err)
		}
		return cr, nil
	})
}

// historicalWindows are the observed rates every run states beside its
// own: Central Asia since independence and since 1995 (after the Tajik
// civil war's first years, in which the 201st division fought), and the
// whole post-Soviet space.
var historicalWindows = []struct {
	label     string
	subregion string
	from, to  world.Month
}{
	{"Central Asia 1992-2025", "central-asia", world.MonthOf(1992, 1), world.MonthOf(2025, 12)},
	{"Central Asia 1995-2025", "central-asia", world.MonthOf(1995, 1), world.MonthOf(2025, 12)},
	{"post-Soviet states 1992-2025", "", world.MonthOf(1992, 1), world.MonthOf(2025, 12)},
}

// HistoricalRates computes the observed intervention-onset rates per 100
// state-years from the bundled episode set.
func (c *Cache) HistoricalRates() ([]results.HistoricalRate, error) {
	cr, err := c.Crises()
	if err != nil {
		return nil, err
	}
	var out []results.HistoricalRate
	for _, w := range historicalWindows {
		n, sy := risk.HistoricalRates(cr, w.from, w.to, w.subregion)
		out = append(out, results.HistoricalRate{Label: w.label, Subregion: w.subregion, From: w.from.String(), To: w.to.String(),
			Onsets: n, StateYears: sy, Per100: roundTo(100*float64(n)/sy, 4), Source: "data/" + CrisesFile})
	}
	return out, nil
}
