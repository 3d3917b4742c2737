package risk

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// maxErrors bounds the errors reported for one file.
const maxErrors = 50

// csvFile reads one of the package's input tables: a header that must be
// exactly cols, then records of len(cols) fields. It collects every
// problem as a [FieldError] (file:line:column: field: message), up to
// [maxErrors], so that a loader reports all of a file's problems at once.
type csvFile struct {
	name string
	cols []string
	cr   *csv.Reader
	line int // line of the current record
	errs ErrorList
}

// readCSV checks the header of r against cols and calls row for each
// record, with fields trimmed of surrounding space. It returns the
// problems found; a loader returns no data when there are any.
func readCSV(name string, r io.Reader, cols []string, row func(f *csvFile, rec []string)) ErrorList {
	f := &csvFile{name: name, cols: cols, cr: csv.NewReader(r)}
	f.cr.FieldsPerRecord = -1
	header, err := f.cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("empty file")
		}
		return ErrorList{{File: name, Line: 1, Column: 1, Field: "header", Err: err}}
	}
	if len(header) != len(cols) {
		return ErrorList{{File: name, Line: 1, Column: 1, Field: "header",
			Err: fmt.Errorf("got %d columns, want %d (%s)", len(header), len(cols), strings.Join(cols, ","))}}
	}
	for i, h := range header {
		if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) != cols[i] {
			return ErrorList{{File: name, Line: 1, Column: i + 1, Field: "header",
				Err: fmt.Errorf("column %d is %q, want %q", i+1, h, cols[i])}}
		}
	}
	for len(f.errs) < maxErrors {
		rec, err := f.cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				f.add(pe.Line, pe.Column, "csv", pe.Err)
			} else {
				f.add(f.line+1, 1, "csv", err)
			}
			continue
		}
		f.line, _ = f.cr.FieldPos(0)
		if len(rec) != len(cols) {
			f.add(f.line, 1, "row", fmt.Errorf("got %d fields, want %d", len(rec), len(cols)))
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		row(f, rec)
	}
	return f.errs
}

func (f *csvFile) add(line, col int, field string, err error) {
	if len(f.errs) < maxErrors {
		f.errs = append(f.errs, &FieldError{File: f.name, Line: line, Column: col, Field: field, Err: err})
	}
}

// bad records err against field i of the current record.
func (f *csvFile) bad(i int, err error) {
	_, col := f.cr.FieldPos(i)
	f.add(f.line, col, f.cols[i], err)
}

// badf returns a function that records its error against field i, for the
// parse helpers.
func (f *csvFile) badf(i int) func(error) { return func(err error) { f.bad(i, err) } }

var growthColumns = []string{"country", "year", "gdp_usd_growth_pct"}

// LoadGrowth reads a growth table (country, year, growth in percent; the
// format of data/triggers/gdp_growth.csv). A file with any problem yields
// nothing.
func LoadGrowth(name string, r io.Reader) (Growth, error) {
	g := Growth{}
	errs := readCSV(name, r, growthColumns, func(f *csvFile, rec []string) {
		if rec[0] == "" {
			f.bad(0, errors.New("empty country"))
		}
		y, err := strconv.Atoi(rec[1])
		if err != nil || y < 1900 || y > 2200 {
			f.bad(1, fmt.Errorf("%q is not a year", rec[1]))
			return
		}
		v, err := strconv.ParseFloat(rec[2], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			f.bad(2, fmt.Errorf("%q is not a finite number", rec[2]))
			return
		}
		if _, dup := g[rec[0]][y]; dup {
			f.bad(1, fmt.Errorf("duplicate row for %s %d", rec[0], y))
		}
		if g[rec[0]] == nil {
			g[rec[0]] = map[int]float64{}
		}
		g[rec[0]][y] = v
	})
	if len(errs) > 0 {
		return nil, errs
	}
	return g, nil
}
