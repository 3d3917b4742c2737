package ge

import (
	"fmt"
	"math"
)

// Flows is a square table of bilateral trade among N economies, including
// each economy's sales to itself (domestic sales, i = j). X[i*N+j] is the
// value shipped from exporter i to importer j.
//
// Row sums are output Y_i (all sales, at home and abroad), column sums are
// expenditure E_j, and D_j = E_j - Y_j is j's trade deficit. The structural
// gravity model needs the domestic cells: without them the share of a
// country's spending that stays at home, and hence every welfare change,
// is undefined.
type Flows struct {
	// Countries are the economies' codes (ISO 3166-1 alpha-3 where one
	// exists), in row and column order. Codes are unique.
	Countries []string
	// X holds the flows row-major: X[i*N+j] from Countries[i] to Countries[j].
	X []float64
	// Unit names the unit of X, e.g. "million USD".
	Unit string
	// Year is the year the flows describe (0 if unknown).
	Year int
	// Source says where the numbers come from.
	Source string
}

// N returns the number of economies.
func (f *Flows) N() int { return len(f.Countries) }

// At returns the flow from exporter i to importer j.
func (f *Flows) At(i, j int) float64 { return f.X[i*len(f.Countries)+j] }

// Index returns the position of the country code c, or -1.
func (f *Flows) Index(c string) int {
	for i, k := range f.Countries {
		if k == c {
			return i
		}
	}
	return -1
}

// Output returns Y_i = sum_j X_ij for every exporter.
func (f *Flows) Output() []float64 {
	n := f.N()
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		s := 0.0
		for _, v := range f.X[i*n : (i+1)*n] {
			s += v
		}
		y[i] = s
	}
	return y
}

// Expenditure returns E_j = sum_i X_ij for every importer.
func (f *Flows) Expenditure() []float64 {
	n := f.N()
	e := make([]float64, n)
	for i := 0; i < n; i++ {
		for j, v := range f.X[i*n : (i+1)*n] {
			e[j] += v
		}
	}
	return e
}

// Exports returns sum_{j != i} X_ij for every country.
func (f *Flows) Exports() []float64 { return f.offDiagonal(false) }

// Imports returns sum_{i != j} X_ij for every country j.
func (f *Flows) Imports() []float64 { return f.offDiagonal(true) }

// offDiagonal sums the flows X_ij with i != j by exporter i, or by
// importer j, in index order.
func (f *Flows) offDiagonal(byImporter bool) []float64 {
	n := f.N()
	s := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			if byImporter {
				s[j] += f.X[i*n+j]
			} else {
				s[i] += f.X[i*n+j]
			}
		}
	}
	return s
}

// Validate checks that the table is square, the codes unique and non-empty,
// every flow finite and non-negative, and every economy has positive output
// and expenditure (the solvers divide by both).
func (f *Flows) Validate() error {
	n := f.N()
	if n < 2 {
		return fmt.Errorf("flows: need at least 2 economies, have %d", n)
	}
	if len(f.X) != n*n {
		return fmt.Errorf("flows: %d values for %d economies, want %d", len(f.X), n, n*n)
	}
	seen := make(map[string]bool, n)
	for _, c := range f.Countries {
		if c == "" {
			return fmt.Errorf("flows: empty country code")
		}
		if seen[c] {
			return fmt.Errorf("flows: country %q appears twice", c)
		}
		seen[c] = true
	}
	for k, v := range f.X {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return fmt.Errorf("flows: %s to %s is %v; flows must be finite and non-negative",
				f.Countries[k/n], f.Countries[k%n], v)
		}
	}
	y, e := f.Output(), f.Expenditure()
	for i := range y {
		if !(y[i] > 0) {
			return fmt.Errorf("flows: %s has no output (row sum 0)", f.Countries[i])
		}
		if !(e[i] > 0) {
			return fmt.Errorf("flows: %s has no expenditure (column sum 0)", f.Countries[i])
		}
	}
	return nil
}

// Clone returns a deep copy.
func (f *Flows) Clone() *Flows {
	g := *f
	g.Countries = append([]string(nil), f.Countries...)
	g.X = append([]float64(nil), f.X...)
	return &g
}

// Pair is a directed pair of country codes, exporter first.
type Pair struct{ Exporter, Importer string }

// Triple is one cell of a long-format flow table.
type Triple struct {
	Exporter, Importer string
	Value              float64
}

// Square builds a Flows table from long-format triples. Missing pairs are
// zero; repeated pairs are summed (an importer may deliver one row per
// product). Countries are sorted.
func Square(rows []Triple) *Flows {
	set := map[string]bool{}
	for _, r := range rows {
		set[r.Exporter] = true
		set[r.Importer] = true
	}
	codes := sortedCodes(set)
	idx := make(map[string]int, len(codes))
	for i, c := range codes {
		idx[c] = i
	}
	n := len(codes)
	f := &Flows{Countries: codes, X: make([]float64, n*n)}
	for _, r := range rows {
		f.X[idx[r.Exporter]*n+idx[r.Importer]] += r.Value
	}
	return f
}

// Aggregate returns the table with every economy not in keep merged into
// one rest of the world, coded row (its trade among its members counts as
// its domestic sales), after the kept economies in their original order.
// With all economies kept it returns a clone. In the counterfactual the
// merged economies then share one wage and price index: an approximation
// that is close when the shocks are among the kept economies and the
// merged ones are small partners of them (cmd/steppe measures the error for
// the default scenario, TestGEAggregationError).
func (f *Flows) Aggregate(keep []string, row string) (*Flows, error) {
	n := f.N()
	in := map[string]bool{}
	for _, c := range keep {
		if f.Index(c) < 0 {
			return nil, fmt.Errorf("aggregate: %s is not in the table", c)
		}
		in[c] = true
	}
	if f.Index(row) >= 0 {
		return nil, fmt.Errorf("aggregate: the rest-of-world code %s is an economy of the table", row)
	}
	g := &Flows{Unit: f.Unit, Year: f.Year, Source: f.Source}
	group := make([]int, n)
	for i, c := range f.Countries {
		if in[c] {
			group[i] = len(g.Countries)
			g.Countries = append(g.Countries, c)
		} else {
			group[i] = -1
		}
	}
	if len(g.Countries) == n {
		return f.Clone(), nil
	}
	r := len(g.Countries)
	g.Countries = append(g.Countries, row)
	for i := range group {
		if group[i] < 0 {
			group[i] = r
		}
	}
	m := len(g.Countries)
	g.X = make([]float64, m*m)
	for i := 0; i < n; i++ {
		gi := group[i] * m
		for j, v := range f.X[i*n : (i+1)*n] {
			g.X[gi+group[j]] += v
		}
	}
	g.Source = f.Source + fmt.Sprintf("; %d economies merged into %s", n-r, row)
	return g, nil
}

// MainPartners returns the economies of f that account for at least share
// of some focus economy's international trade (exports plus imports), with
// the focus economies and extra first, in table order: the economies a
// policy among the focus economies can affect more than marginally.
func MainPartners(f *Flows, focus, extra []string, share float64) []string {
	n := f.N()
	keep := map[string]bool{}
	for _, c := range append(append([]string(nil), focus...), extra...) {
		keep[c] = true
	}
	for _, c := range focus {
		i := f.Index(c)
		if i < 0 {
			continue
		}
		tot := 0.0
		for j := 0; j < n; j++ {
			if j != i {
				tot += f.X[i*n+j] + f.X[j*n+i]
			}
		}
		for j := 0; j < n; j++ {
			if j != i && tot > 0 && (f.X[i*n+j]+f.X[j*n+i])/tot >= share {
				keep[f.Countries[j]] = true
			}
		}
	}
	var out []string
	for _, c := range f.Countries {
		if keep[c] {
			out = append(out, c)
		}
	}
	return out
}
