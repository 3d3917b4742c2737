package gravity

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// The fast decimal path gives strconv.ParseFloat's value bit for bit, and
// declines what it does not handle.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"0", "-0", "+12", "3.25", "123456789012345", "0.1234567890123456", "1e5", ".5", "5.", "-", "1.2.3", "999999999999999.9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseDecimal([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(v) != math.Float64bits(want) {
			t.Fatalf("%q: fast path %v, ParseFloat %v (%v)", s, v, want, err)
		}
	})
}

// A column turns categorical at its first non-number, wherever it is,
// and keeps its cells' text; numbers keep their trimmed value.
func TestReadCSVColumnTypes(t *testing.T) {
	rows := []string{"n,s,late"}
	for i := range 50 {
		late := strconv.Itoa(i)
		if i == 40 {
			late = "x"
		}
		rows = append(rows, strconv.Itoa(i)+", 0"+strconv.Itoa(i%3)+","+late)
	}
	f, err := ReadCSV(strings.NewReader(strings.Join(rows, "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := f.Float("n")
	s, _ := f.Float("s")
	codes, levels, ok := f.Categorical("late")
	if len(n) != 50 || n[49] != 49 || s[2] != 2 || !ok || len(codes) != 50 || len(levels) != 50 {
		t.Fatalf("n %v s %v late %v %v", n, s, codes, levels)
	}
	if levels[codes[40]] != "x" || levels[codes[7]] != "7" {
		t.Errorf("late: row 41 %q, row 8 %q", levels[codes[40]], levels[codes[7]])
	}
}
