package ge

import (
	"fmt"
	"math"
	"sort"
)

// A Shock is a change in bilateral trade costs. The solvers need it as a
// matrix of log partial effects b_ij = ln(T'_ij / T_ij), where
// T_ij = t_ij^(-theta) is the trade-cost term of structural gravity: the
// change in log flows the shock would cause if incomes and multilateral
// resistances stayed put. A gravity coefficient on a dummy is already such
// an effect; a change in an ad valorem cost becomes one through the trade
// elasticity theta, which is why Apply receives it.
type Shock interface {
	// Apply adds the shock's log partial effects to lb (row-major, exporter
	// i row, importer j column, over countries) given the trade elasticity.
	// It returns an error naming the shock if a country is unknown or a
	// value is out of range.
	Apply(countries []string, theta float64, lb []float64) error
	// Describe returns a one-line account of the shock for reports.
	Describe() string
}

// Pairs selects directed country pairs. Members selects every ordered pair
// of distinct members (an agreement among them); List selects the listed
// pairs, and both directions of each when Symmetric is set.
type Pairs struct {
	Members   []string
	List      []Pair
	Symmetric bool
}

// each calls fn(i, j) for every selected pair, in a fixed order. A pair
// selected twice is visited once.
func (p Pairs) each(countries []string, fn func(i, j int)) error {
	idx := make(map[string]int, len(countries))
	for i, c := range countries {
		idx[c] = i
	}
	n := len(countries)
	seen := make(map[int]bool)
	visit := func(i, j int) {
		if !seen[i*n+j] {
			seen[i*n+j] = true
			fn(i, j)
		}
	}
	var ms []int
	for _, m := range p.Members {
		i, ok := idx[m]
		if !ok {
			return fmt.Errorf("country %q is not in the flow table", m)
		}
		ms = append(ms, i)
	}
	for _, i := range ms {
		for _, j := range ms {
			if i != j {
				visit(i, j)
			}
		}
	}
	for _, pr := range p.List {
		i, ok := idx[pr.Exporter]
		if !ok {
			return fmt.Errorf("country %q is not in the flow table", pr.Exporter)
		}
		j, ok := idx[pr.Importer]
		if !ok {
			return fmt.Errorf("country %q is not in the flow table", pr.Importer)
		}
		visit(i, j)
		if p.Symmetric {
			visit(j, i)
		}
	}
	return nil
}

// Agreement is a trade agreement (or any 0/1 policy variable) switched on
// for the selected pairs, with the partial effect estimated for it by a
// gravity regression: flows rise by exp(PartialEffect) - 1 holding incomes
// and resistances fixed.
type Agreement struct {
	Name          string
	Pairs         Pairs
	PartialEffect float64
}

// Apply implements Shock.
func (a Agreement) Apply(countries []string, _ float64, lb []float64) error {
	if math.IsNaN(a.PartialEffect) || math.IsInf(a.PartialEffect, 0) {
		return fmt.Errorf("agreement %q: partial effect %v is not finite", a.Name, a.PartialEffect)
	}
	n := len(countries)
	err := a.Pairs.each(countries, func(i, j int) { lb[i*n+j] += a.PartialEffect })
	if err != nil {
		return fmt.Errorf("agreement %q: %w", a.Name, err)
	}
	return nil
}

// Describe implements Shock.
func (a Agreement) Describe() string {
	return fmt.Sprintf("agreement %s: partial effect %.4g (flows x%.4g)", a.Name, a.PartialEffect, math.Exp(a.PartialEffect))
}

// Tariff is a change in an ad valorem tariff (or tariff-equivalent cost)
// on the selected pairs, from Old to New (0.05 = 5%). The trade-cost factor
// changes by (1+New)/(1+Old), so b_ij = -theta ln((1+New)/(1+Old)). Tariff
// revenue is not modelled: the one-sector model treats the tariff as an
// iceberg cost, which overstates the welfare loss of a tariff and the gain
// from removing it by the revenue that was rebated.
type Tariff struct {
	Name     string
	Pairs    Pairs
	Old, New float64
}

// Apply implements Shock.
func (t Tariff) Apply(countries []string, theta float64, lb []float64) error {
	if !(t.Old > -1) || !(t.New > -1) || math.IsInf(t.Old, 0) || math.IsInf(t.New, 0) {
		return fmt.Errorf("tariff %q: rates %v -> %v must be finite and above -100%%", t.Name, t.Old, t.New)
	}
	d := -theta * math.Log((1+t.New)/(1+t.Old))
	n := len(countries)
	if err := t.Pairs.each(countries, func(i, j int) { lb[i*n+j] += d }); err != nil {
		return fmt.Errorf("tariff %q: %w", t.Name, err)
	}
	return nil
}

// Describe implements Shock.
func (t Tariff) Describe() string {
	return fmt.Sprintf("tariff %s: %.4g%% -> %.4g%%", t.Name, 100*t.Old, 100*t.New)
}

// CostRatio is a change in the trade-cost factor of individual pairs:
// t'_ij/t_ij = Ratio[pair] (0.9 = costs 10% lower), so
// b_ij = -theta ln(ratio). Use it for the network engine's routes before
// and after a project, converted to cost ratios by TimeCost or
// DistanceCost, or for ratios the user has computed.
type CostRatio struct {
	Name  string
	Ratio map[Pair]float64
	// Symmetric applies each ratio to both directions of its pair.
	Symmetric bool
}

// Apply implements Shock. Pairs are applied in a deterministic order.
func (c CostRatio) Apply(countries []string, theta float64, lb []float64) error {
	idx := make(map[string]int, len(countries))
	for i, k := range countries {
		idx[k] = i
	}
	n := len(countries)
	for _, p := range SortedPairs(c.Ratio) {
		r := c.Ratio[p]
		if !(r > 0) || math.IsInf(r, 0) {
			return fmt.Errorf("cost ratio %q: %s-%s ratio %v must be positive and finite", c.Name, p.Exporter, p.Importer, r)
		}
		i, ok := idx[p.Exporter]
		if !ok {
			return fmt.Errorf("cost ratio %q: country %q is not in the flow table", c.Name, p.Exporter)
		}
		j, ok := idx[p.Importer]
		if !ok {
			return fmt.Errorf("cost ratio %q: country %q is not in the flow table", c.Name, p.Importer)
		}
		d := -theta * math.Log(r)
		lb[i*n+j] += d
		if c.Symmetric && i != j {
			lb[j*n+i] += d
		}
	}
	return nil
}

// Describe implements Shock.
func (c CostRatio) Describe() string {
	return fmt.Sprintf("cost ratio %s: %d pairs", c.Name, len(c.Ratio))
}

// TimeCost converts a change in transit time along a route into a trade-cost
// ratio: each day in transit costs perDay of the goods' value (ad valorem),
// so the ratio is (1 + perDay*after) / (1 + perDay*before). Hummels & Schaur
// (2013, "Time as a trade barrier", AER 103(7)) estimate 0.6% to 2.1% per
// day for manufactured goods.
func TimeCost(beforeDays, afterDays, perDay float64) float64 {
	return (1 + perDay*afterDays) / (1 + perDay*beforeDays)
}

// DistanceCost converts a change in route distance into a trade-cost ratio
// for a given distance elasticity of trade flows (negative; estimates
// cluster around -0.9, the mean of the meta-analysis of Disdier & Head
// 2008, "The puzzling persistence of the distance effect on bilateral
// trade", Review of Economics and Statistics 90(1)) and trade elasticity
// theta: flows scale by (after/before)^elasticity, i.e. costs by
// (after/before)^(-elasticity/theta).
func DistanceCost(before, after, elasticity, theta float64) float64 {
	return math.Pow(after/before, -elasticity/theta)
}

// LogPartials returns the matrix of log partial effects of the shocks.
func LogPartials(countries []string, theta float64, shocks ...Shock) ([]float64, error) {
	n := len(countries)
	lb := make([]float64, n*n)
	for _, s := range shocks {
		if err := s.Apply(countries, theta, lb); err != nil {
			return nil, err
		}
	}
	return lb, nil
}

// SortedPairs returns the pairs of m by exporter, then importer.
func SortedPairs(m map[Pair]float64) []Pair {
	ps := make([]Pair, 0, len(m))
	for p := range m {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(a, b int) bool {
		if ps[a].Exporter != ps[b].Exporter {
			return ps[a].Exporter < ps[b].Exporter
		}
		return ps[a].Importer < ps[b].Importer
	})
	return ps
}
