package gravity

import (
	"math"
	"testing"
)

// invSPD inverts positive definite matrices, however badly scaled, and
// refuses the others; cholDrop drops the columns that depend on earlier
// ones, as fixest's collinearity check does.
func TestInvSPD(t *testing.T) {
	tests := []struct {
		name string
		a    [][]float64
		ok   bool
	}{
		{"2x2", [][]float64{{4, 2}, {2, 3}}, true},
		{"scales 1e18 and 1e-18", [][]float64{{1e18, 1}, {1, 1e-18 + 1e-18}}, true},
		{"singular", [][]float64{{1, 2}, {2, 4}}, false},
		{"indefinite", [][]float64{{1, 2}, {2, 1}}, false},
		{"NaN", [][]float64{{math.NaN()}}, false},
		{"empty", [][]float64{}, true},
	}
	for _, tc := range tests {
		inv, ok := invSPD(tc.a)
		if ok != tc.ok {
			t.Errorf("%s: ok %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		for i := range inv { // a·inv = I
			for j := range inv {
				var s float64
				for p := range inv {
					s += tc.a[i][p] * inv[p][j]
				}
				want := 0.0
				if i == j {
					want = 1
				}
				if math.Abs(s-want) > 1e-9 {
					t.Errorf("%s: (a·inv)[%d][%d] = %g", tc.name, i, j, s)
				}
			}
		}
	}
}

func TestCholDrop(t *testing.T) {
	// columns: x, 2x, y, x+y, z
	x := []float64{1, 2, 3, 4, 5}
	y := []float64{1, 0, 1, 0, 2}
	z := []float64{0, 1, 0, 0, 0}
	cols := [][]float64{x, make([]float64, 5), y, make([]float64, 5), z}
	for i := range x {
		cols[1][i] = 2 * x[i]
		cols[3][i] = x[i] + y[i]
	}
	keep, dropped := cholDrop(crossprod(cols, nil), nil, 1e-10)
	if len(keep) != 3 || keep[0] != 0 || keep[1] != 2 || keep[2] != 4 || len(dropped) != 2 || dropped[0] != 1 || dropped[1] != 3 {
		t.Errorf("kept %v dropped %v, want [0 2 4] [1 3]", keep, dropped)
	}
}
