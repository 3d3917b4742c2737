package explore

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
)

// Kind is the type of a table column, inferred from its cells.
type Kind int

const (
	// KindNumeric columns hold numbers in every non-empty cell.
	KindNumeric Kind = iota
	// KindBoolean columns hold true/false (any case) in every non-empty cell.
	KindBoolean
	// KindCategorical columns hold anything else; each distinct string is a level.
	KindCategorical
)

func (k Kind) String() string {
	switch k {
	case KindNumeric:
		return "numeric"
	case KindBoolean:
		return "boolean"
	default:
		return "categorical"
	}
}

// Table is a CSV of experiments held column by column. Cells keep their
// text; numeric and boolean columns are also parsed. Line numbers refer to
// the source file so that errors can name row and column.
type Table struct {
	// Meta holds key=value pairs from leading comment lines ("# k=v k2=v2").
	Meta map[string]string
	// Comments holds the leading comment lines without the "# " prefix.
	Comments []string
	// Names are the header names, in file order.
	Names []string
	// Lines[i] is the 1-based line number of data row i in the source.
	Lines []int
	cells [][]string // cells[col][row]
	index map[string]int
	name  string // source name for error messages
}

// Column is one typed column of a Table.
type Column struct {
	Name string
	Kind Kind
	// Floats holds the value of each row: the number for numeric columns,
	// 0/1 for boolean columns, and the level index for categorical columns.
	// Empty cells are NaN.
	Floats []float64
	// Levels are the sorted distinct values of a categorical column
	// ("false","true" for boolean ones); nil for numeric columns.
	Levels []string
}

// MaxCSVBytes bounds the size of a CSV that ReadCSV accepts (1 GiB).
const MaxCSVBytes = 1 << 30

// ReadCSV reads a CSV with a header row. Leading lines that start with '#'
// are comments; words of the form key=value in them fill Table.Meta. name
// is used in error messages (usually the file name). Every data row must
// have as many fields as the header; header names must be unique and
// non-empty.
func ReadCSV(r io.Reader, name string) (*Table, error) {
	br := bufio.NewReader(io.LimitReader(r, MaxCSVBytes+1))
	t := &Table{Meta: map[string]string{}, index: map[string]int{}, name: name}
	line := 0
	for {
		peek, err := br.Peek(1)
		if err != nil || peek[0] != '#' {
			break
		}
		text, err := br.ReadString('\n')
		line++
		text = strings.TrimRight(text, "\r\n")
		text = strings.TrimSpace(strings.TrimPrefix(text, "#"))
		t.Comments = append(t.Comments, text)
		for _, w := range strings.Fields(text) {
			if k, v, ok := strings.Cut(w, "="); ok && k != "" {
				t.Meta[k] = v
			}
		}
		if err != nil {
			break
		}
	}
	f, err := csvfile.NewReaderAt(br, name, line)
	if errors.Is(err, csvfile.ErrEmpty) {
		return nil, fmt.Errorf("%s: no header row", name)
	}
	if err != nil {
		return nil, err
	}
	for i, h := range f.Header() {
		if h == "" {
			l, c := f.Pos(i)
			return nil, &csvfile.FieldError{File: name, Line: l, Column: c, Field: "header", Err: fmt.Errorf("column %d has an empty header name", i+1)}
		}
		t.index[h] = i
		t.Names = append(t.Names, h)
	}
	t.cells = make([][]string, len(t.Names))
	err = f.Each(func(rec []string) error {
		for i, c := range rec {
			t.cells[i] = append(t.cells[i], strings.TrimSpace(c))
		}
		t.Lines = append(t.Lines, f.Line())
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n, _ := br.Peek(1); len(n) > 0 {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, MaxCSVBytes)
	}
	return t, nil
}

// NewTable builds a table from header names and rows of cells; used by the
// experiment runner and tests. Rows must all have len(names) cells.
func NewTable(names []string, rows [][]string) (*Table, error) {
	t := &Table{Meta: map[string]string{}, index: map[string]int{}, name: "table"}
	for i, n := range names {
		if n == "" {
			return nil, fmt.Errorf("column %d has an empty name", i+1)
		}
		if _, dup := t.index[n]; dup {
			return nil, fmt.Errorf("column %q appears twice", n)
		}
		t.index[n] = i
		t.Names = append(t.Names, n)
	}
	t.cells = make([][]string, len(names))
	for r, row := range rows {
		if len(row) != len(names) {
			return nil, fmt.Errorf("row %d has %d cells, want %d", r+1, len(row), len(names))
		}
		for i, c := range row {
			t.cells[i] = append(t.cells[i], c)
		}
		t.Lines = append(t.Lines, r+2)
	}
	return t, nil
}

// Len is the number of data rows.
func (t *Table) Len() int {
	if len(t.cells) == 0 {
		return 0
	}
	return len(t.cells[0])
}

// Has reports whether the table has a column called name.
func (t *Table) Has(name string) bool { _, ok := t.index[name]; return ok }

// Cell returns the text of the cell in row r of column name.
func (t *Table) Cell(name string, r int) string { return t.cells[t.index[name]][r] }

// Strings returns the cells of column name, or an error naming the columns
// that exist when it is missing.
func (t *Table) Strings(name string) ([]string, error) {
	i, ok := t.index[name]
	if !ok {
		return nil, t.missing(name)
	}
	return t.cells[i], nil
}

func (t *Table) missing(name string) error {
	names := t.Names
	if len(names) > 12 {
		names = append(append([]string{}, names[:12]...), "...")
	}
	return fmt.Errorf("%s: no column %q (columns: %s)", t.name, name, strings.Join(names, ", "))
}

// Column types column name. Empty cells become NaN. With allowEmpty false
// an empty cell is an error naming its line.
func (t *Table) Column(name string, allowEmpty bool) (*Column, error) {
	cells, err := t.Strings(name)
	if err != nil {
		return nil, err
	}
	c := &Column{Name: name, Floats: make([]float64, len(cells))}
	kind := KindNumeric
	for r, s := range cells {
		if s == "" {
			if !allowEmpty {
				return nil, fmt.Errorf("%s:%d: column %q is empty in this row", t.name, t.Lines[r], name)
			}
			continue
		}
		if kind == KindNumeric {
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				continue
			}
			kind = KindBoolean
		}
		if kind == KindBoolean {
			if _, ok := parseBool(s); ok {
				continue
			}
			kind = KindCategorical
			break
		}
	}
	// A column of only "true"/"false" after numbers were seen is categorical.
	if kind == KindBoolean {
		for _, s := range cells {
			if _, ok := parseBool(s); !ok && s != "" {
				kind = KindCategorical
				break
			}
		}
	}
	c.Kind = kind
	switch kind {
	case KindNumeric:
		for r, s := range cells {
			if s == "" {
				c.Floats[r] = math.NaN()
				continue
			}
			v, _ := strconv.ParseFloat(s, 64)
			if math.IsInf(v, 0) || math.IsNaN(v) {
				if !allowEmpty {
					return nil, fmt.Errorf("%s:%d: column %q holds %q, not a finite number", t.name, t.Lines[r], name, s)
				}
			}
			c.Floats[r] = v
		}
	case KindBoolean:
		c.Levels = []string{"false", "true"}
		for r, s := range cells {
			if s == "" {
				c.Floats[r] = math.NaN()
				continue
			}
			b, _ := parseBool(s)
			if b {
				c.Floats[r] = 1
			}
		}
	case KindCategorical:
		c.Levels, c.Floats = levels(cells)
	}
	return c, nil
}

// DeclaredColumn types column name by declaration rather than from its
// cells: a categorical column has a level per distinct cell (numbers
// included); any other must hold a number in every cell, or true/false in
// every cell (a boolean column). A cell that breaks this is an error naming
// its line, so that one stray word never turns a numeric input into a
// categorical one.
func (t *Table) DeclaredColumn(name string, categorical bool) (*Column, error) {
	c, err := t.Column(name, false)
	if err != nil {
		return nil, err
	}
	switch {
	case categorical && c.Kind != KindCategorical:
		cells, _ := t.Strings(name)
		c.Kind = KindCategorical
		c.Levels, c.Floats = levels(cells)
	case !categorical && c.Kind == KindCategorical:
		cells, _ := t.Strings(name)
		if _, ok := parseBool(cells[0]); ok {
			for r, s := range cells {
				if _, ok := parseBool(s); !ok {
					return nil, fmt.Errorf("%s:%d: column %q holds %q, not true or false; declare the column categorical if it is one", t.name, t.Lines[r], name, s)
				}
			}
		}
		return nil, fmt.Errorf("%w; declare the column categorical if it is one", t.notNumber(name))
	}
	return c, nil
}

// notNumber is the error for the first cell of column name that is not a
// number (nil if there is none).
func (t *Table) notNumber(name string) error {
	for r, s := range t.cells[t.index[name]] {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return fmt.Errorf("%s:%d: column %q holds %q, not a number", t.name, t.Lines[r], name, s)
		}
	}
	return nil
}

// levels indexes cells by their sorted distinct values; empty cells are
// NaN.
func levels(cells []string) ([]string, []float64) {
	set := map[string]bool{}
	for _, s := range cells {
		if s != "" {
			set[s] = true
		}
	}
	lv := make([]string, 0, len(set))
	for s := range set {
		lv = append(lv, s)
	}
	sort.Strings(lv)
	idx := make(map[string]int, len(lv))
	for i, s := range lv {
		idx[s] = i
	}
	f := make([]float64, len(cells))
	for r, s := range cells {
		if s == "" {
			f[r] = math.NaN()
			continue
		}
		f[r] = float64(idx[s])
	}
	return lv, f
}

// Numbers returns column name as numbers. A boolean column gives 0/1; a
// categorical column is an error naming the first cell that is not a
// number, so that "non-numeric input" is reported where it is.
func (t *Table) Numbers(name string) ([]float64, error) {
	c, err := t.Column(name, false)
	if err != nil {
		return nil, err
	}
	if c.Kind == KindCategorical {
		return nil, t.notNumber(name)
	}
	return c.Floats, nil
}

// Source is the name used for the table in error messages.
func (t *Table) Source() string { return t.name }

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// WriteCSV writes a table with optional leading comment lines.
func WriteCSV(w io.Writer, comments []string, names []string, rows [][]string) error {
	var buf bytes.Buffer
	for _, c := range comments {
		buf.WriteString("# ")
		buf.WriteString(c)
		buf.WriteByte('\n')
	}
	cw := csv.NewWriter(&buf)
	if err := cw.Write(names); err != nil {
		return err
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// FormatFloat formats a value so that it reads back exactly.
func FormatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Subset returns a table of the given rows of t, in that order, with t's
// header, comments and source line numbers (so errors still name the
// file's lines).
func (t *Table) Subset(rows []int) *Table {
	s := &Table{Meta: t.Meta, Comments: t.Comments, Names: t.Names, index: t.index, name: t.name, cells: make([][]string, len(t.cells))}
	for c := range t.cells {
		s.cells[c] = make([]string, len(rows))
		for i, r := range rows {
			s.cells[c][i] = t.cells[c][r]
		}
	}
	for _, r := range rows {
		s.Lines = append(s.Lines, t.Lines[r])
	}
	return s
}

// SaltelliABRows returns the indices of the A and B rows of a Saltelli
// layout of rows rows with per rows per base sample (see
// SobolRowsPerBase): the 2N points that are a plain quasi-random sample,
// while each A_B row repeats most of A's values. Scenario discovery on a
// Sobol' design should use these rows only.
func SaltelliABRows(rows, per int) ([]int, error) {
	if per < 3 || rows%per != 0 {
		return nil, fmt.Errorf("sobol: %d rows is not a multiple of %d rows per base sample", rows, per)
	}
	out := make([]int, 0, 2*rows/per)
	for b := 0; b < rows/per; b++ {
		out = append(out, b*per, b*per+per-1)
	}
	return out, nil
}

// Outcome reads column name as numbers and rejects a constant outcome,
// which no analysis can explain.
func (t *Table) Outcome(name string) ([]float64, error) {
	y, err := t.Numbers(name)
	if err != nil {
		return nil, err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo == hi {
		return nil, fmt.Errorf("%s: outcome %q is constant (%v in every row): there is nothing to explain", t.Source(), name, lo)
	}
	return y, nil
}

// Inputs reads the input columns as a row-major matrix of numbers
// (booleans as 0/1). A column with text is an error naming the first such
// cell, unless the table's comments declare it a categorical factor
// ("factor NAME categorical(...)", as a design writes it), whose levels
// then enter by their sorted index.
func (t *Table) Inputs(inputs []string) ([][]float64, error) {
	declared := map[string]bool{}
	for _, c := range t.Comments {
		if rest, ok := strings.CutPrefix(c, "factor "); ok {
			if name, d, ok := strings.Cut(rest, " "); ok && strings.HasPrefix(d, "categorical(") {
				declared[name] = true
			}
		}
	}
	cols := make([][]float64, len(inputs))
	for j, in := range inputs {
		c, err := t.Column(in, false)
		if err != nil {
			return nil, err
		}
		if c.Kind == KindCategorical && !declared[in] {
			if _, err := t.Numbers(in); err != nil {
				return nil, err
			}
		}
		cols[j] = c.Floats
	}
	x := make([][]float64, t.Len())
	for i := range x {
		x[i] = make([]float64, len(inputs))
		for j := range inputs {
			x[i][j] = cols[j][i]
		}
	}
	return x, nil
}
