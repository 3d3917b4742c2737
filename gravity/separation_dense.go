package gravity

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// denseLimit bounds the work of the exact dense ReLU path: n·p² flops.
var denseLimit = 2e9

// reluDense runs the ReLU iterations with the least-squares problem under
// equality constraints solved exactly: with A = [X, D] (regressors and
// fixed-effect dummies), the certificates z = Aθ with z = 0 on the y > 0
// rows are A_B·N·φ for N a basis of the null space of A_I (from an SVD),
// and each step projects u onto the column space of A_B·N. It returns false
// when the problem is too large for dense algebra.
func reluDense(isB []bool, x [][]float64, dims []feDim, tol float64, maxIter int) ([]bool, bool) {
	n := len(isB)
	p := len(x)
	for _, d := range dims {
		p += len(d.levels)
	}
	if float64(n)*float64(p)*float64(p) > denseLimit || p == 0 {
		return nil, false
	}
	row := func(i int, dst []float64) {
		clear(dst)
		for j := range x {
			dst[j] = x[j][i]
		}
		off := len(x)
		for _, d := range dims {
			dst[off+int(d.codes[i])] = 1
			off += len(d.levels)
		}
	}
	var nb, ni int
	for _, b := range isB {
		if b {
			nb++
		} else {
			ni++
		}
	}
	ab := mat.NewDense(nb, p, nil)
	var ai *mat.Dense
	if ni > 0 {
		ai = mat.NewDense(ni, p, nil)
	}
	buf := make([]float64, p)
	var bi, ii int
	for i := 0; i < n; i++ {
		row(i, buf)
		if isB[i] {
			ab.SetRow(bi, buf)
			bi++
		} else {
			ai.SetRow(ii, buf)
			ii++
		}
	}
	// Null space of A_I.
	var null *mat.Dense
	if ni == 0 {
		null = mat.NewDense(p, p, nil)
		for j := 0; j < p; j++ {
			null.Set(j, j, 1)
		}
	} else {
		var svd mat.SVD
		if !svd.Factorize(ai, mat.SVDFull) {
			return nil, false
		}
		s := svd.Values(nil)
		var v mat.Dense
		svd.VTo(&v)
		rank := 0
		if len(s) > 0 {
			for _, sv := range s {
				if sv > 1e-10*s[0] {
					rank++
				}
			}
		}
		if rank == p {
			return make([]bool, n), true // only z = 0 is feasible: no separation
		}
		null = mat.DenseCopyOf(v.Slice(0, p, rank, p))
	}
	var m mat.Dense
	m.Mul(ab, null)
	var svd mat.SVD
	if !svd.Factorize(&m, mat.SVDThin) {
		return nil, false
	}
	s := svd.Values(nil)
	var u mat.Dense
	svd.UTo(&u)
	rank := 0
	for _, sv := range s {
		if len(s) > 0 && sv > 1e-10*s[0] && sv > 1e-12 {
			rank++
		}
	}
	sep := make([]bool, n)
	if rank == 0 {
		return sep, true
	}
	q := u.Slice(0, nb, 0, rank)
	ub := mat.NewVecDense(nb, nil)
	for i := 0; i < nb; i++ {
		ub.SetVec(i, 1)
	}
	var coef, z mat.VecDense
	for iter := 0; iter < maxIter; iter++ {
		coef.MulVec(q.T(), ub)
		z.MulVec(q, &coef)
		allNonNeg := true
		minRes := math.Inf(1)
		for i := 0; i < nb; i++ {
			zi := z.AtVec(i)
			if zi >= -0.1*tol && zi <= tol {
				zi = 0
				z.SetVec(i, 0)
			}
			if zi < 0 {
				allNonNeg = false
			}
			r := ub.AtVec(i) - z.AtVec(i)
			if math.Abs(r) < 1e-12 {
				r = 0
			}
			minRes = math.Min(minRes, r)
		}
		if !allNonNeg && minRes >= 0 {
			// No negative residual: the normal equations rule out more
			// separated rows; rows with positive residual are not separated.
			for i := 0; i < nb; i++ {
				if ub.AtVec(i)-z.AtVec(i) > tol {
					z.SetVec(i, 0)
				}
			}
			allNonNeg = true
			for i := 0; i < nb; i++ {
				if z.AtVec(i) < 0 {
					z.SetVec(i, 0)
				}
			}
		}
		if allNonNeg {
			bi := 0
			for i := 0; i < n; i++ {
				if isB[i] {
					sep[i] = z.AtVec(bi) > 0
					bi++
				}
			}
			return sep, true
		}
		for i := 0; i < nb; i++ {
			ub.SetVec(i, math.Max(z.AtVec(i), 0))
		}
	}
	return nil, false
}
