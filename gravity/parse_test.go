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

// Expressions read frame columns without writing to them (a bare column
// is the frame's own slice), and compute what their formulas say.
func TestEvalLeavesFrame(t *testing.T) {
	f := NewFrame()
	x := []float64{1, 4, 9}
	_ = f.AddFloat("x", x)
	for _, tc := range []struct {
		expr string
		want []float64
	}{
		{"x", []float64{1, 4, 9}},
		{"sqrt(x)", []float64{1, 2, 3}},
		{"-x", []float64{-1, -4, -9}},
		{"x/2", []float64{0.5, 2, 4.5}},
		{"2/x", []float64{2, 0.5, 2.0 / 9}},
		{"x*x - x", []float64{0, 12, 72}},
		{"x^0.5 + 1", []float64{2, 3, 4}},
		{"I(-x)", []float64{-1, -4, -9}},
	} {
		e, err := ParseExpr(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.eval(f, 3)
		if err != nil {
			t.Fatal(err)
		}
		for i := range tc.want {
			if got[i] != tc.want[i] {
				t.Errorf("%s: %v, want %v", tc.expr, got, tc.want)
				break
			}
		}
		if x[0] != 1 || x[1] != 4 || x[2] != 9 {
			t.Fatalf("%s wrote to the frame's column: %v", tc.expr, x)
		}
	}
}
