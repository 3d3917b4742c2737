package gravity

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
)

// VcovType is the kind of variance–covariance estimator.
type VcovType int

const (
	// VcovIID assumes independent homoskedastic errors: (X̃'WX̃)⁻¹ for
	// Poisson (dispersion fixed at 1), σ̂²(X̃'X̃)⁻¹ for OLS.
	VcovIID VcovType = iota
	// VcovHetero is the heteroskedasticity-robust (White, HC1-like) sandwich.
	VcovHetero
	// VcovCluster is clustered by one or more (Cameron, Gelbach & Miller
	// 2011) variables.
	VcovCluster
)

// VcovSpec selects standard errors. The zero value is iid with fixest's
// default small-sample correction.
type VcovSpec struct {
	Type VcovType
	// Cluster lists the clustering dimensions (one or two; each a column or
	// an interaction a^b) for VcovCluster.
	Cluster []FETerm
	// NoSmallSample turns off the corrections: fixest's
	// ssc(adj = FALSE, cluster.adj = FALSE).
	NoSmallSample bool
}

// String renders the spec in the CLI syntax.
func (s VcovSpec) String() string {
	switch s.Type {
	case VcovHetero:
		return "hetero"
	case VcovCluster:
		var parts []string
		for _, c := range s.Cluster {
			parts = append(parts, c.Label())
		}
		return "cluster:" + strings.Join(parts, ",")
	}
	return "iid"
}

// ParseVcov parses "iid", "hetero" (or "hc1", "white"), "cluster:a",
// "cluster:a^b" (one-way by an interaction) or "cluster:a,b" (two-way).
func ParseVcov(s string) (VcovSpec, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "", "iid", "standard":
		return VcovSpec{Type: VcovIID}, nil
	case "hetero", "hc1", "white", "robust":
		return VcovSpec{Type: VcovHetero}, nil
	}
	rest, ok := strings.CutPrefix(t, "cluster:")
	if !ok {
		return VcovSpec{}, fmt.Errorf("vcov %q: want iid, hetero, cluster:a, cluster:a^b or cluster:a,b", s)
	}
	spec := VcovSpec{Type: VcovCluster}
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return VcovSpec{}, fmt.Errorf("vcov %q: empty cluster variable", s)
		}
		var term FETerm
		for _, v := range strings.Split(part, "^") {
			v = strings.TrimSpace(v)
			if v == "" {
				return VcovSpec{}, fmt.Errorf("vcov %q: empty name in interaction %q", s, part)
			}
			term.Vars = append(term.Vars, v)
			term.Pos = append(term.Pos, 0)
		}
		spec.Cluster = append(spec.Cluster, term)
	}
	if len(spec.Cluster) > 2 {
		return VcovSpec{}, fmt.Errorf("vcov %q: at most two-way clustering is supported", s)
	}
	return spec, nil
}

// Vcov is a variance–covariance matrix with the inference it implies.
type Vcov struct {
	Spec   VcovSpec
	Matrix [][]float64
	SE     []float64
	Stat   []float64 // z (Poisson) or t (OLS)
	PValue []float64
	// K is the number of parameters used by the small-sample correction.
	K int
	// DF is the degrees of freedom of the t distribution (n−K, or G_min−1
	// when clustered); Poisson p-values use the normal distribution.
	DF int
	// G is the number of clusters per clustering dimension.
	G []int
	// Factor is the small-sample factor applied to the raw matrix.
	Factor float64
	// Warnings notes repairs (ErrVcovRepaired).
	Warnings []error
}

// Dist names the reference distribution of Stat: "z" or "t".
func (v *Vcov) Dist(fam Family) string {
	if fam == Gaussian {
		return "t"
	}
	return "z"
}

// Vcov computes the variance–covariance matrix of the coefficients for the
// given spec, with fixest's default small-sample corrections (unless
// NoSmallSample): with n observations, K = coefficients + fixed effects −
// (dimensions − 1), minus the fixed effects nested in a cluster variable,
//
//	iid:      raw · (n−1)/(n−K)
//	hetero:   bread·meat·bread · n/(n−K)
//	cluster:  bread·meat·bread · G/(G−1) · (n−1)/(n−K)
//
// Two-way clustering is V_a + V_b − V_ab, each term scaled with the
// smallest G (fixest's cluster.df = "min"); the t degrees of freedom are
// G_min − 1. It needs no refit.
func (r *Result) Vcov(spec VcovSpec) (*Vcov, error) {
	k := len(r.Coef)
	n := r.NObs
	out := &Vcov{Spec: spec, K: r.NParams}
	if k == 0 {
		return out, nil
	}
	nf := float64(n)
	var raw [][]float64
	var factor float64 = 1
	switch spec.Type {
	case VcovIID:
		raw = copyMat(r.bread)
		if r.Family == Gaussian {
			s2 := r.SSR / (nf - 1)
			scaleMat(raw, s2)
		}
		if !spec.NoSmallSample {
			factor = (nf - 1) / (nf - float64(out.K))
		}
		out.DF = n - out.K
	case VcovHetero:
		scores := r.scores()
		meat := make([][]float64, k)
		for a := range meat {
			meat[a] = make([]float64, k)
			for b := 0; b <= a; b++ {
				var s float64
				sa, sb := scores[a], scores[b]
				for i := range sa {
					s += sa[i] * sb[i]
				}
				meat[a][b] = s
			}
		}
		symmetrize(meat)
		raw = sandwich(r.bread, meat)
		if !spec.NoSmallSample {
			factor = nf / (nf - float64(out.K))
		}
		out.DF = n - out.K
	case VcovCluster:
		if len(spec.Cluster) == 0 {
			return nil, inputErrorf("vcov cluster: no cluster variable given")
		}
		codes := make([][]int32, len(spec.Cluster))
		for c, term := range spec.Cluster {
			var err error
			codes[c], err = r.clusterCodes(term)
			if err != nil {
				return nil, err
			}
		}
		// K without the fixed effects nested in a cluster variable.
		nested := 0
		var nestedSize int
		for q, d := range r.dims {
			for c := range codes {
				if isNested(d.codes, len(d.levels), codes[c]) {
					nested++
					nestedSize += len(d.levels)
					_ = q
					break
				}
			}
		}
		if nested > 0 {
			if nested == len(r.dims) {
				out.K = r.NParams - nFEParams(r.dims) + 1
			} else {
				out.K = r.NParams - (nestedSize - nested)
			}
			out.K = max(out.K, k+1)
		}
		scores := r.scores()
		var terms [][]int32
		var signs []float64
		switch len(codes) {
		case 1:
			terms, signs = [][]int32{codes[0]}, []float64{1}
		case 2:
			inter, _ := combineCodes(codes[0], make([]string, maxCode(codes[0])+1), codes[1], make([]string, maxCode(codes[1])+1))
			terms, signs = [][]int32{codes[0], codes[1], inter}, []float64{1, 1, -1}
		default:
			return nil, inputErrorf("vcov: at most two-way clustering is supported")
		}
		gmin := math.MaxInt
		for _, c := range codes {
			g := maxCode(c) + 1
			out.G = append(out.G, g)
			gmin = min(gmin, g)
		}
		meat := make([][]float64, k)
		for a := range meat {
			meat[a] = make([]float64, k)
		}
		for t, c := range terms {
			m := clusterMeat(scores, c)
			for a := range meat {
				for b := range meat {
					meat[a][b] += signs[t] * m[a][b]
				}
			}
		}
		raw = sandwich(r.bread, meat)
		if !spec.NoSmallSample {
			g := float64(gmin)
			factor = g / (g - 1) * (nf - 1) / (nf - float64(out.K))
		}
		out.DF = gmin - 1
	default:
		return nil, fmt.Errorf("unknown vcov type %d", spec.Type)
	}
	scaleMat(raw, factor)
	out.Factor = factor
	if len(spec.Cluster) > 1 {
		neg := false
		for i := range raw {
			if raw[i][i] < 0 {
				neg = true
			}
		}
		if neg {
			raw = posdefFix(raw)
			out.Warnings = append(out.Warnings, fmt.Errorf("%w and was fixed by zeroing negative eigenvalues (Cameron, Gelbach & Miller 2011)", ErrVcovRepaired))
		}
	}
	out.Matrix = raw
	out.SE = make([]float64, k)
	out.Stat = make([]float64, k)
	out.PValue = make([]float64, k)
	for j := 0; j < k; j++ {
		out.SE[j] = math.Sqrt(raw[j][j])
		out.Stat[j] = r.Coef[j] / out.SE[j]
		if r.Family == Gaussian {
			out.PValue[j] = tPValue(out.Stat[j], float64(max(out.DF, 1)))
		} else {
			out.PValue[j] = math.Erfc(math.Abs(out.Stat[j]) / math.Sqrt2)
		}
	}
	return out, nil
}

// tPValue is the two-sided p-value of t with df degrees of freedom.
func tPValue(t, df float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	x := df / (df + t*t)
	return mathext.RegIncBeta(df/2, 0.5, x)
}

// scores returns per-coefficient score columns: x̃_ij·(y_i − ŷ_i) for
// Poisson (x̃ weighted-demeaned) and x̃_ij·e_i for OLS.
func (r *Result) scores() [][]float64 {
	s := make([][]float64, len(r.xt))
	for j, x := range r.xt {
		c := make([]float64, len(x))
		for i := range x {
			c[i] = x[i] * r.resid[i]
		}
		s[j] = c
	}
	return s
}

func clusterMeat(scores [][]float64, codes []int32) [][]float64 {
	k := len(scores)
	g := maxCode(codes) + 1
	sums := make([][]float64, k)
	for j := range sums {
		sj := make([]float64, g)
		for i, c := range codes {
			sj[c] += scores[j][i]
		}
		sums[j] = sj
	}
	m := make([][]float64, k)
	for a := range m {
		m[a] = make([]float64, k)
		for b := 0; b <= a; b++ {
			var s float64
			for c := 0; c < g; c++ {
				s += sums[a][c] * sums[b][c]
			}
			m[a][b] = s
		}
	}
	symmetrize(m)
	return m
}

// clusterCodes returns dense cluster codes for the used observations.
func (r *Result) clusterCodes(t FETerm) ([]int32, error) {
	for _, v := range t.Vars {
		if _, ok := r.frame.cols[v]; !ok {
			return nil, inputErrorf("vcov: unknown cluster column %q; available: %s", v, r.frame.availableColumns())
		}
	}
	raw, lev, err := termCodes(r.frame, t)
	if err != nil {
		return nil, &InputError{err}
	}
	for _, row := range r.Rows {
		if raw[row] < 0 {
			return nil, inputErrorf("vcov: cluster variable %s is missing at row %d, which the fit used", t.Label(), row+1)
		}
	}
	return restrict(t.Label(), raw, lev, r.Rows).codes, nil
}

// isNested reports whether every level of fe lies within a single cluster.
func isNested(fe []int32, nlev int, cl []int32) bool {
	owner := make([]int32, nlev)
	for i := range owner {
		owner[i] = -1
	}
	for i, f := range fe {
		switch owner[f] {
		case -1:
			owner[f] = cl[i]
		case cl[i]:
		default:
			return false
		}
	}
	return true
}

func maxCode(c []int32) int {
	m := -1
	for _, v := range c {
		if int(v) > m {
			m = int(v)
		}
	}
	return m
}

func copyMat(a [][]float64) [][]float64 {
	out := make([][]float64, len(a))
	for i := range a {
		out[i] = append([]float64(nil), a[i]...)
	}
	return out
}

func scaleMat(a [][]float64, s float64) {
	for i := range a {
		for j := range a[i] {
			a[i][j] *= s
		}
	}
}

func symmetrize(m [][]float64) {
	for a := range m {
		for b := 0; b < a; b++ {
			m[b][a] = m[a][b]
		}
	}
}

// posdefFix replaces negative eigenvalues by zero (Cameron, Gelbach &
// Miller 2011), as fixest does for multiway clustering.
func posdefFix(a [][]float64) [][]float64 {
	k := len(a)
	s := mat.NewSymDense(k, nil)
	for i := 0; i < k; i++ {
		for j := 0; j <= i; j++ {
			s.SetSym(i, j, a[i][j])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(s, true) {
		return a
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	return square(k, func(i, j int) float64 {
		var v float64
		for e := 0; e < k; e++ {
			if vals[e] > 0 {
				v += vecs.At(i, e) * vals[e] * vecs.At(j, e)
			}
		}
		return v
	})
}
