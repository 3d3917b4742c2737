package model

import (
	"errors"
	"fmt"
)

// InputError is an error caused by the scenario or by the caller's
// options (an unknown prior name, a line feature the network lacks, a run
// too large for the memory budget), not by steppe or its data. The command
// line exits 2 on it; the server answers 422.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(err error) error { return &InputError{err} }

func inputErrf(format string, a ...any) error { return &InputError{fmt.Errorf(format, a...)} }

// IsInputError reports whether err is, or wraps, an [InputError].
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}
