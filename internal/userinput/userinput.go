// Package userinput is what a user hands steppe on the command line, as
// the engines that answer the command line's requests see it: errors in
// it (bad input the user must fix: a flag value, a file, a place; the
// binary exits 2 on them) and comma lists of flag values.
//
// The engines' request types (ge.TableRequest, network.LoadRequest, ...)
// return an [Error] for a problem of the request; their IsRequestError
// functions tell it apart for library users, and the binary's exit code
// for any of them is 2.
package userinput

import (
	"errors"
	"fmt"
	"strings"
)

// Error is an error in what the user gave; its message is shown as is.
type Error struct{ error }

// Unwrap returns the error the input caused.
func (e *Error) Unwrap() error { return e.error }

// Errorf formats an input error; %w keeps what it wraps.
func Errorf(format string, a ...any) error { return &Error{fmt.Errorf(format, a...)} }

// Wrap marks err as an input error; nil stays nil.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	return &Error{err}
}

// Is reports whether err is, or wraps, an [Error].
func Is(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// List splits a comma list, trimming blanks and dropping empty items; it
// is nil when nothing is left.
func List(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
