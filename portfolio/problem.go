package portfolio

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Problem is the 0-1 selection problem: which items (candidate projects)
// to fund, each with one of its financing plans, under the financiers'
// budgets, the items' dependencies and exclusions and the counting rules.
type Problem struct {
	Items      []Item
	Financiers []string  // ids
	Budgets    []float64 // per financier, USD; +Inf: no limit
	BudgetAt   []string  // where each budget is stated (file:line:column or a flag)
	Rules      []Rule
}

// Item is one candidate.
type Item struct {
	ID       string
	Cost     float64 // total cost, USD
	Plans    []Plan  // at least one
	Requires []int   // items it may be funded only with
	Excludes []int   // items it may not be funded with
	At       string  // where it is stated
}

// Plan is one way to finance an item: Amount[f] is what financier f pays.
type Plan struct {
	ID     string
	Amount []float64
}

// Rule bounds the number of funded items among Of; -1 means no bound.
type Rule struct {
	ID              string
	Of              []int
	AtMost, AtLeast int
	At              string
}

// Choice is a portfolio: for each item the index of its financing plan,
// or -1 when it is not funded.
type Choice []int

// Set is the funded items as a bit set.
func (c Choice) Set() uint64 {
	var s uint64
	for i, p := range c {
		if p >= 0 {
			s |= 1 << uint(i)
		}
	}
	return s
}

// Cost is the total cost of the funded items, each rounded to the dollar
// as the solver counts it.
func (p *Problem) Cost(c Choice) float64 {
	var t int64
	for i, k := range c {
		if k >= 0 {
			t += int64(math.Round(p.Items[i].Cost))
		}
	}
	return float64(t)
}

// Spend is what each financier pays for c.
func (p *Problem) Spend(c Choice) []float64 {
	out := make([]float64, len(p.Financiers))
	for i, k := range c {
		if k >= 0 {
			for f, a := range p.Items[i].Plans[k].Amount {
				out[f] += a
			}
		}
	}
	return out
}

// Check validates the problem's own consistency (indices in range, plan
// amounts per financier, no negative number); errors here are the
// caller's, not the user's.
func (p *Problem) Check() error {
	n, nf := len(p.Items), len(p.Financiers)
	if n > 64 {
		return fmt.Errorf("portfolio: %d items; at most 64", n)
	}
	if len(p.Budgets) != nf {
		return fmt.Errorf("portfolio: %d budgets for %d financiers", len(p.Budgets), nf)
	}
	idx := func(js []int) bool {
		for _, j := range js {
			if j < 0 || j >= n {
				return false
			}
		}
		return true
	}
	for i, it := range p.Items {
		if len(it.Plans) == 0 || it.Cost < 0 || math.IsNaN(it.Cost) || !idx(it.Requires) || !idx(it.Excludes) {
			return fmt.Errorf("portfolio: item %d (%s) is malformed", i, it.ID)
		}
		for _, pl := range it.Plans {
			if len(pl.Amount) != nf {
				return fmt.Errorf("portfolio: item %s plan %s: %d amounts for %d financiers", it.ID, pl.ID, len(pl.Amount), nf)
			}
		}
	}
	for _, r := range p.Rules {
		if !idx(r.Of) {
			return fmt.Errorf("portfolio: rule %s names an unknown item", r.ID)
		}
	}
	return nil
}

// order returns the items in an order where every item comes after the
// items it requires (requires must be acyclic; scenario checks it).
func (p *Problem) order() ([]int, error) {
	state := make([]int, len(p.Items))
	var out []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case 1:
			return fmt.Errorf("portfolio: dependency cycle through %s", p.Items[i].ID)
		case 2:
			return nil
		}
		state[i] = 1
		for _, j := range p.Items[i].Requires {
			if err := visit(j); err != nil {
				return err
			}
		}
		state[i] = 2
		out = append(out, i)
		return nil
	}
	for i := range p.Items {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Solution is an optimal portfolio of one solve.
type Solution struct {
	Choice Choice
	Value  float64 // the objective (surrogate) value
	Cost   float64
}

// searcher is the state of one branch-and-bound search.
type searcher struct {
	p       *Problem
	obj     *Surrogate
	maxCost float64
	order   []int
	pos     []int // position of each item in order
	excl    [][]int
	rulesOf [][]int // rules each item counts in
	// state
	choice   Choice
	used     []float64
	costs    []int64 // item costs in whole dollars, so that sums are exact
	cost     int64
	count    []int // funded items per rule
	left     []int // unassigned items per rule
	best     Solution
	found    bool
	feasOnly bool // stop at the first feasible portfolio
	tol      float64
}

// Solve maximises the surrogate over the portfolios of p that cost at
// most maxCost, exactly, by depth-first branch and bound (Land and Doig
// 1960): items are fixed in dependency order, funded before unfunded, and
// a branch is cut when it breaks a constraint or when an upper bound on
// its best completion (the value so far plus, for every unfixed item, its
// additive effect and its interactions with funded items and the positive
// ones with unfixed items, where positive) cannot beat the best portfolio
// found. Ties in value go to the cheaper portfolio. ok is false when no
// portfolio is feasible.
func Solve(p *Problem, obj *Surrogate, maxCost float64) (sol Solution, ok bool, err error) {
	s, err := newSearcher(p, obj, maxCost)
	if err != nil {
		return Solution{}, false, err
	}
	s.dfs(0, obj.Const)
	return s.best, s.found, nil
}

func newSearcher(p *Problem, obj *Surrogate, maxCost float64) (*searcher, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if obj != nil && len(obj.Lin) != len(p.Items) {
		return nil, fmt.Errorf("portfolio: surrogate of %d items for %d", len(obj.Lin), len(p.Items))
	}
	ord, err := p.order()
	if err != nil {
		return nil, err
	}
	n := len(p.Items)
	s := &searcher{p: p, obj: obj, maxCost: maxCost, order: ord, pos: make([]int, n), excl: make([][]int, n),
		rulesOf: make([][]int, n), choice: make(Choice, n), used: make([]float64, len(p.Financiers)),
		count: make([]int, len(p.Rules)), left: make([]int, len(p.Rules))}
	for k, i := range ord {
		s.pos[i] = k
	}
	s.costs = make([]int64, n)
	for i, it := range p.Items {
		s.costs[i] = int64(math.Round(it.Cost))
		s.choice[i] = -1
		for _, j := range it.Excludes {
			s.excl[i] = append(s.excl[i], j)
			s.excl[j] = append(s.excl[j], i)
		}
	}
	for r, ru := range p.Rules {
		for _, i := range ru.Of {
			s.rulesOf[i] = append(s.rulesOf[i], r)
		}
		s.left[r] = len(ru.Of)
	}
	scale := 0.0
	if obj != nil {
		scale = math.Abs(obj.Const)
		for _, a := range obj.Lin {
			scale += math.Abs(a)
		}
		for _, t := range obj.Pairs {
			scale += math.Abs(t.Coef)
		}
	}
	s.tol = 1e-12 * (1 + scale)
	return s, nil
}

// canFund reports whether item i may be funded with plan k given the
// items fixed so far.
func (s *searcher) canFund(i, k int) bool {
	it := &s.p.Items[i]
	if float64(s.cost+s.costs[i]) > s.maxCost {
		return false
	}
	for f, a := range it.Plans[k].Amount {
		if a > 0 && s.used[f]+a > s.p.Budgets[f]*(1+1e-12) {
			return false
		}
	}
	for _, j := range it.Requires { // fixed before i
		if s.choice[j] < 0 {
			return false
		}
	}
	for _, j := range s.excl[i] {
		if s.choice[j] >= 0 {
			return false
		}
	}
	for _, r := range s.rulesOf[i] {
		if am := s.p.Rules[r].AtMost; am >= 0 && s.count[r]+1 > am {
			return false
		}
	}
	return true
}

// atLeastReachable reports whether every at_least rule can still be met.
func (s *searcher) atLeastReachable() bool {
	for r, ru := range s.p.Rules {
		if ru.AtLeast >= 0 && s.count[r]+s.left[r] < ru.AtLeast {
			return false
		}
	}
	return true
}

// bound is an upper bound on the value of any completion of the items
// fixed at positions before k, whose value is v.
func (s *searcher) bound(k int, v float64) float64 {
	if s.obj == nil {
		return v
	}
	b := v
	for _, i := range s.order[k:] {
		g := s.obj.Lin[i]
		for _, t := range s.obj.pairsOf[i] {
			j := t.other(i)
			switch {
			case s.pos[j] < k && s.choice[j] >= 0:
				g += t.Coef
			case s.pos[j] >= k && s.pos[j] > s.pos[i] && t.Coef > 0:
				g += t.Coef
			}
		}
		if g > 0 {
			b += g
		}
	}
	return b
}

func (s *searcher) better(v float64, cost int64) bool {
	if !s.found {
		return true
	}
	if v > s.best.Value+s.tol {
		return true
	}
	return v >= s.best.Value-s.tol && float64(cost) < s.best.Cost
}

func (s *searcher) dfs(k int, v float64) {
	if s.feasOnly && s.found {
		return
	}
	if k == len(s.order) {
		if s.better(v, s.cost) {
			s.best = Solution{Choice: slices.Clone(s.choice), Value: v, Cost: float64(s.cost)}
			s.found = true
		}
		return
	}
	if s.found && !s.feasOnly && s.bound(k, v) < s.best.Value-s.tol {
		return
	}
	i := s.order[k]
	it := &s.p.Items[i]
	for _, r := range s.rulesOf[i] {
		s.left[r]--
	}
	for pk := range it.Plans {
		if !s.canFund(i, pk) {
			continue
		}
		s.choice[i] = pk
		s.cost += s.costs[i]
		for f, a := range it.Plans[pk].Amount {
			s.used[f] += a
		}
		for _, r := range s.rulesOf[i] {
			s.count[r]++
		}
		if s.atLeastReachable() {
			s.dfs(k+1, v+s.gain(i))
		}
		for _, r := range s.rulesOf[i] {
			s.count[r]--
		}
		for f, a := range it.Plans[pk].Amount {
			s.used[f] -= a
		}
		s.cost -= s.costs[i]
		s.choice[i] = -1
	}
	if s.atLeastReachable() {
		s.dfs(k+1, v)
	}
	for _, r := range s.rulesOf[i] {
		s.left[r]++
	}
}

// gain is the change in value from funding item i given the funded items.
func (s *searcher) gain(i int) float64 {
	if s.obj == nil {
		return 0
	}
	g := s.obj.Lin[i]
	for _, t := range s.obj.pairsOf[i] {
		if s.choice[t.other(i)] >= 0 {
			g += t.Coef
		}
	}
	return g
}

// Frontier traces the Pareto frontier of the surrogate's value against
// total cost by the ε-constraint method (Haimes, Lasdon and Wismer 1971):
// maximise the value with cost ≤ ε, starting from no cost limit, then
// lower ε to just below the cost of each solution found, until no
// portfolio is feasible. Because ties in value go to the cheaper
// portfolio, every point is Pareto-optimal and, costs being compared
// exactly, the frontier is complete. Points come from the most expensive
// to the cheapest.
func Frontier(p *Problem, obj *Surrogate) ([]Solution, error) {
	var out []Solution
	eps := math.Inf(1)
	for {
		sol, ok, err := Solve(p, obj, eps)
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if len(out) > 0 && sol.Cost >= out[len(out)-1].Cost {
			break // cannot happen: ε is below the last cost
		}
		out = append(out, sol)
		if sol.Cost <= 0 {
			break
		}
		eps = sol.Cost - 1 // strictly below: costs are whole dollars
	}
	if len(out) == 0 {
		return nil, Infeasible(p)
	}
	return out, nil
}

// Constraint names one constraint of a problem, for the conflicts of an
// infeasible one.
type Constraint struct {
	Kind string // budget, rule, requires, excludes
	Desc string
	At   string
	i, j int
}

// InfeasibleError is a problem with no feasible portfolio; Conflict is a
// minimal set of constraints that cannot hold together.
type InfeasibleError struct{ Conflict []Constraint }

func (e *InfeasibleError) Error() string {
	parts := make([]string, len(e.Conflict))
	for i, c := range e.Conflict {
		parts[i] = c.At + ": " + c.Desc
	}
	return "no portfolio keeps every constraint; these conflict (dropping any one of them leaves a feasible set): " + strings.Join(parts, "; ")
}

// constraints lists every constraint of p.
func (p *Problem) constraints() []Constraint {
	var cs []Constraint
	for f, id := range p.Financiers {
		if !math.IsInf(p.Budgets[f], 1) {
			cs = append(cs, Constraint{Kind: "budget", Desc: fmt.Sprintf("budget of %s, %s", id, USD(p.Budgets[f])), At: p.BudgetAt[f], i: f})
		}
	}
	for r, ru := range p.Rules {
		var ids []string
		for _, i := range ru.Of {
			ids = append(ids, p.Items[i].ID)
		}
		d := "rule " + ru.ID + ":"
		if ru.AtLeast >= 0 {
			d += fmt.Sprintf(" at least %d", ru.AtLeast)
		}
		if ru.AtMost >= 0 {
			d += fmt.Sprintf(" at most %d", ru.AtMost)
		}
		cs = append(cs, Constraint{Kind: "rule", Desc: d + " of " + strings.Join(ids, ", "), At: ru.At, i: r})
	}
	for i, it := range p.Items {
		for k, j := range it.Requires {
			cs = append(cs, Constraint{Kind: "requires", Desc: it.ID + " requires " + p.Items[j].ID, At: it.At, i: i, j: k})
		}
		for k, j := range it.Excludes {
			cs = append(cs, Constraint{Kind: "excludes", Desc: it.ID + " excludes " + p.Items[j].ID, At: it.At, i: i, j: k})
		}
	}
	return cs
}

// without returns a copy of p without the constraints in drop.
func (p *Problem) without(drop []Constraint) *Problem {
	q := *p
	q.Budgets = slices.Clone(p.Budgets)
	q.Rules = slices.Clone(p.Rules)
	q.Items = slices.Clone(p.Items)
	for i := range q.Items {
		q.Items[i].Requires = slices.Clone(p.Items[i].Requires)
		q.Items[i].Excludes = slices.Clone(p.Items[i].Excludes)
	}
	const gone = -1
	for _, c := range drop {
		switch c.Kind {
		case "budget":
			q.Budgets[c.i] = math.Inf(1)
		case "rule":
			q.Rules[c.i].AtLeast, q.Rules[c.i].AtMost = -1, -1
		case "requires":
			q.Items[c.i].Requires[c.j] = gone
		case "excludes":
			q.Items[c.i].Excludes[c.j] = gone
		}
	}
	for i := range q.Items {
		q.Items[i].Requires = slices.DeleteFunc(q.Items[i].Requires, func(j int) bool { return j == gone })
		q.Items[i].Excludes = slices.DeleteFunc(q.Items[i].Excludes, func(j int) bool { return j == gone })
	}
	return &q
}

// feasible reports whether p has a feasible portfolio.
func (p *Problem) feasible() bool {
	s, err := newSearcher(p, nil, math.Inf(1))
	if err != nil {
		return false
	}
	s.feasOnly = true
	s.dfs(0, 0)
	return s.found
}

// Infeasible explains an infeasible problem: it finds a minimal set of
// conflicting constraints with the deletion filter (Chinneck and Dravnieks
// 1991): drop each constraint in turn and keep it out if the rest is still
// infeasible; what remains conflicts, and dropping any one of it leaves a
// feasible problem. It returns nil when p is feasible.
func Infeasible(p *Problem) error {
	if p.feasible() {
		return nil
	}
	cs := p.constraints()
	var dropped []Constraint
	var keep []Constraint
	for _, c := range cs {
		if !p.without(append(slices.Clone(dropped), c)).feasible() {
			dropped = append(dropped, c)
		} else {
			keep = append(keep, c)
		}
	}
	return &InfeasibleError{Conflict: keep}
}

// USD formats an amount of US dollars in millions or billions.
func USD(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "unlimited"
	case math.Abs(x) >= 1e9:
		return fmt.Sprintf("$%.2fB", x/1e9)
	default:
		return fmt.Sprintf("$%.0fM", x/1e6)
	}
}
