package world

import "fmt"

// Pos is where a scenario file states something: the file's name and the
// 1-based line and column, so that a later stage (an engine checking a
// name only it knows) can report a problem at its place.
type Pos struct {
	File         string
	Line, Column int
}

// String formats p as file:line:column.
func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column) }
