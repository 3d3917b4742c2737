package csvfile

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Scanner reads a CSV table held in memory record by record, as [Reader]
// does and with the same rules, errors and positions, but hands out each
// field as a slice of the data instead of a new string: an unquoted field
// is not copied at all, so a loader can parse numbers in place. It follows
// encoding/csv's syntax exactly (RFC 4180 without lazy quotes: quoted fields
// may hold commas, doubled quotes and line breaks; \r\n ends a line like
// \n; empty lines are skipped); FuzzScannerMatchesReader holds it to that.
type Scanner struct {
	name   string
	data   []byte
	start  int // offset of the first record
	off    int // offset of the next line
	line   int // lines consumed so far
	first  int // line count at the first record
	offset int // lines of the file before the table
	header []string
	index  map[string]int

	fields [][]byte
	pos    []position // of each field of the last record
	buf    []byte     // unquoted copies of the quoted fields
	spans  [][2]int   // quoted fields' spans in buf, -1 for unquoted
}

type position struct{ line, col int }

// NewScanner reads the header row of data; name is the file's name in
// errors and lines the number of lines before the table (see
// [NewReaderAt]). The header follows NewReader's rules.
func NewScanner(data []byte, name string, lines int) (*Scanner, error) {
	s := &Scanner{name: name, data: data, offset: lines}
	head, err := s.Next()
	if errors.Is(err, io.EOF) {
		return nil, &FieldError{File: name, Line: lines + 1, Column: 1, Field: "header", Err: ErrEmpty}
	}
	if err != nil {
		return nil, err
	}
	raw := make([]string, len(head))
	for i, h := range head {
		raw[i] = string(h)
	}
	if s.header, s.index, err = normaliseHeader(name, raw, s.Pos); err != nil {
		return nil, err
	}
	s.start, s.first = s.off, s.line
	return s, nil
}

// Header returns the column names.
func (s *Scanner) Header() []string { return s.header }

// Split divides the records after the header into at most n parts, each a
// Scanner of its own over whole lines, with positions counted from the
// start of the file as s counts them, so that they can be read
// concurrently; lines[k] is the number of lines of part k. It splits only a
// table without any quote character, where every line is one record;
// otherwise it returns s alone.
func (s *Scanner) Split(n int) (parts []*Scanner, lines []int) {
	rest := s.data[s.start:]
	count := func(b []byte) int {
		c := bytes.Count(b, []byte{'\n'})
		if len(b) > 0 && b[len(b)-1] != '\n' {
			c++
		}
		return c
	}
	if n <= 1 || len(rest) < 1<<16 || bytes.IndexByte(rest, '"') >= 0 {
		return []*Scanner{s}, []int{count(rest)}
	}
	from, line := s.start, s.first
	for k := range n {
		to := s.start + len(rest)*(k+1)/n
		if i := bytes.IndexByte(s.data[to:], '\n'); k < n-1 && i >= 0 {
			to += i + 1
		} else {
			to = len(s.data)
		}
		if to <= from {
			continue
		}
		p := *s
		p.data, p.start, p.off, p.first, p.line = s.data[:to], from, from, line, line
		p.fields, p.pos, p.buf, p.spans = nil, nil, nil, nil
		parts = append(parts, &p)
		lines = append(lines, count(s.data[from:to]))
		line += lines[len(lines)-1]
		from = to
	}
	return parts, lines
}

// Index returns the position of the named column.
func (s *Scanner) Index(name string) (int, bool) { i, ok := s.index[name]; return i, ok }

// Reset goes back to the first record after the header.
func (s *Scanner) Reset() { s.off, s.line = s.start, s.first }

// Line is the line of the record last read.
func (s *Scanner) Line() int { l, _ := s.Pos(0); return l }

// Pos returns the line and column of field i of the record last read.
func (s *Scanner) Pos(i int) (line, column int) {
	if i >= len(s.pos) {
		return s.line + s.offset, 1
	}
	return s.pos[i].line + s.offset, s.pos[i].col
}

// ErrAt locates err at field i of the record last read, named by its
// column.
func (s *Scanner) ErrAt(i int, err error) *FieldError { return errAt(s.name, s.header, i, s.Pos, err) }

// readLine returns the next line without its line end (\n, or \r\n), and
// whether it had one; ok is false at the end of the data. A \r before
// the end of the data is dropped, as encoding/csv drops it.
func (s *Scanner) readLine() (content []byte, nl, ok bool) {
	if s.off >= len(s.data) {
		return nil, false, false
	}
	rest := s.data[s.off:]
	s.line++
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		s.off = len(s.data)
		content = rest
	} else {
		s.off += i + 1
		content, nl = rest[:i], true
	}
	if n := len(content); n > 0 && content[n-1] == '\r' {
		content = content[:n-1]
	}
	return content, nl, true
}

func (s *Scanner) syntax(line, col int, err error) error {
	return &FieldError{File: s.name, Line: line + s.offset, Column: col, Field: "csv", Err: err}
}

// Next returns the fields of the next record, or io.EOF after the last.
// The slices point into the data or into a buffer that the next call
// reuses: copy what must outlive the record. Like [Reader.Next], it skips
// lines of spaces and reports a record whose number of fields differs from
// the header's (when there is one) as a *FieldError; reading may go on
// after any error.
func (s *Scanner) Next() ([][]byte, error) {
	for {
		rec, err := s.record()
		if err != nil || s.header == nil {
			return rec, err
		}
		if len(rec) == 1 && len(s.header) > 1 && len(bytes.TrimSpace(rec[0])) == 0 {
			continue
		}
		if len(rec) != len(s.header) {
			return nil, &FieldError{File: s.name, Line: s.Line(), Column: 1, Field: "row",
				Err: fmt.Errorf("got %d fields, want %d", len(rec), len(s.header))}
		}
		return rec, nil
	}
}

// record parses one record as encoding/csv's readRecord does.
func (s *Scanner) record() ([][]byte, error) {
	var line []byte
	var nl, ok bool
	for {
		if line, nl, ok = s.readLine(); !ok {
			return nil, io.EOF
		}
		if len(line) > 0 {
			break
		}
	}
	s.fields, s.pos, s.buf, s.spans = s.fields[:0], s.pos[:0], s.buf[:0], s.spans[:0]
	p := position{s.line, 1}
	for {
		if len(line) == 0 || line[0] != '"' {
			// Fields are short: a byte loop beats two IndexByte calls.
			i := 0
			for i < len(line) && line[i] != ',' && line[i] != '"' {
				i++
			}
			if i < len(line) && line[i] == '"' {
				return nil, s.syntax(s.line, p.col+i, csv.ErrBareQuote)
			}
			s.fields = append(s.fields, line[:i])
			s.pos = append(s.pos, p)
			s.spans = append(s.spans, [2]int{-1, -1})
			if i == len(line) {
				break
			}
			line = line[i+1:]
			p.col += i + 1
			continue
		}
		// Quoted field: unquote into buf.
		fieldPos := p
		from := len(s.buf)
		line = line[1:]
		p.col++
		end := false
		for {
			if i := bytes.IndexByte(line, '"'); i >= 0 {
				s.buf = append(s.buf, line[:i]...)
				line = line[i+1:]
				p.col += i + 1
				switch {
				case len(line) > 0 && line[0] == '"':
					s.buf = append(s.buf, '"')
					line = line[1:]
					p.col++
					continue
				case len(line) > 0 && line[0] == ',':
					line = line[1:]
					p.col++
				case len(line) == 0:
					end = true
				default:
					return nil, s.syntax(s.line, p.col-1, csv.ErrQuote)
				}
				break
			}
			if len(line) == 0 && !nl {
				return nil, s.syntax(p.line, p.col, csv.ErrQuote)
			}
			// The field goes on past the end of the line.
			s.buf = append(s.buf, line...)
			p.col += len(line)
			if nl {
				s.buf = append(s.buf, '\n')
				p.col++
			}
			var more bool
			if line, nl, more = s.readLine(); more && (len(line) > 0 || nl) {
				p.line++
				p.col = 1
			}
		}
		s.fields = append(s.fields, nil)
		s.pos = append(s.pos, fieldPos)
		s.spans = append(s.spans, [2]int{from, len(s.buf)})
		if end {
			break
		}
	}
	for k, sp := range s.spans { // buf is complete: no more moves
		if sp[0] >= 0 {
			s.fields[k] = s.buf[sp[0]:sp[1]]
		}
	}
	return s.fields, nil
}
