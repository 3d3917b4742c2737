package gravity

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/csvfile"
)

// ReadCSV reads a comma-separated table with a header row. A column whose
// non-missing cells all parse as numbers is numeric; any other column is
// categorical. Empty cells and NA, NaN, NULL, "." are missing. Errors are
// *csvfile.FieldError naming csv:line:column (the header is line 1) and the
// field; ReadFile names the file instead.
func ReadCSV(r io.Reader) (*Frame, error) { return readCSV(r, "csv") }

func readCSV(r io.Reader, name string) (*Frame, error) {
	cr, err := csvfile.NewReader(r, name)
	if err != nil {
		return nil, err
	}
	names := cr.Header()
	for j, h := range names {
		if h == "" {
			l, c := cr.Pos(j)
			return nil, &csvfile.FieldError{File: name, Line: l, Column: c, Field: "header", Err: fmt.Errorf("column %d: empty column name", j+1)}
		}
	}
	cols := make([][]string, len(names))
	err = cr.Each(func(rec []string) error {
		for j, v := range rec {
			cols[j] = append(cols[j], v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	f := NewFrame()
	for j, col := range names {
		vals := cols[j]
		if num, ok := parseNumeric(vals); ok {
			err = f.AddFloat(col, num)
		} else {
			err = f.AddString(col, vals)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		cols[j] = nil
	}
	if f.n < 0 {
		f.n = 0
	}
	return f, nil
}

// parseNumeric parses every cell as a float; missing tokens become NaN. It
// fails if a non-missing cell is not a number.
func parseNumeric(vals []string) ([]float64, bool) {
	out := make([]float64, len(vals))
	for i, s := range vals {
		s = strings.TrimSpace(s)
		if isMissingToken(s) {
			out[i] = nan
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			var ne *strconv.NumError
			if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
				out[i] = v // ±Inf or 0: keep, dropped later as infinite
				continue
			}
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// ReadFile reads a CSV (.csv, .txt) or Parquet (.parquet, .pq) file.
func ReadFile(path string) (*Frame, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".parquet", ".pq":
		return ReadParquetFile(path)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return readCSV(fh, path)
}
