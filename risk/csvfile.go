package risk

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/steppe-dev/steppe/csvfile"
)

// csvFile and readCSV keep the loaders written against risk's own reader
// (before package csvfile held it) working unchanged: readCSV is
// csvfile.ReadTable, and f.line, f.bad and f.badf are the table's Line,
// Bad and Badf.
type csvFile struct {
	*csvfile.Table
	line int // line of the current record
}

func (f *csvFile) bad(i int, err error)   { f.Bad(i, err) }
func (f *csvFile) badf(i int) func(error) { return f.Badf(i) }

func readCSV(name string, r io.Reader, cols []string, row func(f *csvFile, rec []string)) ErrorList {
	return csvfile.ReadTable(r, name, cols, func(t *csvfile.Table, rec []string) {
		row(&csvFile{Table: t, line: t.Line()}, rec)
	})
}

var growthColumns = []string{"country", "year", "gdp_usd_growth_pct"}

// LoadGrowth reads a growth table (country, year, growth in percent; the
// format of data/triggers/gdp_growth.csv). A file with any problem yields
// nothing.
func LoadGrowth(name string, r io.Reader) (Growth, error) {
	g := Growth{}
	errs := csvfile.ReadTable(r, name, growthColumns, func(f *csvfile.Table, rec []string) {
		if rec[0] == "" {
			f.Bad(0, errors.New("empty country"))
		}
		y, err := strconv.Atoi(rec[1])
		if err != nil || y < 1900 || y > 2200 {
			f.Bad(1, fmt.Errorf("%q is not a year", rec[1]))
			return
		}
		v, err := strconv.ParseFloat(rec[2], 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			f.Bad(2, fmt.Errorf("%q is not a finite number", rec[2]))
			return
		}
		if _, dup := g[rec[0]][y]; dup {
			f.Bad(1, fmt.Errorf("duplicate row for %s %d", rec[0], y))
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

// loadedRows ends a loader: the errors of the file when there are any, an
// error at the first data row when the file has no rows (what names them:
// "no crises"), else the rows.
func loadedRows[T any](name string, rows []T, errs ErrorList, what string) ([]T, error) {
	if len(errs) > 0 {
		return nil, errs
	}
	if len(rows) == 0 {
		return nil, ErrorList{{File: name, Line: 2, Column: 1, Field: "row", Err: errors.New("no " + what)}}
	}
	return rows, nil
}
