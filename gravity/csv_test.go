package gravity

import (
	"fmt"
	"math"
	"slices"
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

// Read in parallel parts, an all-numeric table gives the general reader's
// frame; a bad cell or a string anywhere leaves the file to the general
// reader, whose error or types stand.
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
	if _, ok := readNumericFast([]byte(src), 3, 3); !ok {
		t.Fatal("the numeric table is not read by the fast path")
	}
	for _, tc := range []struct{ name, src, err string }{
		{"numeric", src, ""},
		{"string late", src + "1,2,x\n", ""},
		{"short row late", src + "1,2\n", "t.csv:30007:1: row: got 2 fields, want 3"},
	} {
		sc, err := csvfile.NewScanner([]byte(tc.src), "t.csv", 0)
		if err != nil {
			t.Fatal(err)
		}
		seq, err1 := readGeneral(sc, []byte(tc.src), "t.csv")
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
		if seq.NRow() < 30000 {
			t.Fatalf("%s: %d rows", tc.name, seq.NRow())
		}
		if msg := sameFrame(seq, par); msg != "" {
			t.Fatalf("%s: %s", tc.name, msg)
		}
	}
}

// sameFrame describes the first difference between two frames, or is "".
func sameFrame(a, b *Frame) string {
	if a.NRow() != b.NRow() || strings.Join(a.Names(), ",") != strings.Join(b.Names(), ",") {
		return fmt.Sprintf("rows %d and %d, columns %v and %v", a.NRow(), b.NRow(), a.Names(), b.Names())
	}
	for _, c := range a.Names() {
		if a.IsNumeric(c) != b.IsNumeric(c) {
			return fmt.Sprintf("column %s: types differ", c)
		}
		x, _ := a.Float(c)
		y, _ := b.Float(c)
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
				return fmt.Sprintf("column %s row %d: %v and %v", c, i, x[i], y[i])
			}
		}
	}
	return ""
}

// Whatever the fast numeric path accepts, in one part or several, it
// reads as the general reader does, bit for bit; and it accepts the plain
// numeric tables it is for.
func FuzzReadNumericFast(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n3.5,-4\n", "a,b\r\n1,2\r\n\r\n3,4", "a\n\n1\n\r\n \n", "a,b\n1e5, 2 \nNA,\n", "a,b\n1,x\n",
		"a,b\n1,2,3\n", "a,b\n1\n", "\na,b\n1,2\n", "a,b\n\"1\",2\n", "a,b\n1234567890123456,0.1234567890123456789012\n",
		"a,b\n+.5,5.\n-0,1.2.3\n", "a\r\n\r", "\ufeffa,b\n1,2\n  ,  \n",
	} {
		f.Add(s)
	}
	old := minSplitBytes
	defer func() { minSplitBytes = old }()
	minSplitBytes = 4
	f.Fuzz(func(t *testing.T, s string) {
		data := []byte(s)
		sc, err := csvfile.NewScanner(data, "f.csv", 0)
		if err != nil || slices.Contains(sc.Header(), "") { // rejected before either path
			return
		}
		want, werr := readGeneral(sc, data, "f.csv")
		for _, threads := range []int{1, 3} {
			cols, ok := readNumericFast(data, len(sc.Header()), threads)
			if !ok {
				continue
			}
			if werr != nil {
				t.Fatalf("threads %d: fast path reads what the general reader rejects: %v", threads, werr)
			}
			got := NewFrame()
			for j, c := range sc.Header() {
				if err := got.AddFloat(c, cols[j]); err != nil {
					t.Fatal(err)
				}
			}
			if got.n < 0 {
				got.n = 0
			}
			if msg := sameFrame(want, got); msg != "" {
				t.Fatalf("threads %d: %s", threads, msg)
			}
		}
	})
}

// The fast path takes the benchmark panel's kind of table.
func TestReadNumericFastAccepts(t *testing.T) {
	for _, s := range []string{"a,b\n1,2\n3.5,-4\n", "a,b\r\n1,2\r\n\r\nNA,4", "x\n1\n"} {
		if _, ok := readNumericFast([]byte(s), strings.Count(s[:strings.IndexByte(s, '\n')], ",")+1, 2); !ok {
			t.Errorf("%q: declined", s)
		}
	}
}
