package ge

import (
	"errors"
	"fmt"
	"math"

	"github.com/steppe-dev/steppe/gravity"
)

// GEPPMLOptions tune the PPML fits inside SolveGEPPML. The zero value uses
// tolerances tight enough for the outer loop to reach 1e-8.
type GEPPMLOptions struct {
	// GLMTol and FixefTol are passed to gravity.Fit (defaults 1e-13 and
	// 1e-13: the fixed effects must be far more precise than the outer
	// tolerance, since prices are read from them).
	GLMTol, FixefTol float64
	// Conditional stops after the conditional equilibrium (factory-gate
	// prices, output and expenditure held at the baseline): the flows are
	// the conditional ones and NominalWage is 1. Multilateral resistances
	// are identified only up to a common scale there; PriceIndex, RealWage
	// and Welfare use the normalisation that the output-weighted mean of
	// the exporter effects' changes is zero, and a warning says so.
	Conditional bool
}

// SolveGEPPML computes the same counterfactual as SolveHat by GE-PPML: the
// structural gravity system is solved by repeated PPML estimation with
// exporter and importer fixed effects and the trade costs as an offset,
// iterating on factory-gate prices (Anderson, Larch & Yotov 2018,
// "GEPPML: General equilibrium analysis with PPML", The World Economy 41;
// Yotov, Piermartini, Monteiro & Larch 2016, "An Advanced Guide to Trade
// Policy Analysis: The Structural Gravity Model", WTO/UNCTAD, ch. 2).
// The estimator is package gravity's PPML; this function only sets up
// the fits and reads prices from their fixed effects.
//
//  1. Baseline. In a square cross-section the pair fixed effects of the
//     baseline regression X_ij = exp(pi_i + chi_j + ln T_ij) fit every flow
//     exactly, so ln T_ij = ln X_ij up to exporter and importer terms;
//     fitting PPML with the offset ln T_ij gives the baseline fixed effects
//     pi0, chi0 (zero flows have no cost term and stay zero).
//  2. Conditional equilibrium. Impose the counterfactual costs
//     ln T'_ij = ln T_ij + lb_ij and re-estimate on the baseline flows:
//     the new fixed effects are the multilateral resistances with output
//     and expenditure unchanged (Options.Conditional stops here).
//  3. Full endowment. Factory-gate prices follow from the exporter effects,
//     w_i proportional to exp(pi_i - pi0_i)^(-1/theta) (Yotov et al. 2016,
//     eq. (2-39) with 1 - sigma = -theta), scaled so that world output is
//     unchanged (the numeraire of ge_gravity); output becomes w_i Y_i and
//     expenditure w_j Y_j + D_j (additive) or w_j E_j (multiplicative). The
//     flows are rescaled towards the new totals and PPML is estimated again,
//     until the largest change in log flows is at most Options.Tol. At the
//     fixed point the fitted flows' totals equal the new output and
//     expenditure exactly.
//
// Price indices come from the importer effects: with
// exp(pi_i) = k w_i^(-theta) and exp(chi_j) = E'_j/E_j / (k Phat_j), where
// Phat_j = P'_j^(-theta)/P_j^(-theta).
func SolveGEPPML(base *Flows, lb []float64, opt Options) (*Result, error) {
	return SolveGEPPMLWith(base, lb, opt, GEPPMLOptions{})
}

// SolveGEPPMLWith is SolveGEPPML with control of the inner PPML fits.
func SolveGEPPMLWith(base *Flows, lb []float64, opt Options, po GEPPMLOptions) (*Result, error) {
	p, err := newProblem(base, lb, opt)
	if err != nil {
		return nil, err
	}
	if po.GLMTol == 0 {
		po.GLMTol = 1e-13
	}
	if po.FixefTol == 0 {
		po.FixefTol = 1e-13
	}
	n, theta := p.n, p.opt.Theta
	g := newGEPPMLFit(base, lb, po)
	_, pi0, _, err := g.fit(g.y0, g.offset0)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	mu, pi, chi, err := g.fit(g.y0, g.offset1)
	if err != nil {
		return nil, fmt.Errorf("conditional equilibrium: %w", err)
	}
	res := &Result{Method: "GE-PPML (Yotov et al. 2016) with package gravity's PPML"}
	w := ones(n)
	E := append([]float64(nil), p.E0...)
	Y := append([]float64(nil), p.Y...)
	conditional := po.Conditional
	iter, crit := 0, math.Inf(1)
	if !conditional {
		iter, crit, err = p.iterate(func(iter int) (float64, error) {
			p.exporterPrices(w, pi, pi0)
			for i := range w {
				Y[i] = w[i] * p.Y[i]
				E[i] = p.expenditure(i, w[i])
			}
			muNew, piNew, chiNew, err := g.fit(g.rescale(mu, Y, E), g.offset1)
			if err != nil {
				return 0, fmt.Errorf("full-endowment iteration %d: %w", iter, err)
			}
			crit := 0.0
			for r := range mu {
				crit = math.Max(crit, math.Abs(math.Log(muNew[r]/mu[r])))
			}
			mu, pi, chi = muNew, piNew, chiNew
			return crit, nil
		})
		if err != nil {
			return nil, err
		}
	}
	// prices and indices from the final fixed effects
	X := make([]float64, n*n)
	Ecf := make([]float64, n)
	for r, k := range g.cells {
		X[k] = mu[r]
		Ecf[k%n] += mu[r]
	}
	if !conditional {
		// the last fit's totals are the new output and expenditure
		p.exporterPrices(w, pi, pi0)
	}
	// The fits identify pi_i + chi_j = -theta ln w_i + ln Ehat_j - ln Phat_j
	// up to a constant a moved between the two sets of effects; the
	// baseline fit has pi0_i + chi0_j = 0 (so pi0_i = a0 for all i). Then
	// a = pi_i + theta ln w_i for every i (take the output-weighted mean)
	// and ln Phat_j = ln Ehat_j - chi_j - a.
	a := 0.0
	for i := range w {
		a += p.Y[i] / p.sumY * (pi[i] + theta*math.Log(w[i]))
	}
	P := make([]float64, n) // Phat_j = P'_j^-theta / P_j^-theta
	for j := range P {
		P[j] = Ecf[j] / p.E0[j] * math.Exp(-chi[j]-a)
	}
	if conditional {
		crit = 0
		res.Method = "conditional GE-PPML (output and expenditure fixed)"
		res.Warnings = append(res.Warnings, fmt.Errorf("%w: price indices normalised by the output-weighted mean exporter effect; only relative changes are identified", ErrConditional))
	}
	return p.finish(res, "GE-PPML", X, w, P, Ecf, iter, crit)
}

// ErrConditional marks the warning of a conditional GE-PPML solve (see
// GEPPMLOptions.Conditional).
var ErrConditional = errors.New("conditional equilibrium")

// exporterPrices sets the factory-gate prices from the exporter effects,
// w_i proportional to exp(pi_i - pi0_i)^(-1/theta), with world output
// fixed.
func (p *problem) exporterPrices(w, pi, pi0 []float64) {
	sYw := 0.0
	for i := range w {
		w[i] = math.Exp(-(pi[i] - pi0[i]) / p.opt.Theta)
		sYw += w[i] * p.Y[i]
	}
	for i := range w {
		w[i] *= p.sumY / sYw
	}
}

// geppmlFit holds the one frame of all GE-PPML fits: the cells with a
// positive baseline flow, their exporter and importer codes, the
// baseline flows y0 and the baseline and counterfactual cost offsets.
type geppmlFit struct {
	countries        []string
	n                int
	cells            []int
	expCode, impCode []string
	y0               []float64
	offset0, offset1 []float64
	opt              gravity.Options
	row, col         []float64 // work space of rescale
}

func newGEPPMLFit(base *Flows, lb []float64, po GEPPMLOptions) *geppmlFit {
	n := base.N()
	var cells []int
	for k, v := range base.X {
		if v > 0 {
			cells = append(cells, k)
		}
	}
	m := len(cells)
	g := &geppmlFit{countries: base.Countries, n: n, cells: cells,
		expCode: make([]string, m), impCode: make([]string, m), y0: make([]float64, m),
		offset0: make([]float64, m), offset1: make([]float64, m),
		opt: gravity.Options{GLMTol: po.GLMTol, FixefTol: po.FixefTol, GLMMaxIter: 1000, Fixef: true,
			Separation: gravity.SeparationNone, Threads: 1, Offset: "ln_t"},
		row: make([]float64, n), col: make([]float64, n)}
	for r, k := range cells {
		g.expCode[r] = base.Countries[k/n]
		g.impCode[r] = base.Countries[k%n]
		g.y0[r] = base.X[k]
		g.offset0[r] = math.Log(base.X[k])
		g.offset1[r] = g.offset0[r] + lb[k]
	}
	return g
}

// fit estimates y ~ 0 | exp + imp with the given offset and returns the
// fitted flows (per cell) and the fixed effects per country.
func (g *geppmlFit) fit(y, off []float64) (mu, pi, chi []float64, err error) {
	m := len(g.cells)
	fr := gravity.NewFrame()
	for _, c := range []struct {
		name string
		v    []float64
	}{{"y", y}, {"ln_t", off}} {
		if err := fr.AddFloat(c.name, c.v); err != nil {
			return nil, nil, nil, err
		}
	}
	if err := fr.AddString("exp", g.expCode); err != nil {
		return nil, nil, nil, err
	}
	if err := fr.AddString("imp", g.impCode); err != nil {
		return nil, nil, nil, err
	}
	res, err := gravity.Fit(fr, "y ~ 0 | exp + imp", g.opt)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("GE-PPML: %w", err)
	}
	if !res.Converged {
		return nil, nil, nil, fmt.Errorf("GE-PPML: PPML did not converge in %d iterations", res.Iterations)
	}
	if len(res.Rows) != m {
		return nil, nil, nil, fmt.Errorf("GE-PPML: PPML dropped %d of %d cells", m-len(res.Rows), m)
	}
	mu = make([]float64, m)
	for r := range res.Rows {
		mu[res.Rows[r]] = res.Fitted[r]
	}
	pi, chi = make([]float64, g.n), make([]float64, g.n)
	for _, fe := range res.FixedEffects {
		dst := pi
		if fe.Name == "imp" {
			dst = chi
		} else if fe.Name != "exp" {
			return nil, nil, nil, fmt.Errorf("GE-PPML: unexpected fixed effect %q", fe.Name)
		}
		for i, c := range g.countries {
			v, ok := fe.Value(c)
			if !ok {
				return nil, nil, nil, fmt.Errorf("GE-PPML: no %s fixed effect for %s", fe.Name, c)
			}
			dst[i] = v
		}
	}
	return mu, pi, chi, nil
}

// rescale scales the fitted flows mu to the new totals Y (rows) and E
// (columns) by one RAS sweep (rows, then columns), so that columns are
// exact and rows nearly so; at the fixed point both are exact.
func (g *geppmlFit) rescale(mu, Y, E []float64) []float64 {
	n, row, col := g.n, g.row, g.col
	for i := range row {
		row[i], col[i] = 0, 0
	}
	for r, k := range g.cells {
		row[k/n] += mu[r]
	}
	y := make([]float64, len(g.cells))
	for r, k := range g.cells {
		y[r] = mu[r] * Y[k/n] / row[k/n]
		col[k%n] += y[r]
	}
	for r, k := range g.cells {
		y[r] *= E[k%n] / col[k%n]
	}
	return y
}
