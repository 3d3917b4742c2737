package csvfile

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// scanAll describes what a reader yields: the header, then each record with
// the position of each field, up to the first error or the end.
func scanAll(header []string, next func() ([]string, error), pos func(i int) (int, int)) string {
	var b strings.Builder
	fmt.Fprintf(&b, "header %q\n", header)
	for {
		rec, err := next()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			fmt.Fprintf(&b, "error %v\n", err)
			return b.String()
		}
		for i, f := range rec {
			l, c := pos(i)
			fmt.Fprintf(&b, "%d:%d %q ", l, c, f)
		}
		b.WriteString("\n")
	}
}

func readerScan(src string) string {
	r, err := NewReaderAt(strings.NewReader(src), "t.csv", 2)
	if err != nil {
		return "error " + err.Error() + "\n"
	}
	return scanAll(r.Header(), r.Next, r.Pos)
}

func scannerScan(src string) string {
	s, err := NewScanner([]byte(src), "t.csv", 2)
	if err != nil {
		return "error " + err.Error() + "\n"
	}
	next := func() ([]string, error) {
		rec, err := s.Next()
		out := make([]string, len(rec))
		for i, f := range rec {
			out[i] = string(f)
		}
		return out, err
	}
	return scanAll(s.Header(), next, s.Pos)
}

var scannerSeeds = []string{
	"", "a,b\n1,2\n", "a,b\r\n1,2\r\n3,4", "a,b\n\n  \n1,2\n", "a,b\n\"x\"\"y\",\"2\n3\"\n4,5\n",
	"a,b\n1,\"2\n", "a,b\n1,2\"x\n", "a,b\n\"1\"x,2\n", "a,a\n", "\ufeff a ,b\n1\n", "a\n\"\"\n\"\n\n\"\n",
	"a,b\n1,2\r", "a,b\n\"1\r\n2\",3\r\n", "a,b,c\n,,\n", "a,b\n\"\n", "a,b\n1,\"\"\"\n",
}

// The scanner reads every input as encoding/csv does through Reader:
// the same records, positions and first error.
func TestScannerMatchesReader(t *testing.T) {
	for _, src := range scannerSeeds {
		if got, want := scannerScan(src), readerScan(src); got != want {
			t.Errorf("%q:\nscanner %s\nreader  %s", src, got, want)
		}
	}
}

func FuzzScannerMatchesReader(f *testing.F) {
	for _, s := range scannerSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if got, want := scannerScan(src), readerScan(src); got != want {
			t.Fatalf("%q:\nscanner %s\nreader  %s", src, got, want)
		}
	})
}

// Reset reads the records again from the first after the header.
func TestScannerReset(t *testing.T) {
	s, err := NewScanner([]byte("a\n1\n2\n"), "r.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 2 {
		for {
			rec, err := s.Next()
			if err != nil {
				break
			}
			got = append(got, fmt.Sprintf("%d:%s", s.Line(), rec[0]))
		}
		s.Reset()
	}
	if strings.Join(got, " ") != "2:1 3:2 2:1 3:2" {
		t.Errorf("records %v", got)
	}
}

// The parts of a split table read the same records at the same positions
// as the whole, in order; a table with quotes is not split.
func TestScannerSplit(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "%d,%d\n", i, i*7)
		if i%5000 == 0 {
			b.WriteString("\n  \n") // skipped lines
		}
	}
	src := b.String() + "1,2" // last line without a line end
	whole := scannerScan(src)
	s, err := NewScanner([]byte(src), "t.csv", 2)
	if err != nil {
		t.Fatal(err)
	}
	parts, lines := s.Split(3)
	if len(parts) != 3 {
		t.Fatalf("%d parts", len(parts))
	}
	total := 0
	got := fmt.Sprintf("header %q\n", s.Header())
	for k, p := range parts {
		total += lines[k]
		got += strings.TrimPrefix(scanAll(p.Header(), func() ([]string, error) {
			rec, err := p.Next()
			out := make([]string, len(rec))
			for i, f := range rec {
				out[i] = string(f)
			}
			return out, err
		}, p.Pos), fmt.Sprintf("header %q\n", s.Header()))
	}
	if got != whole {
		t.Errorf("split read differs from the whole")
	}
	if want := strings.Count(src, "\n"); total != want {
		t.Errorf("%d lines in parts, want %d", total, want)
	}
	q, err := NewScanner([]byte(strings.Replace(src, "7,49", `"7",49`, 1)), "q.csv", 0)
	if err != nil {
		t.Fatal(err)
	}
	if parts, _ := q.Split(3); len(parts) != 1 {
		t.Errorf("a table with quotes split in %d parts", len(parts))
	}
}
