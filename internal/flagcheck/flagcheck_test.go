package flagcheck

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// flags is a flag set with one flag of each kind the checks read.
func flags(t *testing.T, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	fs.Int("draws", 10, "")
	fs.Float64("alpha", 0.5, "")
	fs.Duration("duration", time.Second, "")
	fs.String("format", "table", "")
	fs.String("modes", "", "")
	fs.Bool("backtest", false, "")
	fs.Bool("triggers", false, "")
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		check Check
		want  string   // the error's message, "" for none
		flags []string // the flags the error names
	}{
		{"at least, default not checked", nil, AtLeast("draws", 20), "", nil},
		{"at least, ok", []string{"--draws", "20"}, AtLeast("draws", 20), "", nil},
		{"at least, below", []string{"--draws", "10"}, AtLeast("draws", 20), "--draws 10: must be at least 20", []string{"draws"}},
		{"at least, NaN", []string{"--alpha", "NaN"}, AtLeast("alpha", 0), "--alpha NaN: must be at least 0", []string{"alpha"}},
		{"at least, Inf", []string{"--alpha", "+Inf"}, AtLeast("alpha", 0), "--alpha +Inf: must be at least 0", []string{"alpha"}},
		{"positive, zero", []string{"--alpha", "0"}, Positive("alpha"), "--alpha 0: must be positive", []string{"alpha"}},
		{"positive, ok", []string{"--alpha", "1e-9"}, Positive("alpha"), "", nil},
		{"positive duration, zero", []string{"--duration", "0s"}, Positive("duration"), "--duration 0s: must be positive", []string{"duration"}},
		{"positive duration, ok", []string{"--duration", "2s"}, Positive("duration"), "", nil},
		{"between open, bound", []string{"--alpha", "1"}, Between("alpha", 0, 1, true), "--alpha 1: must be between 0 and 1, exclusive", []string{"alpha"}},
		{"between closed, bound", []string{"--alpha", "1"}, Between("alpha", 0, 1, false), "", nil},
		{"between closed, above", []string{"--alpha", "1.5"}, Between("alpha", 0, 1, false), "--alpha 1.5: must be between 0 and 1", []string{"alpha"}},
		{"one of, ok", []string{"--format", "yaml"}, OneOf("format", "table", "yaml"), "", nil},
		{"one of, two", []string{"--format", "x"}, OneOf("format", "table", "yaml"), `--format "x": want "table" or "yaml"`, []string{"format"}},
		{"one of, three", []string{"--format", "x"}, OneOf("format", "a", "b", "c"), `--format "x": want "a", "b" or "c"`, []string{"format"}},
		{"one of, one", []string{"--format", "x"}, OneOf("format", "a"), `--format "x": want "a"`, []string{"format"}},
		{"list of, ok", []string{"--modes", " Rail, ,road"}, ListOf("modes", "rail", "road"), "", nil},
		{"list of, unknown", []string{"--modes", "rail,air"}, ListOf("modes", "rail", "road"), `--modes: unknown value "air": want a comma list of rail, road`, []string{"modes"}},
		{"exclusive, one", []string{"--backtest"}, Exclusive("backtest", "triggers"), "", nil},
		{"exclusive, both", []string{"--triggers", "--backtest"}, Exclusive("backtest", "triggers"), "--backtest and --triggers are exclusive: give one", []string{"backtest", "triggers"}},
	} {
		err := tc.check(flags(t, tc.args...))
		if tc.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		var fe *Error
		if !errors.As(err, &fe) {
			t.Errorf("%s: error %v (%T), want an *Error", tc.name, err, err)
			continue
		}
		if fe.Error() != tc.want || !slices.Equal(fe.Flags, tc.flags) {
			t.Errorf("%s: %q naming %q, want %q naming %q", tc.name, fe.Error(), fe.Flags, tc.want, tc.flags)
		}
	}
}

// TestPreRun: the checks run in order and the first error stops them.
func TestPreRun(t *testing.T) {
	c := &cobra.Command{Use: "x"}
	c.Flags().Int("draws", 10, "")
	c.Flags().String("format", "table", "")
	if err := c.Flags().Parse([]string{"--draws", "0", "--format", "x"}); err != nil {
		t.Fatal(err)
	}
	err := PreRun(OneOf("format", "table"), AtLeast("draws", 1))(c, nil)
	if err == nil || err.Error() != `--format "x": want "table"` {
		t.Errorf("got %v, want the --format error first", err)
	}
	if err := PreRun()(c, nil); err != nil {
		t.Errorf("no checks: %v", err)
	}
}

// TestNumberUnknownFlag: a check of a flag the command lacks is a
// programming mistake and panics.
func TestNumberUnknownFlag(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for an unknown flag")
		}
	}()
	Number(flags(t), "nope")
}
