package portfolio

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/world"
)

// Objectives of Options.Objective.
const (
	Risk   = "risk"   // reduction of P(at least one intervention by the year), pp
	Income = "income" // real income gain, %
)

// Options of an optimisation.
type Options struct {
	Objective string // Risk or Income
	Target    Target
	// Budgets replace financiers' budgets (USD) by id; BudgetFlag names
	// where they come from in messages (e.g. "--budget").
	Budgets    map[string]float64
	BudgetFlag string
	Draws      int // per portfolio of the design
	// ResimDraws per frontier portfolio; the first Draws of them are the
	// design's (same seed), so the re-simulation differs from the design
	// by the surrogate's error and the added draws only.
	ResimDraws int
	Seed       uint64
	Workers    int
	// Progress reports a stage ("design", "frontier") and draws done.
	Progress func(stage string, done, total int)
}

// Summary is an effect over draws.
type Summary struct {
	Mean float64 `json:"mean"`
	SE   float64 `json:"se"`  // Monte Carlo standard error of the mean; 0 when only the mean is kept
	Q05  float64 `json:"q05"` // NaN (null in JSON) when only the mean is kept
	Q95  float64 `json:"q95"`
	PNeg float64 `json:"p_neg"` // share of draws with an effect below 0
}

// Funded is one candidate of a portfolio with its financing plan.
type Funded struct {
	Candidate string `json:"candidate"`
	Plan      string `json:"plan"`
}

// Point is one portfolio of the frontier, re-simulated.
type Point struct {
	Funded []Funded           `json:"funded"`
	Cost   float64            `json:"cost_usd"`
	Spend  map[string]float64 `json:"spend_usd"` // by financier; "host" is the host governments' remainder
	Pred   float64            `json:"predicted"` // the surrogate's value of the objective
	Effect Summary            `json:"effect"`    // re-simulated objective
	Other  float64            `json:"other"`     // re-simulated mean of the other objective
	// Error is re-simulated minus predicted; Stated is the surrogate's
	// stated error (2 × leave-one-out RMSE), Allowed that plus twice the
	// re-simulation's Monte Carlo error. Flag is |Error| > Allowed.
	Error   float64 `json:"error"`
	Stated  float64 `json:"stated_error"`
	Allowed float64 `json:"allowed_error"`
	Flag    bool    `json:"flag"`
	// Marginal: the predicted gain over the next cheaper frontier
	// portfolio is within the stated error, so the surrogate cannot tell
	// the extra cost buys anything.
	Marginal bool `json:"marginal"`
	set      uint64
}

// Candidate describes one candidate in the result.
type Candidate struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Cost    float64 `json:"cost_usd"`
	Alone   float64 `json:"alone"`    // simulated objective of the candidate alone
	Surr    float64 `json:"additive"` // its additive term in the surrogate
	Defined bool    `json:"defined"`  // defined by the portfolio section, not a scenario project
}

// Result is an optimisation: the surrogate's fit and the frontier.
type Result struct {
	Scenario   string      `json:"scenario"`
	Objective  string      `json:"objective"`
	Target     string      `json:"target"`
	Year       int         `json:"year"`
	Base       string      `json:"base"`
	Start      string      `json:"start"`
	Seed       uint64      `json:"seed"`
	Draws      int         `json:"draws"`
	ResimDraws int         `json:"resim_draws"`
	Financiers []string    `json:"financiers"`
	Budgets    []float64   `json:"budgets_usd"` // +Inf as -1 in JSON
	Candidates []Candidate `json:"candidates"`
	Design     int         `json:"design_points"`
	Pairs      []PairTerm  `json:"interactions"`
	RMSE       float64     `json:"loo_rmse"`
	LOOPoints  int         `json:"loo_points"`
	Frontier   []Point     `json:"frontier"` // cheapest first
}

// PairTerm is an interaction the design showed, kept in the surrogate.
type PairTerm struct {
	A, B string
	Coef float64
}

// BuildProblem converts the world's portfolio section into a Problem,
// with budgets replaced by opt.Budgets (each id must be a financier).
func BuildProblem(pf *world.Portfolio, budgets map[string]float64, flag string) (*Problem, error) {
	p := &Problem{}
	fidx := map[string]int{}
	for f, fin := range pf.Financiers {
		fidx[fin.ID] = f
		p.Financiers = append(p.Financiers, fin.ID)
		p.Budgets = append(p.Budgets, fin.BudgetUSD.V)
		p.BudgetAt = append(p.BudgetAt, fin.At.String())
	}
	for _, id := range slices.Sorted(maps.Keys(budgets)) {
		f, ok := fidx[id]
		if !ok {
			return nil, &model.OptionError{Option: flag, Err: fmt.Errorf("unknown financier %q (have %v)", id, p.Financiers)}
		}
		if budgets[id] < 0 || math.IsNaN(budgets[id]) {
			return nil, &model.OptionError{Option: flag, Err: fmt.Errorf("%s=%g: a budget must not be negative", id, budgets[id])}
		}
		p.Budgets[f], p.BudgetAt[f] = budgets[id], "--"+flag+" "+id
	}
	cidx := map[string]int{}
	for i, c := range pf.Candidates {
		cidx[c.ID] = i
	}
	for _, c := range pf.Candidates {
		it := Item{ID: c.ID, Cost: c.Project.CostUSD.V, At: c.At.String()}
		for _, pl := range c.Plans {
			amt := make([]float64, len(p.Financiers))
			for _, s := range pl.Shares {
				amt[fidx[s.Financier]] += s.Share.V * it.Cost
			}
			it.Plans = append(it.Plans, Plan{ID: pl.ID, Amount: amt})
		}
		for _, r := range c.Requires {
			it.Requires = append(it.Requires, cidx[r])
		}
		for _, r := range c.Excludes {
			it.Excludes = append(it.Excludes, cidx[r])
		}
		p.Items = append(p.Items, it)
	}
	for _, r := range pf.Rules {
		ru := Rule{ID: r.ID, AtMost: r.AtMost, AtLeast: r.AtLeast, At: r.At.String()}
		for _, id := range r.Of {
			ru.Of = append(ru.Of, cidx[id])
		}
		p.Rules = append(p.Rules, ru)
	}
	return p, p.Check()
}

// Optimize runs the method of the package doc on the world's portfolio:
// design, simulate, fit, solve the frontier, re-simulate it.
func Optimize(ctx context.Context, c *model.Cache, w *world.World, opt Options) (*Result, error) {
	pf := w.Portfolio
	if pf == nil {
		return nil, fmt.Errorf("portfolio: scenario %s has no portfolio section (docs/portfolio.md)", w.Name)
	}
	if opt.Objective != Risk && opt.Objective != Income {
		return nil, &model.OptionError{Option: "objective", Err: fmt.Errorf("%q: want risk or income", opt.Objective)}
	}
	if opt.Draws < 2 || opt.ResimDraws < opt.Draws {
		return nil, &model.OptionError{Option: "draws", Err: fmt.Errorf("need at least 2 draws, and no fewer re-simulation draws")}
	}
	p, err := BuildProblem(pf, opt.Budgets, opt.BudgetFlag)
	if err != nil {
		return nil, err
	}
	if err := Infeasible(p); err != nil {
		return nil, err
	}
	n := len(p.Items)
	sm := &Simulator{Cache: c, World: w, Target: opt.Target, Draws: opt.Draws, Workers: opt.Workers}
	if opt.Progress != nil {
		sm.Progress = func(d, t int) { opt.Progress("design", d, t) }
	}
	xs := Design(n, opt.Seed)
	outs, err := sm.Evaluate(ctx, xs, opt.Seed)
	if err != nil {
		return nil, err
	}
	y := make([]float64, len(xs))
	for k, o := range outs {
		y[k] = objective(o, opt.Objective)
	}
	pairs := interactions(n, xs, outs, y, opt.Objective)
	sur, err := Fit(n, pairs, xs, y)
	if err != nil {
		return nil, err
	}
	front, err := Frontier(p, sur)
	if err != nil {
		return nil, err
	}
	res := &Result{Scenario: w.Name, Objective: opt.Objective, Target: targetName(opt.Target), Year: opt.Target.Year,
		Base: pf.Base, Start: pf.Start.String(), Seed: opt.Seed, Draws: opt.Draws, ResimDraws: opt.ResimDraws,
		Financiers: p.Financiers, Budgets: p.Budgets, Design: len(xs), RMSE: sur.RMSE, LOOPoints: sur.LOOPoints}
	for i, cd := range pf.Candidates {
		k := slices.Index(xs, uint64(1)<<uint(i))
		res.Candidates = append(res.Candidates, Candidate{ID: cd.ID, Name: cd.Project.Name, Cost: p.Items[i].Cost,
			Alone: y[k], Surr: sur.Lin[i], Defined: cd.Defined})
	}
	for _, t := range sur.Pairs {
		res.Pairs = append(res.Pairs, PairTerm{A: p.Items[t.I].ID, B: p.Items[t.J].ID, Coef: t.Coef})
	}
	sets := make([]uint64, len(front))
	for k, s := range front {
		sets[k] = s.Choice.Set()
	}
	sm.Draws = opt.ResimDraws
	if opt.Progress != nil {
		sm.Progress = func(d, t int) { opt.Progress("frontier", d, t) }
	}
	re, err := sm.Evaluate(ctx, sets, opt.Seed)
	if err != nil {
		return nil, err
	}
	for k := len(front) - 1; k >= 0; k-- {
		res.Frontier = append(res.Frontier, point(p, pf, front[k], re[k], sur, opt.Objective))
	}
	for k := 1; k < len(res.Frontier); k++ {
		res.Frontier[k].Marginal = res.Frontier[k].Pred-res.Frontier[k-1].Pred <= res.Frontier[k].Stated
	}
	return res, nil
}

func objective(o Outcome, obj string) float64 {
	if obj == Income {
		return o.Income
	}
	m, _ := meanSE(o.Risk)
	return m
}

// interactions selects the pairwise terms the design shows: for each pair
// (i, j), the interaction y_ij - y_i - y_j + y_0 of its own design points.
// For the risk objective a term is kept when it exceeds twice its Monte
// Carlo standard error, computed over draws from the same four points
// (common random numbers); the income objective keeps only its mean over
// draws, so a term is kept when it is not zero to rounding.
func interactions(n int, xs []uint64, outs []Outcome, y []float64, obj string) [][2]int {
	at := map[uint64]int{}
	for k, x := range xs {
		at[x] = k
	}
	scale := 0.0
	for _, v := range y {
		scale = max(scale, math.Abs(v))
	}
	var pairs [][2]int
	for i := range n {
		for j := i + 1; j < n; j++ {
			bi, bj := uint64(1)<<uint(i), uint64(1)<<uint(j)
			k0, ki, kj, kij := at[0], at[bi], at[bj], at[bi|bj]
			g := y[kij] - y[ki] - y[kj] + y[k0]
			if obj == Income {
				if math.Abs(g) > 1e-9*(1+scale) {
					pairs = append(pairs, [2]int{i, j})
				}
				continue
			}
			d := make([]float64, len(outs[k0].Risk))
			for t := range d {
				d[t] = outs[kij].Risk[t] - outs[ki].Risk[t] - outs[kj].Risk[t] + outs[k0].Risk[t]
			}
			if _, se := meanSE(d); math.Abs(g) > 2*se {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	return pairs
}

// point summarises a frontier portfolio and its re-simulation.
func point(p *Problem, pf *world.Portfolio, s Solution, o Outcome, sur *Surrogate, obj string) Point {
	pt := Point{Cost: s.Cost, Spend: map[string]float64{}, Pred: s.Value, Stated: 2 * sur.RMSE, set: s.Choice.Set()}
	for i, k := range s.Choice {
		if k >= 0 {
			pt.Funded = append(pt.Funded, Funded{Candidate: p.Items[i].ID, Plan: p.Items[i].Plans[k].ID})
		}
	}
	host := s.Cost
	for f, a := range p.Spend(s.Choice) {
		if a > 0 {
			pt.Spend[p.Financiers[f]] = a
			host -= a
		}
	}
	if host > 1e-6*s.Cost && host > 0 {
		pt.Spend["host"] = host
	}
	rs := summarize(o.Risk)
	if obj == Income {
		nan := math.NaN()
		pt.Effect = Summary{Mean: o.Income, Q05: nan, Q95: nan, PNeg: nan}
		pt.Other = rs.Mean
	} else {
		pt.Effect, pt.Other = rs, o.Income
	}
	pt.Error = pt.Effect.Mean - pt.Pred
	pt.Allowed = pt.Stated + 2*pt.Effect.SE
	pt.Flag = math.Abs(pt.Error) > pt.Allowed
	return pt
}

func summarize(x []float64) Summary {
	m, se := meanSE(x)
	s := slices.Sorted(slices.Values(x))
	neg := 0
	for _, v := range x {
		if v < 0 {
			neg++
		}
	}
	return Summary{Mean: m, SE: se, Q05: results.Quantile(s, 0.05), Q95: results.Quantile(s, 0.95), PNeg: float64(neg) / float64(len(x))}
}

// meanSE is the mean of x and its standard error sd/√n.
func meanSE(x []float64) (float64, float64) {
	n := float64(len(x))
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= n
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	if len(x) < 2 {
		return m, 0
	}
	return m, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

func targetName(t Target) string {
	if len(t.Countries) == 0 {
		return "REGION"
	}
	s := t.Countries[0]
	for _, c := range t.Countries[1:] {
		s += "+" + c
	}
	return s
}
