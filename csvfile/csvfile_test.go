package csvfile

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// Every problem names file:line:column and the field.
func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name, src string
		lines     int // lines before the table
		want      string
	}{
		{"empty", "", 0, "f.csv:1:1: header: empty file: want a header row"},
		{"empty after comments", "", 2, "f.csv:3:1: header: empty file"},
		{"duplicate column", "a,b,a\n", 0, "f.csv:1:5: a: column appears twice in the header"},
		{"bad quote in header", "a,b\"\n", 0, "f.csv:1:4: csv: bare \" in non-quoted-field"},
		{"short row", "a,b\n1,2\n3\n", 0, "f.csv:3:1: row: got 1 fields, want 2"},
		{"short row after comments", "a,b\n3\n", 4, "f.csv:6:1: row: got 1 fields, want 2"},
		{"unterminated quote", "a,b\n1,\"2\n", 0, "f.csv:2:6: csv: extraneous or missing \" in quoted-field"},
		{"bare quote", "a,b\n1,2\"x\n", 0, "f.csv:2:4: csv: bare \" in non-quoted-field"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewReaderAt(strings.NewReader(tc.src), "f.csv", tc.lines)
			if err == nil {
				err = f.Each(func([]string) error { return nil })
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *FieldError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
		})
	}
}

func TestReaderPositions(t *testing.T) {
	src := "\ufeff x ,y\n\n1,22\n  \n333,4\n"
	f, err := NewReader(strings.NewReader(src), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	if h := f.Header(); strings.Join(h, ";") != "x;y" {
		t.Fatalf("header %q", h)
	}
	idx, err := f.Need("x", "z|y")
	if err != nil || idx[0] != 0 || idx[1] != 1 {
		t.Fatalf("Need: %v %v", idx, err)
	}
	if _, err := f.Need("z"); err == nil || err.Error() != "p.csv:1:1: z: missing column (header has x,y)" {
		t.Errorf("Need(z): %v", err)
	}
	var lines []int
	var at []string
	err = f.Each(func(rec []string) error {
		lines = append(lines, f.Line())
		at = append(at, f.ErrAt(1, io.ErrUnexpectedEOF).Error())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{3, 5}; len(lines) != 2 || lines[0] != want[0] || lines[1] != want[1] {
		t.Errorf("lines %v, want %v (blank lines skipped)", lines, want)
	}
	if at[1] != "p.csv:5:5: y: unexpected EOF" {
		t.Errorf("ErrAt: %q", at[1])
	}
}

// ReadTable checks the header, reads on past bad records and collects
// every problem, at most MaxErrors.
func TestReadTable(t *testing.T) {
	cols := []string{"a", "b"}
	tests := []struct {
		src  string
		rows int
		want []string
	}{
		{"a,b\n 1 ,2\n", 1, nil},
		{"a\n", 0, []string{"t.csv:1:1: header: got 1 columns, want 2 (a,b)"}},
		{"a,c\n", 0, []string{`t.csv:1:3: header: column 2 is "c", want "b"`}},
		{"a,a\n", 0, []string{"t.csv:1:3: header: column appears twice in the header"}},
		{"", 0, []string{"t.csv:1:1: header: empty file"}},
		{"a,b\n1\nx,2\n3,4\n", 2, []string{"t.csv:2:1: row: got 1 fields, want 2", `t.csv:3:1: a: "x" is not 1 or 3`}},
		{"a,b\n" + strings.Repeat("x,1\n", MaxErrors+5), MaxErrors, []string{"t.csv:2:1: a:", "t.csv:51:1: a:"}},
	}
	for _, tc := range tests {
		rows := 0
		errs := ReadTable(strings.NewReader(tc.src), "t.csv", cols, func(f *Table, rec []string) {
			rows++
			if rec[0] != "1" && rec[0] != "3" {
				f.Badf(0)(errors.New(`"` + rec[0] + `" is not 1 or 3`))
			}
		})
		if rows != tc.rows || len(errs) != len(tc.want) && len(errs) != MaxErrors {
			t.Errorf("%q: %d rows, errors %v; want %d rows, %d errors", tc.src, rows, errs, tc.rows, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			if i == len(tc.want)-1 && len(tc.want) < len(errs) {
				i = len(errs) - 1
			}
			if !strings.HasPrefix(errs[i].Error(), w) {
				t.Errorf("%q: error %d %q, want %q", tc.src, i, errs[i], w)
			}
		}
	}
}

// Whatever the input, the reader returns located errors or records as
// long as the header.
func FuzzReader(f *testing.F) {
	for _, seed := range []string{"a,b\n1,2\n", "a,b\n\"x\"\"y\",2\n 3\n", "\ufeffa;b\n1;2\n", "a,a\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		r, err := NewReader(strings.NewReader(src), "z.csv")
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Line < 1 {
				t.Fatalf("header error %v (%T)", err, err)
			}
			return
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			var fe *FieldError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("error %v (%T)", err, err)
			}
			if err == nil && len(rec) != len(r.Header()) {
				t.Fatalf("record %q against header %q", rec, r.Header())
			}
			if err != nil && strings.Contains(err.Error(), "extraneous") {
				return // encoding/csv reads the rest of the file as the field
			}
		}
	})
}
