package ge

// This file holds what the command line asks of the package: a request
// whose fields are the flags of `steppe gravity ge` or `steppe gravity
// counterfactual`, checked and solved here, so that the binary only parses
// flags and prints what comes back.

import (
	"errors"
	"io"
	"os"

	"github.com/steppe-dev/steppe/csvfile"
	"github.com/steppe-dev/steppe/internal/userinput"
)

// IsRequestError reports whether err is an error in a request (a flag
// value, a file or a shock the caller must fix), as the command line
// prints it; it exits 2.
func IsRequestError(err error) bool { return userinput.Is(err) }

// fileErr marks a positioned file error, or any other problem of a file
// or table, as a request error of the command cmd; a positioned one keeps
// its own message.
func fileErr(cmd string, err error) error {
	var fe *csvfile.FieldError
	if errors.As(err, &fe) {
		return userinput.Wrap(err)
	}
	return userinput.Errorf("%s: %w", cmd, err)
}

// readRequestFile opens the user's file path and reads it with read; a
// file that cannot be opened or read is a request error (cmd names the
// command and flag).
func readRequestFile[T any](cmd, path string, read func(io.Reader, string) (T, error)) (T, error) {
	var zero T
	r, err := os.Open(path)
	if err != nil {
		return zero, userinput.Errorf("%s: %w", cmd, err)
	}
	defer r.Close()
	v, err := read(r, path)
	if err != nil {
		return zero, userinput.Wrap(err)
	}
	return v, nil
}
