package gravity

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// cholDrop factors the symmetric positive semi-definite matrix a (k×k, row
// major slices) column by column and reports the columns that are linearly
// dependent on the earlier ones: a column is dropped when its remaining
// pivot is at most tol times ref[j] (its squared norm before the fixed
// effects were swept out; nil means the diagonal of a), or not positive.
func cholDrop(a [][]float64, ref []float64, tol float64) (keep []int, dropped []int) {
	k := len(a)
	r := make([][]float64, k)
	for i := range r {
		r[i] = make([]float64, k)
	}
	var kept []int
	for j := 0; j < k; j++ {
		diag := a[j][j]
		// r[i][j] for kept i < j
		for _, i := range kept {
			s := a[i][j]
			for _, p := range kept {
				if p >= i {
					break
				}
				s -= r[p][i] * r[p][j]
			}
			r[i][j] = s / r[i][i]
		}
		s := diag
		for _, p := range kept {
			s -= r[p][j] * r[p][j]
		}
		r0 := diag
		if ref != nil {
			r0 = math.Max(ref[j], diag)
		}
		if diag <= 0 || s <= tol*r0 || math.IsNaN(s) {
			dropped = append(dropped, j)
			continue
		}
		r[j][j] = math.Sqrt(s)
		kept = append(kept, j)
	}
	return kept, dropped
}

// invSPD inverts a symmetric positive definite matrix by Cholesky
// (gonum's mat.Cholesky, LAPACK dpotrf and dpotri). It returns false if
// the matrix is not numerically positive definite.
func invSPD(a [][]float64) ([][]float64, bool) {
	k := len(a)
	if k == 0 {
		return [][]float64{}, true
	}
	sym := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		for j := i; j < k; j++ {
			sym.SetSym(i, j, a[i][j])
		}
	}
	var c mat.Cholesky
	if !c.Factorize(sym) {
		return nil, false
	}
	// InverseTo also warns (mat.Condition) when the condition number passes
	// 1e16, which regressors on very different scales reach without being
	// collinear (collinearity is judged by cholDrop); only a failed inverse
	// is fatal.
	var inv mat.SymDense
	if err := c.InverseTo(&inv); err != nil && math.IsInf(float64(err.(mat.Condition)), 1) {
		return nil, false
	}
	out := make([][]float64, k)
	for i := range out {
		out[i] = make([]float64, k)
		for j := range out[i] {
			out[i][j] = inv.At(i, j)
		}
	}
	return out, true
}

// matVec returns a·v.
func matVec(a [][]float64, v []float64) []float64 {
	out := make([]float64, len(a))
	for i := range a {
		var s float64
		for j, x := range a[i] {
			s += x * v[j]
		}
		out[i] = s
	}
	return out
}

// sandwich returns b·m·b for symmetric b and m.
func sandwich(b, m [][]float64) [][]float64 { return matMul(matMul(b, m), b) }

// matMul returns the product a·b of square matrices, each entry summed in
// index order.
func matMul(a, b [][]float64) [][]float64 {
	k := len(a)
	return square(k, func(i, j int) float64 {
		var s float64
		for p := 0; p < k; p++ {
			s += a[i][p] * b[p][j]
		}
		return s
	})
}

// square returns the k×k matrix with entries f(i, j).
func square(k int, f func(i, j int) float64) [][]float64 {
	out := make([][]float64, k)
	for i := range out {
		out[i] = make([]float64, k)
		for j := range out[i] {
			out[i][j] = f(i, j)
		}
	}
	return out
}

// crossprod returns X'WX (w nil = unit) for columns xs.
func crossprod(xs [][]float64, w []float64) [][]float64 {
	k := len(xs)
	a := make([][]float64, k)
	for i := range a {
		a[i] = make([]float64, k)
	}
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			s := wdot(xs[i], xs[j], w)
			a[i][j] = s
			a[j][i] = s
		}
	}
	return a
}

// crossvec returns X'Wv (w nil = unit).
func crossvec(xs [][]float64, w, v []float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = wdot(x, v, w)
	}
	return out
}

// wdot returns sum_r w_r x_r y_r (w nil = unit), summed in row order.
func wdot(x, y, w []float64) float64 {
	var s float64
	if w == nil {
		for r := range x {
			s += x[r] * y[r]
		}
	} else {
		for r := range x {
			s += w[r] * x[r] * y[r]
		}
	}
	return s
}

// checkCollinear drops regressors collinear with earlier ones or with the
// fixed effects, judged on the demeaned columns xt against the original
// columns x (a column the fixed effects explain demeans to almost nothing).
// It returns the indices kept.
func checkCollinear(xt, x [][]float64, w []float64, tol float64) (keep, dropped []int) {
	if len(xt) == 0 {
		return nil, nil
	}
	a := crossprod(xt, w)
	var ref []float64
	if x != nil {
		ref = make([]float64, len(x))
		for j, c := range x {
			ref[j] = crossvec([][]float64{c}, w, c)[0]
		}
	}
	return cholDrop(a, ref, tol)
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}
