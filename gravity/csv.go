package gravity

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ReadCSV reads a comma-separated table with a header row. A column whose
// non-missing cells all parse as numbers is numeric; any other column is
// categorical. Empty cells and NA, NaN, NULL, "." are missing. Errors name
// the line (1-based, the header is line 1) and column.
func ReadCSV(r io.Reader) (*Frame, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	cr.FieldsPerRecord = 0
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("csv: empty input, want a header row")
	}
	if err != nil {
		return nil, fmt.Errorf("csv: %w", err)
	}
	names := make([]string, len(header))
	seen := map[string]int{}
	for j, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" {
			return nil, fmt.Errorf("csv: line 1, column %d: empty column name", j+1)
		}
		if k, dup := seen[h]; dup {
			return nil, fmt.Errorf("csv: line 1: column name %q appears twice (columns %d and %d)", h, k+1, j+1)
		}
		seen[h] = j
		names[j] = h
	}
	cols := make([][]string, len(names))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				return nil, fmt.Errorf("csv: line %d: %d fields, want %d as in the header", pe.StartLine, len(rec), len(names))
			}
			return nil, fmt.Errorf("csv: %w", err)
		}
		for j, v := range rec {
			cols[j] = append(cols[j], v)
		}
	}
	f := NewFrame()
	for j, name := range names {
		vals := cols[j]
		if num, ok := parseNumeric(vals); ok {
			err = f.AddFloat(name, num)
		} else {
			err = f.AddString(name, vals)
		}
		if err != nil {
			return nil, fmt.Errorf("csv: %w", err)
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
	f, err := ReadCSV(fh)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}
