package ge

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/gravity"
)

// TableColumns name the columns of a flow table. Empty names take the
// defaults: exporter, importer, the first of flow, value and trade, and
// year (optional: a table without it holds one year).
type TableColumns struct {
	Exporter, Importer, Flow, Year string
}

func (c TableColumns) withDefaults() TableColumns {
	if c.Exporter == "" {
		c.Exporter = "exporter"
	}
	if c.Importer == "" {
		c.Importer = "importer"
	}
	if c.Flow == "" {
		c.Flow = "flow|value|trade"
	}
	if c.Year == "" {
		c.Year = "year"
	}
	return c
}

// FlowRow is one row of a flow table and where it is: the line of a CSV
// file, or the 1-based row of a Parquet file.
type FlowRow struct {
	Exporter, Importer string
	Flow               float64
	Year               int // 0 when the table has no year column
	Line               int
}

// FlowTable is a flow table as read from a file, row by row, so that a
// problem found later (a missing domestic flow, a duplicate pair) can name
// its place. Domestic flows are the rows with exporter = importer.
type FlowTable struct {
	Name string
	Rows []FlowRow
	// Col holds the 1-based column of the exporter, importer and flow
	// cells (a CSV row's byte column, as encoding/csv counts it, is that
	// of its first record; positions in Parquet files are column indices).
	Col     [3]int
	Columns [3]string // the names of those columns
	CSV     bool
	// colAt gives, for CSV files, the byte column of each row's cells.
	colAt map[int][3]int
}

// Years returns the distinct years of the table, sorted (one 0 when it has
// no year column).
func (t *FlowTable) Years() []int {
	set := map[int]bool{}
	for _, r := range t.Rows {
		set[r.Year] = true
	}
	ys := make([]int, 0, len(set))
	for y := range set {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

// errAt is a positioned error at cell k (0 exporter, 1 importer, 2 flow)
// of row r.
func (t *FlowTable) errAt(r FlowRow, k int, err error) *csvfile.FieldError {
	col := t.Col[k]
	if c, ok := t.colAt[r.Line]; ok {
		col = c[k]
	}
	return &csvfile.FieldError{File: t.Name, Line: r.Line, Column: col, Field: t.Columns[k], Err: err}
}

// ReadFlowTable reads a flow table from a CSV or Parquet file (by its
// extension: .parquet or .pq is Parquet). Every flow must be a finite,
// non-negative number; a bad cell is a *csvfile.FieldError naming
// file:line:column (for Parquet, the row and the column's position).
func ReadFlowTable(path string, cols TableColumns) (*FlowTable, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		fr, err := gravity.ReadParquetFile(path)
		if err != nil {
			return nil, err
		}
		return FlowTableFromFrame(fr, path, cols)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFlowTableCSV(f, path, cols)
}

// ReadFlowTableCSV reads a flow table in CSV; name is the file's name in
// errors.
func ReadFlowTableCSV(r io.Reader, name string, cols TableColumns) (*FlowTable, error) {
	cols = cols.withDefaults()
	cr, err := csvfile.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	f := &csvFile{cr}
	idx, err := f.Need(cols.Exporter, cols.Importer, cols.Flow)
	if err != nil {
		return nil, err
	}
	yi, hasYear := f.Index(cols.Year)
	t := &FlowTable{Name: name, CSV: true, colAt: map[int][3]int{}}
	for k := range idx {
		t.Columns[k] = f.Header()[idx[k]]
	}
	err = f.Each(func(rec []string) error {
		row := FlowRow{Line: f.Line()}
		var err error
		if row.Exporter, row.Importer, err = f.pair(rec, idx[0], idx[1], nil); err != nil {
			return err
		}
		if row.Flow, err = f.required(rec, idx[2]); err != nil {
			return err
		}
		if hasYear {
			if row.Year, err = f.year(rec, yi); err != nil {
				return err
			}
		}
		var at [3]int
		for k := range idx {
			_, at[k] = f.Pos(idx[k])
		}
		if len(t.Rows) == 0 {
			t.Col = at
		}
		t.colAt[row.Line] = at
		t.Rows = append(t.Rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(t.Rows) == 0 {
		return nil, &csvfile.FieldError{File: name, Line: 2, Column: 1, Field: "row", Err: errors.New("no data rows")}
	}
	return t, nil
}

// FlowTableFromFrame reads a flow table from a data frame (as read from a
// Parquet file named name): exporter and importer columns must be strings,
// flow and year numeric.
func FlowTableFromFrame(fr *gravity.Frame, name string, cols TableColumns) (*FlowTable, error) {
	cols = cols.withDefaults()
	names := fr.Names()
	pos := func(col string) (string, int, error) {
		for _, alt := range strings.Split(col, "|") {
			for i, n := range names {
				if n == alt {
					return n, i + 1, nil
				}
			}
		}
		return "", 0, &csvfile.FieldError{File: name, Line: 1, Column: 1, Field: col, Err: fmt.Errorf("missing column (columns: %s)", strings.Join(names, ","))}
	}
	t := &FlowTable{Name: name}
	for k, c := range []string{cols.Exporter, cols.Importer, cols.Flow} {
		n, p, err := pos(c)
		if err != nil {
			return nil, err
		}
		t.Columns[k], t.Col[k] = n, p
	}
	bad := func(row, k int, err error) error {
		return &csvfile.FieldError{File: name, Line: row + 1, Column: t.Col[k], Field: t.Columns[k], Err: err}
	}
	var codes [2][]int32
	var levels [2][]string
	for k := 0; k < 2; k++ {
		var ok bool
		if codes[k], levels[k], ok = fr.Categorical(t.Columns[k]); !ok {
			return nil, bad(0, k, errors.New("want country codes (strings), got numbers"))
		}
	}
	flow, ok := fr.Float(t.Columns[2])
	if !ok {
		return nil, bad(0, 2, errors.New("want numbers, got strings"))
	}
	year, hasYear := fr.Float(cols.Year)
	yearCol := 0
	for i, n := range names {
		if n == cols.Year {
			yearCol = i + 1
		}
	}
	for r := 0; r < fr.NRow(); r++ {
		row := FlowRow{Line: r + 1, Flow: flow[r]}
		for k := 0; k < 2; k++ {
			c := codes[k][r]
			if c < 0 || strings.TrimSpace(levels[k][c]) == "" {
				return nil, bad(r, k, errors.New("empty country code"))
			}
			if k == 0 {
				row.Exporter = strings.TrimSpace(levels[k][c])
			} else {
				row.Importer = strings.TrimSpace(levels[k][c])
			}
		}
		if v := flow[r]; math.IsNaN(v) {
			return nil, bad(r, 2, errors.New("missing value"))
		} else if math.IsInf(v, 0) || v < 0 {
			return nil, bad(r, 2, fmt.Errorf("value %v must be finite and non-negative", v))
		}
		if hasYear {
			y := year[r]
			if math.IsNaN(y) || y != math.Trunc(y) || y < 1800 || y > 2200 {
				return nil, &csvfile.FieldError{File: name, Line: r + 1, Column: yearCol, Field: cols.Year, Err: fmt.Errorf("%v is not a year", y)}
			}
			row.Year = int(y)
		}
		t.Rows = append(t.Rows, row)
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%s: no data rows", name)
	}
	return t, nil
}

// Square returns the flow table of one year (0: the table's only year) as
// the square matrix the solvers need. A pair listed twice for the year, or
// an economy without a domestic flow (its exporter = importer row), is an
// error naming the row; so is an economy with no output or expenditure.
// Pairs absent from the file are zero flows.
func (t *FlowTable) Square(year int) (*Flows, error) {
	ys := t.Years()
	if year == 0 {
		if len(ys) > 1 {
			return nil, fmt.Errorf("%s: holds years %d to %d; choose one", t.Name, ys[0], ys[len(ys)-1])
		}
		year = ys[0]
	}
	seen := map[Pair]FlowRow{}
	first := map[string]FlowRow{} // first row naming each economy
	var rows []Triple
	for _, r := range t.Rows {
		if r.Year != year {
			continue
		}
		p := Pair{r.Exporter, r.Importer}
		if prev, dup := seen[p]; dup {
			return nil, t.errAt(r, 0, fmt.Errorf("pair %s-%s of %d appears twice (first on line %d)", r.Exporter, r.Importer, year, prev.Line))
		}
		seen[p] = r
		for _, c := range []string{r.Exporter, r.Importer} {
			if _, ok := first[c]; !ok {
				first[c] = r
			}
		}
		rows = append(rows, Triple{r.Exporter, r.Importer, r.Flow})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows for year %d (years: %v)", t.Name, year, ys)
	}
	f := Square(rows)
	f.Unit, f.Year, f.Source = "as in the file", year, t.Name
	for _, c := range f.Countries {
		if _, ok := seen[Pair{c, c}]; !ok {
			r := first[c]
			k := 0
			if r.Exporter != c {
				k = 1
			}
			return nil, t.errAt(r, k, fmt.Errorf("%s has no domestic flow (a %s-%s row) in %d; structural gravity needs every economy's sales to itself (add them, or build them from GDP)", c, c, c, year))
		}
	}
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("%s (year %d): %w", t.Name, year, err)
	}
	return f, nil
}
