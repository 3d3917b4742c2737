package explore

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// TestRequestErrors checks that each bad request of the command line's
// analyses is the user's error and names the flag or the file.
func TestRequestErrors(t *testing.T) {
	dir := t.TempDir()
	good, empty := filepath.Join(dir, "good.csv"), filepath.Join(dir, "empty.csv")
	for p, body := range map[string]string{good: "a,b,y\n0.1,1,0\n0.2,2,1\n0.3,3,1\n", empty: "a,b,y\n"} {
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	nan := math.NaN()
	for _, c := range []struct {
		name string
		run  func() error
		want string
	}{
		{"no data", func() error { _, _, err := DataRequest{Outcome: "y"}.Load(); return err }, "--data is required"},
		{"no outcome", func() error { _, _, err := DataRequest{Data: good}.Load(); return err }, "--outcome is required"},
		{"no rows", func() error { _, _, err := DataRequest{Data: empty, Inputs: "a", Outcome: "y"}.Load(); return err }, "empty.csv: no rows"},
		{"no header factors", func() error { _, _, err := DataRequest{Data: good, Outcome: "y"}.Load(); return err }, "--inputs is required"},
		{"duplicate column", func() error { _, _, err := DataRequest{Data: good, Inputs: "a,y", Outcome: "y"}.Load(); return err }, "in --inputs/--outcome"},
		{"threshold and positive", func() error {
			_, _, _, err := CaseRequest{Threshold: 0.5, Positive: true}.Cases(DataRequest{Data: good, Inputs: "a,b", Outcome: "y"})
			return err
		}, "give exactly one of --threshold T or --positive"},
		{"unknown categorical", func() error {
			_, _, _, err := CaseRequest{Threshold: nan, Positive: true, Categorical: "c"}.Cases(DataRequest{Data: good, Inputs: "a,b", Outcome: "y"})
			return err
		}, "--categorical c: not one of the inputs (a, b)"},
		{"no policy column", func() error { _, err := RobustRequest{}.Run(DataRequest{Data: good, Outcome: "y"}); return err }, "--policy-col is required"},
		{"unknown policy column", func() error {
			_, err := RobustRequest{PolicyCol: "p", Threshold: nan}.Run(DataRequest{Data: good, Outcome: "y"})
			return err
		}, "p"},
		{"rows not a Saltelli design", func() error {
			_, _, err := SobolRequest{SecondOrderRows: "true"}.Run(DataRequest{Data: good, Inputs: "a,b", Outcome: "y"})
			return err
		}, "good.csv: sobol: 3 rows is not a multiple of 6"},
		{"bad group", func() error { _, err := SobolGroups(nil, []string{"a", "b"}, []string{"g"}, true); return err }, "--group:"},
		{"unmatched input", func() error { _, err := SobolGroups(nil, []string{"a", "b"}, []string{"g=a"}, true); return err }, "no group matches input(s) b"},
	} {
		err := c.run()
		if !userinput.Is(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v; want a user's error with %q", c.name, err, c.want)
		}
	}
	in, y, rule, err := CaseRequest{Threshold: 0.5}.Cases(DataRequest{Data: good, Inputs: "a,b", Outcome: "y"})
	if err != nil || len(in) != 2 || len(y) != 3 || y[0] || !y[1] || rule == "" {
		t.Errorf("Cases: %d inputs, %v, %q, %v", len(in), y, rule, err)
	}
}
