package scenario_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/world"
)

// hindcastStarts are the scenarios of the hindcast (issue 13, item 4;
// data/hindcast/README.md), by file, with their start month.
var hindcastStarts = []struct {
	file  string
	start world.Month
}{
	{"hindcast/1995.yaml", world.MonthOf(1995, 1)},
	{"hindcast/2005.yaml", world.MonthOf(2005, 1)},
	{"hindcast/2014.yaml", world.MonthOf(2014, 1)},
}

// TestHindcastScenarios checks the three historical worlds against the
// episode record's tables: each loads without error, runs from its start
// to 2025-12 with one policy and no projects, has the fourteen post-Soviet
// states other than Russia as focus actors, CSTO membership at the start
// equal to risk.PostSovietStates' spells (with no spell that the
// forecaster could not know of), a land border with Russia exactly where
// the record has one, and the ethnic-Russian share of the latest census
// taken before the start year within the record's 20-year window (unset
// where there is none).
func TestHindcastScenarios(t *testing.T) {
	csrc, err := data.ReadFile("episodes/censuses.csv")
	if err != nil {
		t.Fatal(err)
	}
	cens, err := risk.LoadCensuses("censuses.csv", bytes.NewReader(csrc))
	if err != nil {
		t.Fatal(err)
	}
	share := map[string]float64{}
	for _, c := range cens {
		share[fmt.Sprintf("%s%d", c.Country, c.Year)] = c.Share
	}
	for _, hc := range hindcastStarts {
		t.Run(hc.file, func(t *testing.T) {
			w := fixture.Load(t, hc.file).World
			if w.Start != hc.start || w.Horizon != world.MonthOf(2025, 12) {
				t.Errorf("runs %v to %v, want %v to 2025-12", w.Start, w.Horizon, hc.start)
			}
			if len(w.Policies) != 1 || w.Baseline != "baseline" || len(w.Policies[0].Projects) != 0 || len(w.Projects) != 0 {
				t.Errorf("want the baseline policy alone with no projects, got %d policies, %d projects", len(w.Policies), len(w.Projects))
			}
			if len(w.Hazards) != 0 {
				t.Errorf("%d hazards stated; the hindcast fits them before the start", len(w.Hazards))
			}
			focus := map[string]*world.Actor{}
			for _, a := range w.Focus() {
				focus[a.ID] = a
			}
			if len(focus) != len(risk.PostSovietStates) {
				t.Errorf("%d focus actors, want %d", len(focus), len(risk.PostSovietStates))
			}
			if r, ok := w.Actor("RUS"); !ok || r.Role != world.External {
				t.Error("RUS is missing or not external")
			}
			for _, s := range risk.PostSovietStates {
				a, ok := focus[s.ISO3]
				if !ok {
					t.Errorf("%s is not a focus actor", s.ISO3)
					continue
				}
				if got, want := w.Member("CSTO", s.ISO3, hc.start), s.CSTOMemberAt(hc.start); got != want {
					t.Errorf("%s: CSTO member at %v = %v, want %v (risk.PostSovietStates)", s.ISO3, hc.start, got, want)
				}
				if got := a.Attr.BorderRussiaKM; !got.Set || (got.V > 0) != (s.BorderRussia == 1) {
					t.Errorf("%s: border_russia_km %v (set %v), want a border iff border_russia = %d", s.ISO3, got.V, got.Set, s.BorderRussia)
				}
				for _, v := range []world.Value{a.Attr.Alignment, a.Attr.Enclave} {
					if !v.Set {
						t.Errorf("%s: %s not stated", s.ISO3, v.Path)
					}
				}
				// The latest census taken before the start year and within the
				// record's window of it.
				cy := 0
				for _, y := range s.Censuses {
					if y < hc.start.Year() && y >= hc.start.Year()-risk.CensusWindow && y > cy {
						cy = y
					}
				}
				got := a.Attr.EthnicRussianShare
				switch {
				case cy == 0 && got.Set:
					t.Errorf("%s: ethnic_russian_share %v stated, but no census lies within %d years before %d", s.ISO3, got.V, risk.CensusWindow, hc.start.Year())
				case cy != 0 && (!got.Set || got.Year != cy || got.V != share[fmt.Sprintf("%s%d", s.ISO3, cy)]):
					t.Errorf("%s: ethnic_russian_share %v (%d), want the %d census share %v", s.ISO3, got.V, got.Year, cy, share[fmt.Sprintf("%s%d", s.ISO3, cy)])
				}
			}
			// No membership spell may begin after the start, nor end after it:
			// the forecaster knew neither.
			for _, m := range w.Memberships {
				if m.From > hc.start || (m.To != 0 && m.To > hc.start) {
					t.Errorf("membership %s %s %v..%v reaches past the start %v", m.Org, m.Member, m.From, m.To, hc.start)
				}
			}
			// Bases: Russian, on a focus state, and none whose kind the record
			// counts as 0 (radar, test range, space, communications).
			for _, b := range w.Bases {
				if b.Operator != "RUS" || focus[b.Host] == nil {
					t.Errorf("base %s: operator %s, host %s", b.ID, b.Operator, b.Host)
				}
				for _, k := range []string{"radar", "test", "space", "communication", "seismic"} {
					if strings.Contains(strings.ToLower(b.Kind), k) {
						t.Errorf("base %s: kind %q counts 0 in the record; leave it out", b.ID, b.Kind)
					}
				}
				if !b.LeaseEnd.Set || b.LeaseEnd.V < float64(hc.start.Year()) {
					t.Errorf("base %s: lease_end %v is before the start", b.ID, b.LeaseEnd.V)
				}
			}
		})
	}
}

// TestHindcastStartState holds the coded state of each start, the inputs the
// v2 decision model reads, to the episode record's coding rules
// (data/episodes/README.md: alignment, enclave, russia_committed) applied
// at the start month: a change to a file that moves one of them must be
// argued against the rules, not slipped in.
func TestHindcastStartState(t *testing.T) {
	type state struct {
		align, enclave int
		base           bool
	}
	// Countries not listed: alignment 0, no enclave, no Russian base.
	want := map[string]map[string]state{
		"hindcast/1995.yaml": {
			"ARM": {1, 0, true}, "BLR": {1, 0, false}, "KGZ": {1, 0, false}, "TJK": {1, 0, true},
			"EST": {-1, 0, false}, "LVA": {-1, 0, false}, "LTU": {-1, 0, false},
			"GEO": {0, 1, true}, "MDA": {0, 1, true}, "UKR": {0, 0, true},
		},
		"hindcast/2005.yaml": {
			"ARM": {1, 0, true}, "BLR": {1, 0, false}, "KGZ": {0, 0, true}, "TJK": {1, 0, true},
			"EST": {-1, 0, false}, "LVA": {-1, 0, false}, "LTU": {-1, 0, false},
			"GEO": {-1, 1, true}, "MDA": {0, 1, true}, "UKR": {-1, 0, true}, "UZB": {-1, 0, false},
		},
		"hindcast/2014.yaml": {
			"ARM": {1, 0, true}, "BLR": {1, 0, false}, "KGZ": {0, 0, true}, "TJK": {1, 0, true},
			"EST": {-1, 0, false}, "LVA": {-1, 0, false}, "LTU": {-1, 0, false},
			"GEO": {-1, 1, true}, "MDA": {-1, 1, true}, "UKR": {0, 0, true},
		},
	}
	committed := map[string]float64{"hindcast/1995.yaml": 1, "hindcast/2005.yaml": 0.5, "hindcast/2014.yaml": 0}
	for _, hc := range hindcastStarts {
		t.Run(hc.file, func(t *testing.T) {
			w := fixture.Load(t, hc.file).World
			based := map[string]bool{}
			for _, b := range w.Bases {
				if b.LeaseEnd.V >= float64(hc.start.Year()) {
					based[b.Host] = true
				}
			}
			for _, a := range w.Focus() {
				st := want[hc.file][a.ID]
				got := state{int(a.Attr.Alignment.V), int(a.Attr.Enclave.V), based[a.ID]}
				if got != st {
					t.Errorf("%s: alignment, enclave, base = %v, want %v", a.ID, got, st)
				}
			}
			c := 0.0
			for _, cm := range w.Shocks.RussiaCommitments {
				if cm.From <= hc.start && cm.EndYear.V >= float64(hc.start.Year()) {
					c = max(c, cm.Intensity.V)
				}
			}
			if c != committed[hc.file] {
				t.Errorf("Russian forces committed elsewhere at the start: %v, want %v", c, committed[hc.file])
			}
		})
	}
}
