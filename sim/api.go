package sim

import (
	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

// Param is one uncertain (or overridable) number of a scenario.
type Param struct {
	// Path is the stable name, e.g. "actors.KGZ.remittances_gdp",
	// "bases.kant.lease_end", "projects.cku-railway.duration_months",
	// "triggers.hazard.KGZ.protest", "decision.coef.base_present".
	Path string
	// Dist is the parameter's distribution (dist.Fixed when it is stated
	// without uncertainty).
	Dist dist.Dist
	// Lo and Hi are design bounds: the support where it is finite, else
	// the 0.5% and 99.5% quantiles.
	Lo, Hi float64
	// Value is the scenario value with its provenance.
	Value world.Value
}

// Options configure one run.
type Options struct {
	Draws   int    // number of Monte Carlo draws, > 0
	Seed    uint64 // seed of all random streams
	Workers int    // parallel workers; 0 means runtime.GOMAXPROCS(0)
	// Policies to simulate; nil means all. The scenario's baseline is
	// always simulated and comes first in the output.
	Policies []string
	// Overrides fix parameters (by Param.Path) to a value in every draw.
	Overrides map[string]float64
	// Progress, when set, is called with the number of draws done and the
	// total as blocks of draws finish. Calls are serialised and done never
	// decreases; the last call has done == total.
	Progress func(done, total int)
	// Paths switches from Rao-Blackwellised conditional probabilities to
	// sampled event paths (see the package doc).
	Paths bool
	// Each, when set, receives the per-draw results in blocks of
	// consecutive draws, in draw order, one call at a time, and the
	// Output's per-draw fields (PAny, Onsets, TriggerCounts) stay nil, so
	// that a run's memory does not grow with Draws: at most a few blocks
	// per worker are in flight. The block belongs to the run again once
	// Each returns. An error from Each stops the run and Run returns it.
	Each func(b *Block) error
	// BlockParams makes each [Block] carry its draws' parameter values.
	BlockParams bool
	// First is the index of the run's first draw: Run simulates draws
	// First ≤ d < First+Draws, each the same as in a run from 0, so that
	// runs of consecutive ranges (First a multiple of BlockSize) compute
	// together the blocks of one run (package sweep). Output's per-draw
	// fields then hold draw First+i at index i.
	First int
}

// Block is a run's per-draw results for draws Lo ≤ d < Hi, as
// [Options.Each] receives them.
type Block struct {
	// Run is the run's Output with its header (Policies, Countries,
	// Years, Start, Horizon, Draws) set; its results are not.
	Run    *Output
	Lo, Hi int
	// Cells is the number of (policy, country, year) cells,
	// len(Policies)·(len(Countries)+1)·len(Years).
	Cells int
	// PAny[(d−Lo)·Cells + Output.Index(p, c, y)] is laid out like
	// Output.PAny's values for one draw.
	PAny []float64
	// Onsets and TriggerCounts[(d−Lo)·len(Policies)·(len(Countries)+1) +
	// p·(len(Countries)+1) + c] are as in Output.
	Onsets, TriggerCounts []float64
	// Params[(d−Lo)·len(Model.Params()) + i] is parameter i's value in
	// draw d, when Options.BlockParams is set.
	Params []float64
	// Sums are the block's sums over its draws, in draw order, of what
	// Output's means average (Triggers, Interventions, Completion,
	// Effects); Run adds the blocks' Sums in block order and divides by
	// Draws, and [Model.Means] does the same for Sums gathered elsewhere.
	Sums []float64
}

// Draws returns the number of draws in b.
func (b *Block) Draws() int { return b.Hi - b.Lo }

// Output holds a run's per-draw results. Package results summarises it.
//
// Country index c runs over Countries (the focus actors) and then one more
// index, len(Countries), for the region. Year index y runs over Years, the
// calendar years from the start's year to the horizon's; a year's value is
// as of the end of that year (or of the horizon month).
type Output struct {
	Scenario  string
	Start     world.Month
	Horizon   world.Month
	Seed      uint64
	Draws     int
	Paths     bool
	Policies  []string // baseline first
	Countries []string // focus actor ids
	Years     []int
	Engines   EngineInfo // the models used

	// PAny[Index(p, c, y)*Draws + d] is, for draw d, the probability of at
	// least one intervention in country c (or the region) by the end of
	// year y under policy p, conditional on the draw (0 or 1 in Paths mode).
	PAny []float64
	// Triggers[(Index(p, c, y))*NumTriggerTypes + k] is the expected
	// cumulative number of triggers of type k by the end of year y,
	// averaged over draws.
	Triggers []float64
	// Interventions[(Index(p, c, y))*NumOutcomes + o] is the expected
	// cumulative number of interventions with outcome o by the end of
	// year y, averaged over draws (zero for outcomes below peacekeeping).
	Interventions []float64
	// Onsets[(p*(len(Countries)+1) + c)*Draws + d] is, for draw d under
	// policy p, the expected number of interventions (peacekeeping or
	// above) in focus country c (c = len(Countries): all of them) from the
	// start to the horizon; in Paths mode, the number sampled. Every
	// intervention answers a new trigger, so it is an intervention onset in
	// the sense of the episode record; divided by the state-years simulated
	// it is the run's implied rate, to hold against the historical rates.
	Onsets []float64
	// TriggerCounts is laid out like Onsets and holds the triggers of every
	// type from the start to the horizon (expected, or sampled in Paths
	// mode).
	TriggerCounts []float64
	// Completion[p*len(Projects)+j] is the mean completion month offset
	// (months after start) of project j under policy p, or -1 where the
	// policy does not schedule it.
	Projects   []string
	Completion []float64
	// Effects[Index(p, c, y)*NumEffectFields + f] is the mean over draws of
	// the integration effect f (world.EffectField: change in real income %,
	// trade shares, transit dependence, ...) on country c at the end of year
	// y under policy p, relative to the scenario's base state. For the
	// region it is the mean of the countries weighted by their stated GDP.
	Effects []float64
}

// Index returns the flat index of (policy p, country c, year y).
func (o *Output) Index(p, c, y int) int {
	return (p*(len(o.Countries)+1)+c)*len(o.Years) + y
}

// Draw returns the per-draw values of PAny for (p, c, y).
func (o *Output) Draw(p, c, y int) []float64 {
	i := o.Index(p, c, y) * o.Draws
	return o.PAny[i : i+o.Draws]
}

// OnsetDraws returns the per-draw onsets of policy p in country c
// (c = len(Countries): the region).
func (o *Output) OnsetDraws(p, c int) []float64 {
	i := (p*(len(o.Countries)+1) + c) * o.Draws
	return o.Onsets[i : i+o.Draws]
}

// TriggerDraws returns the per-draw trigger counts of policy p in country
// c (c = len(Countries): the region).
func (o *Output) TriggerDraws(p, c int) []float64 {
	i := (p*(len(o.Countries)+1) + c) * o.Draws
	return o.TriggerCounts[i : i+o.Draws]
}
