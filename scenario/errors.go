package scenario

import (
	"fmt"
	"strings"
)

// Pos is a position in a scenario file.
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Error is one problem in a scenario: where it is, which field, and what is
// wrong. Error() formats it as "file:line:column: field: message".
type Error struct {
	Pos   Pos
	Field string // dotted path, e.g. "actors.KGZ.population"
	Msg   string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Pos, e.Field, e.Msg)
}

// ErrorList is every problem found in a scenario, in file order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

func (l *ErrorList) add(p Pos, field, format string, a ...any) {
	*l = append(*l, &Error{Pos: p, Field: field, Msg: fmt.Sprintf(format, a...)})
}
