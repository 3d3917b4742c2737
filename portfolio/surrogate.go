package portfolio

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Term is a pairwise interaction: Coef is added when items I and J are
// both funded.
type Term struct {
	I, J int
	Coef float64
}

func (t Term) other(i int) int {
	if t.I == i {
		return t.J
	}
	return t.I
}

// Surrogate is a pseudo-Boolean quadratic model of an outcome over
// portfolios: Const + Σ Lin[i]·x_i + Σ Coef·x_I·x_J.
type Surrogate struct {
	Const float64
	Lin   []float64
	Pairs []Term
	// RMSE is the leave-one-out root mean square error of the fit over
	// the design points that other points constrain (LOOPoints of them):
	// the surrogate's stated error for a portfolio it has not seen.
	RMSE      float64
	LOOPoints int
	pairsOf   [][]Term
}

// NewSurrogate builds a surrogate from its coefficients.
func NewSurrogate(c float64, lin []float64, pairs []Term) *Surrogate {
	s := &Surrogate{Const: c, Lin: lin, Pairs: pairs}
	s.index()
	return s
}

func (s *Surrogate) index() {
	s.pairsOf = make([][]Term, len(s.Lin))
	for _, t := range s.Pairs {
		s.pairsOf[t.I] = append(s.pairsOf[t.I], t)
		s.pairsOf[t.J] = append(s.pairsOf[t.J], t)
	}
}

// Predict is the surrogate's value for the funded set x (bit i: item i).
func (s *Surrogate) Predict(x uint64) float64 {
	v := s.Const
	for i, a := range s.Lin {
		if x&(1<<uint(i)) != 0 {
			v += a
		}
	}
	for _, t := range s.Pairs {
		if x&(1<<uint(t.I)) != 0 && x&(1<<uint(t.J)) != 0 {
			v += t.Coef
		}
	}
	return v
}

// Design is the sample of portfolios simulated to fit the surrogate, for
// n items: no item, each item alone, each pair (so that every pairwise
// interaction is estimated from a point of its own), all items, and n
// further portfolios drawn with each item in with probability 1/2 and at
// least three items (so that the leave-one-out error tests the fit on
// portfolios larger than a pair). Points are distinct; the draw is a
// function of seed.
func Design(n int, seed uint64) []uint64 {
	seen := map[uint64]bool{}
	var out []uint64
	add := func(x uint64) {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	add(0)
	for i := range n {
		add(1 << uint(i))
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			add(1<<uint(i) | 1<<uint(j))
		}
	}
	all := uint64(1)<<uint(n) - 1
	if n == 64 {
		all = math.MaxUint64
	}
	add(all)
	if n < 4 {
		return out
	}
	r := rand.New(rand.NewPCG(seed, 0x706f7274666f6c69)) // "portfoli"
	for k, tries := 0, 0; k < n && tries < 100*n; tries++ {
		x := r.Uint64() & all
		if bits.OnesCount64(x) < 3 || seen[x] {
			continue
		}
		add(x)
		k++
	}
	return out
}

// Fit fits a surrogate of n items with the given pairwise terms to the
// outcomes y at the design points xs by least squares, and states its
// leave-one-out error (computed exactly from the hat matrix: e_i/(1-h_ii)).
// Points with h_ii = 1 (fitted exactly whatever their value, such as a
// pair's own point when its interaction is a term) are left out of that
// error: nothing else predicts them.
func Fit(n int, pairs [][2]int, xs []uint64, y []float64) (*Surrogate, error) {
	p := 1 + n + len(pairs)
	if len(xs) != len(y) || len(xs) < p {
		return nil, fmt.Errorf("portfolio: %d design points for %d coefficients", len(xs), p)
	}
	row := func(x uint64) []float64 {
		r := make([]float64, p)
		r[0] = 1
		for i := range n {
			if x&(1<<uint(i)) != 0 {
				r[1+i] = 1
			}
		}
		for k, pr := range pairs {
			if x&(1<<uint(pr[0])) != 0 && x&(1<<uint(pr[1])) != 0 {
				r[1+n+k] = 1
			}
		}
		return r
	}
	xtx := make([][]float64, p)
	for i := range xtx {
		xtx[i] = make([]float64, p)
	}
	xty := make([]float64, p)
	rows := make([][]float64, len(xs))
	for k, x := range xs {
		rows[k] = row(x)
		for i, a := range rows[k] {
			if a == 0 {
				continue
			}
			xty[i] += a * y[k]
			for j, b := range rows[k] {
				xtx[i][j] += a * b
			}
		}
	}
	inv, err := invert(xtx)
	if err != nil {
		return nil, err
	}
	beta := make([]float64, p)
	for i := range beta {
		for j := range beta {
			beta[i] += inv[i][j] * xty[j]
		}
	}
	s := &Surrogate{Const: beta[0], Lin: slices.Clone(beta[1 : 1+n])}
	for k, pr := range pairs {
		s.Pairs = append(s.Pairs, Term{I: pr[0], J: pr[1], Coef: beta[1+n+k]})
	}
	s.index()
	sse := 0.0
	for k, r := range rows {
		h := 0.0
		for i, a := range r {
			for j, b := range r {
				h += a * inv[i][j] * b
			}
		}
		if h > 1-1e-9 {
			continue
		}
		e := (y[k] - s.Predict(xs[k])) / (1 - h)
		sse += e * e
		s.LOOPoints++
	}
	if s.LOOPoints > 0 {
		s.RMSE = math.Sqrt(sse / float64(s.LOOPoints))
	}
	return s, nil
}

// invert inverts a symmetric positive definite matrix by Gauss-Jordan
// elimination with partial pivoting.
func invert(a [][]float64) ([][]float64, error) {
	n := len(a)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, 2*n)
		copy(m[i], a[i])
		m[i][n+i] = 1
	}
	for c := range n {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[piv][c]) {
				piv = r
			}
		}
		if math.Abs(m[piv][c]) < 1e-10 {
			return nil, errors.New("portfolio: the design does not identify the surrogate (singular normal equations)")
		}
		m[c], m[piv] = m[piv], m[c]
		d := m[c][c]
		for j := range m[c] {
			m[c][j] /= d
		}
		for r := range n {
			if r != c && m[r][c] != 0 {
				f := m[r][c]
				for j := range m[r] {
					m[r][j] -= f * m[c][j]
				}
			}
		}
	}
	out := make([][]float64, n)
	for i := range out {
		out[i] = m[i][n:]
	}
	return out, nil
}
