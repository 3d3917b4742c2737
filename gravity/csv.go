package gravity

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
)

// ReadCSV reads a comma-separated table with a header row. A column whose
// non-missing cells all parse as numbers is numeric; any other column is
// categorical. Empty cells and NA, NaN, NULL, "." are missing. Errors are
// *csvfile.FieldError naming csv:line:column (the header is line 1) and the
// field; ReadFile names the file instead.
func ReadCSV(r io.Reader) (*Frame, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	return readCSV(data, "csv")
}

// csvColumn is one column being read: numbers parsed in place while every
// cell so far is a number or missing, dictionary codes once it is known to
// be categorical.
type csvColumn struct {
	str    bool
	num    []float64
	codes  []int32
	index  map[string]int32
	levels []string
}

// readCSV reads the table held in data in one pass over its bytes
// (csvfile.Scanner), parsing numbers where they lie. A column found to be
// categorical part way through is read again from the first record as
// codes, so the file is read at most once more per such column (string
// columns usually show at the first record).
func readCSV(data []byte, name string) (*Frame, error) {
	return readCSVThreads(data, name, runtime.GOMAXPROCS(0))
}

// readCSVThreads is readCSV with the numbers of an all-numeric table parsed
// by up to threads goroutines.
func readCSVThreads(data []byte, name string, threads int) (*Frame, error) {
	sc, err := csvfile.NewScanner(data, name, 0)
	if err != nil {
		return nil, err
	}
	names := sc.Header()
	for j, h := range names {
		if h == "" {
			l, c := sc.Pos(j)
			return nil, &csvfile.FieldError{File: name, Line: l, Column: c, Field: "header", Err: fmt.Errorf("column %d: empty column name", j+1)}
		}
	}
	if cols, ok := readNumericFast(data, len(names), threads); ok {
		f := NewFrame()
		for j, col := range names {
			f.names = append(f.names, col)
			f.cols[col] = &column{name: col, num: cols[j]}
		}
		f.n = len(cols[0]) // the header's names are distinct and non-empty
		return f, nil
	}
	return readGeneral(sc, data, name)
}

// readGeneral reads any table: numbers are parsed in place while a column
// has only numbers and missing cells; a column found to be categorical
// part way through is read again from the first record as codes, so the
// file is read at most once more per such column (string columns usually
// show at the first record). Errors name the file, line and column.
func readGeneral(sc *csvfile.Scanner, data []byte, name string) (*Frame, error) {
	names := sc.Header()
	var err error
	capRows := bytes.Count(data, []byte{'\n'}) + 1 // records at most, header included
	cols := make([]csvColumn, len(names))
	for {
		for j := range cols {
			c := &cols[j]
			if c.str {
				c.codes, c.index, c.levels = make([]int32, 0, capRows), map[string]int32{}, nil
			} else {
				c.num = make([]float64, 0, capRows)
			}
		}
		again, rerr := readRecords(sc, cols)
		if rerr != nil {
			return nil, rerr
		}
		if !again {
			break
		}
		sc.Reset()
	}
	f := NewFrame()
	for j, col := range names {
		c := &cols[j]
		if c.str {
			codes, levels := sortLevels(c.codes, c.levels)
			err = f.add(&column{name: col, codes: codes, levels: levels}, len(codes))
		} else {
			err = f.AddFloat(col, c.num)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if f.n < 0 {
		f.n = 0
	}
	return f, nil
}

// readNumericFast reads a table without quotes whose cells are all
// numbers or missing straight from the bytes after the header line, each
// cell parsed where it lies (see [scanNumber]), in up to threads parts of
// whole lines, each writing its records where its lines start in columns
// sized for every line; the parts' blocks are then closed up in order
// (skipped empty lines leave gaps). It reports false, leaving the file to
// the general reader, at anything else: a quote, a header not on the first
// line, a row with another number of fields, a line of spaces, a cell that
// is not a number (the general reader then reports the first error in the
// file, or reads the column as categorical). What it reads is what the
// general reader reads, bit for bit (FuzzReadNumericFast).
func readNumericFast(data []byte, ncol, threads int) ([][]float64, bool) {
	head := bytes.IndexByte(data, '\n')
	if head <= 0 || (head == 1 && data[0] == '\r') || bytes.IndexByte(data, '"') >= 0 {
		return nil, false
	}
	body := data[head+1:]
	if len(body) < minSplitBytes {
		threads = 1
	}
	var parts [][]byte
	for k := range threads {
		to := len(body) * (k + 1) / threads
		if i := bytes.IndexByte(body[to:], '\n'); k < threads-1 && i >= 0 {
			to += i + 1
		} else {
			to = len(body)
		}
		if to > 0 {
			parts = append(parts, body[:to])
			body = body[to:]
		}
	}
	base := make([]int, len(parts)+1)
	for k, p := range parts {
		lines := bytes.Count(p, []byte{'\n'})
		if len(p) > 0 && p[len(p)-1] != '\n' {
			lines++
		}
		base[k+1] = base[k] + lines
	}
	cols := make([][]float64, ncol)
	for j := range cols {
		cols[j] = make([]float64, base[len(parts)])
	}
	got := make([]int, len(parts))
	ok := make([]bool, len(parts))
	parallel(len(parts), threads, func(k int) {
		got[k], ok[k] = scanNumericLines(parts[k], cols, base[k])
	})
	n := 0
	for k := range parts {
		if !ok[k] {
			return nil, false
		}
		for j := range cols {
			copy(cols[j][n:], cols[j][base[k]:base[k]+got[k]])
		}
		n += got[k]
	}
	for j := range cols {
		cols[j] = cols[j][:n:n]
	}
	return cols, true
}

// minSplitBytes is the least data split into parts; a variable so that
// tests can split small tables.
var minSplitBytes = 1 << 16

// scanNumericLines parses the lines of b into cols from row r on, skipping
// empty lines, and returns the number of rows; false at a row that is not
// len(cols) numbers or missing cells.
func scanNumericLines(b []byte, cols [][]float64, r int) (int, bool) {
	last := len(cols) - 1
	start := r
	for i := 0; i < len(b); {
		if c := b[i]; c == '\n' || c == '\r' && (i+1 == len(b) || b[i+1] == '\n') {
			i += 1 + int(c&1) // \r is odd: it skips its \n too
			continue
		}
		for j, col := range cols {
			v, end, ok := scanNumber(b, i)
			if !ok {
				return 0, false
			}
			if j < last {
				if end == len(b) || b[end] != ',' {
					return 0, false
				}
			} else if end < len(b) && b[end] != '\n' {
				return 0, false
			}
			col[r] = v
			i = end + 1
		}
		r++
	}
	return r - start, true
}

// scanNumber parses the cell of b that starts at i and returns its value
// and the index of the comma or line end after it. A plain decimal is
// converted as it is read, by scanDecimal as parseDecimal converts it; any
// other cell is handed to parseCell. It fails where parseCell fails.
func scanNumber(b []byte, i int) (v float64, end int, ok bool) {
	v, j, ok := scanDecimal(b, i)
	if ok && (j == len(b) || b[j] == ',' || b[j] == '\n') {
		return v, j, true
	}
	for j < len(b) && b[j] != ',' && b[j] != '\n' {
		j++
	}
	v, ok = parseCell(b[i:j])
	return v, j, ok
}

// readRecords reads every record into cols; again is true when a numeric
// column met a cell that is not a number (it is then marked categorical
// and the records must be read again).
func readRecords(sc *csvfile.Scanner, cols []csvColumn) (again bool, err error) {
	for {
		rec, err := sc.Next()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		for j, cell := range rec {
			c := &cols[j]
			if !c.str {
				if v, ok := parseCell(cell); ok {
					c.num = append(c.num, v)
					continue
				}
				c.str, c.num = true, nil
				return true, nil
			}
			if isMissingToken(string(cell)) {
				c.codes = append(c.codes, -1)
				continue
			}
			k, ok := c.index[string(cell)]
			if !ok {
				k = int32(len(c.levels))
				s := string(cell)
				c.index[s] = k
				c.levels = append(c.levels, s)
			}
			c.codes = append(c.codes, k)
		}
	}
}

// sortLevels renumbers codes so that levels are in sorted order.
func sortLevels(codes []int32, levels []string) ([]int32, []string) {
	perm := make([]int32, len(levels))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(a, b int32) int { return strings.Compare(levels[a], levels[b]) })
	remap := make([]int32, len(levels))
	sorted := make([]string, len(levels))
	for newc, old := range perm {
		remap[old] = int32(newc)
		sorted[newc] = levels[old]
	}
	for i, c := range codes {
		if c >= 0 {
			codes[i] = remap[c]
		}
	}
	return codes, sorted
}

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseCell parses a numeric cell, trimmed of space; missing tokens are
// NaN. A plain decimal of at most 15 digits and 22 decimals is converted
// as float64(digits)/10^decimals, which is exact in both operands and so
// correctly rounded, the value strconv.ParseFloat gives; anything else goes
// through ParseFloat. It fails when the cell is not a number; out-of-range
// values are kept (±Inf or 0, dropped later as infinite).
func parseCell(b []byte) (float64, bool) {
	b = bytes.TrimSpace(b)
	if v, ok := parseDecimal(b); ok {
		return v, true
	}
	s := string(b)
	if isMissingToken(s) {
		return nan, true
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return v, true
		}
		return 0, false
	}
	return v, true
}

// parseDecimal is parseCell's fast path: [+-]digits[.digits].
func parseDecimal(b []byte) (float64, bool) {
	v, n, ok := scanDecimal(b, 0)
	return v, ok && n == len(b)
}

// scanDecimal reads the decimal [+-]digits[.digits] that starts at b[i]
// and returns its value and the index of the first byte after it. ok is
// false where that prefix has no digit, more than 15, or more decimals
// than pow10 holds: the value is then not exactly float64(mantissa)/10^k
// correctly rounded, and the caller must use strconv.ParseFloat.
func scanDecimal(b []byte, i int) (v float64, end int, ok bool) {
	neg := false
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = b[i] == '-'
		i++
	}
	var mant uint64
	digits, frac, dot := 0, 0, 0
	for ; i < len(b); i++ {
		c := b[i]
		if d := c - '0'; d < 10 {
			mant = mant*10 + uint64(d)
			digits++
			frac += dot
			continue
		}
		if c != '.' || dot == 1 {
			break
		}
		dot = 1
	}
	if digits == 0 || digits > 15 || frac >= len(pow10) {
		return 0, i, false
	}
	v = float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, i, true
}

// ReadFile reads a CSV (.csv, .txt) or Parquet (.parquet, .pq) file.
func ReadFile(path string) (*Frame, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		return ReadParquetFile(path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return readCSV(data, path)
}
