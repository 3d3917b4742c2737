package portfolio

import (
	"errors"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// randomInstance draws a problem of n items and a quadratic objective:
// costs of $0.1-2B, three financiers paying 0-60% each under budgets that
// bind, a third of the items with a second plan, counting rules, acyclic
// requires (an item requires one of lower index) and exclusions.
func randomInstance(r *rand.Rand, n int) (*Problem, *Surrogate) {
	p := &Problem{Financiers: []string{"F0", "F1", "F2"}, BudgetAt: []string{"b0", "b1", "b2"}}
	for range 3 {
		p.Budgets = append(p.Budgets, (1+r.Float64()*3)*1e9)
	}
	for i := range n {
		it := Item{ID: string(rune('a' + i)), Cost: math.Round((0.1 + 1.9*r.Float64()) * 1e9), At: "item"}
		np := 1
		if r.IntN(3) == 0 {
			np = 2
		}
		for k := range np {
			amt := make([]float64, 3)
			for f := range amt {
				if r.IntN(2) == 0 {
					amt[f] = 0.6 * r.Float64() * it.Cost
				}
			}
			it.Plans = append(it.Plans, Plan{ID: string(rune('x' + k)), Amount: amt})
		}
		if i > 0 && r.IntN(5) == 0 {
			it.Requires = []int{r.IntN(i)}
		}
		if i > 0 && r.IntN(6) == 0 {
			j := r.IntN(i)
			if !slices.Contains(it.Requires, j) {
				it.Excludes = []int{j}
			}
		}
		p.Items = append(p.Items, it)
	}
	for k := range 1 + r.IntN(3) {
		perm := r.Perm(n)[:2+r.IntN(3)]
		ru := Rule{ID: string(rune('R' + k)), Of: perm, AtMost: -1, AtLeast: -1, At: "rule"}
		if r.IntN(2) == 0 {
			ru.AtMost = 1 + r.IntN(len(perm)-1)
		} else {
			ru.AtLeast = r.IntN(2)
		}
		p.Rules = append(p.Rules, ru)
	}
	lin := make([]float64, n)
	for i := range lin {
		lin[i] = -0.5 + 2*r.Float64()
	}
	var pairs []Term
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r.IntN(4) == 0 {
				pairs = append(pairs, Term{I: i, J: j, Coef: -1 + 2*r.Float64()})
			}
		}
	}
	return p, NewSurrogate(0.3, lin, pairs)
}

// honours is the test's own check that choice c keeps every budget, rule,
// dependency and exclusion of p and costs at most maxCost; it shares no
// code with the solver.
func honours(p *Problem, c Choice, maxCost float64) string {
	cost, spend := 0.0, make([]float64, len(p.Financiers))
	for i, k := range c {
		if k < 0 {
			continue
		}
		if k >= len(p.Items[i].Plans) {
			return "plan out of range"
		}
		cost += p.Items[i].Cost
		for f, a := range p.Items[i].Plans[k].Amount {
			spend[f] += a
		}
		for _, j := range p.Items[i].Requires {
			if c[j] < 0 {
				return p.Items[i].ID + " without its requirement " + p.Items[j].ID
			}
		}
		for _, j := range p.Items[i].Excludes {
			if c[j] >= 0 {
				return p.Items[i].ID + " with its exclusion " + p.Items[j].ID
			}
		}
	}
	if cost > maxCost {
		return "over the cost limit"
	}
	for f := range spend {
		if spend[f] > p.Budgets[f]*(1+1e-9) {
			return "over the budget of " + p.Financiers[f]
		}
	}
	for _, ru := range p.Rules {
		n := 0
		for _, i := range ru.Of {
			if c[i] >= 0 {
				n++
			}
		}
		if ru.AtMost >= 0 && n > ru.AtMost || ru.AtLeast >= 0 && n < ru.AtLeast {
			return "rule " + ru.ID + " broken"
		}
	}
	return ""
}

// point2 is a funded set with its cost and value.
type point2 struct {
	set         uint64
	cost, value float64
}

// enumerate lists every funded set that some assignment of plans makes
// feasible, by brute force over sets and plans.
func enumerate(p *Problem, obj *Surrogate) []point2 {
	n := len(p.Items)
	var out []point2
	for x := uint64(0); x < 1<<uint(n); x++ {
		var multi []int
		c := make(Choice, n)
		cost := 0.0
		for i := range n {
			c[i] = -1
			if x&(1<<uint(i)) != 0 {
				c[i] = 0
				cost += p.Items[i].Cost
				if len(p.Items[i].Plans) > 1 {
					multi = append(multi, i)
				}
			}
		}
		ok := false
		for combo := 0; combo < 1<<uint(len(multi)) && !ok; combo++ {
			for b, i := range multi {
				c[i] = (combo >> uint(b)) & 1
			}
			ok = honours(p, c, math.Inf(1)) == ""
		}
		if ok {
			out = append(out, point2{x, cost, obj.Predict(x)})
		}
	}
	return out
}

// paretoOf is the exact frontier of the enumerated points: by cost, each
// point that beats the value of every cheaper one.
func paretoOf(pts []point2) []point2 {
	s := slices.Clone(pts)
	sort.Slice(s, func(a, b int) bool {
		if s[a].cost != s[b].cost {
			return s[a].cost < s[b].cost
		}
		return s[a].value > s[b].value
	})
	var out []point2
	for _, q := range s {
		if len(out) == 0 || q.value > out[len(out)-1].value+1e-9 {
			out = append(out, q)
		}
	}
	return out
}

// TestSynthetic15 is the acceptance test: on a 15-project instance the
// solver's optimum and its ε-constraint frontier are those found by
// enumerating all 2^15 sets (and their financing plans).
func TestSynthetic15(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2026))
	p, obj := randomInstance(r, 15)
	pts := enumerate(p, obj)
	if len(pts) < 100 {
		t.Fatalf("only %d feasible sets: the instance is too tight to test much", len(pts))
	}
	best := pts[0]
	for _, q := range pts[1:] {
		if q.value > best.value+1e-9 || math.Abs(q.value-best.value) <= 1e-9 && q.cost < best.cost {
			best = q
		}
	}
	sol, ok, err := Solve(p, obj, math.Inf(1))
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if sol.Choice.Set() != best.set || math.Abs(sol.Value-best.value) > 1e-9 {
		t.Fatalf("optimum %b value %g, enumeration %b value %g", sol.Choice.Set(), sol.Value, best.set, best.value)
	}
	if msg := honours(p, sol.Choice, math.Inf(1)); msg != "" {
		t.Fatal(msg)
	}
	front, err := Frontier(p, obj)
	if err != nil {
		t.Fatal(err)
	}
	want := paretoOf(pts)
	if len(front) != len(want) {
		t.Fatalf("frontier has %d points, enumeration %d", len(front), len(want))
	}
	for k, q := range want {
		got := front[len(front)-1-k]
		if got.Choice.Set() != q.set || math.Abs(got.Value-q.value) > 1e-9 || got.Cost != q.cost {
			t.Errorf("point %d: got set %b cost %g value %g, want %b %g %g", k, got.Choice.Set(), got.Cost, got.Value, q.set, q.cost, q.value)
		}
	}
	t.Logf("%d feasible sets of 32768, frontier of %d points", len(pts), len(want))
}

// TestRulesHonoured: over random instances, every frontier portfolio keeps
// every budget and rule, and the optimum matches enumeration.
func TestRulesHonoured(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for trial := range 150 {
		n := 4 + r.IntN(7)
		p, obj := randomInstance(r, n)
		pts := enumerate(p, obj)
		front, err := Frontier(p, obj)
		if len(pts) == 0 {
			var ie *InfeasibleError
			if !errors.As(err, &ie) || len(ie.Conflict) == 0 {
				t.Fatalf("trial %d: infeasible, got %v", trial, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		for _, s := range front {
			if msg := honours(p, s.Choice, math.Inf(1)); msg != "" {
				t.Fatalf("trial %d: %s", trial, msg)
			}
			if math.Abs(s.Value-obj.Predict(s.Choice.Set())) > 1e-9 || s.Cost != p.Cost(s.Choice) {
				t.Fatalf("trial %d: value or cost misreported", trial)
			}
		}
		if want := paretoOf(pts); len(want) != len(front) {
			t.Fatalf("trial %d: frontier %d points, enumeration %d", trial, len(front), len(want))
		}
	}
}

// TestInfeasibleConflict: the conflicts named are the minimal set.
func TestInfeasibleConflict(t *testing.T) {
	one := func(a float64) []Plan { return []Plan{{ID: "p", Amount: []float64{a}}} }
	base := func() *Problem {
		return &Problem{Financiers: []string{"DFC"}, Budgets: []float64{1e9}, BudgetAt: []string{"s.yaml:3:5"},
			Items: []Item{{ID: "a", Cost: 8e8, Plans: one(8e8), At: "s.yaml:10:5"}, {ID: "b", Cost: 6e8, Plans: one(6e8), At: "s.yaml:12:5"},
				{ID: "c", Cost: 1e8, Plans: one(0), At: "s.yaml:14:5"}}}
	}
	tests := []struct {
		name string
		edit func(p *Problem)
		want []string // descriptions of the conflict
	}{
		{"budget", func(p *Problem) {
			p.Rules = []Rule{{ID: "both", Of: []int{0, 1}, AtLeast: 2, AtMost: -1, At: "s.yaml:20:5"}}
		}, []string{"budget of DFC, $1.00B", "rule both: at least 2 of a, b"}},
		{"exclusion", func(p *Problem) {
			p.Budgets[0] = math.Inf(1)
			p.Items[1].Excludes = []int{2}
			p.Rules = []Rule{{ID: "r1", Of: []int{1, 2}, AtLeast: 2, AtMost: -1, At: "s.yaml:20:5"},
				{ID: "r2", Of: []int{0}, AtMost: 1, AtLeast: -1, At: "s.yaml:22:5"}}
		}, []string{"rule r1: at least 2 of b, c", "b excludes c"}},
		{"requires", func(p *Problem) {
			p.Items[2].Requires = []int{0}
			p.Rules = []Rule{{ID: "c-in", Of: []int{2}, AtLeast: 1, AtMost: -1, At: "s.yaml:20:5"},
				{ID: "no-a", Of: []int{0, 1}, AtMost: 0, AtLeast: -1, At: "s.yaml:22:5"}}
		}, []string{"rule c-in: at least 1 of c", "rule no-a: at most 0 of a, b", "c requires a"}},
	}
	for _, tt := range tests {
		p := base()
		tt.edit(p)
		_, err := Frontier(p, NewSurrogate(0, []float64{1, 1, 1}, nil))
		var ie *InfeasibleError
		if !errors.As(err, &ie) {
			t.Fatalf("%s: got %v", tt.name, err)
		}
		var got []string
		for _, c := range ie.Conflict {
			got = append(got, c.Desc)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: conflict %q, want %q", tt.name, got, tt.want)
		}
		if !strings.Contains(err.Error(), "s.yaml:") {
			t.Errorf("%s: no position in %q", tt.name, err)
		}
	}
}

// TestFitRecovers: on noise-free quadratic data the fit returns the
// coefficients and no leave-one-out error; a three-way interaction the
// surrogate cannot hold shows up in that error.
func TestFitRecovers(t *testing.T) {
	const n = 6
	truth := NewSurrogate(0.5, []float64{1, -2, 0.5, 0, 3, -1}, []Term{{I: 0, J: 1, Coef: 0.7}, {I: 2, J: 4, Coef: -0.4}})
	xs := Design(n, 1)
	if want := 1 + n + n*(n-1)/2 + 1 + n; len(xs) != want {
		t.Fatalf("design of %d points, want %d", len(xs), want)
	}
	y := make([]float64, len(xs))
	for k, x := range xs {
		y[k] = truth.Predict(x)
	}
	s, err := Fit(n, [][2]int{{0, 1}, {2, 4}}, xs, y)
	if err != nil {
		t.Fatal(err)
	}
	for i := range truth.Lin {
		if math.Abs(s.Lin[i]-truth.Lin[i]) > 1e-9 {
			t.Fatalf("lin %d: %g, want %g", i, s.Lin[i], truth.Lin[i])
		}
	}
	if math.Abs(s.Pairs[0].Coef-0.7) > 1e-9 || s.RMSE > 1e-9 || s.LOOPoints == 0 {
		t.Fatalf("fit %+v", s)
	}
	for k, x := range xs {
		if x&0b111 == 0b111 {
			y[k] += 2 // a three-way interaction of items 0, 1, 2
		}
	}
	s, err = Fit(n, [][2]int{{0, 1}, {2, 4}}, xs, y)
	if err != nil {
		t.Fatal(err)
	}
	if s.RMSE < 0.1 {
		t.Fatalf("LOO RMSE %g misses a three-way interaction", s.RMSE)
	}
	for _, x := range xs {
		if bits.OnesCount64(x) > n {
			t.Fatal("design point out of range")
		}
	}
}
