package explore

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mathext"
)

// Objective is PRIM's criterion for choosing the next peel.
type Objective string

const (
	// Lenient1 picks the peel with the largest gain in density per unit of
	// mass removed, (ȳ_new − ȳ_old)/(m_old − m_new): Friedman & Fisher's
	// (1999) patience criterion as implemented in the EMA Workbench
	// (its default, "lenient1").
	Lenient1 Objective = "lenient1"
	// Original picks the peel that leaves the highest density, ȳ_new.
	Original Objective = "original"
)

// PrimOptions configures PRIM.
type PrimOptions struct {
	// PeelAlpha is the share of the box's points removed by one peel
	// (default 0.05, as in the EMA Workbench; Friedman & Fisher use 0.05-0.1).
	PeelAlpha float64 `json:"peel_alpha"`
	// PasteAlpha is the share of the box's points added by one paste
	// (default 0.05).
	PasteAlpha float64 `json:"paste_alpha"`
	// MassMin is the smallest share of all experiments a box may hold
	// (default 0.05).
	MassMin float64 `json:"mass_min"`
	// Objective chooses the peel (default Lenient1).
	Objective Objective `json:"objective"`
}

func (o *PrimOptions) defaults() error {
	if o.PeelAlpha == 0 {
		o.PeelAlpha = 0.05
	}
	if o.PasteAlpha == 0 {
		o.PasteAlpha = 0.05
	}
	if o.MassMin == 0 {
		o.MassMin = 0.05
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
	if o.Objective != Lenient1 && o.Objective != Original {
		return fmt.Errorf("prim: unknown objective %q (want lenient1 or original)", o.Objective)
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
		sort.Slice(ord, func(a, b int) bool { return vals[ord[a]] < vals[ord[b]] })
		p.order[j] = ord
		p.init.Lo[j], p.init.Hi[j] = vals[ord[0]], vals[ord[n-1]]
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

func (p *Prim) restrictedDims(l *Limits) []int {
	var dims []int
	for j := range p.in {
		if l.Allowed[j] != nil {
			for lv, a := range l.Allowed[j] {
				if !a && p.init.Allowed[j][lv] {
					dims = append(dims, j)
					break
				}
			}
		} else if l.Lo[j] > p.init.Lo[j] || l.Hi[j] < p.init.Hi[j] {
			dims = append(dims, j)
		}
	}
	return dims
}

// FindBox peels and pastes one box on the experiments not yet covered.
// It returns an error when no cases of interest remain.
func (p *Prim) FindBox() (*Box, error) {
	rem := append([]bool(nil), p.remaining...)
	in := make([]bool, p.n)
	nIn, kIn := 0, 0
	for r := range rem {
		if rem[r] {
			in[r] = true
			nIn++
			if p.y[r] {
				kIn++
			}
		}
	}
	if kIn == 0 {
		return nil, errors.New("prim: no cases of interest remain outside the boxes found")
	}
	lim := p.init.clone()
	b := &Box{prim: p, remaining: rem}
	add := func(step string) {
		s := BoxStats{N: nIn, K: kIn}
		p.finish(&s, &lim)
		b.Trajectory = append(b.Trajectory, BoxPoint{Index: len(b.Trajectory), Step: step, Limits: lim.clone(), BoxStats: s})
	}
	add("start")
	ps := &peelSearch{p: p, in: in, minN: int(math.Ceil(p.opt.MassMin * float64(p.n))),
		vals: make([]float64, 0, p.n), rows: make([]int32, 0, p.n)}
	for kIn != nIn { // at density 1 there is nothing to gain
		c, ok := ps.best(nIn, kIn)
		if !ok {
			break
		}
		switch {
		case c.level >= 0:
			lim.Allowed[c.j][c.level] = false
		case c.side < 0:
			lim.Lo[c.j] = c.lo
		default:
			lim.Hi[c.j] = c.hi
		}
		for r := 0; r < p.n; r++ {
			if in[r] && !p.inBox(&lim, r) {
				in[r] = false
			}
		}
		nIn, kIn = c.n, c.k
		add("peel")
	}
	p.paste(b, &lim, in, rem)
	b.Chosen = chooseKnee(b.Trajectory)
	return b, nil
}

// peelCut is a candidate peel of input j: drop level (level >= 0), raise
// the lower limit to lo (side -1) or lower the upper limit to hi (side 1).
// n and k are the experiments and cases of interest left in the box.
type peelCut struct {
	j, level, side int
	lo, hi         float64
	n, k           int
	score          float64
}

// peelSearch finds the best peel of the box in (Friedman & Fisher 1999,
// section 5): for each input, the peel of about PeelAlpha of the box's
// points from either end, or of one level, that most raises the
// objective.
type peelSearch struct {
	p          *Prim
	in         []bool
	minN       int
	nIn, kIn   int
	mOld, dOld float64
	cut        peelCut
	vals       []float64 // work space: one input's values in the box, sorted
	rows       []int32
}

// best returns the best peel of a box of nIn experiments holding kIn
// cases of interest; false when none is allowed.
func (s *peelSearch) best(nIn, kIn int) (peelCut, bool) {
	p := s.p
	s.nIn, s.kIn = nIn, kIn
	s.mOld = float64(nIn) / float64(p.n)
	s.dOld = float64(kIn) / float64(nIn)
	s.cut = peelCut{j: -1, score: math.Inf(-1)}
	for j, inp := range p.in {
		if inp.categorical() {
			s.levels(j, inp)
		} else {
			s.ends(j, inp)
		}
	}
	return s.cut, s.cut.j >= 0
}

// consider keeps c when it is allowed and scores better than the best so
// far (the first of equals wins).
func (s *peelSearch) consider(c peelCut) {
	if c.n < s.minN || c.n == s.nIn || c.n == 0 {
		return
	}
	dNew := float64(c.k) / float64(c.n)
	if s.p.opt.Objective == Original {
		c.score = dNew
	} else {
		c.score = (dNew - s.dOld) / (s.mOld - float64(c.n)/float64(s.p.n))
	}
	if c.score > s.cut.score {
		s.cut = c
	}
}

// levels considers dropping each level of a categorical input.
func (s *peelSearch) levels(j int, inp Input) {
	p := s.p
	cn := make([]int, len(inp.Levels))
	ck := make([]int, len(inp.Levels))
	for r := 0; r < p.n; r++ {
		if s.in[r] {
			lv := int(inp.Values[r])
			cn[lv]++
			if p.y[r] {
				ck[lv]++
			}
		}
	}
	for lv := range cn {
		if cn[lv] > 0 {
			s.consider(peelCut{j: j, level: lv, n: s.nIn - cn[lv], k: s.kIn - ck[lv]})
		}
	}
}

// ends considers the lower and the upper peel of a numeric input.
func (s *peelSearch) ends(j int, inp Input) {
	p := s.p
	vals, rows := s.vals[:0], s.rows[:0]
	for _, r := range p.order[j] {
		if s.in[r] {
			vals = append(vals, inp.Values[r])
			rows = append(rows, r)
		}
	}
	s.vals, s.rows = vals, rows
	m := len(vals)
	q := max(int(math.Floor(p.opt.PeelAlpha*float64(m))), 1)
	if q >= m {
		return
	}
	// Lower peel: keep x >= vals[q]. When ties make that remove nothing
	// (a discrete input whose lowest value holds more than alpha of the
	// box), peel the whole lowest value instead, so that discrete and
	// grid-valued inputs can still be peeled.
	lo := vals[q]
	if lo == vals[0] {
		c := q
		for c < m && vals[c] == vals[0] {
			c++
		}
		if c < m {
			lo = vals[c]
		}
	}
	cut, kc := 0, 0
	for cut < m && vals[cut] < lo {
		if p.y[rows[cut]] {
			kc++
		}
		cut++
	}
	if cut > 0 {
		s.consider(peelCut{j: j, level: -1, side: -1, lo: lo, n: s.nIn - cut, k: s.kIn - kc})
	}
	// Upper peel: keep x <= vals[m-1-q], or drop the whole highest value
	// when ties would make the peel empty.
	hi := vals[m-1-q]
	if hi == vals[m-1] {
		c := m - 1 - q
		for c >= 0 && vals[c] == vals[m-1] {
			c--
		}
		if c >= 0 {
			hi = vals[c]
		}
	}
	cut, kc = 0, 0
	for cut < m && vals[m-1-cut] > hi {
		if p.y[rows[m-1-cut]] {
			kc++
		}
		cut++
	}
	if cut > 0 {
		s.consider(peelCut{j: j, level: -1, side: 1, hi: hi, n: s.nIn - cut, k: s.kIn - kc})
	}
}

// paste enlarges the last box (Friedman & Fisher 1999, section 6): each
// step tries to widen one restricted side by about PasteAlpha of the box's
// points (or to re-admit one level) and keeps the paste that most raises
// the density, until none does.
func (p *Prim) paste(b *Box, lim *Limits, in, rem []bool) {
	last := b.Trajectory[len(b.Trajectory)-1]
	nIn, kIn := last.N, last.K
	for iter := 0; iter < 1000; iter++ {
		dOld := float64(kIn) / float64(max(nIn, 1))
		bestGain := 0.0
		var bestLim *Limits
		bestN, bestK := 0, 0
		for j, inp := range p.in {
			// Rows outside the box only because of input j.
			outsideOnly := func(r int) bool {
				return rem[r] && !in[r] && p.inBoxExcept(lim, r, j)
			}
			if inp.categorical() {
				for lv, a := range lim.Allowed[j] {
					if a || !p.init.Allowed[j][lv] {
						continue
					}
					an, ak := 0, 0
					for r := 0; r < p.n; r++ {
						if int(inp.Values[r]) == lv && outsideOnly(r) {
							an++
							if p.y[r] {
								ak++
							}
						}
					}
					if an == 0 {
						continue
					}
					if g := float64(kIn+ak)/float64(nIn+an) - dOld; g > bestGain {
						c := lim.clone()
						c.Allowed[j][lv] = true
						bestGain, bestLim, bestN, bestK = g, &c, nIn+an, kIn+ak
					}
				}
				continue
			}
			want := int(math.Ceil(p.opt.PasteAlpha * float64(nIn)))
			// Candidates below the lower limit, nearest first.
			var below, above []int32
			for _, r := range p.order[j] {
				if outsideOnly(int(r)) {
					if inp.Values[r] < lim.Lo[j] {
						below = append(below, r)
					} else if inp.Values[r] > lim.Hi[j] {
						above = append(above, r)
					}
				}
			}
			try := func(cands []int32, lower bool) {
				if len(cands) == 0 {
					return
				}
				take := min(want, len(cands))
				var edge float64
				an, ak := 0, 0
				if lower {
					edge = inp.Values[cands[len(cands)-take]]
					for i := len(cands) - 1; i >= 0 && inp.Values[cands[i]] >= edge; i-- {
						an++
						if p.y[cands[i]] {
							ak++
						}
					}
				} else {
					edge = inp.Values[cands[take-1]]
					for i := 0; i < len(cands) && inp.Values[cands[i]] <= edge; i++ {
						an++
						if p.y[cands[i]] {
							ak++
						}
					}
				}
				if g := float64(kIn+ak)/float64(nIn+an) - dOld; g > bestGain {
					c := lim.clone()
					if lower {
						c.Lo[j] = edge
					} else {
						c.Hi[j] = edge
					}
					bestGain, bestLim, bestN, bestK = g, &c, nIn+an, kIn+ak
				}
			}
			try(below, true)
			try(above, false)
		}
		if bestLim == nil || bestGain <= 1e-12 {
			return
		}
		*lim = *bestLim
		for r := 0; r < p.n; r++ {
			in[r] = rem[r] && p.inBox(lim, r)
		}
		nIn, kIn = bestN, bestK
		s := BoxStats{N: nIn, K: kIn}
		p.finish(&s, lim)
		b.Trajectory = append(b.Trajectory, BoxPoint{Index: len(b.Trajectory), Step: "paste", Limits: lim.clone(), BoxStats: s})
	}
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
