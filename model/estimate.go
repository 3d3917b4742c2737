package model

import (
	"runtime"
	"time"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/world"
)

// series is the number of per-draw quantities a run summarises
// (results.Accumulator): one per policy, country (and the region) and
// year, one delta per policy besides the baseline, country and year, and
// two validity rates per policy.
func (m *Model) series(opt Options) (policies, cells, series int) {
	policies = m.policies(opt)
	blk := (len(m.Sim.Countries()) + 1) * len(m.Sim.Years())
	return policies, policies * blk, policies*blk + (policies-1)*blk + 2*policies
}

// policies is the number of policies a run with opt simulates.
func (m *Model) policies(opt Options) int {
	if opt.Policies == nil {
		return len(m.Sim.Policies())
	}
	seen := map[string]bool{m.World.Baseline: true}
	for _, p := range opt.Policies {
		seen[p] = true
	}
	return len(seen)
}

// Passes is the number of times a run with opt simulates its draws: one
// when the per-draw values fit results.DefaultPilotValues, else two (the
// second repeats the draws for the standard errors and the exact
// quantiles; see results.Accumulator).
func (m *Model) Passes(opt Options) int {
	_, _, ns := m.series(opt)
	if opt.Draws*ns <= results.DefaultPilotValues {
		return 1
	}
	return 2
}

// An Estimate is what a run will cost before it starts: the memory it adds
// to the process at its peak, and its CPU and wall time.
type Estimate struct {
	// Bytes is the peak memory the run adds to the process (Go heap, with
	// the collector's headroom); it does not grow with draws beyond the
	// accumulator's pilot (results.DefaultPilotValues).
	Bytes float64
	// Passes is the number of passes over the draws ([Model.Passes]).
	Passes int
	// CountryMonths are the country-months simulated, over all passes and
	// policies.
	CountryMonths float64
	// CPU is the CPU time of the simulation at NsPerCountryMonth; Wall is
	// CPU spread over the workers.
	CPU, Wall time.Duration
}

// NsPerCountryMonth is the CPU cost of one country-month of one policy
// with the engines plugged in, as `steppe bench sim` measured it on the
// 2-core reference machine (issue 15: about 60 ns before and 50 ns after
// its work): a stated figure for the time estimate, not a bound.
const NsPerCountryMonth = 50

// gcHeadroom is the ratio of peak to live memory the estimate assumes for
// what a run allocates. The Go collector lets the heap grow to twice the
// live heap at the default GOGC=100 before it collects, but a run's large
// allocations (the pilot, the histograms) stay live until it ends and its
// inner loop allocates nothing, so there is little garbage to grow into:
// TestEstimateMatchesPeak measures the peak within 20% at 1.
const gcHeadroom = 1

// Estimate estimates the cost of a run with opt. Its memory does not grow
// with the draws once they exceed the accumulator's pilot; its time does.
func (m *Model) Estimate(opt Options) Estimate {
	npol, cells, ns := m.series(opt)
	nc := len(m.Sim.Countries())
	months := float64(m.World.Horizon-m.World.Start) + 1
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	e := Estimate{Passes: m.Passes(opt)}
	draws := float64(opt.Draws)
	pilot := draws
	if e.Passes > 1 {
		pilot = float64(max(results.DefaultPilotValues/ns, 1024))
	}
	// The accumulator: the pilot, and when the draws do not fit, the
	// histograms (about 3 windows of 513 edges and twice as many counts
	// per series, 8 bytes each); in one pass, the selection buffers of
	// each worker (two per worker).
	acc := pilot * float64(ns) * 8
	if e.Passes == 1 {
		// Every draw kept: the deltas are derived at the end, not kept.
		acc = pilot * float64(cells+2*npol) * 8
	}
	if e.Passes > 1 {
		// Edges and counts, and the edges gathered before they are
		// deduplicated (garbage by then, but allocated while the pilot
		// is still live).
		acc += float64(ns) * 3 * 513 * (3 + 1) * 8
	} else {
		acc += float64(workers) * 2 * draws * 8
	}
	// The simulation: per worker, its segment cache (months × countries
	// entries of about 512 bytes); the blocks in flight (2 per worker + 2,
	// with their sums and, for Each, their per-draw values).
	K, O, NE := float64(world.NumTriggerTypes), float64(world.NumOutcomes), float64(world.NumEffectFields)
	nsum := float64(cells)*(K+O+NE) + float64(npol*len(m.World.Projects))
	perDraw := cells + 2*npol*(nc+1)
	if opt.DrawsOut != nil {
		perDraw += len(m.Sim.Params())
	}
	block := 64 * float64(perDraw)
	sim := float64(workers)*months*float64(nc)*512 + float64(2*workers+2)*(nsum+block)*8 + nsum*8
	// The results: per cell its summaries and three small maps (about
	// 1.5 kB), and their JSON (about 1 kB per cell).
	res := float64(cells) * 2500
	if opt.DrawsOut != nil {
		res += results.DrawsWriterBytes(len(m.Sim.Params()))
	}
	e.Bytes = gcHeadroom * (acc + sim + res)
	e.CountryMonths = draws * float64(npol*nc) * months * float64(e.Passes)
	e.CPU = time.Duration(e.CountryMonths * NsPerCountryMonth)
	e.Wall = e.CPU / time.Duration(workers)
	return e
}
