package csvfile

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxErrors bounds the problems ReadTable reports for one file.
const MaxErrors = 50

// Table is a file being read by ReadTable, handed to its row function to
// report problems with the current record.
type Table struct {
	*Reader
	errs ErrorList
}

// ReadTable reads a file whose header must be exactly cols and calls row
// for each record, with its fields trimmed of surrounding space. It
// collects every problem (the header's, a malformed or short record's, and
// those row reports with Bad) up to MaxErrors, and returns them; a loader
// returns no data when there are any.
func ReadTable(r io.Reader, name string, cols []string, row func(t *Table, rec []string)) ErrorList {
	f, err := NewReader(r, name)
	if err != nil { // every error of NewReader is a *FieldError
		fe := err.(*FieldError)
		fe.Field = "header"
		return ErrorList{fe}
	}
	if h := f.Header(); len(h) != len(cols) {
		return ErrorList{{File: name, Line: 1, Column: 1, Field: "header",
			Err: fmt.Errorf("got %d columns, want %d (%s)", len(h), len(cols), strings.Join(cols, ","))}}
	}
	for i, h := range f.Header() {
		if h != cols[i] {
			l, c := f.Pos(i)
			return ErrorList{{File: name, Line: l, Column: c, Field: "header",
				Err: fmt.Errorf("column %d is %q, want %q", i+1, h, cols[i])}}
		}
	}
	t := &Table{Reader: f}
	for len(t.errs) < MaxErrors {
		rec, err := f.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var fe *FieldError
			errors.As(err, &fe)
			t.add(fe)
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		row(t, rec)
	}
	return t.errs
}

func (t *Table) add(e *FieldError) {
	if len(t.errs) < MaxErrors {
		t.errs = append(t.errs, e)
	}
}

// Bad records err against field i of the current record.
func (t *Table) Bad(i int, err error) { t.add(t.ErrAt(i, err)) }

// Badf returns a function that records its error against field i, for
// parse helpers.
func (t *Table) Badf(i int) func(error) { return func(err error) { t.Bad(i, err) } }
