package gravity

import "testing"

// TestParseNames checks every accepted name of a family and a separation
// check, and the refusal of others.
func TestParseNames(t *testing.T) {
	for s, want := range map[string]Family{"poisson": Poisson, "ppml": Poisson, "ols": Gaussian, "gaussian": Gaussian} {
		if got, err := ParseFamily(s); err != nil || got != want {
			t.Errorf("ParseFamily(%q) = %v, %v", s, got, err)
		}
	}
	for s, want := range map[string]SeparationCheck{"fe,relu": SeparationFEReLU, "relu": SeparationFEReLU, "fe": SeparationFE, "none": SeparationNone} {
		if got, err := ParseSeparation(s); err != nil || got != want {
			t.Errorf("ParseSeparation(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseFamily("probit"); err == nil {
		t.Error("probit accepted")
	}
	if _, err := ParseSeparation("relu,fe"); err == nil {
		t.Error("relu,fe accepted")
	}
}
