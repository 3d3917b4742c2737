package explore

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Estimator names a pair of Sobol' index estimators.
type Estimator string

const (
	// Saltelli2010 estimates first-order indices with Saltelli et al.
	// (2010), table 2 (b), and total indices with Jansen (1999), the pair
	// that Saltelli et al. (2010) recommend; the default, as in SALib.
	Saltelli2010 Estimator = "saltelli2010"
	// Jansen estimates both first-order and total indices with Jansen
	// (1999): V_j = V - E[(f(B) - f(A_B^j))^2]/2.
	Jansen Estimator = "jansen"
)

// SobolOptions configures SobolAnalyze.
type SobolOptions struct {
	// Inputs name the D factors in design order.
	Inputs []string
	// SecondOrder says the rows include B_A^j (N(2D+2) rows) and asks for
	// second-order indices.
	SecondOrder bool
	Estimator   Estimator
	// Resamples is the number of bootstrap resamples (default 1000; 0 uses
	// the default, a negative value turns the bootstrap off).
	Resamples int
	// Conf is the confidence level of the intervals (default 0.95).
	Conf float64
	// Seed drives the bootstrap.
	Seed uint64
	// Workers bounds the goroutines of the bootstrap (default GOMAXPROCS);
	// results do not depend on it.
	Workers int
}

// Index is one estimated sensitivity index with its bootstrap percentile
// interval and standard error.
type Index struct {
	Value float64 `json:"value"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	SE    float64 `json:"se"`
}

// SobolInput holds the indices of one input.
type SobolInput struct {
	Input string `json:"input"`
	S1    Index  `json:"S1"`
	ST    Index  `json:"ST"`
}

// SobolPair holds a second-order index.
type SobolPair struct {
	A  string `json:"a"`
	B  string `json:"b"`
	S2 Index  `json:"S2"`
}

// ConvergencePoint holds point estimates from the first N base samples.
type ConvergencePoint struct {
	N  int       `json:"n"`
	S1 []float64 `json:"S1"`
	ST []float64 `json:"ST"`
}

// SobolResult is the outcome of a Sobol' analysis. Its JSON form is what
// the CLI prints and the dashboard draws (bars with [lo, hi] intervals, and
// the convergence lines).
type SobolResult struct {
	Outcome     string             `json:"outcome,omitempty"`
	N           int                `json:"n"`
	Rows        int                `json:"rows"`
	Estimator   Estimator          `json:"estimator"`
	Conf        float64            `json:"conf"`
	Resamples   int                `json:"resamples"`
	Mean        float64            `json:"mean"`
	Variance    float64            `json:"variance"`
	Indices     []SobolInput       `json:"indices"`
	Pairs       []SobolPair        `json:"pairs,omitempty"`
	Convergence []ConvergencePoint `json:"convergence"`
	Warnings    []string           `json:"warnings"`
	// Groups, for grouped indices, lists each group's members; the
	// indices' Input is then the group's name.
	Groups []Group `json:"groups,omitempty"`
}

// SobolRowsPerBase is the number of rows per base sample of the Saltelli
// layout: D+2, or 2D+2 with second order.
func SobolRowsPerBase(d int, secondOrder bool) int {
	if secondOrder {
		return 2*d + 2
	}
	return d + 2
}

// MinSobolBase is the smallest number of base samples SobolAnalyze accepts.
const MinSobolBase = 8

// sobolTerms lays out, for each base sample, the per-row terms whose means
// give every estimate, so that an estimate is a handful of sums and a
// bootstrap resample is a weighted sum of rows.
type sobolTerms struct {
	d, m, n int
	second  bool
	t       []float64 // n rows × m terms
}

// Term layout: 0 fA, 1 fB, 2 fA², 3 fB², 4 fA·fB, then per j:
// fB(fABj−fA), (fA−fABj)², (fB−fABj)², then per pair j<k: fBAj·fABk.
func newSobolTerms(y []float64, d int, second bool, center float64) *sobolTerms {
	per := SobolRowsPerBase(d, second)
	n := len(y) / per
	npair := 0
	if second {
		npair = d * (d - 1) / 2
	}
	m := 5 + 3*d + npair
	st := &sobolTerms{d: d, m: m, n: n, second: second, t: make([]float64, n*m)}
	for i := 0; i < n; i++ {
		r := y[i*per : (i+1)*per]
		fA, fB := r[0]-center, r[per-1]-center
		t := st.t[i*m : (i+1)*m]
		t[0], t[1], t[2], t[3], t[4] = fA, fB, fA*fA, fB*fB, fA*fB
		for j := 0; j < d; j++ {
			fAB := r[1+j] - center
			t[5+3*j] = fB * (fAB - fA)
			t[6+3*j] = (fA - fAB) * (fA - fAB)
			t[7+3*j] = (fB - fAB) * (fB - fAB)
		}
		if second {
			q := 5 + 3*d
			for j := 0; j < d; j++ {
				fBA := r[1+d+j] - center
				for k := j + 1; k < d; k++ {
					t[q] = fBA * (r[1+k] - center)
					q++
				}
			}
		}
	}
	return st
}

// estimates turns sums of terms over n rows into S1, ST and S2 (packed
// upper triangle); ok is false when the variance is zero.
func (st *sobolTerms) estimates(sum []float64, n float64, est Estimator, s1, stt, s2 []float64) bool {
	d := st.d
	mA, mB := sum[0]/n, sum[1]/n
	// Variance of the pooled A and B outputs (population form, as SALib).
	mean := (mA + mB) / 2
	v := (sum[2]+sum[3])/(2*n) - mean*mean
	if !(v > 0) {
		return false
	}
	for j := 0; j < d; j++ {
		switch est {
		case Jansen:
			s1[j] = (v - sum[7+3*j]/(2*n)) / v
		default:
			s1[j] = sum[5+3*j] / n / v
		}
		stt[j] = sum[6+3*j] / (2 * n) / v
	}
	if st.second {
		q := 5 + 3*d
		fAfB := sum[4] / n
		for j := 0; j < d; j++ {
			for k := j + 1; k < d; k++ {
				// Saltelli (2002), as in SALib: V_jk = E[f(B_A^j) f(A_B^k) - f(A) f(B)].
				vjk := (sum[q]/n - fAfB) / v
				s2[q-5-3*d] = vjk - s1[j] - s1[k]
				q++
			}
		}
	}
	return true
}

// SobolAnalyze estimates Sobol' (1993) first-order, total and (optionally)
// second-order indices from outcomes y of a design in the Saltelli layout
// (see NewDesign with SobolSaltelli), with bootstrap percentile intervals
// (Efron & Tibshirani 1993) over base samples and a convergence series.
func SobolAnalyze(y []float64, opt SobolOptions) (*SobolResult, error) {
	d := len(opt.Inputs)
	if d < 1 {
		return nil, errors.New("sobol: no inputs")
	}
	per := SobolRowsPerBase(d, opt.SecondOrder)
	if len(y)%per != 0 {
		alt := SobolRowsPerBase(d, !opt.SecondOrder)
		hint := ""
		if len(y)%alt == 0 {
			hint = fmt.Sprintf("; it does fit %d rows per base sample: check the second-order setting", alt)
		}
		return nil, fmt.Errorf("sobol: %d rows is not a multiple of %d (rows per base sample for %d inputs in the Saltelli layout)%s", len(y), per, d, hint)
	}
	n := len(y) / per
	if n < MinSobolBase {
		return nil, fmt.Errorf("sobol: %d base samples (%d rows); need at least %d, and 1,000 or more for stable indices", n, len(y), MinSobolBase)
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("sobol: outcome of row %d is %v", i+1, v)
		}
	}
	if opt.Estimator == "" {
		opt.Estimator = Saltelli2010
	}
	if opt.Estimator != Saltelli2010 && opt.Estimator != Jansen {
		return nil, fmt.Errorf("sobol: unknown estimator %q (want saltelli2010 or jansen)", opt.Estimator)
	}
	if opt.Resamples == 0 {
		opt.Resamples = 1000
	}
	if opt.Conf == 0 {
		opt.Conf = 0.95
	}
	if !(opt.Conf > 0 && opt.Conf < 1) {
		return nil, fmt.Errorf("sobol: confidence level %v; want between 0 and 1", opt.Conf)
	}
	mean := 0.0
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	// Terms are centred on the mean of all rows, as SALib centres its
	// outputs (it standardises Y by the mean and standard deviation of
	// every row). The centre matters: the Saltelli et al. (2010) S1
	// estimator E[f(B)(f(A_B) - f(A))] and Saltelli's (2002) E[f(B_A)
	// f(A_B) - f(A) f(B)] for S2 change with a shift of the outputs in a
	// finite sample (at N = 1,024 on Ishigami, centring on the A and B
	// rows alone moves S1 by 2e-7 and S2 by 3e-6); the total indices and
	// Jansen's S1 do not. Centring on all rows reproduces SALib.
	center := mean
	st := newSobolTerms(y, d, opt.SecondOrder, center)
	npair := st.m - 5 - 3*d
	sum := make([]float64, st.m)
	for i := 0; i < n; i++ {
		row := st.t[i*st.m : (i+1)*st.m]
		for k, v := range row {
			sum[k] += v
		}
	}
	s1, stt, s2 := make([]float64, d), make([]float64, d), make([]float64, npair)
	if !st.estimates(sum, float64(n), opt.Estimator, s1, stt, s2) {
		return nil, errors.New("sobol: the outcome does not vary across the A and B samples (zero variance): there is nothing to attribute")
	}
	res := &SobolResult{N: n, Rows: len(y), Estimator: opt.Estimator, Conf: opt.Conf, Mean: mean,
		Variance: (sum[2]+sum[3])/(2*float64(n)) - math.Pow((sum[0]+sum[1])/(2*float64(n)), 2)}
	res.Indices = make([]SobolInput, d)
	for j := range res.Indices {
		res.Indices[j] = SobolInput{Input: opt.Inputs[j], S1: Index{Value: s1[j], Lo: math.NaN(), Hi: math.NaN(), SE: math.NaN()},
			ST: Index{Value: stt[j], Lo: math.NaN(), Hi: math.NaN(), SE: math.NaN()}}
	}
	if opt.SecondOrder {
		q := 0
		for j := 0; j < d; j++ {
			for k := j + 1; k < d; k++ {
				res.Pairs = append(res.Pairs, SobolPair{A: opt.Inputs[j], B: opt.Inputs[k], S2: Index{Value: s2[q], Lo: math.NaN(), Hi: math.NaN(), SE: math.NaN()}})
				q++
			}
		}
	}
	if opt.Resamples > 0 {
		res.Resamples = opt.Resamples
		boots := st.bootstrap(opt, d, npair)
		fill := func(ix *Index, draws []float64) {
			ix.Lo, ix.Hi, ix.SE = percentileInterval(draws, opt.Conf)
		}
		for j := 0; j < d; j++ {
			fill(&res.Indices[j].S1, boots[j])
			fill(&res.Indices[j].ST, boots[d+j])
		}
		for q := range res.Pairs {
			fill(&res.Pairs[q].S2, boots[2*d+q])
		}
	}
	res.Convergence = st.convergence(opt.Estimator)
	res.Warnings = sobolWarnings(res, opt)
	var dead []string
	for j := 0; j < d; j++ {
		if sum[6+3*j] == 0 {
			dead = append(dead, opt.Inputs[j])
		}
	}
	if len(dead) > 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("changing %s never changed the outcome in any of the %d base samples (f(A_B) = f(A) exactly): the model ignores these inputs, or they act only through rare events the sample missed", joinWords(dead), n))
	}
	return res, nil
}

// bootstrap returns, for each index (S1..., ST..., S2...), its estimates
// over opt.Resamples resamples of the base samples. Resample b draws from
// its own PCG stream (seed, b), so results do not depend on Workers.
func (st *sobolTerms) bootstrap(opt SobolOptions, d, npair int) [][]float64 {
	B := opt.Resamples
	nidx := 2*d + npair
	out := make([][]float64, nidx)
	for i := range out {
		out[i] = make([]float64, B)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, B)
	var wg sync.WaitGroup
	next := make(chan int, B)
	for b := 0; b < B; b++ {
		next <- b
	}
	close(next)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sum := make([]float64, st.m)
			s1, stt, s2 := make([]float64, d), make([]float64, d), make([]float64, npair)
			counts := make([]int32, st.n)
			for b := range next {
				rng := rand.New(rand.NewPCG(opt.Seed, uint64(b)+1))
				clear(counts)
				for i := 0; i < st.n; i++ {
					counts[rng.IntN(st.n)]++
				}
				clear(sum)
				m := st.m
				for i, c := range counts {
					if c == 0 {
						continue
					}
					w := float64(c)
					row := st.t[i*m : (i+1)*m : (i+1)*m]
					for k := range sum {
						sum[k] += w * row[k]
					}
				}
				if !st.estimates(sum, float64(st.n), opt.Estimator, s1, stt, s2) {
					for i := range out {
						out[i][b] = math.NaN()
					}
					continue
				}
				for j := 0; j < d; j++ {
					out[j][b] = s1[j]
					out[d+j][b] = stt[j]
				}
				for q := 0; q < npair; q++ {
					out[2*d+q][b] = s2[q]
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// percentileInterval returns the (1-conf)/2 and (1+conf)/2 quantiles and
// the standard deviation of draws, ignoring NaNs.
func percentileInterval(draws []float64, conf float64) (lo, hi, se float64) {
	v := make([]float64, 0, len(draws))
	for _, x := range draws {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	if len(v) < 2 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	sort.Float64s(v)
	lo = quantileSorted(v, (1-conf)/2)
	hi = quantileSorted(v, (1+conf)/2)
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	ss := 0.0
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return lo, hi, math.Sqrt(ss / float64(len(v)-1))
}

// quantileSorted is the linearly interpolated quantile (type 7, the
// default of R and numpy) of sorted values.
func quantileSorted(v []float64, p float64) float64 {
	if len(v) == 1 {
		return v[0]
	}
	h := p * float64(len(v)-1)
	i := int(math.Floor(h))
	if i >= len(v)-1 {
		return v[len(v)-1]
	}
	return v[i] + (h-float64(i))*(v[i+1]-v[i])
}

// convergence gives point estimates from the first n base samples for n =
// 64, 128, ... up to N (and N itself): the indices against sample size.
func (st *sobolTerms) convergence(est Estimator) []ConvergencePoint {
	d := st.d
	npair := st.m - 5 - 3*d
	var pts []ConvergencePoint
	sum := make([]float64, st.m)
	s2 := make([]float64, npair)
	next := 64
	for i := 0; i < st.n; i++ {
		row := st.t[i*st.m : (i+1)*st.m]
		for k, v := range row {
			sum[k] += v
		}
		n := i + 1
		if n == next || n == st.n {
			if n == next {
				next *= 2
			}
			s1, stt := make([]float64, d), make([]float64, d)
			if st.estimates(sum, float64(n), est, s1, stt, s2) {
				pts = append(pts, ConvergencePoint{N: n, S1: s1, ST: stt})
			}
		}
	}
	return pts
}

// sobolWarnings explains in plain words what makes the estimates weak.
func sobolWarnings(r *SobolResult, opt SobolOptions) []string {
	w := []string{}
	if r.N < 1000 {
		w = append(w, fmt.Sprintf("only %d base samples: Sobol' estimates usually need 1,000 or more base samples (Saltelli et al. 2010); treat these indices as rough and rerun with a larger -n", r.N))
	}
	wide := []string{}
	for _, ix := range r.Indices {
		if hw := (ix.ST.Hi - ix.ST.Lo) / 2; hw > 0.1 {
			wide = append(wide, fmt.Sprintf("%s (ST ±%.2f)", ix.Input, hw))
		} else if hw := (ix.S1.Hi - ix.S1.Lo) / 2; hw > 0.1 {
			wide = append(wide, fmt.Sprintf("%s (S1 ±%.2f)", ix.Input, hw))
		}
	}
	if len(wide) > 0 {
		w = append(w, fmt.Sprintf("the %.0f%% intervals are wider than ±0.10 for %s: the sample is too small to rank these inputs; increase N", r.Conf*100, joinWords(wide)))
	}
	neg := func(name, kind string, ix Index) {
		if ix.Value >= 0 {
			return
		}
		if !math.IsNaN(ix.Hi) && ix.Hi < 0 {
			w = append(w, fmt.Sprintf("%s of %s is %.3g and its whole interval is below zero: indices cannot be negative, so either the sample is far too small or the outcome is noisy for fixed inputs (e.g. each experiment is itself a Monte Carlo estimate); raise N or the draws per experiment", kind, name, ix.Value))
		} else if ix.Value < -0.01 {
			w = append(w, fmt.Sprintf("%s of %s is %.3g: indices cannot be negative; the true value is near zero and this is sampling noise", kind, name, ix.Value))
		}
	}
	sumS1 := 0.0
	for _, ix := range r.Indices {
		neg(ix.Input, "S1", ix.S1)
		neg(ix.Input, "ST", ix.ST)
		sumS1 += ix.S1.Value
		if ix.S1.Value-ix.ST.Value > 0.05 && (math.IsNaN(ix.ST.Hi) || ix.S1.Value > ix.ST.Hi) {
			w = append(w, fmt.Sprintf("S1 of %s (%.3f) exceeds its total index (%.3f), which is impossible for exact values: the estimates are dominated by sampling error", ix.Input, ix.S1.Value, ix.ST.Value))
		}
	}
	for _, p := range r.Pairs {
		neg(p.A+"×"+p.B, "S2", p.S2)
	}
	if sumS1 > 1.05 {
		w = append(w, fmt.Sprintf("first-order indices sum to %.2f, above 1: sampling error is large; increase N", sumS1))
	}
	return w
}

func joinWords(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := ""
	for i, x := range s {
		if i == len(s)-1 {
			out += " and " + x
		} else if i > 0 {
			out += ", " + x
		} else {
			out += x
		}
	}
	return out
}

// CheckSaltelli verifies that rows x (D inputs each) are in the Saltelli
// layout that SobolAnalyze assumes: within each base sample, row A_B^j
// equals row A except in input j and equals row B in input j (and B_A^j
// the other way round with second order). It catches shuffled, filtered or
// non-Sobol' experiment files before they give meaningless indices.
func CheckSaltelli(x [][]float64, inputs []string, secondOrder bool) error {
	return CheckSaltelliGroups(x, inputs, nil, secondOrder)
}

// CheckSaltelliGroups is CheckSaltelli for a grouped design (see
// DesignSpec.Groups): factors name the columns of x, and row A_B^g must
// take exactly the factors of group g from B. With no groups it checks the
// per-factor layout. Analyse such a table with the group names as
// SobolOptions.Inputs.
func CheckSaltelliGroups(x [][]float64, factors []string, groups []Group, secondOrder bool) error {
	fs := make([]Factor, len(factors))
	for j, f := range factors {
		fs[j] = Factor{Name: f}
	}
	gidx, err := groupIndex(fs, groups)
	if err != nil {
		return fmt.Errorf("sobol: %s", strings.TrimPrefix(err.Error(), "design: "))
	}
	names := make([]string, len(gidx))
	for g := range gidx {
		if len(groups) > 0 {
			names[g] = groups[g].Name
		} else {
			names[g] = factors[g]
		}
	}
	d := len(factors)
	G := len(gidx)
	per := SobolRowsPerBase(G, secondOrder)
	if len(x)%per != 0 {
		return fmt.Errorf("sobol: %d rows is not a multiple of %d rows per base sample", len(x), per)
	}
	inGroup := make([]bool, d)
	for b := 0; b < len(x)/per; b++ {
		r := x[b*per : (b+1)*per]
		a, bb := r[0], r[per-1]
		for g, members := range gidx {
			clear(inGroup)
			for _, j := range members {
				inGroup[j] = true
			}
			check := func(row []float64, base, other []float64, name string, off int) error {
				for k := 0; k < d; k++ {
					want := base[k]
					if inGroup[k] {
						want = other[k]
					}
					if row[k] != want {
						return fmt.Errorf("sobol: row %d should be %s^%s of base sample %d (rows %d-%d): it differs in %s; rows must stay in the order the Saltelli design wrote them", b*per+off+1, name, names[g], b+1, b*per+1, (b+1)*per, factors[k])
					}
				}
				return nil
			}
			if err := check(r[1+g], a, bb, "A_B", 1+g); err != nil {
				return err
			}
			if secondOrder {
				if err := check(r[1+G+g], bb, a, "B_A", 1+G+g); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
