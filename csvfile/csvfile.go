package csvfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// FieldError is a problem at one place of a CSV file: a cell, a record
// ("row"), the header ("header") or the CSV syntax ("csv").
type FieldError struct {
	File   string
	Line   int // 1-based
	Column int // 1-based, in bytes from the start of the line
	Field  string
	Err    error
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %v", e.File, e.Line, e.Column, e.Field, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// ErrorList collects the problems found in a file, one per line of its
// message.
type ErrorList []*FieldError

func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "no errors"
	}
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the problems, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// ErrEmpty is the error (wrapped in a *FieldError) of a file with no header
// row.
var ErrEmpty = errors.New("empty file: want a header row")

// Reader reads a CSV table with a header row.
type Reader struct {
	name   string
	cr     *csv.Reader
	header []string
	index  map[string]int
	line   int // line of the record last read
	offset int // lines of the file before the table
}

// NewReader reads the header row of r; name is the file's name in errors.
// Header names are trimmed of space and of a UTF-8 byte-order mark; a name
// that appears twice is an error.
func NewReader(r io.Reader, name string) (*Reader, error) { return NewReaderAt(r, name, 0) }

// NewReaderAt is NewReader for a table that starts after the first lines
// lines of the file (which the caller has read, e.g. comments): every
// position counts them.
func NewReaderAt(r io.Reader, name string, lines int) (*Reader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	f := &Reader{name: name, cr: cr, offset: lines, line: lines + 1}
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &FieldError{File: name, Line: lines + 1, Column: 1, Field: "header", Err: ErrEmpty}
	}
	if err != nil {
		return nil, f.syntax(err)
	}
	f.line, _ = f.Pos(0)
	if f.header, f.index, err = normaliseHeader(name, head, f.Pos); err != nil {
		return nil, err
	}
	return f, nil
}

// normaliseHeader trims the names of a header row of space and of a UTF-8
// byte-order mark and indexes them; a name that appears twice is an error
// at its position.
func normaliseHeader(name string, head []string, pos func(i int) (int, int)) ([]string, map[string]int, error) {
	index := make(map[string]int, len(head))
	header := make([]string, 0, len(head))
	for i, h := range head {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := index[h]; dup {
			l, c := pos(i)
			return nil, nil, &FieldError{File: name, Line: l, Column: c, Field: h, Err: errors.New("column appears twice in the header")}
		}
		index[h] = i
		header = append(header, h)
	}
	return header, index, nil
}

// syntax locates an error of encoding/csv.
func (f *Reader) syntax(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FieldError{File: f.name, Line: pe.Line + f.offset, Column: pe.Column, Field: "csv", Err: pe.Err}
	}
	return &FieldError{File: f.name, Line: f.line + 1, Column: 1, Field: "csv", Err: err}
}

// Name is the file's name in errors.
func (f *Reader) Name() string { return f.name }

// Header returns the column names.
func (f *Reader) Header() []string { return f.header }

// Index returns the position of the named column.
func (f *Reader) Index(name string) (int, bool) { i, ok := f.index[name]; return i, ok }

// Need returns the positions of the named columns, or an error naming the
// first one missing; a name may list alternatives separated by "|".
func (f *Reader) Need(names ...string) ([]int, error) {
	idx := make([]int, len(names))
	for k, n := range names {
		found := false
		for _, alt := range strings.Split(n, "|") {
			if i, ok := f.index[alt]; ok {
				idx[k], found = i, true
				break
			}
		}
		if !found {
			return nil, &FieldError{File: f.name, Line: f.offset + 1, Column: 1, Field: n,
				Err: fmt.Errorf("missing column (header has %s)", strings.Join(f.header, ","))}
		}
	}
	return idx, nil
}

// Next returns the next record, or io.EOF after the last. Lines holding
// only spaces are skipped, like empty ones. A record that is not valid
// CSV, or whose number of fields differs from the header's, is a
// *FieldError, and reading may go on after it.
func (f *Reader) Next() ([]string, error) {
	for {
		rec, err := f.cr.Read()
		if errors.Is(err, io.EOF) {
			return nil, io.EOF
		}
		if err != nil {
			return nil, f.syntax(err)
		}
		f.line, _ = f.Pos(0)
		if len(rec) == 1 && len(f.header) > 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(f.header) {
			return nil, &FieldError{File: f.name, Line: f.line, Column: 1, Field: "row",
				Err: fmt.Errorf("got %d fields, want %d", len(rec), len(f.header))}
		}
		return rec, nil
	}
}

// Each calls row for every record, stopping at the end of the file or at
// the first error (a row's, or the file's).
func (f *Reader) Each(row func(rec []string) error) error {
	for {
		rec, err := f.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := row(rec); err != nil {
			return err
		}
	}
}

// Line is the line of the record last read.
func (f *Reader) Line() int { return f.line }

// Pos returns the line and column of field i of the record last read.
func (f *Reader) Pos(i int) (line, column int) {
	l, c := f.cr.FieldPos(i)
	return l + f.offset, c
}

// ErrAt locates err at field i of the record last read, named by its
// column.
func (f *Reader) ErrAt(i int, err error) *FieldError { return errAt(f.name, f.header, i, f.Pos, err) }

// errAt locates err at field i of a record, named by its column, or "row"
// past the header's columns.
func errAt(name string, header []string, i int, pos func(int) (int, int), err error) *FieldError {
	l, c := pos(i)
	field := "row"
	if i < len(header) {
		field = header[i]
	}
	return &FieldError{File: name, Line: l, Column: c, Field: field, Err: err}
}
