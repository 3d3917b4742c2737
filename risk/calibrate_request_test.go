package risk

import (
	"strconv"
	"testing"
)

// TestCalibrateRequestCommand checks the command line recorded in a
// posterior file: the options that change the fit, in a fixed order, and
// the sizes only when they are not the defaults.
func TestCalibrateRequestCommand(t *testing.T) {
	def := CalibrateRequest{Seed: 1, Draws: DefaultFitOptions.Draws, Warmup: DefaultFitOptions.Warmup}
	if got := def.Command(); got != "steppe calibrate --seed 1 --out FILE" {
		t.Errorf("defaults: %q", got)
	}
	r := def
	r.Seed, r.Draws, r.From, r.Scenario = 7, 100, "1995-01", "s.yaml"
	r.Inputs = InputPaths{Episodes: "e.csv", Countries: "c.csv"}
	r.Priors = []string{"x=normal(0,1)", "y=normal(1,2)"}
	want := "steppe calibrate --seed 7 --episodes 'e.csv' --countries 'c.csv' --from '1995-01' --scenario 's.yaml' --draws 100 --warmup " +
		strconv.Itoa(DefaultFitOptions.Warmup) + " --prior 'x=normal(0,1)' --prior 'y=normal(1,2)' --out FILE"
	if got := r.Command(); got != want {
		t.Errorf("Command() = %q, want %q", got, want)
	}
}
