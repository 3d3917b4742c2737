package sweep

import (
	"context"
	"errors"
	"fmt"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Coordinator gathers a sweep's partials and merges them. It lists the
// tasks still needed ([Coordinator.Pending]); a run whose draws do not fit
// the summary's pilot needs more than one phase, and Pending lists the
// next phase's tasks once the current one is merged. It is not safe for
// concurrent use: a transport calls it from one goroutine.
type Coordinator struct {
	l      *load
	cache  *model.Cache
	blocks int
	phase  int
	done   bool
	next   int                  // the current phase's next block to merge
	early  map[int]*block       // the current phase's partials waiting for their turn
	hashes map[Task]PartialInfo // every partial taken, all phases

	// A run's summary: the Output's header, the sums of phase 1 and the
	// accumulator of the per-draw values.
	out   *sim.Output
	total []float64
	acc   *results.Accumulator
	cells int
	nco   int

	rows [][]float64 // an explore sweep's outcome rows
	// A split experiment's sums of its terms over the draws merged so far.
	sums []float64
}

// block is one decoded partial.
type block struct {
	lo, hi int
	subs   []sub       // run: sim's blocks, in order
	rows   [][]float64 // explore
	terms  []float64   // explore, a split experiment's block: draw-major
}

// sub is one of sim's blocks in a run's partial.
type sub struct {
	sums         []float64 // phase 1 only
	pany, onsets []float64
}

// NewCoordinator decodes header and assembles the sweep's model (cache
// as in [Worker]).
func NewCoordinator(ctx context.Context, cache *model.Cache, header []byte) (*Coordinator, error) {
	if cache == nil {
		cache = new(model.Cache)
	}
	l, err := assemble(ctx, cache, header)
	if err != nil {
		return nil, err
	}
	c := &Coordinator{l: l, cache: cache, blocks: l.s.Blocks(), phase: 1, early: map[int]*block{}, hashes: map[Task]PartialInfo{}}
	if r := l.s.Run; r != nil {
		if c.out, err = l.m.Sim.Header(l.runOptions(0, r.Draws, 0)); err != nil {
			return nil, fmt.Errorf("sweep %s: %w", l.id, err)
		}
		c.cells = len(c.out.Policies) * (len(c.out.Countries) + 1) * len(c.out.Years)
		c.nco = len(c.out.Policies) * (len(c.out.Countries) + 1)
		// The length of sim's block sums (sim.Model.Means checks it too).
		c.total = make([]float64, c.cells*(int(world.NumTriggerTypes)+int(world.NumOutcomes)+int(world.NumEffectFields))+len(c.out.Policies)*len(c.out.Projects))
		c.acc = results.NewAccumulator()
		if r.PilotValues > 0 {
			c.acc.PilotValues = r.PilotValues
		}
	} else {
		c.rows = make([][]float64, len(l.s.Explore.X))
	}
	return c, nil
}

// ID is the sweep's id, [ID] of its header.
func (c *Coordinator) ID() string { return c.l.id }

// Sweep is the decoded header.
func (c *Coordinator) Sweep() *Sweep { return c.l.s }

// Phase is the phase being gathered (from 1); after Done, the last one.
func (c *Coordinator) Phase() int { return c.phase }

// Done reports whether every phase is merged.
func (c *Coordinator) Done() bool { return c.done }

// Pending lists the current phase's tasks whose partials have not been
// added, in block order; empty once Done.
func (c *Coordinator) Pending() []Task {
	if c.done {
		return nil
	}
	var ts []Task
	for b := c.next; b < c.blocks; b++ {
		if _, ok := c.early[b]; !ok {
			ts = append(ts, Task{Phase: c.phase, Block: b})
		}
	}
	return ts
}

// Progress is the current phase's blocks added and its total blocks.
func (c *Coordinator) Progress() (done, total int) {
	if c.done {
		return c.blocks, c.blocks
	}
	return c.next + len(c.early), c.blocks
}

// Next is the task whose partial the merge waits for (the lowest block of
// the phase not yet merged), and false once Done. A transport that stores
// partials can feed them in this order to keep the Coordinator's memory to
// one partial; one that does not can Add in any order: partials that
// arrive early are kept until their turn.
func (c *Coordinator) Next() (Task, bool) {
	if c.done {
		return Task{}, false
	}
	return Task{Phase: c.phase, Block: c.next}, true
}

// Add takes one partial, in any order. It returns true when the partial
// was new, false for a copy of one already taken (it must be byte-
// identical, else Add returns a *ConflictError: the computation is not
// deterministic). A corrupted partial, one of another sweep or one of a
// phase that is not (yet) being gathered is refused with an error and
// changes nothing.
func (c *Coordinator) Add(partial []byte) (bool, error) {
	info, r, err := open(partial)
	if err != nil {
		return false, err
	}
	if info.Sweep != c.l.id {
		return false, fmt.Errorf("sweep %s: partial of another sweep, %s", c.l.id, info.Sweep)
	}
	t := info.Task
	if h, ok := c.hashes[t]; ok {
		if h != info {
			return false, &ConflictError{Sweep: c.l.id, Task: t}
		}
		return false, nil
	}
	switch {
	case t.Block >= c.blocks:
		return false, fmt.Errorf("sweep %s: partial of task %s, but the sweep has %d blocks", c.l.id, t.Key(), c.blocks)
	case c.done || t.Phase != c.phase:
		return false, fmt.Errorf("sweep %s: partial of task %s while gathering phase %d%s", c.l.id, t.Key(), c.phase, map[bool]string{true: " (done)"}[c.done])
	}
	b, err := c.decode(t, r)
	if err != nil {
		return false, fmt.Errorf("sweep %s: partial of task %s: %w: %v", c.l.id, t.Key(), ErrCorrupt, err)
	}
	c.hashes[t] = info
	c.early[t.Block] = b
	return true, c.merge()
}

// decode reads a partial's payload and checks it against the sweep.
func (c *Coordinator) decode(t Task, r *reader) (*block, error) {
	b := &block{lo: r.uvarint("lo"), hi: r.uvarint("hi")}
	if lo, hi := c.l.s.Range(t.Block); r.err == nil && (b.lo != lo || b.hi != hi) {
		r.fail("range %d-%d, want %d-%d", b.lo, b.hi, lo, hi)
	}
	if r.err != nil {
		return nil, r.err
	}
	n := b.hi - b.lo
	if c.acc != nil {
		nsub := r.uvarint("sim blocks")
		if want := (n + sim.BlockSize - 1) / sim.BlockSize; r.err == nil && nsub != want {
			r.fail("%d sim blocks, want %d", nsub, want)
		}
		if cells, nco := r.uvarint("cells"), r.uvarint("onsets"); r.err == nil && (cells != c.cells || nco != c.nco) {
			r.fail("%d cells and %d onsets per draw, want %d and %d", cells, nco, c.cells, c.nco)
		}
		if r.err != nil {
			return nil, r.err
		}
		nsum := 0 // sums come in phase 1 only
		if t.Phase == 1 {
			nsum = len(c.total)
		}
		npol := len(c.out.Policies)
		nc1 := c.nco / npol
		for k := range nsub {
			d := min(sim.BlockSize, n-k*sim.BlockSize)
			s := sub{sums: r.sparse("sums", nsum), pany: r.floats("probabilities", d*c.cells)}
			// only the region's onsets travel (the summary reads no
			// other); the others stay zero
			region := r.floats("region onsets", d*npol)
			if r.err == nil {
				s.onsets = make([]float64, d*c.nco)
				for i, v := range region {
					s.onsets[i/npol*c.nco+i%npol*nc1+nc1-1] = v
				}
			}
			b.subs = append(b.subs, s)
		}
	} else if c.l.draws != nil {
		dlo, dhi, nt := r.uvarint("first draw"), r.uvarint("draws end"), r.uvarint("terms")
		if lo, hi := c.l.s.DrawRange(t.Block); r.err == nil && (dlo != lo || dhi != hi || nt != c.l.terms()) {
			r.fail("draws %d-%d of %d terms, want %d-%d of %d", dlo, dhi, nt, lo, hi, c.l.terms())
		}
		b.terms = r.floats("terms", (dhi-dlo)*nt)
	} else {
		nout := r.uvarint("outcomes")
		if r.err == nil && nout != len(c.l.outcomes) {
			r.fail("%d outcomes, want %d", nout, len(c.l.outcomes))
		}
		for range n {
			if r.err != nil {
				break
			}
			b.rows = append(b.rows, r.floats("outcomes", nout))
		}
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("%d bytes after the payload", len(r.b))
	}
	return b, r.err
}

// merge merges the blocks that are next in order and moves to the next
// phase when the current one is complete.
func (c *Coordinator) merge() error {
	for !c.done {
		b, ok := c.early[c.next]
		if !ok {
			return nil
		}
		delete(c.early, c.next)
		c.next++
		switch {
		case c.l.draws != nil:
			c.addTerms(c.next-1, b)
		case c.acc == nil:
			copy(c.rows[b.lo:b.hi], b.rows)
		default:
			for k, s := range b.subs {
				for i, v := range s.sums {
					c.total[i] += v
				}
				lo := b.lo + k*sim.BlockSize
				blk := &sim.Block{Run: c.out, Lo: lo, Hi: min(lo+sim.BlockSize, b.hi), Cells: c.cells, PAny: s.pany, Onsets: s.onsets}
				if err := c.acc.Add(blk); err != nil {
					return fmt.Errorf("sweep %s: %w", c.l.id, err)
				}
			}
		}
		if c.next < c.blocks {
			continue
		}
		if c.acc == nil {
			c.done = true
			return nil
		}
		if c.phase == 1 {
			if err := c.l.m.Sim.Means(c.out, c.total); err != nil {
				return fmt.Errorf("sweep %s: %w", c.l.id, err)
			}
		}
		if !c.acc.Next() {
			c.done = true
			return nil
		}
		c.phase++
		c.next = 0
	}
	return nil
}

// addTerms adds a split experiment's block to its sums, in draw order,
// and computes the experiment's outcomes at its last block as Evaluator's
// function does: a mean is the sum in draw order over the draws, a delta
// the outcome's mean less the baseline's.
func (c *Coordinator) addTerms(idx int, b *block) {
	nt := c.l.terms()
	lo, hi := c.l.s.DrawRange(idx)
	if lo == 0 {
		c.sums = make([]float64, nt)
	}
	for d := 0; d < len(b.terms); d += nt {
		for k, v := range b.terms[d : d+nt] {
			c.sums[k] += v
		}
	}
	if hi < c.l.s.Explore.Outcomes.Draws {
		return
	}
	n := float64(c.l.s.Explore.Outcomes.Draws)
	row := make([]float64, len(c.l.cells))
	k := 0
	for j, cell := range c.l.cells {
		v := c.sums[k] / n
		k++
		if cell.Delta {
			v -= c.sums[k] / n
			k++
		}
		row[j] = v
	}
	c.rows[b.lo] = row
}

// errNotDone is the error of a result asked for before the merge ends.
var errNotDone = errors.New("not every block is merged")

// Results is a run sweep's results once Done: byte for byte (in every
// encoding) what model.Model.Run gives for the same scenario, config and
// options.
func (c *Coordinator) Results() (*results.Results, error) {
	if c.acc == nil {
		return nil, fmt.Errorf("sweep %s: an explore sweep has no run results (WriteResults)", c.l.id)
	}
	if !c.done {
		return nil, fmt.Errorf("sweep %s: %w (phase %d)", c.l.id, errNotDone, c.phase)
	}
	res := c.acc.Results(c.out, c.l.m.World)
	var err error
	if res.Validity.Historical, err = c.cache.HistoricalRates(); err != nil {
		return nil, err
	}
	res.Validation = c.l.m.Validation()
	return res, nil
}

// Outcomes are an explore sweep's outcome columns (model.Model.Evaluator).
func (c *Coordinator) Outcomes() []string { return c.l.outcomes }

// WriteResults writes an explore sweep's results file once Done: the
// bytes explore.Run writes for the same design and outcomes (it is
// explore.Run, fed the merged rows; a file holding a prefix of them is
// resumed as explore.Run resumes it).
func (c *Coordinator) WriteResults(ctx context.Context, f explore.ResultsFile) error {
	e := c.l.s.Explore
	if e == nil {
		return fmt.Errorf("sweep %s: a run sweep has no explore results (Results)", c.l.id)
	}
	if !c.done {
		return fmt.Errorf("sweep %s: %w", c.l.id, errNotDone)
	}
	ex := &explore.Experiments{Comments: e.Comments, Factors: e.Factors, Cells: e.Cells, X: e.X}
	eval := func(_ context.Context, i int, _ []float64) ([]float64, error) { return c.rows[i], nil }
	_, err := explore.Run(ctx, ex, c.l.outcomes, eval, f, explore.RunOptions{Workers: 1})
	return err
}

// ConflictError is a partial that differs from the one already taken for
// the same task.
type ConflictError struct {
	Sweep string
	Task  Task
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("sweep %s: task %s: two different partials for one block (a worker is not deterministic, or runs another build)", e.Sweep, e.Task.Key())
}
