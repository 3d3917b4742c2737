package gravity

import "errors"

// Warnings are values of type error: Result.Warnings and Vcov.Warnings hold
// conditions a user should know about that do not stop the estimation. Each
// wraps one of the sentinels below, so that a caller can tell them apart
// with errors.Is.
var (
	// ErrDemeanNotConverged: demeaning a column stopped at
	// Options.FixefMaxIter sweeps before reaching Options.FixefTol.
	ErrDemeanNotConverged = errors.New("demeaning did not converge")
	// ErrNotConverged: IRLS stopped at Options.GLMMaxIter iterations
	// before reaching Options.GLMTol.
	ErrNotConverged = errors.New("IRLS did not converge")
	// ErrSeparationInconclusive: the ReLU separation test ran out of its
	// budget and dropped nothing (all-zero fixed-effect groups are still
	// dropped).
	ErrSeparationInconclusive = errors.New("ReLU separation test inconclusive")
	// ErrVcovRepaired: a two-way clustered variance matrix had negative
	// diagonal entries and was made positive semi-definite.
	ErrVcovRepaired = errors.New("two-way clustered variance had negative diagonal entries")
)

// warningTexts returns the messages of the warnings of r and v, in order.
func warningTexts(r *Result, v *Vcov) []string {
	var out []string
	for _, ws := range [][]error{r.Warnings, v.Warnings} {
		for _, w := range ws {
			out = append(out, w.Error())
		}
	}
	return out
}
