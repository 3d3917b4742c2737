// Package flagcheck checks the values of command-line flags once pflag has
// parsed them: a number's range, a string's allowed values, flags that
// exclude each other. A check looks only at flags given on the command line
// (defaults are valid, or, like a NaN threshold, mean "not given"), and its
// error is an *Error whose message names the flag and the value, so that a
// command can refuse a bad value before any work starts and report it as
// input the user must fix.
package flagcheck

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Error is a flag value the user must fix. Its message names the flag.
type Error struct {
	Flags []string // the flags at fault, without the leading "--"
	msg   string
}

func (e *Error) Error() string { return e.msg }

func errorf(flags []string, format string, a ...any) *Error {
	return &Error{Flags: flags, msg: fmt.Sprintf(format, a...)}
}

// Check checks the parsed value of one or more flags; its error names the
// flag.
type Check func(fs *pflag.FlagSet) error

// PreRun returns a cobra PreRunE that runs the checks in order on the
// command's flags and returns the first error.
func PreRun(checks ...Check) func(*cobra.Command, []string) error {
	return func(c *cobra.Command, _ []string) error {
		for _, ck := range checks {
			if err := ck(c.Flags()); err != nil {
				return err
			}
		}
		return nil
	}
}

// Number reads a numeric flag (int, uint, float, or a duration in seconds)
// by its printed value, which it also returns; a value that does not parse
// is NaN. It panics if fs has no flag name: that is a mistake in a
// command's checks, not in its input.
func Number(fs *pflag.FlagSet, name string) (float64, string) {
	f := fs.Lookup(name)
	if f == nil {
		panic("flagcheck: no flag --" + name)
	}
	s := f.Value.String()
	if f.Value.Type() == "duration" {
		d, err := time.ParseDuration(s)
		if err != nil {
			return math.NaN(), s
		}
		return d.Seconds(), s
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN(), s
	}
	return x, s
}

// AtLeast checks that a numeric flag is finite and at least min.
func AtLeast(name string, min float64) Check {
	return func(fs *pflag.FlagSet) error {
		if !fs.Changed(name) {
			return nil
		}
		if x, s := Number(fs, name); !(x >= min) || math.IsInf(x, 0) {
			return errorf([]string{name}, "--%s %s: must be at least %v", name, s, min)
		}
		return nil
	}
}

// Positive checks that a numeric flag is finite and above 0.
func Positive(name string) Check {
	return func(fs *pflag.FlagSet) error {
		if !fs.Changed(name) {
			return nil
		}
		if x, s := Number(fs, name); !(x > 0) || math.IsInf(x, 0) {
			return errorf([]string{name}, "--%s %s: must be positive", name, s)
		}
		return nil
	}
}

// Between checks that a numeric flag is in [lo, hi], or (lo, hi) when open.
func Between(name string, lo, hi float64, open bool) Check {
	return func(fs *pflag.FlagSet) error {
		if !fs.Changed(name) {
			return nil
		}
		x, s := Number(fs, name)
		if open && (x > lo && x < hi) || !open && (x >= lo && x <= hi) {
			return nil
		}
		if open {
			return errorf([]string{name}, "--%s %s: must be between %v and %v, exclusive", name, s, lo, hi)
		}
		return errorf([]string{name}, "--%s %s: must be between %v and %v", name, s, lo, hi)
	}
}

// OneOf checks that a string flag has one of the values.
func OneOf(name string, values ...string) Check {
	return func(fs *pflag.FlagSet) error {
		v, _ := fs.GetString(name)
		if !fs.Changed(name) || slices.Contains(values, v) {
			return nil
		}
		return errorf([]string{name}, "--%s %q: want %s", name, v, orList(values))
	}
}

// ListOf checks that a comma-separated string flag names only the values
// (case-insensitively, blanks ignored).
func ListOf(name string, values ...string) Check {
	return func(fs *pflag.FlagSet) error {
		v, _ := fs.GetString(name)
		for x := range strings.SplitSeq(v, ",") {
			if x = strings.TrimSpace(x); x != "" && !slices.Contains(values, strings.ToLower(x)) {
				return errorf([]string{name}, "--%s: unknown value %q: want a comma list of %s", name, x, strings.Join(values, ", "))
			}
		}
		return nil
	}
}

// Exclusive checks that at most one of the flags is given.
func Exclusive(names ...string) Check {
	return func(fs *pflag.FlagSet) error {
		var set, given []string
		for _, n := range names {
			if fs.Changed(n) {
				set = append(set, "--"+n)
				given = append(given, n)
			}
		}
		if len(set) > 1 {
			return errorf(given, "%s are exclusive: give one", strings.Join(set, " and "))
		}
		return nil
	}
}

// orList is "a", "a or b", "a, b or c", quoted.
func orList(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = strconv.Quote(v)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
