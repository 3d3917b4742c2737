package explore

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Factor is one uncertain input of an experiment design: a continuous
// parameter with a quantile function (inverse CDF) or a categorical factor
// (for example a scenario's policies) whose levels are equally likely.
type Factor struct {
	// Name is the column name in the experiments table.
	Name string
	// Quantile maps u in [0,1) to a value of the factor; nil for
	// categorical factors. For a uniform factor it is Lo + u(Hi-Lo).
	Quantile func(u float64) float64
	// Lo and Hi bound a continuous factor (the 0 and 1 quantiles where they
	// are finite); they are written to the experiments file.
	Lo, Hi float64
	// Dist describes the distribution for people, e.g. "uniform(0,1)".
	Dist string
	// Levels are the values of a categorical factor.
	Levels []string
}

// Uniform is a continuous factor uniform on [lo, hi].
func Uniform(name string, lo, hi float64) Factor {
	return Factor{Name: name, Lo: lo, Hi: hi, Dist: fmt.Sprintf("uniform(%s,%s)", FormatFloat(lo), FormatFloat(hi)),
		Quantile: func(u float64) float64 { return lo + u*(hi-lo) }}
}

// Categorical is a factor whose levels are drawn with equal probability.
func Categorical(name string, levels ...string) Factor {
	return Factor{Name: name, Levels: levels, Dist: "categorical(" + strings.Join(levels, "|") + ")"}
}

// IsCategorical reports whether f has levels rather than a quantile.
func (f Factor) IsCategorical() bool { return f.Quantile == nil }

// value maps a unit coordinate to the factor's numeric value (the level
// index for categorical factors).
func (f Factor) value(u float64) float64 {
	if f.IsCategorical() {
		k := int(u * float64(len(f.Levels)))
		if k >= len(f.Levels) {
			k = len(f.Levels) - 1
		}
		if k < 0 {
			k = 0
		}
		return float64(k)
	}
	// A Monte Carlo or Latin hypercube draw can be exactly 0, where an
	// unbounded quantile function is infinite.
	return f.Quantile(clampUnit(u))
}

// Cell formats value v of the factor as it is written to a CSV.
func (f Factor) Cell(v float64) string {
	if f.IsCategorical() {
		return f.Levels[int(v)]
	}
	return FormatFloat(v)
}

// DesignKind names an experiment design.
type DesignKind string

// The designs.
const (
	MonteCarlo     DesignKind = "mc"     // independent uniform draws
	LatinHypercube DesignKind = "lhs"    // McKay, Beckman & Conover (1979)
	SobolSaltelli  DesignKind = "sobol"  // Sobol' points in the Saltelli (2002, 2010) layout
	Morris         DesignKind = "morris" // Morris (1991) trajectories, Ruano et al. (2012) selection
)

// DesignSpec sets up a design.
type DesignSpec struct {
	Kind DesignKind
	// N is the number of experiments for mc and lhs, the number of base
	// samples for sobol (rows = N(D+2), or N(2D+2) with SecondOrder), and
	// the number of trajectories r for morris (rows = r(D+1)).
	N    int
	Seed uint64
	// SecondOrder adds the B_A^j rows needed for second-order indices.
	SecondOrder bool
	// Levels is the Morris grid size p (even, default 4); the step is
	// p/(2(p-1)) in unit scale.
	Levels int
	// Candidates is the number of random Morris trajectories drawn. The
	// default, 0, means N: every trajectory drawn is kept, and mu* is an
	// unbiased estimate of the mean absolute elementary effect over the
	// grid. Larger, the N most spread out of the Candidates are kept (the
	// optimal trajectories of Campolongo, Cariboni & Saltelli 2007, SALib's
	// optimal_trajectories): the design covers the space better, but the
	// selection favours trajectories near the corners, which biases mu*
	// (on Ishigami with r = 50 it raised mu* of x1 by about half).
	Candidates int
	// NoShift turns off the random digital shift of the Sobol' points: the
	// design is then the plain Joe-Kuo sequence, skipping the origin.
	NoShift bool
	// Groups, for a sobol design, partition the factors into groups that
	// are switched together between the A and B matrices (Jacques,
	// Lavergne & Devictor 2006; SALib's groups): row A_B^g takes every
	// factor of group g from B. The layout then has N(G+2) rows (N(2G+2)
	// with SecondOrder) for G groups, and the indices are those of the
	// groups. Empty: one group per factor. The Sobol' points keep 2D
	// dimensions, so a grouping into single factors gives exactly the
	// per-factor design.
	Groups []Group
}

// Group is a named set of factors whose Sobol' indices are estimated
// jointly: the first-order index of group u is V(E[Y|X_u])/V(Y), the
// "closed" index of Saltelli et al. (2008, Global Sensitivity Analysis:
// The Primer, sec. 1.2.15), and its total index is 1 - V(E[Y|X_~u])/V(Y).
type Group struct {
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// groupIndex resolves groups to factor indices and checks that they
// partition factors: every factor in exactly one group. Empty groups give
// one group per factor.
func groupIndex(factors []Factor, groups []Group) ([][]int, error) {
	if len(groups) == 0 {
		g := make([][]int, len(factors))
		for j := range g {
			g[j] = []int{j}
		}
		return g, nil
	}
	idx := map[string]int{}
	for j, f := range factors {
		idx[f.Name] = j
	}
	owner := make([]string, len(factors))
	names := map[string]bool{}
	out := make([][]int, len(groups))
	for gi, g := range groups {
		if g.Name == "" {
			return nil, fmt.Errorf("design: group %d has no name", gi+1)
		}
		if names[g.Name] {
			return nil, fmt.Errorf("design: group %q appears twice", g.Name)
		}
		names[g.Name] = true
		if len(g.Members) == 0 {
			return nil, fmt.Errorf("design: group %q has no factors", g.Name)
		}
		for _, m := range g.Members {
			j, ok := idx[m]
			if !ok {
				return nil, fmt.Errorf("design: group %q names %q, which is not a factor of the design", g.Name, m)
			}
			if owner[j] != "" {
				return nil, fmt.Errorf("design: factor %q is in groups %q and %q; a factor belongs to one group", m, owner[j], g.Name)
			}
			owner[j] = g.Name
			out[gi] = append(out[gi], j)
		}
	}
	for j, o := range owner {
		if o == "" {
			return nil, fmt.Errorf("design: factor %q is in no group; groups must cover every factor", factors[j].Name)
		}
	}
	return out, nil
}

// Design is a table of experiments: each row sets every factor.
type Design struct {
	Spec    DesignSpec
	Factors []Factor
	// U holds the unit-hypercube coordinates of each row.
	U [][]float64
	// X holds each row's factor values (level index for categorical ones).
	X [][]float64
	// crossed names the factor the design was crossed with (see Cross).
	crossed string
}

// Rows is the number of experiments.
func (d *Design) Rows() int { return len(d.X) }

// MorrisStep is the step Δ = p/(2(p-1)) of a Morris design in unit scale.
func MorrisStep(levels int) float64 { return float64(levels) / (2 * float64(levels-1)) }

// NewDesign builds the design spec over factors. It is deterministic in
// spec.Seed.
func NewDesign(factors []Factor, spec DesignSpec) (*Design, error) {
	D := len(factors)
	if D == 0 {
		return nil, errors.New("design: no factors")
	}
	seen := map[string]bool{}
	for _, f := range factors {
		if f.Name == "" {
			return nil, errors.New("design: a factor has no name")
		}
		if seen[f.Name] {
			return nil, fmt.Errorf("design: factor %q appears twice", f.Name)
		}
		seen[f.Name] = true
		if f.IsCategorical() && len(f.Levels) == 0 {
			return nil, fmt.Errorf("design: categorical factor %q has no levels", f.Name)
		}
	}
	if spec.N < 1 {
		return nil, fmt.Errorf("design: N = %d; need at least 1", spec.N)
	}
	rng := rand.New(rand.NewPCG(spec.Seed, 0x5eed0fe7))
	var U [][]float64
	switch spec.Kind {
	case MonteCarlo:
		U = make([][]float64, spec.N)
		for i := range U {
			U[i] = make([]float64, D)
			for j := range U[i] {
				U[i][j] = rng.Float64()
			}
		}
	case LatinHypercube:
		U = latinHypercube(spec.N, D, rng)
	case SobolSaltelli:
		if 2*D > MaxSobolDim {
			return nil, fmt.Errorf("design: sobol needs 2D = %d dimensions; at most %d supported", 2*D, MaxSobolDim)
		}
		groups, err := groupIndex(factors, spec.Groups)
		if err != nil {
			return nil, err
		}
		U, err = saltelli(spec, D, groups, rng)
		if err != nil {
			return nil, err
		}
	case Morris:
		if spec.Levels == 0 {
			spec.Levels = 4
		}
		if spec.Levels < 2 || spec.Levels%2 != 0 {
			return nil, fmt.Errorf("design: morris levels %d; need an even number >= 2", spec.Levels)
		}
		if spec.Candidates == 0 {
			spec.Candidates = spec.N
		}
		if spec.Candidates < spec.N {
			return nil, fmt.Errorf("design: %d morris candidates for %d trajectories", spec.Candidates, spec.N)
		}
		U = morrisTrajectories(spec, D, rng)
	default:
		return nil, fmt.Errorf("design: unknown design %q (want mc, lhs, sobol or morris)", spec.Kind)
	}
	if len(spec.Groups) > 0 && spec.Kind != SobolSaltelli {
		return nil, fmt.Errorf("design: groups apply to the sobol design only, not %s", spec.Kind)
	}
	d := &Design{Spec: spec, Factors: factors, U: U, X: make([][]float64, len(U))}
	for i, u := range U {
		d.X[i] = make([]float64, D)
		for j, f := range factors {
			v := f.value(u[j])
			if math.IsNaN(v) {
				return nil, fmt.Errorf("design: factor %q gives NaN at u=%v", f.Name, u[j])
			}
			d.X[i][j] = v
		}
	}
	return d, nil
}

func latinHypercube(n, d int, rng *rand.Rand) [][]float64 {
	U := make([][]float64, n)
	for i := range U {
		U[i] = make([]float64, d)
	}
	for j := 0; j < d; j++ {
		perm := rng.Perm(n)
		for i := 0; i < n; i++ {
			U[i][j] = (float64(perm[i]) + rng.Float64()) / float64(n)
		}
	}
	return U
}

// saltelli lays out Sobol' points as in Saltelli (2002) and SALib: for each
// base point i, the rows A_i, A_B^1..A_B^G (A with the columns of group g
// from B), [B_A^1..B_A^G with second order], B_i; A and B are the first and
// last D coordinates of a 2D-dimensional Sobol' point.
func saltelli(spec DesignSpec, D int, groups [][]int, rng *rand.Rand) ([][]float64, error) {
	var shift *rand.Rand
	if !spec.NoShift {
		shift = rng
	}
	seq, err := NewSobol(2*D, shift)
	if err != nil {
		return nil, err
	}
	if spec.NoShift {
		seq.Skip(1) // the origin maps to the 0-quantile, infinite for unbounded factors
	}
	per := SobolRowsPerBase(len(groups), spec.SecondOrder)
	U := make([][]float64, 0, spec.N*per)
	p := make([]float64, 2*D)
	for i := 0; i < spec.N; i++ {
		seq.Next(p)
		a, b := p[:D], p[D:]
		U = append(U, append([]float64(nil), a...))
		for _, g := range groups {
			r := append([]float64(nil), a...)
			for _, j := range g {
				r[j] = b[j]
			}
			U = append(U, r)
		}
		if spec.SecondOrder {
			for _, g := range groups {
				r := append([]float64(nil), b...)
				for _, j := range g {
					r[j] = a[j]
				}
				U = append(U, r)
			}
		}
		U = append(U, append([]float64(nil), b...))
	}
	return U, nil
}

// morrisTrajectories draws spec.Candidates random one-at-a-time
// trajectories on a p-level grid (Morris 1991). When there are more than
// spec.N, it keeps the spec.N that are most spread out by the distance of
// Campolongo, Cariboni & Saltelli (2007), selected by the sequential
// removal of Ruano, Ribes, Seco & Ferrer (2012): repeatedly drop the
// trajectory whose removal leaves the largest sum of squared pairwise
// distances.
func morrisTrajectories(spec DesignSpec, D int, rng *rand.Rand) [][]float64 {
	cands := morrisTrajectoriesAll(spec, D, rng)
	keep := selectTrajectories(cands, spec.N)
	U := make([][]float64, 0, spec.N*(D+1))
	for _, c := range keep {
		U = append(U, cands[c]...)
	}
	// Grid end points 0 and 1 are nudged inside (0,1) so that quantile
	// functions with infinite tails stay finite.
	for _, u := range U {
		for j := range u {
			u[j] = clampUnit(u[j])
		}
	}
	return U
}

// morrisTrajectoriesAll draws spec.Candidates random trajectories.
func morrisTrajectoriesAll(spec DesignSpec, D int, rng *rand.Rand) [][][]float64 {
	p := spec.Levels
	delta := MorrisStep(p)
	grid := 1 / float64(p-1)
	// Base levels x* from {0, 1/(p-1), ..., 1-Δ}.
	nBase := p / 2
	cands := make([][][]float64, spec.Candidates)
	for c := range cands {
		x := make([]float64, D)
		dir := make([]float64, D)
		for j := range x {
			x[j] = float64(rng.IntN(nBase)) * grid
			if rng.IntN(2) == 0 {
				dir[j] = 1
			} else {
				x[j] += delta
				dir[j] = -1
			}
		}
		order := rng.Perm(D)
		traj := make([][]float64, 0, D+1)
		traj = append(traj, append([]float64(nil), x...))
		for _, j := range order {
			x[j] += dir[j] * delta
			x[j] = math.Round(x[j]*float64(p-1)) / float64(p-1) // stay exactly on the grid
			traj = append(traj, append([]float64(nil), x...))
		}
		cands[c] = traj
	}
	return cands
}

// clampUnit keeps u inside [1e-9, 1-1e-9] so that unbounded quantile
// functions stay finite at the grid end points.
func clampUnit(u float64) float64 {
	const eps = 1e-9
	return math.Min(math.Max(u, eps), 1-eps)
}

// trajectoryDistance is Campolongo et al.'s d_ml: the sum of Euclidean
// distances between every point of trajectory m and every point of l.
func trajectoryDistance(a, b [][]float64) float64 {
	s := 0.0
	for _, p := range a {
		for _, q := range b {
			d := 0.0
			for j := range p {
				e := p[j] - q[j]
				d += e * e
			}
			s += math.Sqrt(d)
		}
	}
	return s
}

func selectTrajectories(cands [][][]float64, r int) []int {
	M := len(cands)
	alive := make([]bool, M)
	for i := range alive {
		alive[i] = true
	}
	if M == r {
		idx := make([]int, M)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	rowsum := make([]float64, M)
	d2 := make([][]float64, M)
	for i := range d2 {
		d2[i] = make([]float64, M)
	}
	for i := 0; i < M; i++ {
		for j := i + 1; j < M; j++ {
			d := trajectoryDistance(cands[i], cands[j])
			d2[i][j], d2[j][i] = d*d, d*d
			rowsum[i] += d * d
			rowsum[j] += d * d
		}
	}
	for n := M; n > r; n-- {
		worst, ws := -1, math.Inf(1)
		for i := 0; i < M; i++ {
			if alive[i] && rowsum[i] < ws {
				worst, ws = i, rowsum[i]
			}
		}
		alive[worst] = false
		for i := 0; i < M; i++ {
			if alive[i] {
				rowsum[i] -= d2[i][worst]
			}
		}
	}
	idx := make([]int, 0, r)
	for i, a := range alive {
		if a {
			idx = append(idx, i)
		}
	}
	return idx
}

// Comments returns the metadata lines written at the top of an experiments
// file: the design, its seed and size, and each factor's distribution.
func (d *Design) Comments() []string {
	s := d.Spec
	c := []string{fmt.Sprintf("steppe-explore design=%s n=%d seed=%d second_order=%t factors=%d rows=%d",
		s.Kind, s.N, s.Seed, s.SecondOrder, len(d.Factors), d.Rows())}
	if s.Kind == Morris {
		c[0] += fmt.Sprintf(" levels=%d candidates=%d", s.Levels, s.Candidates)
	}
	if s.Kind == SobolSaltelli && s.NoShift {
		c[0] += " shift=false"
	}
	if d.crossed != "" {
		c[0] += " crossed=" + d.crossed
	}
	if len(s.Groups) > 0 {
		c[0] += fmt.Sprintf(" groups=%d", len(s.Groups))
	}
	for _, f := range d.Factors {
		c = append(c, "factor "+f.Name+" "+f.Dist)
	}
	for _, g := range s.Groups {
		c = append(c, "group "+g.Name+" "+strings.Join(g.Members, ","))
	}
	return c
}

// ParseGroupComments reads back the groups of a grouped Sobol' design from
// the comment lines of its experiments file ("group NAME a,b,c"), in
// design order; nil when there are none.
func ParseGroupComments(comments []string) []Group {
	var gs []Group
	for _, c := range comments {
		rest, ok := strings.CutPrefix(c, "group ")
		if !ok {
			continue
		}
		name, members, ok := strings.Cut(rest, " ")
		if !ok || name == "" || members == "" {
			continue
		}
		gs = append(gs, Group{Name: name, Members: strings.Split(members, ",")})
	}
	return gs
}

// ParseDesignMeta reads back the design kind, N, seed and second-order flag
// from a table's metadata; ok is false when the table has none.
func ParseDesignMeta(meta map[string]string) (spec DesignSpec, ok bool, err error) {
	k, ok := meta["design"]
	if !ok {
		return spec, false, nil
	}
	spec.Kind = DesignKind(k)
	if spec.N, err = strconv.Atoi(meta["n"]); err != nil {
		return spec, true, fmt.Errorf("design metadata: n=%q: %w", meta["n"], err)
	}
	if spec.Seed, err = strconv.ParseUint(meta["seed"], 10, 64); err != nil {
		return spec, true, fmt.Errorf("design metadata: seed=%q: %w", meta["seed"], err)
	}
	spec.SecondOrder = meta["second_order"] == "true"
	if v, ok := meta["levels"]; ok {
		spec.Levels, _ = strconv.Atoi(v)
	}
	if v, ok := meta["candidates"]; ok {
		spec.Candidates, _ = strconv.Atoi(v)
	}
	spec.NoShift = meta["shift"] == "false"
	return spec, true, nil
}

// Cross returns a design in which every row of d is repeated once for each
// level of the categorical factor f (appended as the last factor, varying
// fastest). Crossing a sample of scenarios with a scenario's policies gives
// every policy the same scenarios, as robustness metrics such as regret
// require. Only Monte Carlo and Latin hypercube designs may be crossed:
// crossing would break the Saltelli and Morris layouts.
func (d *Design) Cross(f Factor) (*Design, error) {
	if !f.IsCategorical() {
		return nil, fmt.Errorf("design: can only cross with a categorical factor, not %q", f.Name)
	}
	if d.Spec.Kind != MonteCarlo && d.Spec.Kind != LatinHypercube {
		return nil, fmt.Errorf("design: a %s design cannot be crossed with %q: it would break its layout; add %q as a factor instead", d.Spec.Kind, f.Name, f.Name)
	}
	for _, g := range d.Factors {
		if g.Name == f.Name {
			return nil, fmt.Errorf("design: factor %q appears twice", f.Name)
		}
	}
	L := len(f.Levels)
	c := &Design{Spec: d.Spec, Factors: append(append([]Factor(nil), d.Factors...), f), crossed: f.Name}
	for i := range d.X {
		for l := 0; l < L; l++ {
			c.U = append(c.U, append(append([]float64(nil), d.U[i]...), (float64(l)+0.5)/float64(L)))
			c.X = append(c.X, append(append([]float64(nil), d.X[i]...), float64(l)))
		}
	}
	return c, nil
}

// SaltelliFactors returns the names of the factors whose indices a Sobol'
// analysis of a Saltelli design reports: the groups' names when the design
// is grouped, else the inputs.
func SaltelliFactors(inputs []string, groups []Group) []string {
	if len(groups) == 0 {
		return inputs
	}
	names := make([]string, len(groups))
	for g := range groups {
		names[g] = groups[g].Name
	}
	return names
}

// SaltelliSecondOrder decides whether a Saltelli design of rows rows over k
// factors has the second-order blocks. setting is "true", "false", or ""
// or "auto": then the design file's metadata says (second_order), or,
// without it, the row count, when it fits one layout only.
func SaltelliSecondOrder(setting string, meta map[string]string, rows, k int) (bool, error) {
	switch setting {
	case "", "auto":
		if v, ok := meta["second_order"]; ok {
			return v == "true", nil
		}
		return rows%SobolRowsPerBase(k, false) != 0 && rows%SobolRowsPerBase(k, true) == 0, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q: want auto, true or false", setting)
}
