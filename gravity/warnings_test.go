package gravity

import (
	"errors"
	"strings"
	"testing"
)

// Each warning of a fit wraps its sentinel, keeps its message, and shows
// in the printed table.
func TestWarningsAreErrors(t *testing.T) {
	_, _, sep := loadGolden(t)
	tests := []struct {
		name string
		opt  Options
		want error
		text string
	}{
		{"IRLS capped", Options{GLMMaxIter: 1}, ErrNotConverged, "IRLS did not converge in 1 iterations"},
		{"demeaning capped", Options{FixefMaxIter: 1, FixefTol: 1e-14}, ErrDemeanNotConverged, "demeaning did not converge in 1 sweeps (IRLS iteration 1)"},
		{"OLS demeaning capped", Options{Family: Gaussian, FixefMaxIter: 1, FixefTol: 1e-14}, ErrDemeanNotConverged, "demeaning did not converge in 1 sweeps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Fit(sep, "y ~ ldist | exp + imp + year", tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, w := range res.Warnings {
				if errors.Is(w, tc.want) && strings.Contains(w.Error(), tc.text) {
					found = true
				}
			}
			if !found {
				t.Fatalf("warnings %v lack %q wrapping %v", res.Warnings, tc.text, tc.want)
			}
			if s := res.String(); !strings.Contains(s, "Warning: "+tc.text) {
				t.Errorf("table lacks the warning:\n%s", s)
			}
		})
	}
}
