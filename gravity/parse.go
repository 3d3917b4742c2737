package gravity

import "fmt"

// ParseFamily reads a model family by name: poisson or ppml ([Poisson]),
// ols or gaussian ([Gaussian]).
func ParseFamily(s string) (Family, error) {
	switch s {
	case "poisson", "ppml":
		return Poisson, nil
	case "ols", "gaussian":
		return Gaussian, nil
	}
	return 0, fmt.Errorf("family %q: want poisson or ols", s)
}

// ParseSeparation reads a separation check by name: fe,relu or relu
// ([SeparationFEReLU]), fe ([SeparationFE]) or none ([SeparationNone]).
func ParseSeparation(s string) (SeparationCheck, error) {
	switch s {
	case "fe,relu", "relu":
		return SeparationFEReLU, nil
	case "fe":
		return SeparationFE, nil
	case "none":
		return SeparationNone, nil
	}
	return 0, fmt.Errorf("separation %q: want fe,relu, fe or none", s)
}
