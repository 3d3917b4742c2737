package ge

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
)

// csvFile is a positioned CSV reader with the parsers of the importers.
type csvFile struct{ *csvfile.Reader }

// number parses a non-negative finite value; empty means missing (ok=false).
func (f *csvFile) number(rec []string, i int) (v float64, ok bool, err error) {
	s := strings.TrimSpace(rec[i])
	if s == "" || s == "NA" || s == "..." || s == "." {
		return 0, false, nil
	}
	v, perr := strconv.ParseFloat(s, 64)
	if perr != nil {
		return 0, false, f.ErrAt(i, fmt.Errorf("%q is not a number", s))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0, false, f.ErrAt(i, fmt.Errorf("value %v must be finite and non-negative", v))
	}
	return v, true, nil
}

// required is number for a value that must be present.
func (f *csvFile) required(rec []string, i int) (float64, error) {
	v, ok, err := f.number(rec, i)
	if err == nil && !ok {
		err = f.ErrAt(i, errors.New("missing value"))
	}
	return v, err
}

func (f *csvFile) year(rec []string, i int) (int, error) {
	s := strings.TrimSpace(rec[i])
	y, err := strconv.Atoi(s)
	if err != nil || y < 1800 || y > 2200 {
		return 0, f.ErrAt(i, fmt.Errorf("%q is not a year", s))
	}
	return y, nil
}

func (f *csvFile) code(rec []string, i int, codes map[string]string) (string, error) {
	s := strings.TrimSpace(rec[i])
	if s == "" {
		return "", f.ErrAt(i, errors.New("empty country code"))
	}
	if c, ok := codes[s]; ok {
		return c, nil
	}
	return s, nil
}

// pair reads the country codes of columns i and j, mapped through codes.
func (f *csvFile) pair(rec []string, i, j int, codes map[string]string) (a, b string, err error) {
	if a, err = f.code(rec, i, codes); err != nil {
		return "", "", err
	}
	if b, err = f.code(rec, j, codes); err != nil {
		return "", "", err
	}
	return a, b, nil
}

// yearFilter enforces ImportOptions.Year.
type yearFilter struct {
	want, seen int
}

// keep reports whether a row of year y is kept, failing on a second year
// when no year was asked for; a row loop skips a row with
// `if ok, err := yf.keep(...); !ok { return err }`.
func (yf *yearFilter) keep(f *csvFile, y int, col int) (bool, error) {
	if yf.want != 0 {
		if y == yf.want {
			yf.seen = y
		}
		return y == yf.want, nil
	}
	if yf.seen == 0 {
		yf.seen = y
	}
	if y != yf.seen {
		return false, f.ErrAt(col, fmt.Errorf("file holds years %d and %d; choose one with the year option", yf.seen, y))
	}
	return true, nil
}

// row reads the year in column i of rec and reports whether yf keeps the
// row (see keep).
func (yf *yearFilter) row(f *csvFile, rec []string, i int) (bool, error) {
	y, err := f.year(rec, i)
	if err != nil {
		return false, err
	}
	return yf.keep(f, y, i)
}

func (yf *yearFilter) done(name string) error {
	if yf.seen == 0 {
		if yf.want != 0 {
			return fmt.Errorf("%s: no rows for year %d", name, yf.want)
		}
		return fmt.Errorf("%s: no data rows", name)
	}
	return nil
}

// nonEmpty returns what a reader of file name collected in m, or its
// error, or an error saying that the file held no rows of what.
func nonEmpty[M ~map[K]V, K comparable, V any](m M, err error, name, what string) (M, error) {
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("%s: no %s", name, what)
	}
	return m, nil
}
