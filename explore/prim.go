package explore

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mathext"
)

// Objective is PRIM's criterion for choosing the next peel or paste, as
// defined in the EMA Workbench (prim.py). With n0 rows and density d0
// before the move and n1 rows and density d1 after it:
type Objective string

const (
	// Lenient1 scores (d1 − d0)/|n0 − n1|: the gain in density per row
	// removed (or added). The EMA Workbench's default.
	Lenient1 Objective = "lenient1"
	// Lenient2 scores n1·(d1 − d0)/|n0 − n1| (Friedman & Fisher 1999,
	// eq. 14.6 as the EMA Workbench reads it).
	Lenient2 Objective = "lenient2"
	// Original scores d1, the density left (−1 for an empty box).
	Original Objective = "original"
)

// Objectives lists the objectives PRIM accepts.
var Objectives = []Objective{Lenient1, Lenient2, Original}

// PrimOptions configures PRIM. The zero value means the EMA Workbench's
// defaults, which the CLI shares.
type PrimOptions struct {
	// PeelAlpha sets the quantile at which one peel cuts an input (default
	// 0.05, as in the EMA Workbench; Friedman & Fisher use 0.05-0.1).
	PeelAlpha float64 `json:"peel_alpha"`
	// PasteAlpha sets the quantile of the rows outside a limit up to
	// which one paste widens it (default 0.05).
	PasteAlpha float64 `json:"paste_alpha"`
	// MassMin is the smallest share of all experiments a box may hold
	// (default 0.05).
	MassMin float64 `json:"mass_min"`
	// Objective chooses the peel and the paste (default Lenient1).
	Objective Objective `json:"objective"`
}

// Default PRIM options, the EMA Workbench's.
const (
	DefaultPeelAlpha  = 0.05
	DefaultPasteAlpha = 0.05
	DefaultMassMin    = 0.05
)

func (o *PrimOptions) defaults() error {
	if o.PeelAlpha == 0 {
		o.PeelAlpha = DefaultPeelAlpha
	}
	if o.PasteAlpha == 0 {
		o.PasteAlpha = DefaultPasteAlpha
	}
	if o.MassMin == 0 {
		o.MassMin = DefaultMassMin
	}
	if o.Objective == "" {
		o.Objective = Lenient1
	}
	if !(o.PeelAlpha > 0 && o.PeelAlpha < 0.5) {
		return fmt.Errorf("prim: peel alpha %v; want between 0 and 0.5", o.PeelAlpha)
	}
	if !(o.PasteAlpha > 0 && o.PasteAlpha < 0.5) {
		return fmt.Errorf("prim: paste alpha %v; want between 0 and 0.5", o.PasteAlpha)
	}
	if !(o.MassMin > 0 && o.MassMin < 1) {
		return fmt.Errorf("prim: minimum mass %v; want between 0 and 1", o.MassMin)
	}
	if !slices.Contains(Objectives, o.Objective) {
		return fmt.Errorf("prim: unknown objective %q (want lenient1, lenient2 or original)", o.Objective)
	}
	return nil
}

// Input is one explanatory column for scenario discovery. Numeric inputs
// hold values; categorical and boolean inputs hold level indices into
// Levels.
type Input struct {
	Name   string
	Kind   Kind
	Values []float64
	Levels []string
}

// InputFromColumn converts a typed table column.
func InputFromColumn(c *Column) Input {
	return Input{Name: c.Name, Kind: c.Kind, Values: c.Floats, Levels: c.Levels}
}

func (in Input) categorical() bool { return in.Kind != KindNumeric }

// Limits bound a box: [Lo, Hi] for numeric inputs, the allowed levels for
// categorical and boolean ones.
type Limits struct {
	Lo, Hi  []float64
	Allowed [][]bool // nil for numeric inputs
}

func (l Limits) clone() Limits {
	c := Limits{Lo: append([]float64(nil), l.Lo...), Hi: append([]float64(nil), l.Hi...), Allowed: make([][]bool, len(l.Allowed))}
	for j, a := range l.Allowed {
		if a != nil {
			c.Allowed[j] = append([]bool(nil), a...)
		}
	}
	return c
}

// Prim runs the Patient Rule Induction Method of Friedman & Fisher (1999)
// for scenario discovery (Bryant & Lempert 2010) on experiments x with a
// binary outcome y (true = case of interest).
type Prim struct {
	in        []Input
	y         []bool
	opt       PrimOptions
	n, k      int    // all experiments and all cases of interest
	remaining []bool // not yet covered by an accepted box
	order     [][]int32
	init      Limits
	// candidateOrder lists the numeric inputs, then the categorical ones,
	// each in input order: the order in which EMA Workbench generates
	// peeling and pasting candidates (its float columns, then its nominal
	// ones), which decides between candidates of equal merit.
	candidateOrder []int
}

// NewPrim checks the data and prepares PRIM.
func NewPrim(inputs []Input, y []bool, opt PrimOptions) (*Prim, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	if len(inputs) == 0 {
		return nil, errors.New("prim: no inputs")
	}
	n := len(y)
	if n < 10 {
		return nil, fmt.Errorf("prim: %d experiments; need at least 10", n)
	}
	p := &Prim{in: inputs, y: y, opt: opt, n: n, remaining: make([]bool, n), order: make([][]int32, len(inputs))}
	for _, v := range y {
		if v {
			p.k++
		}
	}
	if p.k == 0 {
		return nil, errors.New("prim: no experiment is a case of interest (the outcome never meets the threshold): nothing to find")
	}
	if p.k == n {
		return nil, errors.New("prim: every experiment is a case of interest: nothing to separate")
	}
	for i := range p.remaining {
		p.remaining[i] = true
	}
	p.init = Limits{Lo: make([]float64, len(inputs)), Hi: make([]float64, len(inputs)), Allowed: make([][]bool, len(inputs))}
	for j, in := range inputs {
		if len(in.Values) != n {
			return nil, fmt.Errorf("prim: input %s has %d values for %d experiments", in.Name, len(in.Values), n)
		}
		for r, v := range in.Values {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("prim: input %s is missing or not finite in experiment %d", in.Name, r+1)
			}
		}
		if in.categorical() {
			if len(in.Levels) == 0 {
				return nil, fmt.Errorf("prim: categorical input %s has no levels", in.Name)
			}
			a := make([]bool, len(in.Levels))
			for _, v := range in.Values {
				if int(v) < 0 || int(v) >= len(a) {
					return nil, fmt.Errorf("prim: input %s has level index %v out of range", in.Name, v)
				}
				a[int(v)] = true
			}
			p.init.Allowed[j] = a
			continue
		}
		ord := make([]int32, n)
		for i := range ord {
			ord[i] = int32(i)
		}
		vals := in.Values
		slices.SortFunc(ord, func(a, b int32) int { return cmp.Compare(vals[a], vals[b]) })
		p.order[j] = ord
		p.init.Lo[j], p.init.Hi[j] = vals[ord[0]], vals[ord[n-1]]
	}
	for _, cat := range []bool{false, true} {
		for j, in := range inputs {
			if in.categorical() == cat {
				p.candidateOrder = append(p.candidateOrder, j)
			}
		}
	}
	return p, nil
}

// BoxStats describe a box on the data it was found on.
type BoxStats struct {
	// Coverage is the share of all cases of interest that lie in the box,
	// Density the share of the box's experiments that are cases of
	// interest, Mass the share of all experiments in the box.
	Coverage float64 `json:"coverage"`
	Density  float64 `json:"density"`
	Mass     float64 `json:"mass"`
	N        int     `json:"n"` // experiments in the box
	K        int     `json:"k"` // cases of interest in the box
	// Restricted counts the inputs the box restricts.
	Restricted int `json:"restricted"`
}

// Restriction is one input's limit in a box, with its quasi-p-values.
type Restriction struct {
	Input string `json:"input"`
	Kind  string `json:"kind"`
	// Lo and Hi bound a numeric input (null when that side is not restricted
	// in JSON it is the data's own min or max).
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
	// Levels are the allowed levels of a categorical or boolean input.
	Levels []string `json:"levels,omitempty"`
	// QPLo and QPHi are the quasi-p-values of the lower and upper
	// restriction (NaN, JSON null, when that side is unrestricted); QP is
	// the one of a categorical restriction.
	QPLo float64 `json:"qp_lo"`
	QPHi float64 `json:"qp_hi"`
	QP   float64 `json:"qp"`
}

// BoxPoint is one box of a peeling/pasting trajectory.
type BoxPoint struct {
	Index  int    `json:"index"`
	Step   string `json:"step"` // "start", "peel" or "paste"
	Limits Limits `json:"-"`
	BoxStats
}

// Box is the result of one PRIM search: the trajectory of boxes from the
// whole space down to the minimum mass, plus pasting, on the experiments
// left by earlier boxes.
type Box struct {
	Trajectory []BoxPoint
	// Chosen indexes the box proposed to the analyst: the one with the
	// largest harmonic mean of coverage and density (a knee of the
	// trade-off curve); the analyst may choose another with Select.
	Chosen    int
	prim      *Prim
	remaining []bool
}

// inBox reports whether row r lies within limits.
func (p *Prim) inBox(l *Limits, r int) bool { return p.inBoxExcept(l, r, -1) }

// inBoxExcept reports whether row r lies within limits on every input but
// input skip.
func (p *Prim) inBoxExcept(l *Limits, r, skip int) bool {
	for j, in := range p.in {
		if j == skip {
			continue
		}
		v := in.Values[r]
		if l.Allowed[j] != nil {
			if !l.Allowed[j][int(v)] {
				return false
			}
		} else if v < l.Lo[j] || v > l.Hi[j] {
			return false
		}
	}
	return true
}

func (p *Prim) stats(l *Limits, remaining []bool) BoxStats {
	var s BoxStats
	for r := 0; r < p.n; r++ {
		if remaining[r] && p.inBox(l, r) {
			s.N++
			if p.y[r] {
				s.K++
			}
		}
	}
	p.finish(&s, l)
	return s
}

func (p *Prim) finish(s *BoxStats, l *Limits) {
	s.Coverage = float64(s.K) / float64(p.k)
	s.Mass = float64(s.N) / float64(p.n)
	if s.N > 0 {
		s.Density = float64(s.K) / float64(s.N)
	}
	s.Restricted = len(p.restrictedDims(l))
}

// restricted reports whether limits l restrict input j: they differ from
// the limits of the whole data.
func (p *Prim) restricted(l *Limits, j int) bool {
	if l.Allowed[j] == nil {
		return l.Lo[j] != p.init.Lo[j] || l.Hi[j] != p.init.Hi[j]
	}
	for lv, a := range l.Allowed[j] {
		if a != p.init.Allowed[j][lv] {
			return true
		}
	}
	return false
}

func (p *Prim) restrictedDims(l *Limits) []int {
	var dims []int
	for j := range p.in {
		if p.restricted(l, j) {
			dims = append(dims, j)
		}
	}
	return dims
}

// FindBox peels and pastes one box on the experiments not yet covered
// (EMA Workbench's Prim.find_box). It returns an error when no cases of
// interest remain.
func (p *Prim) FindBox() (*Box, error) {
	rem := append([]bool(nil), p.remaining...)
	in := append([]bool(nil), rem...)
	nIn, kIn := 0, 0
	for r := range rem {
		if rem[r] {
			nIn++
			if p.y[r] {
				kIn++
			}
		}
	}
	if kIn == 0 {
		return nil, errors.New("prim: no cases of interest remain outside the boxes found")
	}
	b := &Box{prim: p, remaining: rem}
	s := &boxSearch{p: p, b: b, lim: p.init.clone(), in: in, rem: rem, n: nIn, k: kIn,
		vals: make([]float64, 0, p.n), hits: make([]bool, 0, p.n)}
	s.add("start")
	s.boxOrder = make([][]int32, len(p.in))
	for j, ord := range p.order {
		for _, r := range ord {
			if in[r] {
				s.boxOrder[j] = append(s.boxOrder[j], r)
			}
		}
	}
	for s.peel() {
	}
	for s.pasteable() && s.paste() {
	}
	b.Chosen = chooseKnee(b.Trajectory)
	return b, nil
}

// boxSearch holds the box being peeled and pasted: its limits, which
// remaining rows it holds (in), and their count n and cases of interest k.
type boxSearch struct {
	p    *Prim
	b    *Box
	lim  Limits
	in   []bool
	rem  []bool
	n, k int
	best candidate
	// nRestricted counts the inputs the box restricts.
	nRestricted int
	vals        []float64 // work space: one input's values, sorted
	hits        []bool    // y of the rows behind vals
	// boxOrder[j] lists the box's rows in ascending order of numeric
	// input j while peeling, compacted after each peel.
	boxOrder [][]int32
}

// candidate is a new box proposed by a peel or a paste: the limits of
// input j change to lo/hi (numeric) or by the level (categorical: dropped
// by a peel, re-admitted by a paste); n and k count its rows and cases.
type candidate struct {
	ok         bool
	j, level   int
	lo, hi     float64
	n, k       int
	obj        float64
	restricted int
}

func (s *boxSearch) add(step string) {
	st := BoxStats{N: s.n, K: s.k}
	s.p.finish(&st, &s.lim)
	s.b.Trajectory = append(s.b.Trajectory, BoxPoint{Index: len(s.b.Trajectory), Step: step, Limits: s.lim.clone(), BoxStats: st})
}

// objective scores a move from n0 rows with k0 cases to n1 rows with k1
// cases, as EMA Workbench's three objective functions do, with the same
// floating-point operations in the same order so that ties and signs come
// out alike.
func (o Objective) score(n0, k0, n1, k1 int) float64 {
	mOld := float64(k0) / float64(n0)
	mNew := 0.0
	if n1 > 0 {
		mNew = float64(k1) / float64(n1)
	}
	if o == Original {
		if n1 == 0 {
			return -1
		}
		return mNew
	}
	if mOld == mNew {
		return 0
	}
	d := float64(n0 - n1)
	if d < 0 {
		d = -d
	}
	if o == Lenient2 {
		return float64(n1) * (mNew - mOld) / d
	}
	return (mNew - mOld) / d
}

// consider scores candidate c and keeps it when it beats the best so far:
// a higher objective, then fewer restricted inputs; the first of equals
// wins (EMA sorts the candidates by (objective, unrestricted inputs) with
// a stable sort, in the order they are generated).
func (s *boxSearch) consider(c candidate) {
	c.ok = true
	c.obj = s.p.opt.Objective.score(s.n, s.k, c.n, c.k)
	lim := s.lim
	j := c.j
	// The number of restricted inputs once input j's limits change.
	c.restricted = s.nRestricted
	was := s.p.restricted(&lim, j)
	var now bool
	if lim.Allowed[j] == nil {
		now = c.lo != s.p.init.Lo[j] || c.hi != s.p.init.Hi[j]
	} else {
		now = true // a peel drops a level the data has; a paste only matters through the rest
		if c.level >= 0 && !lim.Allowed[j][c.level] {
			// a paste re-admits the level: restricted unless every level is back
			now = false
			for lv, a := range lim.Allowed[j] {
				if lv != c.level && a != s.p.init.Allowed[j][lv] {
					now = true
				}
			}
		}
	}
	if was && !now {
		c.restricted--
	} else if !was && now {
		c.restricted++
	}
	if !s.best.ok || c.obj > s.best.obj || (c.obj == s.best.obj && c.restricted < s.best.restricted) {
		s.best = c
	}
}

// apply moves the box to candidate c: after a peel only rows of the box
// can be in it, after a paste any remaining row.
func (s *boxSearch) apply(c candidate, paste bool) {
	p := s.p
	if p.in[c.j].categorical() {
		s.lim.Allowed[c.j][c.level] = !s.lim.Allowed[c.j][c.level]
	} else {
		s.lim.Lo[c.j], s.lim.Hi[c.j] = c.lo, c.hi
	}
	if !paste {
		// Only rows of the box can leave, by input j alone.
		vals, allowed, lo, hi := p.in[c.j].Values, s.lim.Allowed[c.j], s.lim.Lo[c.j], s.lim.Hi[c.j]
		for r, ok := range s.in {
			if ok {
				v := vals[r]
				s.in[r] = allowed != nil && allowed[int(v)] || allowed == nil && v >= lo && v <= hi
			}
		}
	} else {
		for r := range s.in {
			s.in[r] = s.rem[r] && p.inBox(&s.lim, r)
		}
	}
	s.n, s.k = c.n, c.k
}

// peel makes one peeling step (Friedman & Fisher 1999, section 5, with
// EMA Workbench's rules): every input proposes its candidates (a numeric
// input its upper then its lower peel, at EMA's quantile of the box's
// values; a categorical input the removal of each of its levels); the
// best is taken when it keeps at least MassMin of all the data, has
// fewer rows than the box, and scores above zero. Otherwise peeling stops
// (the other candidates are not tried).
func (s *boxSearch) peel() bool {
	p := s.p
	s.best = candidate{}
	s.nRestricted = len(p.restrictedDims(&s.lim))
	for _, j := range p.candidateOrder {
		if p.in[j].categorical() {
			s.levelPeels(j)
			continue
		}
		s.boxSorted(j)
		hi := quantile(s.vals, 1-p.opt.PeelAlpha)
		n, k := s.countWithin(math.Inf(-1), hi)
		s.consider(candidate{j: j, level: -1, lo: s.lim.Lo[j], hi: hi, n: n, k: k})
		lo := quantile(s.vals, p.opt.PeelAlpha)
		n, k = s.countWithin(lo, math.Inf(1))
		s.consider(candidate{j: j, level: -1, lo: lo, hi: s.lim.Hi[j], n: n, k: k})
	}
	c := s.best
	if !c.ok || !s.accept(c) || c.n >= s.n {
		return false
	}
	s.apply(c, false)
	s.add("peel")
	for j, ord := range s.boxOrder {
		kept := ord[:0]
		for _, r := range ord {
			if s.in[r] {
				kept = append(kept, r)
			}
		}
		s.boxOrder[j] = kept
	}
	return true
}

// boxSorted is sorted(j, s.in) while peeling, from s.boxOrder.
func (s *boxSearch) boxSorted(j int) {
	s.vals, s.hits = s.vals[:0], s.hits[:0]
	vals := s.p.in[j].Values
	for _, r := range s.boxOrder[j] {
		s.vals = append(s.vals, vals[r])
		s.hits = append(s.hits, s.p.y[r])
	}
}

// accept applies the conditions that peeling and pasting share: the new
// box keeps at least MassMin of all the data and its objective is positive.
func (s *boxSearch) accept(c candidate) bool {
	return float64(c.n)/float64(s.p.n) >= s.p.opt.MassMin && c.obj > 0
}

// levelPeels proposes dropping each level the box still allows, in level
// order, when it allows more than one.
func (s *boxSearch) levelPeels(j int) {
	p := s.p
	allowed := 0
	for _, a := range s.lim.Allowed[j] {
		if a {
			allowed++
		}
	}
	if allowed < 2 {
		return
	}
	cn := make([]int, len(s.lim.Allowed[j]))
	ck := make([]int, len(cn))
	for r, v := range p.in[j].Values {
		if s.in[r] {
			cn[int(v)]++
			if p.y[r] {
				ck[int(v)]++
			}
		}
	}
	for lv, a := range s.lim.Allowed[j] {
		if a {
			s.consider(candidate{j: j, level: lv, n: s.n - cn[lv], k: s.k - ck[lv]})
		}
	}
}

// sorted fills s.vals with input j's values over the rows in rows, in
// ascending order, and s.hits with whether each is a case of interest.
func (s *boxSearch) sorted(j int, rows []bool) {
	s.vals, s.hits = s.vals[:0], s.hits[:0]
	vals := s.p.in[j].Values
	for _, r := range s.p.order[j] {
		if rows[r] {
			s.vals = append(s.vals, vals[r])
			s.hits = append(s.hits, s.p.y[r])
		}
	}
}

// countWithin counts the values of s.vals in [lo, hi] and the cases of
// interest among them.
func (s *boxSearch) countWithin(lo, hi float64) (n, k int) {
	a := sort.SearchFloat64s(s.vals, lo)
	b := sort.Search(len(s.vals), func(i int) bool { return s.vals[i] > hi })
	for i := a; i < b; i++ {
		if s.hits[i] {
			k++
		}
	}
	return b - a, k
}

// quantile is EMA Workbench's get_quantile (after the sdtoolkit): for
// sorted data of length m, position i = (m-1)·q; for q > 0.5 the value is
// the midpoint between data[ceil(i)] and the next lower distinct value
// (data[floor(i)] when it already differs), and for q ≤ 0.5 between
// data[floor(i)] and the next higher distinct value. A cut therefore never
// falls inside a run of ties: all of them stay in the box.
func quantile(data []float64, q float64) float64 {
	pos := float64(len(data)-1) * q
	lo, hi := int(math.Floor(pos)), int(math.Ceil(pos))
	if q > 0.5 {
		for data[lo] == data[hi] && lo > 0 {
			lo--
		}
	} else {
		for data[lo] == data[hi] && hi < len(data)-1 {
			hi++
		}
	}
	return (data[lo] + data[hi]) / 2
}

// pasteable reports whether pasting runs at all: EMA Workbench stops
// before pasting when no numeric input is restricted (its paste loop
// returns as soon as the numeric inputs offer no candidate), so a box
// restricted on categorical inputs alone is not pasted.
func (s *boxSearch) pasteable() bool {
	for j, inp := range s.p.in {
		if !inp.categorical() && s.p.restricted(&s.lim, j) {
			return true
		}
	}
	return false
}

// paste makes one pasting step (Friedman & Fisher 1999, section 6, with
// EMA Workbench's rules): each restricted numeric input proposes widening
// its lower then its upper limit to EMA's quantile (1 − PasteAlpha, resp.
// PasteAlpha) of the remaining rows between the limit and the data's
// bound that lie in the box on every other input; each restricted
// categorical input proposes re-admitting each level it excludes. The
// best is taken when it keeps at least MassMin, grows the box, scores
// above zero and raises the density.
func (s *boxSearch) paste() bool {
	p := s.p
	s.best = candidate{}
	s.nRestricted = len(p.restrictedDims(&s.lim))
	// For each remaining row, how many inputs' limits it breaks, and one
	// of them: the rows a paste of input j can add break j's alone.
	viol := make([]int32, p.n)
	vdim := make([]int32, p.n)
	for j := range p.in {
		if !p.restricted(&s.lim, j) {
			continue
		}
		vals, allowed, lo, hi := p.in[j].Values, s.lim.Allowed[j], s.lim.Lo[j], s.lim.Hi[j]
		for r, v := range vals {
			if !s.rem[r] {
				continue
			}
			if allowed != nil && !allowed[int(v)] || allowed == nil && (v < lo || v > hi) {
				viol[r]++
				vdim[r] = int32(j)
			}
		}
	}
	other := make([]bool, p.n)
	for _, j := range p.candidateOrder {
		if !p.restricted(&s.lim, j) {
			continue
		}
		for r := range other {
			other[r] = s.rem[r] && (viol[r] == 0 || viol[r] == 1 && vdim[r] == int32(j))
		}
		if p.in[j].categorical() {
			for lv, a := range s.lim.Allowed[j] {
				if a || !p.init.Allowed[j][lv] {
					continue
				}
				n, k := s.n, s.k
				for r, v := range p.in[j].Values {
					if other[r] && int(v) == lv {
						n++
						if p.y[r] {
							k++
						}
					}
				}
				s.consider(candidate{j: j, level: lv, n: n, k: k})
			}
			continue
		}
		s.sorted(j, other)
		lo, hi := s.lim.Lo[j], s.lim.Hi[j]
		// Lower: the rows in [data min, lo].
		a := sort.Search(len(s.vals), func(i int) bool { return s.vals[i] > lo })
		pv := p.init.Lo[j]
		if a > 0 {
			pv = quantile(s.vals[:a], 1-p.opt.PasteAlpha)
		}
		n, k := s.countWithin(pv, hi)
		s.consider(candidate{j: j, level: -1, lo: pv, hi: hi, n: n, k: k})
		// Upper: the rows in [hi, data max].
		b := sort.SearchFloat64s(s.vals, hi)
		pv = p.init.Hi[j]
		if b < len(s.vals) {
			pv = quantile(s.vals[b:], p.opt.PasteAlpha)
		}
		n, k = s.countWithin(lo, pv)
		s.consider(candidate{j: j, level: -1, lo: lo, hi: pv, n: n, k: k})
	}
	c := s.best
	if !c.ok || !s.accept(c) || c.n <= s.n || float64(c.k)/float64(c.n) <= float64(s.k)/float64(s.n) {
		return false
	}
	s.apply(c, true)
	s.add("paste")
	return true
}

// chooseKnee returns the index of the box with the largest harmonic mean
// of coverage and density, preferring the earlier (larger) box on ties.
func chooseKnee(t []BoxPoint) int {
	best, bs := 0, -1.0
	for i, b := range t {
		if b.Coverage+b.Density == 0 {
			continue
		}
		f := 2 * b.Coverage * b.Density / (b.Coverage + b.Density)
		if f > bs+1e-12 {
			best, bs = i, f
		}
	}
	return best
}

// Select makes box i of the trajectory the chosen one.
func (b *Box) Select(i int) error {
	if i < 0 || i >= len(b.Trajectory) {
		return fmt.Errorf("prim: box %d; the trajectory has boxes 0 to %d", i, len(b.Trajectory)-1)
	}
	b.Chosen = i
	return nil
}

// Inspect lists the restrictions of box i with their quasi-p-values: for
// each restricted side, the one-sided binomial probability of finding at
// least the box's K cases of interest among its N experiments if the
// density were that of the box with this restriction removed (Bryant &
// Lempert 2010, as defined in the EMA Workbench). Small values mean the
// restriction matters.
func (b *Box) Inspect(i int) []Restriction {
	p := b.prim
	pt := b.Trajectory[i]
	l := pt.Limits
	var out []Restriction
	for _, j := range p.restrictedDims(&l) {
		in := p.in[j]
		r := Restriction{Input: in.Name, Kind: in.Kind.String(), Lo: math.NaN(), Hi: math.NaN(), QPLo: math.NaN(), QPHi: math.NaN(), QP: math.NaN()}
		if in.categorical() {
			for lv, a := range l.Allowed[j] {
				if a {
					r.Levels = append(r.Levels, in.Levels[lv])
				}
			}
			relaxed := l.clone()
			relaxed.Allowed[j] = append([]bool(nil), p.init.Allowed[j]...)
			r.QP = b.quasiP(&relaxed, pt.N, pt.K)
		} else {
			r.Lo, r.Hi = l.Lo[j], l.Hi[j]
			if l.Lo[j] > p.init.Lo[j] {
				relaxed := l.clone()
				relaxed.Lo[j] = p.init.Lo[j]
				r.QPLo = b.quasiP(&relaxed, pt.N, pt.K)
			}
			if l.Hi[j] < p.init.Hi[j] {
				relaxed := l.clone()
				relaxed.Hi[j] = p.init.Hi[j]
				r.QPHi = b.quasiP(&relaxed, pt.N, pt.K)
			}
		}
		out = append(out, r)
	}
	return out
}

func (b *Box) quasiP(relaxed *Limits, nBox, kBox int) float64 {
	s := b.prim.stats(relaxed, b.remaining)
	if s.N == 0 {
		return math.NaN()
	}
	return BinomialUpperTail(kBox, nBox, float64(s.K)/float64(s.N))
}

// Drop returns the statistics of box i with the restriction on input name
// removed, so the analyst can see what that restriction buys.
func (b *Box) Drop(i int, name string) (BoxStats, Limits, error) {
	p := b.prim
	l := b.Trajectory[i].Limits.clone()
	for j, in := range p.in {
		if in.Name != name {
			continue
		}
		if in.categorical() {
			l.Allowed[j] = append([]bool(nil), p.init.Allowed[j]...)
		} else {
			l.Lo[j], l.Hi[j] = p.init.Lo[j], p.init.Hi[j]
		}
		return p.stats(&l, b.remaining), l, nil
	}
	return BoxStats{}, l, fmt.Errorf("prim: no input %q", name)
}

// DropRestriction appends to the trajectory box i with the restriction on
// input name removed (its limits back to those of the whole data),
// counted on the experiments the box was found on, and chooses it: the
// EMA Workbench's PrimBox.drop_restriction. Cover then covers that box.
func (b *Box) DropRestriction(i int, name string) error {
	if i < 0 || i >= len(b.Trajectory) {
		return fmt.Errorf("prim: box %d; the trajectory has boxes 0 to %d", i, len(b.Trajectory)-1)
	}
	s, l, err := b.Drop(i, name)
	if err != nil {
		return err
	}
	b.Trajectory = append(b.Trajectory, BoxPoint{Index: len(b.Trajectory), Step: "drop " + name, Limits: l, BoxStats: s})
	b.Chosen = len(b.Trajectory) - 1
	return nil
}

// Cover accepts the chosen box: its experiments are removed from the data
// for the next FindBox (the covering step of Friedman & Fisher 1999).
func (p *Prim) Cover(b *Box) {
	l := b.Trajectory[b.Chosen].Limits
	for r := 0; r < p.n; r++ {
		if p.remaining[r] && p.inBox(&l, r) {
			p.remaining[r] = false
		}
	}
}

// Stats recomputes the statistics of limits on the experiments that box b
// was found on.
func (b *Box) Stats(l Limits) BoxStats { return b.prim.stats(&l, b.remaining) }

// BinomialUpperTail is P(X >= k) for X ~ Binomial(n, p), computed as the
// regularised incomplete beta function I_p(k, n-k+1).
func BinomialUpperTail(k, n int, p float64) float64 {
	switch {
	case k <= 0:
		return 1
	case k > n:
		return 0
	case p <= 0:
		return 0
	case p >= 1:
		return 1
	}
	return mathext.RegIncBeta(float64(k), float64(n-k+1), p)
}
