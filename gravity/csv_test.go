package gravity

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/csvfile"
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

// Read in parallel parts, an all-numeric table gives the sequential
// reader's frame; a bad cell or a string anywhere leaves the file to the
// sequential reader, whose error or types stand.
func TestReadCSVParallel(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := range 30000 {
		fmt.Fprintf(&b, "%d,%d.5,%s\n", i, i%97, []string{"1", "NA", " 2 "}[i%3])
		if i%7000 == 0 {
			b.WriteString("\n")
		}
	}
	src := b.String()
	sc, err := csvfile.NewScanner([]byte(src), "t.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := readNumericParallel(sc, 3); !ok {
		t.Fatal("the numeric table is not read in parallel")
	}
	for _, tc := range []struct{ name, src, err string }{
		{"numeric", src, ""},
		{"string late", src + "1,2,x\n", ""},
		{"short row late", src + "1,2\n", "t.csv:30007:1: row: got 2 fields, want 3"},
	} {
		seq, err1 := readCSVThreads([]byte(tc.src), "t.csv", 1)
		par, err3 := readCSVThreads([]byte(tc.src), "t.csv", 3)
		if tc.err != "" {
			if err1 == nil || err3 == nil || err1.Error() != tc.err || err3.Error() != tc.err {
				t.Errorf("%s: errors %v and %v, want %s", tc.name, err1, err3, tc.err)
			}
			continue
		}
		if err1 != nil || err3 != nil {
			t.Fatalf("%s: %v %v", tc.name, err1, err3)
		}
		if seq.NRow() != par.NRow() || seq.NRow() < 30000 {
			t.Fatalf("%s: rows %d and %d", tc.name, seq.NRow(), par.NRow())
		}
		for _, c := range seq.Names() {
			if seq.IsNumeric(c) != par.IsNumeric(c) {
				t.Fatalf("%s: column %s types differ", tc.name, c)
			}
			x, _ := seq.Float(c)
			y, _ := par.Float(c)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
					t.Fatalf("%s: column %s row %d: %v and %v", tc.name, c, i, x[i], y[i])
				}
			}
		}
	}
}
