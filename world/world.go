package world

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/dist"
)

// Value is one number of a scenario with its provenance.
type Value struct {
	V          float64   // central value (the point estimate, used when the run samples nothing)
	Year       int       // year the figure refers to; 0 when not applicable (a coefficient, an assumption)
	Source     string    // citation or URL; may be empty only when Assumption is true
	Dist       dist.Dist // uncertainty; nil means the value is fixed at V
	Assumption bool      // true when the number is a stated assumption, not a measurement
	Reason     string    // one-line reason for an assumption
	Path       string    // stable parameter path, e.g. "actors.KGZ.remittances_gdp"; set by package scenario
	Set        bool      // whether the scenario stated the value at all
}

// Fixed returns a Value fixed at v with no provenance (for tests and
// engine-internal defaults that are documented where they are used).
func Fixed(v float64) Value { return Value{V: v, Set: true} }

// Uncertain reports whether the value has a non-degenerate distribution.
func (v Value) Uncertain() bool {
	if v.Dist == nil {
		return false
	}
	_, isFixed := v.Dist.(dist.Fixed)
	return !isFixed
}

// Distribution returns v's distribution, or a point mass at V when it has none.
func (v Value) Distribution() dist.Dist {
	if v.Dist == nil {
		return dist.Fixed{V: v.V}
	}
	return v.Dist
}

// Month is a calendar month counted from January of year 0: year*12 + month-1.
type Month int

// MonthOf returns the Month for a year and a month in 1..12.
func MonthOf(year, month int) Month { return Month(year*12 + month - 1) }

// Year returns the calendar year of m.
func (m Month) Year() int { return int(m) / 12 }

// MonthOfYear returns m's month in 1..12.
func (m Month) MonthOfYear() int { return int(m)%12 + 1 }

// String formats m as YYYY-MM.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year(), m.MonthOfYear()) }

// ParseMonth parses "YYYY-MM" (a day, "YYYY-MM-DD", is accepted and ignored).
func ParseMonth(s string) (Month, error) {
	parts := strings.Split(s, "-")
	if len(parts) < 2 || len(parts) > 3 || len(parts[0]) != 4 || len(parts[1]) != 2 {
		return 0, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	y, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || y < 1 || m < 1 || m > 12 {
		return 0, fmt.Errorf("month %q: want YYYY-MM with a month 01-12", s)
	}
	if len(parts) == 3 {
		d, err := strconv.Atoi(parts[2])
		if err != nil || len(parts[2]) != 2 || d < 1 || d > 31 {
			return 0, fmt.Errorf("date %q: want YYYY-MM-DD", s)
		}
	}
	return MonthOf(y, m), nil
}
