package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/results"
)

// score writes a Brier or log score with four decimals, as steppe
// calibrate prints it, with a true minus sign.
func score(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 4, 64), "-", "−", 1)
}

// auroc writes an AUROC with three decimals, or a dash where there is none.
func auroc(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', 3, 64)
}

// validationLosses says in words every scheme and score on which a baseline
// beats the decision model out of sample, from the scores the run carries.
func validationLosses(v *results.Validation) []string {
	if v == nil {
		return nil
	}
	var out []string
	for i := range v.Schemes {
		s := &v.Schemes[i]
		for _, l := range s.Losses() {
			out = append(out, fmt.Sprintf("Out of sample (%s, %d forecasts), the %s beats the decision model on %s: %s against the model's %s.",
				s.Scheme, s.Forecasts, l.Baseline, l.Score, score(l.Other), score(l.Model)))
		}
	}
	return out
}
