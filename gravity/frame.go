package gravity

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Frame is a column-oriented table: the input of Fit. Each column is either
// numeric (float64, NaN marks a missing value) or categorical (dictionary
// encoded: an int32 code per row, -1 for missing, and the sorted list of
// distinct strings). Frames are built column by column (AddFloat, AddString,
// AddCategorical) or read from CSV (ReadCSV) and Parquet (ReadParquet).
//
// A Frame is not safe for concurrent modification; Fit only reads it.
type Frame struct {
	n     int
	names []string
	cols  map[string]*column
}

// column is one named column. Exactly one of num and codes is non-nil.
type column struct {
	name   string
	num    []float64 // numeric values, NaN = missing
	codes  []int32   // categorical codes into levels, -1 = missing
	levels []string  // sorted distinct values of a categorical column
}

// NewFrame returns an empty frame.
func NewFrame() *Frame { return &Frame{n: -1, cols: map[string]*column{}} }

// NRow returns the number of rows (0 for a frame without columns).
func (f *Frame) NRow() int {
	if f.n < 0 {
		return 0
	}
	return f.n
}

// Names returns the column names in the order they were added.
func (f *Frame) Names() []string { return append([]string(nil), f.names...) }

// Float returns the values of a numeric column, or nil and false when the
// column does not exist or is categorical. The slice is shared, not copied.
func (f *Frame) Float(name string) ([]float64, bool) {
	c, ok := f.cols[name]
	if !ok || c.num == nil {
		return nil, false
	}
	return c.num, true
}

// Categorical returns the codes and levels of a categorical column (shared,
// not copied), or false when it does not exist or is numeric.
func (f *Frame) Categorical(name string) (codes []int32, levels []string, ok bool) {
	c, ok := f.cols[name]
	if !ok || c.codes == nil {
		return nil, nil, false
	}
	return c.codes, c.levels, true
}

// IsNumeric reports whether the named column exists and is numeric.
func (f *Frame) IsNumeric(name string) bool {
	c, ok := f.cols[name]
	return ok && c.num != nil
}

func (f *Frame) add(c *column, n int) error {
	if c.name == "" {
		return fmt.Errorf("frame: empty column name")
	}
	if _, dup := f.cols[c.name]; dup {
		return fmt.Errorf("frame: duplicate column %q", c.name)
	}
	if f.n >= 0 && n != f.n {
		return fmt.Errorf("frame: column %q has %d rows, want %d", c.name, n, f.n)
	}
	f.n = n
	f.names = append(f.names, c.name)
	f.cols[c.name] = c
	return nil
}

// AddFloat adds a numeric column. NaN marks a missing value. The slice is
// kept, not copied: do not modify it afterwards.
func (f *Frame) AddFloat(name string, v []float64) error {
	return f.add(&column{name: name, num: v}, len(v))
}

// AddString adds a categorical column from strings. The empty string and
// "NA" mark missing values.
func (f *Frame) AddString(name string, v []string) error {
	codes, levels := encodeStrings(v)
	return f.add(&column{name: name, codes: codes, levels: levels}, len(v))
}

// AddCategorical adds a dictionary-encoded column: codes index levels, -1 is
// missing. Levels need not be sorted; they are sorted (and codes remapped)
// so that level order is deterministic. Codes out of range are an error.
func (f *Frame) AddCategorical(name string, codes []int32, levels []string) error {
	for i, c := range codes {
		if c < -1 || int(c) >= len(levels) {
			return fmt.Errorf("frame: column %q row %d: code %d out of range [0,%d)", name, i+1, c, len(levels))
		}
	}
	perm := make([]int, len(levels))
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(a, b int) bool { return levels[perm[a]] < levels[perm[b]] })
	newCode := make([]int32, len(levels))
	sorted := make([]string, 0, len(levels))
	for _, old := range perm {
		if len(sorted) > 0 && sorted[len(sorted)-1] == levels[old] {
			newCode[old] = int32(len(sorted) - 1)
			continue
		}
		newCode[old] = int32(len(sorted))
		sorted = append(sorted, levels[old])
	}
	out := make([]int32, len(codes))
	for i, c := range codes {
		if c < 0 {
			out[i] = -1
		} else {
			out[i] = newCode[c]
		}
	}
	return f.add(&column{name: name, codes: out, levels: sorted}, len(codes))
}

// isMissingToken reports whether a text cell means "missing".
func isMissingToken(s string) bool {
	switch s {
	case "", "NA", "na", "N/A", "NaN", "nan", "NULL", "null", ".":
		return true
	}
	return false
}

// encodeStrings dictionary-encodes v with sorted levels.
func encodeStrings(v []string) ([]int32, []string) {
	idx := map[string]int32{}
	var levels []string
	codes := make([]int32, len(v))
	for i, s := range v {
		if isMissingToken(s) {
			codes[i] = -1
			continue
		}
		c, ok := idx[s]
		if !ok {
			c = int32(len(levels))
			idx[s] = c
			levels = append(levels, s)
		}
		codes[i] = c
	}
	return sortLevels(codes, levels)
}

// formatNum formats a numeric level the way R prints it in factor labels:
// integers without a decimal point, other values in shortest form.
func formatNum(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// availableColumns lists column names for error messages.
func (f *Frame) availableColumns() string {
	return strings.Join(f.names, ", ")
}
