package risk

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/world"
)

// NA is the value of a missing number in an [Episode]. Test with [IsNA].
var NA = math.NaN()

// IsNA reports whether v is a missing value.
func IsNA(v float64) bool { return math.IsNaN(v) }

// Episode is one post-Soviet crisis in which a Russian military response
// was possible: one row of data/episodes/episodes.csv. Numbers that the
// sources do not give are NA (NaN); binary fields are 0 or 1.
type Episode struct {
	Line    int         // line in the source file (1-based, header is line 1)
	ID      string      // stable row id
	Month   world.Month // month the crisis began or the decision was taken
	Country string      // host state (ISO3, or ABK etc. for de facto states)
	Area    string      // region within the host, if any
	Name    string      // episode name
	Trigger world.TriggerType
	// Request is 1 if the host government asked Russia or the CSTO for
	// military help, 0 if no request is reported, NA if contested or not
	// applicable.
	Request float64
	// BasePresent is 1 if Russian combat forces or a base were on the host's
	// territory (non-combat facilities such as radars count 0).
	BasePresent float64
	// EthnicRussian is the ethnic-Russian share of the host's population
	// (0..1) at the latest census before the episode (CensusYear), NA when
	// no census within 20 years could be verified.
	EthnicRussian float64
	CensusYear    int     // 0 when EthnicRussian is NA
	AreaRussian   float64 // share in the affected area, informational only
	CSTOMember    float64 // 1 if a CST/CSTO member at the time
	// AlignmentShift is 1 if the host had recently turned away from Moscow
	// (EU/NATO course, leaving or freezing Russian-led bodies).
	AlignmentShift float64
	// RussiaCommitted is the intensity (0, 0.5, 1) of Russian forces
	// committed elsewhere at the time; see the README's coding table.
	RussiaCommitted float64
	// NonRussianTrade is the share of the host's goods trade with partners
	// other than Russia (0..1) in TiesYear, NA where no source gives it.
	NonRussianTrade float64
	TiesYear        int
	Outcome         world.Outcome
	Sources         []string
	Notes           string
}

// Intervention reports whether the episode's outcome is an intervention
// (peacekeeping or above).
func (e *Episode) Intervention() bool { return e.Outcome.IsIntervention() }

// Columns of episodes.csv, in order.
var episodeColumns = []string{
	"id", "date", "country", "area", "episode", "trigger", "request", "base_present",
	"ethnic_russian_share", "census_year", "area_russian_share", "csto_member",
	"alignment_shift", "russia_committed", "non_russian_trade_share", "ties_year",
	"outcome", "sources", "notes",
}

// FieldError is a problem with one cell of an input file, located as
// file:line:column: field.
type FieldError = csvfile.FieldError

// ErrorList collects the problems found in an input file.
type ErrorList = csvfile.ErrorList

// LoadEpisodes reads an episodes CSV (see data/episodes/README.md) named
// name. It checks every row and returns all problems as an [ErrorList] of
// file:line:column: field: message; it returns no episodes when there is
// any problem, so a bad file never yields a half-read data set.
func LoadEpisodes(name string, r io.Reader) ([]Episode, error) {
	var eps []Episode
	ids := map[string]int{}
	errs := csvfile.ReadTable(r, name, episodeColumns, func(f *csvfile.Table, rec []string) {
		e := Episode{Line: f.Line()}
		e.ID = rec[0]
		if e.ID == "" {
			f.Bad(0, errors.New("empty id"))
		} else if prev, ok := ids[e.ID]; ok {
			f.Bad(0, fmt.Errorf("duplicate id %q (first on line %d)", e.ID, prev))
		} else {
			ids[e.ID] = f.Line()
		}
		m, err := world.ParseMonth(rec[1])
		if err != nil {
			f.Bad(1, err)
		}
		e.Month = m
		e.Country = rec[2]
		if e.Country == "" {
			f.Bad(2, errors.New("empty country"))
		}
		e.Area, e.Name = rec[3], rec[4]
		if e.Name == "" {
			f.Bad(4, errors.New("empty episode name"))
		}
		if t, err := world.ParseTriggerType(rec[5]); err != nil {
			f.Bad(5, err)
		} else {
			e.Trigger = t
		}
		e.Request = parseBinary(rec[6], f.Badf(6))
		e.BasePresent = parseBinary(rec[7], f.Badf(7))
		e.EthnicRussian = parseShare(rec[8], f.Badf(8))
		e.CensusYear = pairedYear(f, rec, 9, 8)
		if e.CensusYear > 0 && e.Month.Year() > 0 && e.CensusYear > e.Month.Year() {
			f.Bad(9, fmt.Errorf("census year %d is after the episode", e.CensusYear))
		}
		e.AreaRussian = parseShare(rec[10], f.Badf(10))
		e.CSTOMember = parseBinary(rec[11], f.Badf(11))
		e.AlignmentShift = parseBinary(rec[12], f.Badf(12))
		e.RussiaCommitted = parseShare(rec[13], f.Badf(13))
		e.NonRussianTrade = parseShare(rec[14], f.Badf(14))
		e.TiesYear = pairedYear(f, rec, 15, 14)
		if o, err := world.ParseOutcome(rec[16]); err != nil {
			f.Bad(16, err)
		} else {
			e.Outcome = o
		}
		for _, s := range strings.Split(rec[17], ";") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
				f.Bad(17, fmt.Errorf("source %q is not an http(s) URL", s))
				continue
			}
			e.Sources = append(e.Sources, s)
		}
		if len(e.Sources) == 0 && rec[17] == "" {
			f.Bad(17, errors.New("row has no source"))
		}
		e.Notes = rec[18]
		eps = append(eps, e)
	})
	return loadedRows(name, eps, errs, "episodes")
}

func isNAText(s string) bool { return s == "NA" || s == "" }

// pairedYear parses the year in column y, which must be given exactly
// when the share in column share is (the year of the census or trade
// figure behind it).
func pairedYear(f *csvfile.Table, rec []string, y, share int) int {
	v := parseYear(rec[y], f.Badf(y))
	if isNAText(rec[share]) != (v == 0) {
		f.Bad(y, fmt.Errorf("%s must be given exactly when %s is", episodeColumns[y], episodeColumns[share]))
	}
	return v
}

// zeroOne reads "0" or "1".
func zeroOne(s string) (v int, ok bool) {
	switch s {
	case "0":
		return 0, true
	case "1":
		return 1, true
	}
	return 0, false
}

func parseBinary(s string, bad func(error)) float64 {
	if v, ok := zeroOne(s); ok {
		return float64(v)
	}
	if isNAText(s) {
		return NA
	}
	bad(fmt.Errorf("%q is not 0, 1 or NA", s))
	return NA
}

func parseShare(s string, bad func(error)) float64 {
	if isNAText(s) {
		return NA
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		bad(fmt.Errorf("%q is not a number or NA", s))
		return NA
	}
	if v < 0 || v > 1 {
		bad(fmt.Errorf("share %v outside [0,1]", v))
		return NA
	}
	return v
}

func parseYear(s string, bad func(error)) int {
	if isNAText(s) {
		return 0
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1800 || y > 2100 {
		bad(fmt.Errorf("%q is not a year or NA", s))
		return 0
	}
	return y
}
