package risk

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// Columns of crises.csv, in order (data/episodes/README.md).
var crisisColumns = []string{
	"id", "conflict", "date", "country", "subregion", "area", "crisis", "trigger",
	"request", "response", "csto_member", "russian_base", "troops_k", "enclave",
	"border_russia", "alignment", "russia_committed", "ethnic_russian_share",
	"census_year", "non_russian_trade_share", "ties_year", "deaths", "sources", "notes",
}

// Column indices of crises.csv.
const (
	ccID = iota
	ccConflict
	ccDate
	ccCountry
	ccSubregion
	ccArea
	ccCrisis
	ccTrigger
	ccRequest
	ccResponse
	ccCSTO
	ccBase
	ccTroops
	ccEnclave
	ccBorder
	ccAlignment
	ccCommitted
	ccEthnic
	ccCensus
	ccTrade
	ccTies
	ccDeaths
	ccSources
	ccNotes
)

// CrisisFrom and CrisisTo bound the months of the episode set v2: from the
// dissolution of the USSR (December 1991) to December 2025.
var (
	CrisisFrom = world.MonthOf(1991, 12)
	CrisisTo   = world.MonthOf(2025, 12)
)

// PostSovietState is one of the fourteen post-Soviet states other than
// Russia that the episode set covers, with the facts the loader checks a
// row against.
type PostSovietState struct {
	ISO3         string
	Subregion    string // "central-asia", "caucasus" or "western"
	BorderRussia int    // 1 if the state has a land border with Russia (Lithuania: Kaliningrad)
	// CSTO lists the spells of membership of the Collective Security
	// Treaty (from 1992) and the CSTO (from 2002) as [from, to) months:
	// a state is a member in month m if it had signed the treaty by the end
	// of m and had not left before m began (data/episodes/README.md,
	// "csto_member").
	CSTO [][2]world.Month
	// Censuses are the years of the censuses whose ethnic-Russian share
	// data/episodes/censuses.csv gives (with its sources); the test
	// TestCensusYearsMatchBundledTable keeps the two equal.
	Censuses []int
}

// never is the open end of a membership spell.
const never = world.Month(math.MaxInt32)

// PostSovietStates are the fourteen states of the episode set, in ISO3
// order. Sources for the memberships and censuses are in
// data/episodes/README.md and data/episodes/censuses.csv.
var PostSovietStates = []PostSovietState{
	{"ARM", "caucasus", 0, [][2]world.Month{{world.MonthOf(1992, 5), never}}, []int{1989, 2001, 2011}},
	{"AZE", "caucasus", 1, [][2]world.Month{{world.MonthOf(1993, 9), world.MonthOf(1999, 5)}}, []int{1989, 1999, 2009}},
	{"BLR", "western", 1, [][2]world.Month{{world.MonthOf(1993, 12), never}}, []int{1989, 1999, 2009, 2019}},
	{"EST", "western", 1, nil, []int{1989, 2000, 2011, 2021}},
	{"GEO", "caucasus", 1, [][2]world.Month{{world.MonthOf(1993, 12), world.MonthOf(1999, 5)}}, []int{1989, 2002, 2014}},
	{"KAZ", "central-asia", 1, [][2]world.Month{{world.MonthOf(1992, 5), never}}, []int{1989, 1999, 2009, 2021}},
	{"KGZ", "central-asia", 0, [][2]world.Month{{world.MonthOf(1992, 5), never}}, []int{1989, 1999, 2009}},
	{"LTU", "western", 1, nil, []int{1989, 2001, 2011, 2021}},
	{"LVA", "western", 1, nil, []int{1989, 2000, 2011}},
	{"MDA", "western", 0, nil, []int{1989, 2004, 2014}},
	{"TJK", "central-asia", 0, [][2]world.Month{{world.MonthOf(1992, 5), never}}, []int{1989, 2000, 2010}},
	{"TKM", "central-asia", 0, nil, []int{1989, 1995}},
	{"UKR", "western", 1, nil, []int{1989, 2001}},
	{"UZB", "central-asia", 0, [][2]world.Month{
		{world.MonthOf(1992, 5), world.MonthOf(1999, 5)},
		{world.MonthOf(2006, 8), world.MonthOf(2012, 7)},
	}, []int{1989}},
}

// Subregions of the episode set, with their number of states.
var Subregions = []string{"central-asia", "caucasus", "western"}

func postSovietState(iso string) (PostSovietState, bool) {
	i := sort.Search(len(PostSovietStates), func(i int) bool { return PostSovietStates[i].ISO3 >= iso })
	if i < len(PostSovietStates) && PostSovietStates[i].ISO3 == iso {
		return PostSovietStates[i], true
	}
	return PostSovietState{}, false
}

// CSTOMemberAt reports whether the state was a member of the Collective
// Security Treaty or the CSTO in month m, by the table above.
func (s PostSovietState) CSTOMemberAt(m world.Month) bool {
	for _, sp := range s.CSTO {
		if m >= sp[0] && m < sp[1] {
			return true
		}
	}
	return false
}

// LatestCensus returns the latest census year in [year-20, year], or 0.
func (s PostSovietState) LatestCensus(year int) int {
	best := 0
	for _, y := range s.Censuses {
		if y <= year && y >= year-CensusWindow && y > best {
			best = y
		}
	}
	return best
}

// CensusWindow is the number of years before onset within which a census
// gives a row its ethnic-Russian share.
const CensusWindow = 20

// BannedSourceHosts are the hosts (and their subdomains) a crisis row may
// not cite: Wikipedia and its mirrors, and aggregators that copy it or
// others without editorial control. A source must be a primary or
// scholarly document or a reputable news archive (README, "Sources").
var BannedSourceHosts = []string{
	"wikipedia.org", "wikimedia.org", "wikiwand.com", "wikimili.com", "wiki2.org",
	"kiwix.org", "iiab.me", "liquisearch.com", "piglix.com", "pinocchiopedia.com",
	"profilpelajar.com", "clever-geek.imtqy.com", "imtqy.com", "dbpedia.org",
	"infogalactic.com", "alchetron.com", "everybodywiki.com", "justapedia.org",
	"wikizero.com", "db0nus869y26v.cloudfront.net", "thereaderwiki.com",
	"en-academic.com", "academic.ru", "uklevitrasupport.com", "perceptiopt.com",
	"rssing.com", "best-country.com", "everycrsreport.com",
}

func bannedHost(host string) (string, bool) {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, b := range BannedSourceHosts {
		if host == b || strings.HasSuffix(host, "."+b) {
			return b, true
		}
	}
	if strings.Contains(host, "wiki") {
		return "a wiki", true
	}
	return "", false
}

var (
	idPattern       = regexp.MustCompile(`^[A-Z]{3}-[0-9]{4}-[0-9]{2}(-[a-z0-9]+)?$`)
	conflictPattern = regexp.MustCompile(`^[A-Z]{3}(-[A-Z0-9]+)*$`)
)

// LoadCrises reads an episode-set v2 CSV (data/episodes/crises.csv; columns
// and coding rules in data/episodes/README.md) named name. It checks every
// row against the set's mechanical rules and returns all problems as an
// [ErrorList] of file:line:column: field: message, and no crises when
// there is any problem. The rules:
//
//   - id is COUNTRY-YYYY-MM with an optional lower-case suffix, matches the
//     row's country and date, and is unique; conflict is non-empty (upper-
//     case letters, digits and hyphens);
//   - date is YYYY-MM in [CrisisFrom, CrisisTo]; country is one of
//     [PostSovietStates] and subregion and border_russia are that state's;
//   - trigger and response are in DESIGN.md's vocabulary; request,
//     csto_member, russian_base, enclave, border_russia are 0 or 1 (never
//     NA); alignment is -1, 0 or 1; russia_committed is 0, 0.5 or 1;
//   - csto_member is the state's membership in the onset month;
//   - ethnic_russian_share is NA exactly when no census of the state lies
//     within [CensusWindow] years before the onset year, and census_year is
//     then the latest such census ([PostSovietState.LatestCensus]);
//   - a response of csto-deployment requires csto_member = 1 and
//     request = 1; a response of covert or invasion requires request = 0
//     (a requested deployment is peacekeeping or csto-deployment by
//     definition);
//   - russian_base = 0 implies troops_k = 0, and troops_k = 0 implies
//     russian_base = 0; troops_k, deaths are non-negative or NA;
//   - non_russian_trade_share is a share or NA and ties_year is given
//     exactly with it, within five years of onset;
//   - at least one source, each an http(s) URL whose host is not in
//     [BannedSourceHosts].
//
// The shares themselves are checked against the census table by
// [LoadCrisesCensus].
func LoadCrises(name string, r io.Reader) ([]Crisis, error) { return loadCrises(name, r, nil) }

// LoadCrisesCensus is [LoadCrises] with one more rule: each row's
// ethnic_russian_share must be the share the census table cens (read by
// [LoadCensuses] from data/episodes/censuses.csv) gives for the row's
// country and census_year, to three decimals.
func LoadCrisesCensus(name string, r io.Reader, cens []Census) ([]Crisis, error) {
	idx := map[string]Census{}
	for _, c := range cens {
		idx[fmt.Sprintf("%s%d", c.Country, c.Year)] = c
	}
	return loadCrises(name, r, idx)
}

func loadCrises(name string, r io.Reader, cens map[string]Census) ([]Crisis, error) {
	var out []Crisis
	ids := map[string]int{}
	errs := readCSV(name, r, crisisColumns, func(f *csvFile, rec []string) {
		c := Crisis{Line: f.line, ID: rec[ccID], Conflict: rec[ccConflict], Area: rec[ccArea], Name: rec[ccCrisis], Notes: rec[ccNotes]}
		m, err := world.ParseMonth(rec[ccDate])
		dateOK := err == nil
		switch {
		case err != nil:
			f.bad(ccDate, err)
		case len(rec[ccDate]) != 7:
			f.bad(ccDate, fmt.Errorf("%q: want YYYY-MM", rec[ccDate]))
			dateOK = false
		case m < CrisisFrom || m > CrisisTo:
			f.bad(ccDate, fmt.Errorf("%s is outside %s..%s", m, CrisisFrom, CrisisTo))
		}
		c.Month = m
		c.Country = rec[ccCountry]
		st, stOK := postSovietState(c.Country)
		if !stOK {
			f.bad(ccCountry, fmt.Errorf("%q is not one of the fourteen post-Soviet states other than Russia (ISO3)", c.Country))
		}

		switch {
		case c.ID == "":
			f.bad(ccID, errors.New("empty id"))
		case !idPattern.MatchString(c.ID):
			f.bad(ccID, fmt.Errorf("%q: want COUNTRY-YYYY-MM with an optional suffix (e.g. KAZ-2022-01, GEO-2008-08-b)", c.ID))
		case dateOK && stOK && !strings.HasPrefix(c.ID, c.Country+"-"+rec[ccDate]):
			f.bad(ccID, fmt.Errorf("%q does not match country %s and date %s", c.ID, c.Country, rec[ccDate]))
		}
		if prev, ok := ids[c.ID]; ok && c.ID != "" {
			f.bad(ccID, fmt.Errorf("duplicate id %q (first on line %d)", c.ID, prev))
		} else if c.ID != "" {
			ids[c.ID] = f.line
		}
		if c.Conflict == "" {
			f.bad(ccConflict, errors.New("empty conflict id"))
		} else if !conflictPattern.MatchString(c.Conflict) {
			f.bad(ccConflict, fmt.Errorf("%q: want upper-case letters, digits and hyphens, starting with a country code (e.g. GEO-SOS)", c.Conflict))
		}

		c.Subregion = rec[ccSubregion]
		if stOK && c.Subregion != st.Subregion {
			f.bad(ccSubregion, fmt.Errorf("%q, but %s is in %q", c.Subregion, c.Country, st.Subregion))
		}
		if c.Name == "" {
			f.bad(ccCrisis, errors.New("empty crisis name"))
		}
		if t, err := world.ParseTriggerType(rec[ccTrigger]); err != nil {
			f.bad(ccTrigger, err)
		} else {
			c.Trigger = t
		}
		c.Request = parseFlag(rec[ccRequest], f.badf(ccRequest))
		respOK := false
		if o, err := world.ParseOutcome(rec[ccResponse]); err != nil {
			f.bad(ccResponse, err)
		} else {
			c.Response, respOK = o, true
		}
		c.CSTOMember = parseFlag(rec[ccCSTO], f.badf(ccCSTO))
		if stOK && dateOK && c.CSTOMember >= 0 && (c.CSTOMember == 1) != st.CSTOMemberAt(m) {
			f.bad(ccCSTO, fmt.Errorf("%d, but %s was %sa CST/CSTO member in %s", c.CSTOMember, c.Country, map[bool]string{true: "", false: "not "}[st.CSTOMemberAt(m)], m))
		}
		c.RussianBase = parseFlag(rec[ccBase], f.badf(ccBase))
		c.TroopsK = parseNonNeg(rec[ccTroops], f.badf(ccTroops))
		switch {
		case c.RussianBase == 0 && c.TroopsK != 0:
			f.bad(ccTroops, fmt.Errorf("%s, but russian_base is 0 (want 0)", rec[ccTroops]))
		case c.RussianBase == 1 && c.TroopsK == 0:
			f.bad(ccTroops, errors.New("0, but russian_base is 1 (want the number in thousands, or NA)"))
		}
		c.Enclave = parseFlag(rec[ccEnclave], f.badf(ccEnclave))
		c.BorderRussia = parseFlag(rec[ccBorder], f.badf(ccBorder))
		if stOK && c.BorderRussia >= 0 && c.BorderRussia != st.BorderRussia {
			f.bad(ccBorder, fmt.Errorf("%d, but %s's value is %d", c.BorderRussia, c.Country, st.BorderRussia))
		}
		c.Alignment = parseLevel(rec[ccAlignment], []float64{-1, 0, 1}, f.badf(ccAlignment))
		c.RussiaCommitted = parseLevel(rec[ccCommitted], []float64{0, 0.5, 1}, f.badf(ccCommitted))

		c.EthnicRussian = parseShare(rec[ccEthnic], f.badf(ccEthnic))
		c.CensusYear = parseYear(rec[ccCensus], f.badf(ccCensus))
		if stOK && dateOK {
			checkCensus(&c, st, rec, cens, f)
		}

		c.NonRussianTrade = parseShare(rec[ccTrade], f.badf(ccTrade))
		c.TiesYear = parseYear(rec[ccTies], f.badf(ccTies))
		if isNAText(rec[ccTrade]) != (c.TiesYear == 0) {
			f.bad(ccTies, errors.New("ties_year must be given exactly when non_russian_trade_share is"))
		} else if c.TiesYear != 0 && dateOK && (c.TiesYear < m.Year()-5 || c.TiesYear > m.Year()+5) {
			f.bad(ccTies, fmt.Errorf("%d is more than five years from onset %d", c.TiesYear, m.Year()))
		}
		c.Deaths = parseNonNeg(rec[ccDeaths], f.badf(ccDeaths))

		if respOK && c.Request >= 0 && c.CSTOMember >= 0 {
			switch c.Response {
			case world.OutcomeCSTODeployment:
				if c.Request != 1 || c.CSTOMember != 1 {
					f.bad(ccResponse, fmt.Errorf("csto-deployment needs request = 1 and csto_member = 1 (got %d and %d)", c.Request, c.CSTOMember))
				}
			case world.OutcomeCovert, world.OutcomeInvasion:
				if c.Request != 0 {
					f.bad(ccResponse, fmt.Errorf("%s with request = 1: a requested deployment is peacekeeping or csto-deployment", c.Response))
				}
			}
		}

		c.Sources = crisisSources(rec[ccSources], f.badf(ccSources))
		out = append(out, c)
	})
	return loadedRows(name, out, errs, "crises")
}

// checkCensus applies the census rules to c: the share is given exactly
// when a census lies within CensusWindow years before onset, the census
// year is the latest such census, and, with a census table, the share is
// the table's.
func checkCensus(c *Crisis, st PostSovietState, rec []string, cens map[string]Census, f *csvFile) {
	y := c.Month.Year()
	want := st.LatestCensus(y)
	switch {
	case want == 0 && !isNAText(rec[ccEthnic]):
		f.bad(ccEthnic, fmt.Errorf("given, but no census of %s lies in %d..%d (want NA)", c.Country, y-CensusWindow, y))
	case want != 0 && isNAText(rec[ccEthnic]):
		f.bad(ccEthnic, fmt.Errorf("NA, but %s held a census in %d, within %d years before onset", c.Country, want, CensusWindow))
	case want == 0 && c.CensusYear != 0:
		f.bad(ccCensus, fmt.Errorf("%d, but no census of %s lies in %d..%d (want NA)", c.CensusYear, c.Country, y-CensusWindow, y))
	case want != 0 && c.CensusYear != want:
		f.bad(ccCensus, fmt.Errorf("%s, want %d (the latest census of %s in %d..%d)", rec[ccCensus], want, c.Country, y-CensusWindow, y))
	}
	if cens != nil && c.CensusYear != 0 && !IsNA(c.EthnicRussian) {
		ce, ok := cens[fmt.Sprintf("%s%d", c.Country, c.CensusYear)]
		switch {
		case !ok:
			f.bad(ccCensus, fmt.Errorf("no %s census of %d in the census table", c.Country, c.CensusYear))
		case math.Abs(ce.Share-c.EthnicRussian) > 0.0005:
			f.bad(ccEthnic, fmt.Errorf("%v, but the %s census of %d gives %v", c.EthnicRussian, c.Country, c.CensusYear, ce.Share))
		}
	}
}

// crisisSources splits a sources cell (" ; "-separated http(s) URLs) and
// reports a missing source, a malformed one or one on the banned list.
func crisisSources(cell string, bad func(error)) []string {
	var out []string
	for _, s := range strings.Split(cell, " ; ") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t") {
			bad(fmt.Errorf("source %q is not an http(s) URL (separate sources with \" ; \")", s))
			continue
		}
		if b, ok := bannedHost(u.Hostname()); ok {
			bad(fmt.Errorf("source %q is on the banned list (%s): cite a primary, scholarly or news source", s, b))
			continue
		}
		out = append(out, s)
	}
	if strings.TrimSpace(cell) == "" {
		bad(errors.New("row has no source"))
	}
	return out
}

// parseFlag parses a 0/1 field that may not be NA; it returns -1 after
// reporting a bad value.
func parseFlag(s string, bad func(error)) int {
	if v, ok := zeroOne(s); ok {
		return v
	}
	bad(fmt.Errorf("%q is not 0 or 1", s))
	return -1
}

// parseLevel parses a number that must be one of levels (never NA).
func parseLevel(s string, levels []float64, bad func(error)) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err == nil {
		for _, l := range levels {
			if v == l {
				return v
			}
		}
	}
	bad(fmt.Errorf("%q is not one of %v", s, levels))
	return NA
}

// parseNonNeg parses a non-negative finite number or NA.
func parseNonNeg(s string, bad func(error)) float64 {
	if isNAText(s) {
		return NA
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		bad(fmt.Errorf("%q is not a non-negative number or NA", s))
		return NA
	}
	return v
}

// Census is one row of data/episodes/censuses.csv: the ethnic-Russian
// share of a state's population at a census.
type Census struct {
	Line    int
	Country string
	Year    int
	Russian float64 // persons who gave Russian ethnicity
	Total   float64 // enumerated population
	Share   float64 // Russian/Total, as the file gives it (three decimals)
	Sources []string
	Notes   string
}

var censusColumns = []string{"country", "year", "russians", "total", "share", "sources", "notes"}

// LoadCensuses reads a census table (data/episodes/censuses.csv). It checks
// that the country is one of [PostSovietStates], the year is 1989..2025
// and unique per country, the counts are positive with russians <= total,
// the share equals russians/total to three decimals, and each row has a
// source; errors name file:line:column: field.
func LoadCensuses(name string, r io.Reader) ([]Census, error) {
	var out []Census
	seen := map[string]int{}
	errs := readCSV(name, r, censusColumns, func(f *csvFile, rec []string) {
		c := Census{Line: f.line, Country: rec[0], Notes: rec[6]}
		if _, ok := postSovietState(c.Country); !ok {
			f.bad(0, fmt.Errorf("%q is not one of the fourteen post-Soviet states other than Russia", c.Country))
		}
		y, err := strconv.Atoi(rec[1])
		if err != nil || y < 1989 || y > 2025 {
			f.bad(1, fmt.Errorf("%q is not a census year in 1989..2025", rec[1]))
		} else if prev, ok := seen[c.Country+rec[1]]; ok {
			f.bad(1, fmt.Errorf("duplicate census %s %d (first on line %d)", c.Country, y, prev))
		} else {
			seen[c.Country+rec[1]] = f.line
		}
		c.Year = y
		c.Russian = parseNonNeg(rec[2], f.badf(2))
		c.Total = parseNonNeg(rec[3], f.badf(3))
		c.Share = parseShare(rec[4], f.badf(4))
		if !IsNA(c.Russian) && !IsNA(c.Total) && !IsNA(c.Share) {
			if c.Total <= 0 || c.Russian > c.Total {
				f.bad(3, fmt.Errorf("total %v must be positive and at least russians %v", c.Total, c.Russian))
			} else if math.Abs(c.Russian/c.Total-c.Share) > 0.0005 {
				f.bad(4, fmt.Errorf("%v, but russians/total = %.4f", c.Share, c.Russian/c.Total))
			}
		} else if IsNA(c.Share) {
			f.bad(4, errors.New("share must be given"))
		}
		for _, s := range strings.Split(rec[5], " ; ") {
			if s = strings.TrimSpace(s); s != "" {
				c.Sources = append(c.Sources, s)
			}
		}
		if len(c.Sources) == 0 {
			f.bad(5, errors.New("row has no source"))
		}
		out = append(out, c)
	})
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// IsOnset reports, for each crisis, whether it is an intervention onset:
// an intervention (response peacekeeping or above) that opens its
// conflict's record of interventions, or reopens it after more than
// [OnsetGapMonths] months without an intervention row in that conflict.
// Crises of one conflict are compared in date order; the result is
// indexed like crises.
func IsOnset(crises []Crisis) []bool {
	order := make([]int, len(crises))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return crises[order[a]].Month < crises[order[b]].Month })
	last := map[string]world.Month{}
	out := make([]bool, len(crises))
	for _, i := range order {
		c := &crises[i]
		if !c.Intervention() {
			continue
		}
		prev, ok := last[c.Conflict]
		out[i] = !ok || int(c.Month-prev) > OnsetGapMonths
		last[c.Conflict] = c.Month
	}
	return out
}

// OnsetGapMonths is the quiet spell after which a new intervention in the
// same conflict counts as a new onset (five years; it separates, for
// example, the South Ossetian peacekeeping of 1992 from the war of 2008).
const OnsetGapMonths = 60

// HistoricalRates counts the Russian intervention onsets ([IsOnset]) whose
// month lies in [from, to] in the states of subregion ("central-asia",
// "caucasus", "western", or "" for all fourteen post-Soviet states other
// than Russia), and the state-years of exposure: the number of states in
// the subregion times the months of [from, to] over 12. onsets/stateYears
// × 100 is the historical onset rate per 100 state-years that a run sets
// beside its own implied rate. The record is the episode set v2
// (data/episodes/crises.csv), so the rate is the record's, computed from
// the bundled file, never typed.
func HistoricalRates(crises []Crisis, from, to world.Month, subregion string) (onsets int, stateYears float64) {
	states := 0
	for _, s := range PostSovietStates {
		if subregion == "" || s.Subregion == subregion {
			states++
		}
	}
	if to < from {
		return 0, 0
	}
	stateYears = float64(states) * float64(to-from+1) / 12
	on := IsOnset(crises)
	for i, c := range crises {
		if on[i] && c.Month >= from && c.Month <= to && (subregion == "" || c.Subregion == subregion) {
			onsets++
		}
	}
	return onsets, stateYears
}

// CrisisCounts summarises an episode set: rows per trigger type and
// subregion, interventions and how many of them were invited.
type CrisisCounts struct {
	Rows          int
	ByTrigger     map[string]int
	BySubregion   map[string]int
	Interventions int
	Invited       int // intervention with request = 1
	Uninvited     int // intervention with request = 0
	Requests      int
	// Subregion × trigger counts of rows and interventions.
	Cell map[[2]string][2]int
}

// CountCrises computes [CrisisCounts] over crises.
func CountCrises(crises []Crisis) CrisisCounts {
	k := CrisisCounts{ByTrigger: map[string]int{}, BySubregion: map[string]int{}, Cell: map[[2]string][2]int{}}
	for i := range crises {
		c := &crises[i]
		k.Rows++
		k.ByTrigger[c.Trigger.String()]++
		k.BySubregion[c.Subregion]++
		key := [2]string{c.Subregion, c.Trigger.String()}
		v := k.Cell[key]
		v[0]++
		if c.Request == 1 {
			k.Requests++
		}
		if c.Intervention() {
			v[1]++
			k.Interventions++
			if c.Request == 1 {
				k.Invited++
			} else {
				k.Uninvited++
			}
		}
		k.Cell[key] = v
	}
	return k
}
