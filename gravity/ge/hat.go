package ge

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Balance says how trade imbalances behave in the counterfactual.
type Balance int

const (
	// Additive keeps each deficit D_j = E_j - Y_j fixed in units of the
	// numeraire (world output): E'_j = w_j Y_j + D_j. The default of
	// ge_gravity (Baier, Yotov & Zylkin 2019).
	Additive Balance = iota
	// Multiplicative keeps expenditure a fixed multiple of output:
	// E'_j = w_j E_j, as in Anderson & Yotov (2016) and the GE-PPML
	// examples of Yotov et al. (2016).
	Multiplicative
)

func (b Balance) String() string {
	return enumString([]string{Additive: "additive", Multiplicative: "multiplicative"}, int(b), "Balance")
}

// enumString names v from names, or writes typ(v) when it has no name.
func enumString(names []string, v int, typ string) string {
	if v >= 0 && v < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// Options control a counterfactual solve.
type Options struct {
	// Theta is the trade elasticity (the negative of the elasticity of
	// flows to trade costs; sigma - 1 in the Armington model). Required,
	// positive.
	Theta float64
	// Balance is the treatment of trade imbalances.
	Balance Balance
	// Tol is the convergence tolerance: iteration stops when the largest
	// absolute change in log flows between two iterations is at most Tol.
	// Zero means 1e-8, the ge_gravity default.
	Tol float64
	// MaxIter caps the iterations; zero means 100000.
	MaxIter int
}

func (o Options) withDefaults() (Options, error) {
	if !(o.Theta > 0) || math.IsInf(o.Theta, 0) {
		return o, fmt.Errorf("trade elasticity theta = %v: must be positive and finite", o.Theta)
	}
	if o.Tol == 0 {
		o.Tol = 1e-8
	}
	if !(o.Tol > 0) {
		return o, fmt.Errorf("tolerance %v: must be positive", o.Tol)
	}
	if o.MaxIter == 0 {
		o.MaxIter = 100000
	}
	if o.Balance != Additive && o.Balance != Multiplicative {
		return o, fmt.Errorf("unknown trade-balance treatment %v", o.Balance)
	}
	return o, nil
}

// Result is a counterfactual equilibrium, in changes ("hats", new/old)
// relative to the baseline, with world nominal output as the numeraire
// (sum_i w_i Y_i = sum_i Y_i).
type Result struct {
	Countries []string
	// Baseline and Flows are the baseline and counterfactual flow tables.
	Baseline, Flows *Flows
	// Welfare is the change in real expenditure E'_j / E_j / P'_j/P_j,
	// the measure of ge_gravity. With multiplicative balances (or balanced
	// trade) it equals RealWage.
	Welfare []float64
	// RealWage is the change in real output (real GDP in the one-factor
	// model): NominalWage / PriceIndex.
	RealWage []float64
	// NominalWage is the change in the factory-gate price (the wage) w_i.
	NominalWage []float64
	// PriceIndex is the change in the consumer price index P_j.
	PriceIndex []float64
	// Iterations is the number of iterations the solver ran and
	// FinalChange the largest absolute change in log flows in the last
	// one (the quantity compared with Options.Tol).
	Iterations  int
	FinalChange float64
	// MaxImbalance is the largest relative residual of the equilibrium's
	// accounting identities: each exporter's sales sum_j X'_ij against its
	// output w_i Y_i, and each importer's purchases sum_i X'_ij against its
	// expenditure rule (see Balance). Exact solvers leave only the
	// convergence error (about Tol); with multiplicative balances and an
	// unbalanced baseline the rules are inconsistent (world expenditure
	// sum_j w_j E_j differs from world output sum_i w_i Y_i), so output
	// cannot match sales everywhere and the residual is the size of that
	// inconsistency. Above ImbalanceWarn a warning wrapping ErrUnbalanced
	// says so.
	MaxImbalance float64
	// Method names the solver.
	Method string
	// Warnings lists conditions the user should know about (none is fatal).
	Warnings []error
}

// ErrNotConverged is returned (wrapped) when a solver hits MaxIter.
var ErrNotConverged = errors.New("did not converge")

// ErrUnbalanced marks the warning of a solve whose counterfactual flows
// miss output or expenditure by more than ImbalanceWarn (relative).
var ErrUnbalanced = errors.New("counterfactual flows do not add up to output and expenditure")

// ImbalanceWarn is the relative residual of Result.MaxImbalance above which
// a solve warns.
const ImbalanceWarn = 1e-6

// ErrNonPositiveExpenditure marks the warning for a country whose
// counterfactual expenditure is not positive (possible with additive
// balances and a large deficit); its welfare change is then meaningless.
var ErrNonPositiveExpenditure = errors.New("counterfactual expenditure is not positive")

// SolveHat computes the general-equilibrium effect of the log partial
// effects lb (row-major N x N; lb[i*N+j] = ln(T'_ij/T_ij), diagonal
// allowed) by exact hat algebra on trade shares: the fixed-point method of
// the ge_gravity command (Baier, Yotov & Zylkin 2019, "On the widely
// differing effects of free trade agreements", J. Int. Econ. 116;
// Zylkin's Stata ge_gravity and Zylkin & Kudlay's R GEGravity).
//
// With pi_ij = X_ij/E_j and B_ij = exp(lb_ij), each iteration sets
//
//	w_i = [ sum_j pi_ij B_ij E'_j / P_j / Y_i ]^(1/(1+theta)),
//	w  <- w * sum(Y) / sum(w Y)                    (numeraire),
//	P_j = sum_i pi_ij B_ij w_i^(-theta)            (= Phat_j^(-theta)),
//	E'_j = w_j Y_j + D_j  or  w_j E_j              (balance),
//	X'_ij = pi_ij B_ij w_i^(-theta) / P_j * E'_j,
//
// until the largest change in log X' is at most Options.Tol.
func SolveHat(base *Flows, lb []float64, opt Options) (*Result, error) {
	p, err := newProblem(base, lb, opt)
	if err != nil {
		return nil, err
	}
	n, theta := p.n, p.opt.Theta
	s := newShareRows(base, lb, p.E0)
	E := append([]float64(nil), p.E0...)
	w := ones(n)
	P := ones(n)
	wt := make([]float64, n) // w^-theta
	ep := make([]float64, n) // E/P
	wtPrev := make([]float64, n)
	epPrev := make([]float64, n)
	ord := newRatioOrder(n)
	iter, crit, err := p.iterate(func(iter int) (float64, error) {
		for j := 0; j < n; j++ {
			ep[j] = E[j] / P[j]
		}
		sYw := 0.0
		for i := 0; i < n; i++ {
			w[i] = math.Pow(s.dot(i, ep)/p.Y[i], 1/(1+theta))
			sYw += p.Y[i] * w[i]
		}
		p.numeraire(w, wt, sYw)
		s.priceIndex(P, wt)
		p.expenditures(E, ep, w, P)
		var rmax, rmin float64
		if iter == 1 {
			rmax, rmin = s.firstChange(base, wt, ep)
		} else {
			rmax, rmin = s.change(ord, wt, wtPrev, ep, epPrev)
		}
		copy(wtPrev, wt)
		copy(epPrev, ep)
		crit := math.Max(math.Log(rmax), -math.Log(rmin))
		return crit, hatNaN(iter, crit, sYw, ep)
	})
	if err != nil {
		return nil, err
	}
	res := &Result{Method: "exact hat algebra (ge_gravity)"}
	return p.finish(res, "exact hat algebra", s.flows(wt, ep), w, P, E, iter, crit)
}

// problem is what every counterfactual solver starts from: the validated
// options, the baseline with its output Y, expenditure E0 and deficits
// D = E0 - Y, and the log partial effects lb.
type problem struct {
	base     *Flows
	lb       []float64
	opt      Options
	n        int
	Y, E0, D []float64
	sumY     float64 // world output, the numeraire
}

func newProblem(base *Flows, lb []float64, opt Options) (*problem, error) {
	if err := base.Validate(); err != nil {
		return nil, err
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	n := base.N()
	if len(lb) != n*n {
		return nil, fmt.Errorf("shock matrix has %d cells, want %d", len(lb), n*n)
	}
	p := &problem{base: base, lb: lb, opt: opt, n: n, Y: base.Output(), E0: base.Expenditure(), D: make([]float64, n)}
	for j := range p.D {
		p.D[j] = p.E0[j] - p.Y[j]
	}
	for _, y := range p.Y {
		p.sumY += y
	}
	return p, nil
}

// expenditure is the counterfactual expenditure of j when its
// factory-gate price changes by w: w Y_j + D_j (additive balances) or
// w E_j (multiplicative).
func (p *problem) expenditure(j int, w float64) float64 {
	if p.opt.Balance == Multiplicative {
		return p.E0[j] * w
	}
	return p.Y[j]*w + p.D[j]
}

// numeraire scales w so that world output is unchanged (sYw is Σ Y_i w_i
// before scaling) and sets wt = w^-theta.
func (p *problem) numeraire(w, wt []float64, sYw float64) {
	scale := p.sumY / sYw
	for i := range w {
		w[i] *= scale
		wt[i] = math.Pow(w[i], -p.opt.Theta)
	}
}

// expenditures sets E from w and ep = E/P.
func (p *problem) expenditures(E, ep, w, P []float64) {
	for j := range E {
		E[j] = p.expenditure(j, w[j])
		ep[j] = E[j] / P[j]
	}
}

// iterate runs step until the change it returns is at most Tol or
// MaxIter steps have run, and returns the steps run and the last change.
func (p *problem) iterate(step func(iter int) (float64, error)) (iter int, crit float64, err error) {
	crit = math.Inf(1)
	for iter < p.opt.MaxIter && crit > p.opt.Tol {
		iter++
		if crit, err = step(iter); err != nil {
			return iter, crit, err
		}
	}
	return iter, crit, nil
}

// hatNaN fails an iteration of exact hat algebra that produced NaN.
func hatNaN(iter int, crit, sYw float64, ep []float64) error {
	sumEP := 0.0
	for _, v := range ep {
		sumEP += v
	}
	if math.IsNaN(crit) || math.IsNaN(sYw) || math.IsNaN(sumEP) || math.IsInf(sumEP, 0) {
		return fmt.Errorf("exact hat algebra: iteration %d produced NaN (check for negative expenditure under additive balances)", iter)
	}
	return nil
}

// finish fills res from the solved flows X, prices w, price indices P
// (= Phat^-theta) and expenditure E, and reports a solver (named by
// method) that stopped at MaxIter.
func (p *problem) finish(res *Result, method string, X, w, P, E []float64, iter int, crit float64) (*Result, error) {
	res.Iterations, res.FinalChange = iter, crit
	fillResult(res, p.base, X, w, P, p.Y, p.E0, E, p.opt.Theta)
	if crit > p.opt.Tol {
		return res, fmt.Errorf("%s: %w after %d iterations (last change %.3g > tol %.3g)", method, ErrNotConverged, iter, crit, p.opt.Tol)
	}
	return res, nil
}

// shareRows holds piB_ij = pi_ij * B_ij by rows with only the cells of
// positive baseline flow (a zero flow stays zero; Central Asian tables
// are about 40% zeros). Skipping a zero cell omits only additions of +0,
// so the iterates are bit-identical to the dense loops'
// (TestSolveHatSparseIdentical).
type shareRows struct {
	n      int
	start  []int // row i is start[i]:start[i+1]
	col    []int32
	piB    []float64
	stored []bool // stored[i*n+j]: the cell has a positive flow
}

func newShareRows(base *Flows, lb, E0 []float64) *shareRows {
	n := base.N()
	s := &shareRows{n: n, start: make([]int, n+1), col: make([]int32, 0, n*n), piB: make([]float64, 0, n*n), stored: make([]bool, n*n)}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if x := base.X[i*n+j]; x != 0 {
				v := x / E0[j]
				if l := lb[i*n+j]; l != 0 { // most cells are not shocked: exp(0) = 1
					v *= math.Exp(l)
				}
				s.col = append(s.col, int32(j))
				s.piB = append(s.piB, v)
				s.stored[i*n+j] = true
			}
		}
		s.start[i+1] = len(s.piB)
	}
	return s
}

// row returns the stored shares of row i and their columns.
func (s *shareRows) row(i int) ([]float64, []int32) {
	return s.piB[s.start[i]:s.start[i+1]], s.col[s.start[i]:s.start[i+1]]
}

// dot is Σ_j piB_ij v_j.
func (s *shareRows) dot(i int, v []float64) float64 {
	sum := 0.0
	row, cols := s.row(i)
	for k, x := range row {
		sum += x * v[cols[k]]
	}
	return sum
}

// priceIndex sets P_j = Σ_i piB_ij wt_i.
func (s *shareRows) priceIndex(P, wt []float64) {
	for j := range P {
		P[j] = 0
	}
	for i := 0; i < s.n; i++ {
		row, cols := s.row(i)
		wti := wt[i]
		for k, v := range row {
			P[cols[k]] += v * wti
		}
	}
}

// flows returns the flow table piB_ij wt_i ep_j.
func (s *shareRows) flows(wt, ep []float64) []float64 {
	n := s.n
	X := make([]float64, n*n)
	for i := 0; i < n; i++ {
		row, cols := s.row(i)
		for k, v := range row {
			j := int(cols[k])
			X[i*n+j] = v * wt[i] * ep[j]
		}
	}
	return X
}

// firstChange returns the extreme ratios of the first iteration's flows
// to the baseline flows, cell by cell (rmax ≥ 1 ≥ rmin).
func (s *shareRows) firstChange(base *Flows, wt, ep []float64) (rmax, rmin float64) {
	rmax, rmin = 1.0, 1.0
	for i := 0; i < s.n; i++ {
		row, cols := s.row(i)
		wti := wt[i]
		for k, v := range row {
			j := int(cols[k])
			x := v * wti * ep[j]
			if old := base.X[i*s.n+j]; x > 0 && old > 0 {
				r := x / old
				if r > rmax {
					rmax = r
				} else if r < rmin {
					rmin = r
				}
			}
		}
	}
	return rmax, rmin
}

// ratioOrder is work space of shareRows.change.
type ratioOrder struct {
	b     []float64
	order []int32
}

func newRatioOrder(n int) *ratioOrder {
	o := &ratioOrder{b: make([]float64, n), order: make([]int32, n)}
	for j := range o.order {
		o.order[j] = int32(j)
	}
	return o
}

// change returns the extreme ratios of this iteration's flows to the
// last one's. A stored cell's flow is piB_ij·wt_i·ep_j with piB fixed,
// so its ratio to the previous flow is a_i·b_j (a = wt/wt_prev, b =
// ep/ep_prev): the extremes are max_i a_i·max_{j in row i} b_j and the
// same with min, a gather per cell instead of two products and a
// division. Flows are formed once, after convergence.
func (s *shareRows) change(o *ratioOrder, wt, wtPrev, ep, epPrev []float64) (rmax, rmin float64) {
	n, b, order := s.n, o.b, o.order
	rmax, rmin = 1.0, 1.0
	for j := range b {
		b[j] = ep[j] / epPrev[j]
	}
	// columns by b, so that a row's extreme b is the first column in that
	// order in which the row has a flow
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(b[x], b[y]) })
	for i := 0; i < n; i++ {
		if s.start[i] == s.start[i+1] {
			continue // no positive flows from i
		}
		has := s.stored[i*n : (i+1)*n]
		var bmax, bmin float64
		for k := n - 1; k >= 0; k-- {
			if j := order[k]; has[j] {
				bmax = b[j]
				break
			}
		}
		for _, j := range order {
			if has[j] {
				bmin = b[j]
				break
			}
		}
		a := wt[i] / wtPrev[i]
		if r := a * bmax; r > rmax {
			rmax = r
		}
		if r := a * bmin; r < rmin {
			rmin = r
		}
	}
	return rmax, rmin
}

// fillResult sets the per-country changes from the solved w and
// P (= Phat^-theta).
func fillResult(res *Result, base *Flows, X, w, P, Y, E0, E []float64, theta float64) {
	n := base.N()
	res.Countries = append([]string(nil), base.Countries...)
	res.Baseline = base
	cf := base.Clone()
	cf.X = X
	res.Flows = cf
	res.Welfare = make([]float64, n)
	res.RealWage = make([]float64, n)
	res.NominalWage = append([]float64(nil), w...)
	res.PriceIndex = make([]float64, n)
	for j := 0; j < n; j++ {
		ph := math.Pow(P[j], -1/theta)
		res.PriceIndex[j] = ph
		res.RealWage[j] = w[j] / ph
		res.Welfare[j] = E[j] / E0[j] / ph
		if E[j] <= 0 {
			res.Warnings = append(res.Warnings, fmt.Errorf("%s: %w (%.4g)", base.Countries[j], ErrNonPositiveExpenditure, E[j]))
		}
	}
	worst := ""
	res.MaxImbalance, worst = imbalance(base.Countries, X, w, Y, E)
	if res.MaxImbalance > ImbalanceWarn {
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: largest relative residual %.3g (%s)", ErrUnbalanced, res.MaxImbalance, worst))
	}
}

// imbalance returns the largest relative residual of the flows X against
// output w_i Y_i (rows) and expenditure E_j (columns), and names where.
func imbalance(countries []string, X, w, Y, E []float64) (float64, string) {
	n := len(countries)
	worst, where := 0.0, ""
	col := make([]float64, n)
	for i := 0; i < n; i++ {
		row := 0.0
		for j, v := range X[i*n : (i+1)*n] {
			row += v
			col[j] += v
		}
		if r := math.Abs(row/(w[i]*Y[i]) - 1); r > worst || math.IsNaN(r) {
			worst, where = r, fmt.Sprintf("sales of %s %.6g against output %.6g", countries[i], row, w[i]*Y[i])
		}
	}
	for j := range col {
		if r := math.Abs(col[j]/E[j] - 1); r > worst || math.IsNaN(r) {
			worst, where = r, fmt.Sprintf("purchases of %s %.6g against expenditure %.6g", countries[j], col[j], E[j])
		}
	}
	return worst, where
}

func ones(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = 1
	}
	return v
}
