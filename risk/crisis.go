package risk

import "github.com/steppe-dev/steppe/world"

// Crisis is one row of the episode set v2, data/episodes/crises.csv: a
// crisis in a post-Soviet state (Russia excluded) that meets the inclusion
// rule of data/episodes/README.md, whether or not Russia responded. A crisis
// is defined in the same terms as the simulation's triggers, so that a
// trigger hazard times P(intervention | crisis) means what it says.
//
// Binary fields are 0 or 1; numbers the sources do not give are NA (NaN).
// [LoadCrises] reads and checks the file; the inclusion rule, the coding
// rule of every column and the sources are in data/episodes/README.md.
type Crisis struct {
	Line      int         // line in the source file (1-based, header is line 1)
	ID        string      // stable row id, e.g. "KAZ-2022-01"
	Conflict  string      // conflict id: rows of one conflict share it (e.g. "GEO-SOS")
	Month     world.Month // onset month of the crisis
	Country   string      // host state, ISO3
	Subregion string      // "central-asia", "caucasus" or "western" (Baltics, Belarus, Moldova, Ukraine)
	Area      string      // region within the host, if any
	Name      string      // short name of the crisis
	Trigger   world.TriggerType

	// Request is 1 if the government in control of the capital asked
	// Russia or the CSTO for military help (troops, not arms or money)
	// within three months of onset and before any Russian deployment, by
	// the rule in the README; 0 otherwise. Never NA.
	Request int
	// Response is Russia's strongest response within twelve months of
	// onset that answers this crisis, on world's outcome scale (none …
	// invasion). A ceasefire's consent to Russian peacekeepers is not a
	// request, so such deployments are uninvited peacekeeping; covert and
	// invasion always have Request 0, csto-deployment always Request 1.
	Response world.Outcome

	// Covariates at onset.
	CSTOMember   int     // member of the CST/CSTO
	RussianBase  int     // Russian combat forces or a base on the host's territory (radars and test sites count 0)
	TroopsK      float64 // Russian troops on the territory, thousands (0 if none; NA if unknown)
	Enclave      int     // a Russian-backed separatist enclave, or territory contested with Russian backing, in the host
	BorderRussia int     // the host borders Russia
	// Alignment is the regime's foreign-policy alignment apart from CSTO
	// membership: 1 aligned with Moscow, 0 balancing, -1 turned towards the
	// EU, NATO or the US (see the README's coding table).
	Alignment float64
	// RussiaCommitted is the intensity (0, 0.5, 1) of Russian forces
	// committed in another war at the time.
	RussiaCommitted float64
	// EthnicRussian is the ethnic-Russian share (0..1) at the latest census
	// within 20 years before onset (CensusYear); NA only when no census lies
	// within that window.
	EthnicRussian float64
	CensusYear    int
	// NonRussianTrade is the share of goods trade with partners other than
	// Russia (0..1) in TiesYear, NA where no source gives it.
	NonRussianTrade float64
	TiesYear        int
	Deaths          float64 // deaths in the crisis (best estimate; NA if unknown), informational

	Sources []string
	Notes   string
}

// Intervention reports whether Russia intervened (peacekeeping or above).
func (c *Crisis) Intervention() bool { return c.Response.IsIntervention() }

// Invited reports whether Russia intervened at the government's request.
func (c *Crisis) Invited() bool { return c.Request == 1 && c.Intervention() }

// Uninvited reports whether Russia intervened without a request.
func (c *Crisis) Uninvited() bool { return c.Request == 0 && c.Intervention() }
