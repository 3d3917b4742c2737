package results

import (
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/steppe-dev/steppe/internal/hugemem"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Schema is the JSON schema identifier of Results.
const Schema = "steppe.results/v1"

// Region is the pseudo-country of region-wide results.
const Region = "REGION"

// Summary describes a quantity's distribution over draws.
type Summary struct {
	Mean float64 `json:"mean"`
	SE   float64 `json:"se"` // Monte Carlo standard error of Mean
	Q05  float64 `json:"q05"`
	Q50  float64 `json:"q50"`
	Q95  float64 `json:"q95"`
}

// Delta is a policy's difference from the baseline, by common random numbers.
// Mean and SE describe the average effect; Q05, Q95 and PNegative describe
// how the effect varies over parameter draws: the quantiles of the paired
// per-draw differences (policy − baseline in the same draw) and the share of
// draws in which the policy lowers the probability.
type Delta struct {
	Mean      float64 `json:"mean"`
	SE        float64 `json:"se"`  // Monte Carlo standard error of Mean
	Q05       float64 `json:"q05"` // 5% quantile over draws of the paired difference
	Q95       float64 `json:"q95"` // 95% quantile over draws of the paired difference
	PNegative float64 `json:"p_negative"`
}

// Cell holds the results for one policy, country (or Region) and year.
type Cell struct {
	Policy                string             `json:"policy"`
	Country               string             `json:"country"`
	Year                  int                `json:"year"`
	PIntervention         Summary            `json:"p_intervention"`
	Delta                 *Delta             `json:"delta,omitempty"`
	ExpectedTriggers      map[string]float64 `json:"expected_triggers"`
	ExpectedInterventions map[string]float64 `json:"expected_interventions"`
	// Integration holds the mean integration effects at the end of the year
	// (keys as in world.EffectField: income_pct, intra_regional_trade, ...),
	// relative to the scenario's base state; GDP-weighted for the region.
	Integration map[string]float64 `json:"integration"`
}

// HistoryEvent is an observed event before the scenario's start.
type HistoryEvent struct {
	ID      string `json:"id"`
	Month   string `json:"month"`
	Country string `json:"country"`
	Trigger string `json:"trigger"`
	Outcome string `json:"outcome"`
	Note    string `json:"note,omitempty"`
	Source  string `json:"source,omitempty"`
}

// Completion is when a policy's project completes on average over draws.
type Completion struct {
	Policy  string  `json:"policy"`
	Project string  `json:"project"`
	Month   string  `json:"mean_completion"` // YYYY-MM
	Offset  float64 `json:"mean_months_after_start"`
}

// Results is the summary of one run.
type Results struct {
	Schema            string         `json:"schema"`
	Scenario          string         `json:"scenario"`
	Start             string         `json:"start"`
	Horizon           string         `json:"horizon"`
	Seed              uint64         `json:"seed"`
	Draws             int            `json:"draws"`
	Mode              string         `json:"mode"`
	Engines           sim.EngineInfo `json:"engines"`
	Baseline          string         `json:"baseline"`
	Policies          []string       `json:"policies"`
	Countries         []string       `json:"countries"`
	Years             []int          `json:"years"`
	TriggerTypes      []string       `json:"trigger_types"`
	InterventionTypes []string       `json:"intervention_types"`
	Cells             []Cell         `json:"cells"`
	Projects          []Completion   `json:"projects"`
	History           []HistoryEvent `json:"history"`
	Validity          Validity       `json:"validity"`
	// Validation are the out-of-sample scores of the decision model the
	// run used, against its baselines (set by package model from the
	// posterior file).
	Validation *Validation `json:"validation,omitempty"`
	// Decompositions split each policy's effect by channel, when asked
	// (steppe run --decompose).
	Decompositions []Decomposition `json:"decompositions,omitempty"`
	// Warnings are conditions a reader of the results should know about
	// (none is fatal). JSON carries each as its message; see MarshalJSON.
	Warnings []error `json:"-"`
}

// Summarize computes the results of out, whose per-draw fields are set
// (a run without sim.Options.Each). w, when not nil, supplies the observed
// history recorded in the results.
func Summarize(out *sim.Output, w *world.World) *Results {
	a := &Accumulator{pass: 1}
	a.inMemory(out)
	return a.results(out, w)
}

// results assembles the Results of out from the accumulated per-draw
// statistics and out's means.
func (a *Accumulator) results(out *sim.Output, w *world.World) *Results {
	a.finish()
	a.release()
	r := &Results{
		Schema:    Schema,
		Scenario:  out.Scenario,
		Start:     out.Start.String(),
		Horizon:   out.Horizon.String(),
		Seed:      out.Seed,
		Draws:     out.Draws,
		Mode:      "conditional",
		Engines:   out.Engines,
		Baseline:  out.Policies[0],
		Policies:  slices.Clone(out.Policies),
		Countries: append(slices.Clone(out.Countries), Region),
		Years:     slices.Clone(out.Years),
		History:   []HistoryEvent{},
		Projects:  []Completion{},
		Validity:  a.validity(out),
	}
	if out.Paths {
		r.Mode = "paths"
	}
	for k := world.TriggerType(0); k < world.NumTriggerTypes; k++ {
		r.TriggerTypes = append(r.TriggerTypes, k.String())
	}
	for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
		r.InterventionTypes = append(r.InterventionTypes, o.String())
	}
	if w != nil {
		for _, e := range w.History {
			r.History = append(r.History, HistoryEvent{
				ID: e.ID, Month: e.Month.String(), Country: e.Country,
				Trigger: e.Trigger.String(), Outcome: e.Outcome.String(),
				Note: e.Note, Source: e.Source,
			})
		}
	}
	for p, pol := range out.Policies {
		for j, id := range out.Projects {
			v := out.Completion[p*len(out.Projects)+j]
			if v < 0 {
				continue
			}
			r.Projects = append(r.Projects, Completion{Policy: pol, Project: id,
				Month: (out.Start + world.Month(math.Round(v))).String(), Offset: round(v)})
		}
	}
	nc := len(out.Countries) + 1
	r.Cells = make([]Cell, 0, len(out.Policies)*nc*len(out.Years))
	for p := range out.Policies {
		for c := 0; c < nc; c++ {
			for y := range out.Years {
				cell := Cell{
					Policy:                out.Policies[p],
					Country:               r.Countries[c],
					Year:                  out.Years[y],
					ExpectedTriggers:      map[string]float64{},
					ExpectedInterventions: map[string]float64{},
				}
				idx := out.Index(p, c, y)
				cell.PIntervention = a.series[idx].summary()
				if p > 0 {
					cell.Delta = a.series[a.delta(idx)].delta()
				}
				tot := 0.0
				for k := 0; k < int(world.NumTriggerTypes); k++ {
					v := out.Triggers[idx*int(world.NumTriggerTypes)+k]
					cell.ExpectedTriggers[world.TriggerType(k).String()] = round(v)
					tot += v
				}
				cell.ExpectedTriggers["total"] = round(tot)
				tot = 0
				for o := world.OutcomePeacekeeping; o < world.NumOutcomes; o++ {
					v := out.Interventions[idx*int(world.NumOutcomes)+int(o)]
					cell.ExpectedInterventions[o.String()] = round(v)
					tot += v
				}
				cell.ExpectedInterventions["total"] = round(tot)
				cell.Integration = map[string]float64{}
				if len(out.Effects) > 0 {
					for f := world.EffectField(0); f < world.NumEffectFields; f++ {
						cell.Integration[f.String()] = round(out.Effects[idx*int(world.NumEffectFields)+int(f)])
					}
				}
				r.Cells = append(r.Cells, cell)
			}
		}
	}
	return r
}

// Cell returns the cell for (policy, country, year), or nil.
func (r *Results) Cell(policy, country string, year int) *Cell {
	p := slices.Index(r.Policies, policy)
	c := slices.Index(r.Countries, country)
	y := slices.Index(r.Years, year)
	if p < 0 || c < 0 || y < 0 {
		return nil
	}
	return &r.Cells[(p*len(r.Countries)+c)*len(r.Years)+y]
}

// meanSE returns the mean of x and its standard error sd/√n (0 for n < 2).
func meanSE(x []float64) (mean, se float64) {
	n := float64(len(x))
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	for _, v := range x {
		mean += v
	}
	mean /= n
	if len(x) < 2 {
		return mean, 0
	}
	ss := 0.0
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}

// Quantile returns the p-quantile of sorted by Hyndman and Fan's definition 7
// (linear interpolation between order statistics at (n−1)p).
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return sorted[n-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// round keeps 6 significant digits, so that encodings are short and stable.
func round(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	e := math.Floor(math.Log10(math.Abs(v)))
	s := math.Pow(10, 5-e)
	r := math.Round(v*s) / s
	if r == 0 {
		return 0 // no negative zero
	}
	return r
}

// An Accumulator computes a run's Results from its draws as the run
// streams them (sim.Options.Each), in memory that does not grow with the
// number of draws; the results are byte-identical to [Summarize] of the
// same run kept in memory. See the package doc ("Bounded memory") for the
// method. Use:
//
//	a := NewAccumulator()
//	for {
//		out, err := model.Run(ctx, sim.Options{..., Each: a.Add})
//		...
//		if !a.Next() { return a.Results(out, w) }
//	}
//
// Every pass must run the same draws with the same options: the draws are
// a function of the seed and the draw's index, so a rerun repeats them.
type Accumulator struct {
	// PilotValues bounds the per-draw values kept in memory (default
	// DefaultPilotValues): a run whose draws × series fit keeps them all
	// and needs one pass.
	PilotValues int

	pass   int // 1, 2, ...
	n      int // draws
	pilot  int // draws kept in memory in pass 1
	cells  int
	nco    int // onsets per draw: policies × (countries+1)
	npol   int
	nc1    int // countries + 1
	ny     int
	per    float64 // state-years / 100, for the validity rates
	valid  bool    // validity series present
	series []series
	vals   []float64       // one draw's series values
	block  []float64       // a block's series values, draw by draw (addPilot)
	arena  *hugemem.Floats // the kept series' pilots (init), until release
	seen   int             // draws seen in this pass
	budget int             // values the pending wants may still collect
	// collect bounds the values one want may collect (default maxCollect).
	collect int
}

// DefaultPilotValues is the per-draw values an [Accumulator] keeps by
// default: 4 Mi values (32 MiB), so that `steppe run`'s default 10,000
// draws of the default scenario (382 series) are summarised in one pass.
const DefaultPilotValues = 4 << 20

// collectValues bounds the values all wants of one pass collect (32 MiB);
// a want whose bin holds more, or more than maxCollect, is narrowed by
// another histogram pass instead.
const (
	collectValues = 4 << 20
	maxCollect    = 1 << 16
	// pilotWindow is the half-width, in pilot ranks, of the histogram
	// edges around each wanted quantile: about 5 standard deviations of
	// a pilot rank (sqrt(n p (1-p)) ≤ 52 for 10,979 pilot draws).
	pilotWindow = 256
)

// NewAccumulator returns an empty Accumulator for one run.
func NewAccumulator() *Accumulator {
	return &Accumulator{PilotValues: DefaultPilotValues, pass: 1, collect: maxCollect}
}

// series is one quantity's distribution over draws: a cell's probability,
// a delta, or a validity count.
type series struct {
	probs []float64 // wanted quantiles
	isDel bool      // a delta: count the negatives, report only q05 and q95
	n     int
	sum   float64 // Σ x in draw order (pass 1)
	mean  float64
	ss    float64 // Σ (x − mean)² in draw order (pass 2)
	se    float64
	neg   int
	pilot []float64                     // the first draws in draw order; all of them when they fit
	gen   func(dst []float64) []float64 // in memory: computes the values instead
	hist  *histogram
	wants []*want
	qs    []float64 // resolved quantiles, as probs
}

// want is one order statistic (0-based rank) a quantile needs.
type want struct {
	rank int
	v    float64
	done bool
	// Unresolved: it lies in the open interval (lo, hi), in which `below`
	// values are ≤ lo; the pass either counts there (hist) or keeps the
	// values (buf).
	lo, hi  float64
	below   int
	n       int // values in (lo, hi)
	hist    *histogram
	collect bool
	buf     []float64
}

// histogram counts values by fixed edges: bin 2i+1 holds the values equal
// to edges[i], bin 2i those strictly between edges[i−1] and edges[i] (and
// bin 0 and 2·len(edges) the values below the first and above the last).
type histogram struct {
	edges  []float64
	counts []int
}

func newHistogram(edges []float64) *histogram {
	return &histogram{edges: edges, counts: make([]int, 2*len(edges)+1)}
}

func (h *histogram) add(v float64) {
	e := h.edges
	i, j := 0, len(e)
	for i < j { // first edge ≥ v
		m := int(uint(i+j) >> 1)
		if e[m] < v {
			i = m + 1
		} else {
			j = m
		}
	}
	if i < len(e) && e[i] == v {
		h.counts[2*i+1]++
	} else {
		h.counts[2*i]++
	}
}

// locate places want w, whose rank lies among the values the histogram
// counted in (lo, hi) above `below` values: it resolves w when its bin holds
// one value (an edge), else narrows w's interval to the bin.
func (h *histogram) locate(w *want, lo, hi float64, below int) {
	r := w.rank - below
	for j, c := range h.counts {
		if r >= c {
			r -= c
			below += c
			continue
		}
		if j%2 == 1 {
			w.v, w.done = h.edges[j/2], true
			return
		}
		i := j / 2
		if i > 0 {
			lo = h.edges[i-1]
		}
		if i < len(h.edges) {
			hi = h.edges[i]
		}
		w.lo, w.hi, w.below, w.n, w.hist = lo, hi, below, c, nil
		w.buf = w.buf[:0]
		w.collect = false
		return
	}
	panic("results: rank beyond the histogram's counts")
}

// orderKey maps a float64 to an unsigned integer in the same order.
func orderKey(v float64) uint64 {
	b := math.Float64bits(v)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

func fromKey(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

// keyEdges returns up to 255 floats evenly spaced in orderKey between lo
// and hi, both excluded: a histogram of them narrows (lo, hi) 256-fold, so
// a want is pinned after at most 8 such passes.
func keyEdges(lo, hi float64) []float64 {
	a, b := orderKey(lo), orderKey(hi)
	step := (b - a) / 256
	var e []float64
	if step == 0 {
		for k := a + 1; k < b; k++ {
			e = append(e, fromKey(k))
		}
	} else {
		for i := uint64(1); i < 256; i++ {
			e = append(e, fromKey(a+i*step))
		}
	}
	return slices.CompactFunc(e, func(x, y float64) bool { return x == y })
}

// quantileRanks are the order statistics the p-quantiles of n values need
// (Hyndman and Fan's definition 7, as [Quantile]).
func quantileRanks(n int, probs []float64) []int {
	var rs []int
	for _, p := range probs {
		lo := int(math.Floor(float64(n-1) * p))
		rs = append(rs, min(lo, n-1))
		if lo+1 <= n-1 {
			rs = append(rs, lo+1)
		}
	}
	slices.Sort(rs)
	return slices.Compact(rs)
}

// quantileOf computes [Quantile] from the order statistics at returns.
func quantileOf(n int, p float64, at func(rank int) float64) float64 {
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return at(n - 1)
	}
	a := at(lo)
	return a + (h-float64(lo))*(at(lo+1)-a)
}

var (
	cellProbs  = []float64{0.05, 0.5, 0.95}
	deltaProbs = []float64{0.05, 0.95}
)

// init sizes a for out's shape, to be fed blocks of draws.
func (a *Accumulator) init(out *sim.Output) {
	a.initValid(out, true)
	kept := 0
	for i := range a.series {
		if !a.derived(i) {
			kept++
		}
	}
	// One buffer for every kept series' pilot, on huge pages where the
	// system has them: filling the default run's 17 MB pilot otherwise
	// costs about 4,300 page faults (see package hugemem).
	a.arena = hugemem.NewFloats(kept * a.pilot)
	k := 0
	for i := range a.series {
		if !a.derived(i) {
			a.series[i].pilot = a.arena.X[k*a.pilot : k*a.pilot : (k+1)*a.pilot]
			k++
		}
	}
}

// release drops the series' pilots and returns their buffer's memory;
// nothing reads a pilot after finish.
func (a *Accumulator) release() {
	if a.arena == nil {
		return
	}
	for i := range a.series {
		a.series[i].pilot, a.series[i].gen = nil, nil
	}
	a.arena.Release()
	a.arena = nil
}

// derived reports whether series i is not kept but derived at the end
// from the series it is the difference of: a delta, when every draw is
// kept (a third of the values, whose fresh pages cost more than the
// subtraction; see finish).
func (a *Accumulator) derived(i int) bool {
	return a.pilot >= a.n && i >= a.cells && i < a.cells+(a.npol-1)*a.nc1*a.ny
}

func (a *Accumulator) initValid(out *sim.Output, onsets bool) {
	a.n = out.Draws
	a.npol, a.nc1, a.ny = len(out.Policies), len(out.Countries)+1, len(out.Years)
	a.cells = a.npol * a.nc1 * a.ny
	a.nco = a.npol * a.nc1
	months := float64(out.Horizon - out.Start + 1)
	a.per = float64(len(out.Countries)) * months / 12
	a.valid = onsets && round(a.per) != 0
	ns := a.cells + (a.npol-1)*a.nc1*a.ny
	if a.valid {
		ns += 2 * a.npol
	}
	a.pilot = out.Draws
	if a.PilotValues > 0 && out.Draws*ns > a.PilotValues {
		a.pilot = min(out.Draws, max(a.PilotValues/ns, 1024))
	}
	a.series = make([]series, ns)
	for i := range a.series {
		s := &a.series[i]
		s.n = a.n
		s.probs = cellProbs
		if i >= a.cells && i < a.cells+(a.npol-1)*a.nc1*a.ny {
			s.probs, s.isDel = deltaProbs, true
		}
	}
	a.vals = make([]float64, ns)
	a.budget = collectValues
}

// delta returns the series of cell idx's difference from the baseline.
func (a *Accumulator) delta(idx int) int { return a.cells + idx - a.nc1*a.ny }

// Add takes the next block of a run's draws (use it as sim.Options.Each).
func (a *Accumulator) Add(b *sim.Block) error {
	if a.series == nil {
		a.init(b.Run)
	}
	if b.Lo != a.seen || b.Cells != a.cells {
		return fmt.Errorf("results: block of draws %d-%d out of order or of another run (expected draw %d, %d cells)", b.Lo, b.Hi, a.seen, a.cells)
	}
	if a.pass == 1 && a.seen+b.Draws() <= a.pilot {
		a.addPilot(b)
		return nil
	}
	for d := 0; d < b.Draws(); d++ {
		a.values(a.vals, b.PAny[d*a.cells:(d+1)*a.cells], b.Onsets[d*a.nco:(d+1)*a.nco])
		a.addDraw()
	}
	return nil
}

// addPilot adds a block whose draws all go to the pilot, as addDraw would
// draw by draw, but series by series: each series' pilot grows by the
// block's draws at once, instead of every series by one value per draw.
func (a *Accumulator) addPilot(b *sim.Block) {
	nd, ns := b.Draws(), len(a.series)
	if len(a.block) < nd*ns {
		a.block = make([]float64, nd*ns)
	}
	for d := 0; d < nd; d++ {
		a.values(a.block[d*ns:(d+1)*ns], b.PAny[d*a.cells:(d+1)*a.cells], b.Onsets[d*a.nco:(d+1)*a.nco])
	}
	for i := range a.series {
		if a.derived(i) {
			continue
		}
		s := &a.series[i]
		for d := 0; d < nd; d++ {
			s.pilot = append(s.pilot, a.block[d*ns+i])
		}
	}
	a.seen += nd
	if a.seen == a.pilot && a.pilot < a.n {
		for i := range a.series {
			a.series[i].startHistogram()
		}
		a.release() // the pilots are not read again
	}
}

// values fills v with one draw's value of every series.
func (a *Accumulator) values(v, pany, onsets []float64) {
	copy(v, pany)
	blk := a.nc1 * a.ny
	for i := blk; i < a.cells; i++ {
		v[a.cells+i-blk] = pany[i] - pany[i%blk]
	}
	if a.valid {
		o := a.cells + (a.npol-1)*blk
		for p := 0; p < a.npol; p++ {
			x := onsets[p*a.nc1+a.nc1-1]
			v[o+2*p] = x
			v[o+2*p+1] = 100 * x / a.per
		}
	}
}

// addDraw adds a.vals as the next draw of the current pass.
func (a *Accumulator) addDraw() {
	d := a.seen
	a.seen++
	if a.pass == 1 {
		for i, x := range a.vals {
			s := &a.series[i]
			if d < a.pilot {
				s.pilot = append(s.pilot, x)
				if d == a.pilot-1 && a.pilot < a.n {
					s.startHistogram()
				}
				continue
			}
			s.sum += x
			if x < 0 {
				s.neg++
			}
			s.hist.add(x)
		}
		if d == a.pilot-1 && a.pilot < a.n {
			a.release() // every series has histogrammed its pilot
		}
		return
	}
	for i, x := range a.vals {
		s := &a.series[i]
		if a.pass == 2 {
			s.ss += (x - s.mean) * (x - s.mean)
		}
		for _, w := range s.wants {
			if w.done || !(w.lo < x && x < w.hi) {
				continue
			}
			if w.collect {
				w.buf = append(w.buf, x)
			} else {
				w.hist.add(x)
			}
		}
	}
}

// startHistogram ends the pilot of a series that does not fit in memory:
// it sums the pilot in draw order, then sorts it and histograms it by the
// pilot values around each wanted quantile, the edges for the other draws.
func (s *series) startHistogram() {
	for _, x := range s.pilot {
		s.sum += x
		if x < 0 {
			s.neg++
		}
	}
	slices.Sort(s.pilot)
	n := len(s.pilot)
	var e []float64
	for _, p := range s.probs {
		r := int(math.Round(p * float64(n-1)))
		e = append(e, s.pilot[max(r-pilotWindow, 0):min(r+pilotWindow+1, n)]...)
	}
	slices.Sort(e)
	s.hist = newHistogram(slices.CompactFunc(e, func(x, y float64) bool { return x == y }))
	for _, x := range s.pilot {
		s.hist.add(x)
	}
	s.pilot = nil
}

// Next ends a pass over the draws and reports whether another pass is
// needed; after false, [Accumulator.Results] gives the results.
func (a *Accumulator) Next() bool {
	if a.seen != a.n {
		panic(fmt.Sprintf("results: pass %d saw %d of %d draws", a.pass, a.seen, a.n))
	}
	a.seen = 0
	if a.pilot >= a.n {
		return false
	}
	more := false
	a.budget = collectValues
	for i := range a.series {
		s := &a.series[i]
		if a.pass == 1 {
			s.mean = s.sum / float64(s.n)
			for _, r := range quantileRanks(s.n, s.probs) {
				w := &want{rank: r}
				s.hist.locate(w, math.Inf(-1), math.Inf(1), 0)
				s.wants = append(s.wants, w)
			}
			s.hist = nil
			more = true // the standard errors need the second pass
		}
		for _, w := range s.wants {
			if w.done {
				continue
			}
			switch {
			case w.collect:
				slices.Sort(w.buf)
				w.v, w.done, w.buf = w.buf[w.rank-w.below], true, nil
				continue
			case w.hist != nil:
				w.hist.locate(w, w.lo, w.hi, w.below)
				if w.done {
					continue
				}
			}
			more = true
			// The count of values in (lo, hi) is known from the last
			// histogram: collect them when few enough, else narrow.
			if c := w.n; c <= a.collect && c <= a.budget {
				a.budget -= c
				w.collect, w.buf = true, make([]float64, 0, c)
			} else {
				w.hist = newHistogram(keyEdges(w.lo, w.hi))
			}
		}
	}
	a.pass++
	return more
}

// inMemory takes every draw from out's per-draw fields.
func (a *Accumulator) inMemory(out *sim.Output) {
	a.initValid(out, len(out.Onsets) == len(out.Policies)*(len(out.Countries)+1)*out.Draws)
	blk := a.nc1 * a.ny
	for i := range a.series {
		s := &a.series[i]
		switch {
		case i < a.cells:
			s.pilot = out.PAny[i*a.n : (i+1)*a.n]
		case i < a.cells+(a.npol-1)*blk:
			s.pilot = nil // derived in finish
		default:
			j := i - a.cells - (a.npol-1)*blk
			x := out.OnsetDraws(j/2, a.nc1-1)
			s.pilot = x
			if j%2 == 1 {
				s.pilot, s.gen = nil, func(dst []float64) []float64 {
					for d := range dst {
						dst[d] = 100 * x[d] / a.per
					}
					return dst
				}
			}
		}
	}
	a.seen = a.n
}

// finish computes every series' statistics: from all its draws, when they
// were kept (in parallel over series, each in draw order), else from the
// passes' sums and wanted order statistics.
func (a *Accumulator) finish() {
	if a.pilot < a.n {
		for i := range a.series {
			s := &a.series[i]
			n := float64(s.n)
			if s.n >= 2 {
				s.se = math.Sqrt(s.ss/(n-1)) / math.Sqrt(n)
			}
			s.qs = make([]float64, len(s.probs))
			for j, p := range s.probs {
				s.qs[j] = quantileOf(s.n, p, func(r int) float64 {
					for _, w := range s.wants {
						if w.rank == r {
							return w.v
						}
					}
					panic("results: order statistic not computed")
				})
			}
		}
		return
	}
	for i := range a.series {
		if a.derived(i) && a.series[i].gen == nil {
			c := i - a.cells + a.nc1*a.ny
			a.series[i].gen = a.diff(c, c%(a.nc1*a.ny))
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(a.series))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]float64, a.n)
			sel := make([]float64, a.n)
			sc := new(selScratch)
			for {
				i := int(next.Add(1)) - 1
				if i >= len(a.series) {
					return
				}
				a.series[i].exact(buf, sel, sc)
			}
		}()
	}
	wg.Wait()
}

// diff returns a series' gen for the draws of cell c less those of cell
// base (a policy's difference from the baseline), as values computes them.
func (a *Accumulator) diff(c, base int) func(dst []float64) []float64 {
	x, y := a.series[c].pilot, a.series[base].pilot
	return func(dst []float64) []float64 {
		for d := range dst {
			dst[d] = x[d] - y[d]
		}
		return dst
	}
}

// exact computes s's statistics from all its draws, as meanSE and
// [Quantile] on the sorted draws do, with selection (orderStats, else
// selectRanks) in place of a sort.
func (s *series) exact(buf, sel []float64, sc *selScratch) {
	x := s.pilot
	if s.gen != nil {
		x = s.gen(buf[:s.n])
	}
	s.mean, s.se = meanSE(x)
	s.neg = 0
	for _, v := range x {
		if v < 0 {
			s.neg++
		}
	}
	ranks := quantileRanks(len(x), s.probs)
	at := func(r int) float64 { return sel[r] }
	if vs := make([]float64, len(ranks)); orderStats(x, ranks, vs, sc) {
		at = func(r int) float64 {
			j, _ := slices.BinarySearch(ranks, r)
			return vs[j]
		}
	} else {
		sel = sel[:len(x)]
		copy(sel, x)
		selectRanks(sel, ranks, 0, len(sel)-1, 2*bits.Len(uint(len(x))))
	}
	s.qs = make([]float64, len(s.probs))
	for j, p := range s.probs {
		s.qs[j] = quantileOf(len(x), p, at)
	}
}

// selectRanks reorders x[lo..hi] so that x[k] is the k-th smallest value
// of x for every k in ranks (ascending, within lo..hi), given that no value
// before lo is above and none after hi is below the values in lo..hi, as
// selectRank does for one rank: one partition serves every rank on its
// side, so the six order statistics of a cell's three quantiles cost about
// two selections instead of six. budget bounds the unbalanced partitions
// before it sorts instead.
func selectRanks(x []float64, ranks []int, lo, hi, budget int) {
	for len(ranks) > 0 && hi > lo {
		if len(ranks) == 1 {
			selectRank(x[lo:hi+1], ranks[0]-lo)
			return
		}
		if budget == 0 || hi-lo < 16 {
			slices.Sort(x[lo : hi+1])
			return
		}
		budget--
		i, j := partition(x, lo, hi)
		// Ranks at or below j are left of i, ranks at or above i right of
		// j; those strictly between are equal to the pivot, in place.
		if left := ranks[:sortSearchInts(ranks, j+1)]; len(left) > 0 {
			selectRanks(x, left, lo, j, budget)
		}
		ranks, lo = ranks[sortSearchInts(ranks, i):], i
	}
}

// sortSearchInts returns the index of the first element of a not below v.
func sortSearchInts(a []int, v int) int {
	i, _ := slices.BinarySearch(a, v)
	return i
}

// partition is one step of selectRank on x[lo..hi]: afterwards no value in
// x[lo..j] is above the pivot, none in x[i..hi] is below it, and values in
// between (j < k < i) equal it.
func partition(x []float64, lo, hi int) (i, j int) {
	m := lo + (hi-lo)/2
	if x[m] < x[lo] {
		x[m], x[lo] = x[lo], x[m]
	}
	if x[hi] < x[lo] {
		x[hi], x[lo] = x[lo], x[hi]
	}
	if x[hi] < x[m] {
		x[hi], x[m] = x[m], x[hi]
	}
	p := x[m]
	i, j = lo, hi
	for i <= j {
		for x[i] < p {
			i++
		}
		for p < x[j] {
			j--
		}
		if i <= j {
			x[i], x[j] = x[j], x[i]
			i++
			j--
		}
	}
	return i, j
}

// selectRank reorders x so that x[k] is its k-th smallest value (0-based),
// with no larger value before it and no smaller one after (Hoare's
// quickselect with a median-of-three pivot, falling back to sorting
// when partitions stay unbalanced).
func selectRank(x []float64, k int) {
	lo, hi := 0, len(x)-1
	for budget := 2 * bits.Len(uint(len(x))); hi > lo; budget-- {
		if budget == 0 || hi-lo < 16 {
			slices.Sort(x[lo : hi+1])
			return
		}
		i, j := partition(x, lo, hi)
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// summary returns s as a Summary (rounded).
func (s *series) summary() Summary {
	return Summary{Mean: round(s.mean), SE: round(s.se),
		Q05: round(s.qs[0]), Q50: round(s.qs[1]), Q95: round(s.qs[2])}
}

// delta returns s, the paired differences from the baseline, as a Delta.
func (s *series) delta() *Delta {
	return &Delta{Mean: round(s.mean), SE: round(s.se),
		Q05: round(s.qs[0]), Q95: round(s.qs[1]),
		PNegative: round(float64(s.neg) / float64(s.n))}
}

// validity summarises the region's onsets per policy.
func (a *Accumulator) validity(out *sim.Output) Validity {
	v := Validity{StateYears: round(a.per), Implied: []ImpliedRate{}, Historical: []HistoricalRate{}}
	if !a.valid {
		return v
	}
	o := a.cells + (a.npol-1)*a.nc1*a.ny
	for p, pol := range out.Policies {
		v.Implied = append(v.Implied, ImpliedRate{Policy: pol, Onsets: a.series[o+2*p].summary(), Per100: a.series[o+2*p+1].summary()})
	}
	return v
}

// Results returns the run's results once [Accumulator.Next] has returned
// false; out is the run's Output (any pass's), w as in [Summarize].
func (a *Accumulator) Results(out *sim.Output, w *world.World) *Results { return a.results(out, w) }
