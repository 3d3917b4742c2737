package risk

import (
	"strconv"
	"testing"
)

// TestCalibrateRequestCommand checks the command line recorded in a
// posterior file: the options that change the fit, in a fixed order, and
// the sizes only when they are not the defaults.
func TestCalibrateRequestCommand(t *testing.T) {
	for _, c := range []struct {
		r    CalibrateRequest
		want string
	}{
		{CalibrateRequest{Seed: 1, Draws: DefaultFitOptions.Draws, Warmup: DefaultFitOptions.Warmup}, "steppe calibrate --seed 1 --out FILE"},
		{CalibrateRequest{Seed: 7, Draws: 100, Warmup: DefaultFitOptions.Warmup, From: "1995-01", Scenario: "s.yaml",
			Inputs: InputPaths{Episodes: "e.csv", Countries: "c.csv"}, Priors: []string{"x=normal(0,1)", "y=normal(1,2)"}},
			"steppe calibrate --seed 7 --episodes 'e.csv' --countries 'c.csv' --from '1995-01' --scenario 's.yaml' --draws 100 --warmup " +
				strconv.Itoa(DefaultFitOptions.Warmup) + " --prior 'x=normal(0,1)' --prior 'y=normal(1,2)' --out FILE"},
	} {
		if got := c.r.Command(); got != c.want {
			t.Errorf("Command() = %q, want %q", got, c.want)
		}
	}
}
