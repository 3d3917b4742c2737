package ge

// This file holds what the command line asks of the package: a request
// whose fields are the flags of `steppe gravity ge` or `steppe gravity
// counterfactual`, checked and solved here, so that the binary only parses
// flags and prints what comes back.

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/steppe-dev/steppe/csvfile"
)

// RequestError is an error in a request (TableRequest, StudyRequest): a
// flag value, a file or a shock the caller must fix. Its message names the
// command and the flag, as the command line prints it.
type RequestError struct{ error }

// Unwrap returns the error that the request caused.
func (e *RequestError) Unwrap() error { return e.error }

// requestErrf formats a request error; %w keeps what it wraps.
func requestErrf(format string, a ...any) error { return &RequestError{fmt.Errorf(format, a...)} }

// IsRequestError reports whether err is, or wraps, a [RequestError].
func IsRequestError(err error) bool {
	var re *RequestError
	return errors.As(err, &re)
}

// fileErr marks a positioned file error, or any other problem of a file
// or table, as a request error of the command cmd; a positioned one keeps
// its own message.
func fileErr(cmd string, err error) error {
	var fe *csvfile.FieldError
	if errors.As(err, &fe) {
		return requestErrf("%w", err)
	}
	return requestErrf("%s: %w", cmd, err)
}

// readRequestFile opens the user's file path and reads it with read; a
// file that cannot be opened or read is a request error (cmd names the
// command and flag).
func readRequestFile[T any](cmd, path string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	r, err := os.Open(path)
	if err != nil {
		return zero, requestErrf("%s: %w", cmd, err)
	}
	defer r.Close()
	v, err := read(r, path)
	if err != nil {
		return zero, requestErrf("%w", err)
	}
	return v, nil
}
