package ge

import (
	"fmt"
	"math"
	"strings"
)

// This file is the general counterfactual of `steppe gravity ge`: any flow
// table, any shock, conditional and full-endowment general equilibrium by
// either solver, under a chosen numeraire, reported per economy as the
// structural gravity literature reports it (Yotov, Piermartini, Monteiro
// & Larch 2016, "An Advanced Guide to Trade Policy Analysis", ch. 2).

// NumeraireKind says what the counterfactual holds fixed in nominal terms.
type NumeraireKind int

const (
	// WorldOutput keeps world nominal output unchanged (the solvers' own
	// numeraire, as in ge_gravity).
	WorldOutput NumeraireKind = iota
	// RefPrice keeps one economy's factory-gate price unchanged.
	RefPrice
	// RefIMR keeps one economy's inward multilateral resistance (its price
	// index; equivalently its importer fixed effect) unchanged, the
	// normalisation of Yotov et al. (2016), who hold Germany's importer
	// effect at zero.
	RefIMR
)

// Numeraire is the unit of the nominal changes: world output, or a
// reference economy's factory-gate price or inward multilateral
// resistance. Real changes (real GDP, welfare) do not depend on it.
type Numeraire struct {
	Kind    NumeraireKind
	Country string
}

func (n Numeraire) String() string {
	switch n.Kind {
	case RefPrice:
		return "price:" + n.Country
	case RefIMR:
		return "imr:" + n.Country
	}
	return "world"
}

// ParseNumeraire reads "world", "price:ISO" or "imr:ISO".
func ParseNumeraire(s string) (Numeraire, error) {
	kind, c, _ := strings.Cut(s, ":")
	switch {
	case s == "world":
		return Numeraire{}, nil
	case kind == "price" && c != "":
		return Numeraire{Kind: RefPrice, Country: c}, nil
	case kind == "imr" && c != "":
		return Numeraire{Kind: RefIMR, Country: c}, nil
	}
	return Numeraire{}, fmt.Errorf("numeraire %q: want world, price:ISO or imr:ISO", s)
}

// GEConfig configures Counterfactual.
type GEConfig struct {
	Theta     float64
	Balance   Balance
	Tol       float64 // 0: 1e-10
	Numeraire Numeraire
	// Solver is "hat" (exact hat algebra), "ge-ppml", or "both", which
	// solves by both, reports the first and records their largest
	// disagreement in SolverGap.
	Solver string
}

// CountryGE is one economy's result: percent changes, 100*(new/old - 1).
type CountryGE struct {
	Country string `json:"country"`
	// Baseline levels, in the table's unit.
	ExportsBase  float64 `json:"exports_base"`
	ImportsBase  float64 `json:"imports_base"`
	DomesticBase float64 `json:"domestic_share_base"` // X_ii / E_i
	// Conditional general equilibrium: output and expenditure held, the
	// multilateral resistances adjust.
	CondExports float64 `json:"cond_exports_pct"`
	CondImports float64 `json:"cond_imports_pct"`
	CondIMR     float64 `json:"cond_imr_pct"`
	CondOMR     float64 `json:"cond_omr_pct"`
	// Full-endowment general equilibrium.
	Exports float64 `json:"exports_pct"`
	Imports float64 `json:"imports_pct"`
	// RealGDP is p_i/P_i, FactoryGate p_i (nominal, in the numeraire).
	RealGDP     float64 `json:"real_gdp_pct"`
	FactoryGate float64 `json:"factory_gate_price_pct"`
	IMR         float64 `json:"imr_pct"`
	OMR         float64 `json:"omr_pct"`
	// Welfare is real expenditure E_i/P_i; ACR is the Arkolakis-Costinot-
	// Rodriguez-Clare formula, (change in the domestic share)^(-1/theta).
	Welfare float64 `json:"welfare_pct"`
	ACR     float64 `json:"acr_pct"`
}

// GEOutcome is the result of Counterfactual.
type GEOutcome struct {
	Method    string      `json:"method"`
	Theta     float64     `json:"theta"`
	Balance   string      `json:"balance"`
	Numeraire string      `json:"numeraire"`
	Countries []CountryGE `json:"countries"`
	// Iterations and FinalChange of the full-endowment solve.
	Iterations  int     `json:"iterations"`
	FinalChange float64 `json:"final_change"`
	// MaxImbalance is the largest relative residual of the full
	// equilibrium's flows against output and expenditure (Result.MaxImbalance).
	MaxImbalance float64 `json:"max_imbalance"`
	// SolverGap is, with Solver "both", the largest absolute difference
	// (in percentage points) between the two solvers' reported changes.
	SolverGap *float64 `json:"solver_gap_pct_points,omitempty"`
	Warnings  []string `json:"warnings,omitempty"`
}

// Counterfactual solves the conditional and full-endowment general
// equilibrium of the log partial effects lb on base and reports every
// economy's changes under cfg's numeraire.
//
// Definitions (hats are new/old; theta the trade elasticity, sigma-1):
//
//   - p_i factory-gate price; Y_i = p_i Y_i0 output; E_j expenditure
//     (Balance); P_j inward multilateral resistance, the CES price index
//     Phat_j^-theta = sum_i (X_ij/E_j) B_ij phat_i^-theta.
//   - Pi_i outward multilateral resistance, from market clearing with
//     world output (or, under an imr numeraire, the reference economy's
//     expenditure, as Yotov et al. 2016) as the scale S:
//     Pihat_i^-theta = sum_j (X_ij/Y_i) B_ij Ehat_j / (Shat Phat_j^-theta).
//     A fall in Pi_i means i's producers reach their markets more easily.
//   - real GDP phat_i/Phat_i, welfare Ehat_i/Phat_i (equal under balanced
//     trade and multiplicative balances), ACR lambdahat_ii^(-1/theta) with
//     lambda_ii = X_ii/E_i, which equals real GDP when the shock leaves
//     domestic costs alone.
//
// In the conditional equilibrium Y and E are fixed and only the product
// Pi_i P_j is identified; it is normalised so that the output-weighted
// mean of ln Pihat is 0 (world numeraire), Phat = 1 for the reference
// economy (imr), or Pihat = 1 for it (price).
func Counterfactual(base *Flows, lb []float64, cfg GEConfig) (*GEOutcome, error) {
	if cfg.Tol == 0 {
		cfg.Tol = 1e-10
	}
	ref := -1
	if cfg.Numeraire.Kind != WorldOutput {
		if ref = base.Index(cfg.Numeraire.Country); ref < 0 {
			return nil, fmt.Errorf("numeraire %s: %s is not in the flow table", cfg.Numeraire, cfg.Numeraire.Country)
		}
	}
	switch cfg.Solver {
	case "", "hat":
		return counterfactualBy(base, lb, cfg, ref, false)
	case "ge-ppml":
		return counterfactualBy(base, lb, cfg, ref, true)
	case "both":
		a, err := counterfactualBy(base, lb, cfg, ref, false)
		if err != nil {
			return nil, err
		}
		b, err := counterfactualBy(base, lb, cfg, ref, true)
		if err != nil {
			return nil, err
		}
		gap := MaxGap(a, b)
		a.SolverGap = &gap
		a.Method += "; checked against " + b.Method
		return a, nil
	}
	return nil, fmt.Errorf("solver %q: want hat, ge-ppml or both", cfg.Solver)
}

// MaxGap returns the largest absolute difference between two outcomes'
// percent changes (the solvers' disagreement), NaN if they differ in
// shape.
func MaxGap(a, b *GEOutcome) float64 {
	if len(a.Countries) != len(b.Countries) {
		return math.NaN()
	}
	gap := 0.0
	for i := range a.Countries {
		x, y := a.Countries[i].changes(), b.Countries[i].changes()
		for k := range x {
			gap = math.Max(gap, math.Abs(x[k]-y[k]))
		}
	}
	return gap
}

// changes lists the percent changes of c in a fixed order.
func (c CountryGE) changes() []float64 {
	return []float64{c.CondExports, c.CondImports, c.CondIMR, c.CondOMR, c.Exports, c.Imports,
		c.RealGDP, c.FactoryGate, c.IMR, c.OMR, c.Welfare, c.ACR}
}

// pct is 100 (hat - 1).
func pct(h float64) float64 { return 100 * (h - 1) }

func counterfactualBy(base *Flows, lb []float64, cfg GEConfig, ref int, ppml bool) (*GEOutcome, error) {
	opt := Options{Theta: cfg.Theta, Balance: cfg.Balance, Tol: cfg.Tol}
	var full *Result
	var condX, condPhi []float64 // conditional flows and Phat^-theta (any scale)
	var err error
	if ppml {
		if full, err = SolveGEPPML(base, lb, opt); err != nil {
			return nil, err
		}
		c, err := SolveGEPPMLWith(base, lb, opt, GEPPMLOptions{Conditional: true})
		if err != nil {
			return nil, err
		}
		condX = c.Flows.X
		condPhi = make([]float64, base.N())
		for j, p := range c.PriceIndex {
			condPhi[j] = math.Pow(p, -cfg.Theta)
		}
	} else {
		if full, err = SolveHat(base, lb, opt); err != nil {
			return nil, err
		}
		if condX, condPhi, err = ConditionalHat(base, lb, cfg.Tol); err != nil {
			return nil, err
		}
	}
	n, theta := base.N(), cfg.Theta
	Y0, E0 := base.Output(), base.Expenditure()
	exp0, imp0 := base.Exports(), base.Imports()
	out := &GEOutcome{Method: full.Method, Theta: theta, Balance: cfg.Balance.String(), Numeraire: cfg.Numeraire.String(),
		Iterations: full.Iterations, FinalChange: full.FinalChange, MaxImbalance: full.MaxImbalance}
	for _, w := range full.Warnings {
		out.Warnings = append(out.Warnings, w.Error())
	}
	B := make([]float64, n*n)
	for k, l := range lb {
		B[k] = math.Exp(l)
	}
	sumY := 0.0
	for _, y := range Y0 {
		sumY += y
	}

	// full endowment, rescaled to the numeraire
	k := 1.0
	switch cfg.Numeraire.Kind {
	case RefPrice:
		k = 1 / full.NominalWage[ref]
	case RefIMR:
		k = 1 / full.PriceIndex[ref]
	}
	cf := full.Flows
	Ecf := cf.Expenditure()
	Ehat := make([]float64, n)
	phiHat := make([]float64, n)
	for j, e := range Ecf {
		Ehat[j] = k * e / E0[j]
		phiHat[j] = math.Pow(k*full.PriceIndex[j], -theta)
	}
	S := 0.0 // Shat: world output, or the reference's expenditure
	if cfg.Numeraire.Kind == RefIMR {
		S = Ehat[ref]
	} else {
		for _, y := range cf.Output() {
			S += k * y / sumY
		}
	}
	omr := outwardMR(base, B, Y0, Ehat, phiHat, S)
	expCF, impCF := cf.Exports(), cf.Imports()

	// conditional: Y, E fixed
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	condOMR := outwardMR(base, B, Y0, ones, condPhi, 1)
	// normalise: Pihat^-theta scaled by c, Phat^-theta by 1/c
	c := 1.0
	switch cfg.Numeraire.Kind {
	case WorldOutput:
		m := 0.0
		for i := range condOMR {
			m += Y0[i] / sumY * math.Log(condOMR[i])
		}
		c = math.Exp(-m)
	case RefPrice:
		c = 1 / condOMR[ref]
	case RefIMR:
		c = condPhi[ref]
	}
	cond := &Flows{Countries: base.Countries, X: condX}
	cexp, cimp := cond.Exports(), cond.Imports()

	for i, code := range base.Countries {
		lam0 := base.X[i*n+i] / E0[i]
		lam1 := cf.X[i*n+i] / Ecf[i]
		out.Countries = append(out.Countries, CountryGE{
			Country:      code,
			ExportsBase:  exp0[i],
			ImportsBase:  imp0[i],
			DomesticBase: lam0,
			CondExports:  pctRatio(cexp[i], exp0[i]),
			CondImports:  pctRatio(cimp[i], imp0[i]),
			CondIMR:      pct(math.Pow(condPhi[i]/c, -1/theta)),
			CondOMR:      pct(math.Pow(condOMR[i]*c, -1/theta)),
			Exports:      pctRatio(k*expCF[i], exp0[i]),
			Imports:      pctRatio(k*impCF[i], imp0[i]),
			RealGDP:      pct(full.RealWage[i]),
			FactoryGate:  pct(k * full.NominalWage[i]),
			IMR:          pct(k * full.PriceIndex[i]),
			OMR:          pct(math.Pow(omr[i], -1/theta)),
			Welfare:      pct(full.Welfare[i]),
			ACR:          pct(math.Pow(lam1/lam0, -1/theta)),
		})
	}
	return out, nil
}

// pctRatio is 100 (a/b - 1), or 0 when both are 0 (an economy with no
// exports stays without).
func pctRatio(a, b float64) float64 {
	if a == 0 && b == 0 {
		return 0
	}
	return 100 * (a/b - 1)
}

// outwardMR returns Pihat_i^-theta = sum_j (X_ij/Y_i) B_ij Ehat_j /
// (S phiHat_j), phiHat = Phat^-theta.
func outwardMR(base *Flows, B, Y0, Ehat, phiHat []float64, S float64) []float64 {
	n := base.N()
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		s := 0.0
		for j := 0; j < n; j++ {
			if x := base.X[i*n+j]; x != 0 {
				s += x / Y0[i] * B[i*n+j] * Ehat[j] / phiHat[j]
			}
		}
		out[i] = s / S
	}
	return out
}

// ConditionalHat solves the conditional general equilibrium of the log
// partial effects lb: output and expenditure stay at the baseline and the
// multilateral resistances adjust, X'_ij = X_ij B_ij / (u_i v_j) with
// u_i = Pihat_i^-theta and v_j = Phat_j^-theta. The (u, v) satisfying both
// sets of totals are found by biproportional scaling (the RAS iteration of
// Bacharach 1970, which converges for a table whose positive cells
// connect every economy), until the largest change in log u or log v is
// at most tol. It returns the flows and v, whose scale is arbitrary (only
// u_i v_j is identified).
func ConditionalHat(base *Flows, lb []float64, tol float64) (X, v []float64, err error) {
	if err := base.Validate(); err != nil {
		return nil, nil, err
	}
	n := base.N()
	if len(lb) != n*n {
		return nil, nil, fmt.Errorf("shock matrix has %d cells, want %d", len(lb), n*n)
	}
	Y, E := base.Output(), base.Expenditure()
	XB := make([]float64, n*n)
	for k, x := range base.X {
		if x != 0 {
			XB[k] = x * math.Exp(lb[k])
		}
	}
	u, v := ones(n), ones(n)
	const maxIter = 100000
	for iter := 1; ; iter++ {
		crit := 0.0
		for i := 0; i < n; i++ {
			s := 0.0
			for j, x := range XB[i*n : (i+1)*n] {
				if x != 0 {
					s += x / v[j]
				}
			}
			nu := s / Y[i]
			crit = math.Max(crit, math.Abs(math.Log(nu/u[i])))
			u[i] = nu
		}
		for j := 0; j < n; j++ {
			s := 0.0
			for i := 0; i < n; i++ {
				if x := XB[i*n+j]; x != 0 {
					s += x / u[i]
				}
			}
			nv := s / E[j]
			crit = math.Max(crit, math.Abs(math.Log(nv/v[j])))
			v[j] = nv
		}
		if math.IsNaN(crit) {
			return nil, nil, fmt.Errorf("conditional equilibrium: iteration %d produced NaN", iter)
		}
		if crit <= tol {
			break
		}
		if iter == maxIter {
			return nil, nil, fmt.Errorf("conditional equilibrium: %w after %d iterations (last change %.3g > tol %.3g)", ErrNotConverged, iter, crit, tol)
		}
	}
	X = make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if x := XB[i*n+j]; x != 0 {
				X[i*n+j] = x / (u[i] * v[j])
			}
		}
	}
	return X, v, nil
}
