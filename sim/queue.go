package sim

import "sync"

// blockShape sizes the buffers of one block of draws.
type blockShape struct{ cells, onsets, params, nsum int }

// pending is one block of draws being computed or waiting to be reduced:
// its per-draw results (used only with Options.Each) and its sums.
type pending struct {
	blk Block
	acc []float64
}

// blockQueue hands out blocks of draws to workers and reduces finished
// blocks in draw order: the sums into total, in the same order whatever
// the number of workers (so the means are byte-identical), and the
// per-draw results to Options.Each. A worker may run at most window blocks
// ahead of the oldest unreduced one, which bounds the memory in flight.
type blockQueue struct {
	o       Options
	out     *Output
	shape   blockShape
	nblocks int
	window  int

	mu       sync.Mutex
	cond     *sync.Cond
	next     int              // next block to hand out
	emit     int              // next block to reduce
	ready    map[int]*pending // finished blocks waiting for their turn
	free     []*pending
	emitting bool // a worker is reducing blocks (outside mu)
	total    []float64
	err      error
}

// take returns the next block and its buffers, or nil when there is no more
// work (all handed out, or an error).
func (q *blockQueue) take() (int, *pending) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.err == nil && q.next < q.nblocks && q.next >= q.emit+q.window {
		q.cond.Wait()
	}
	if q.err != nil || q.next >= q.nblocks {
		return 0, nil
	}
	b := q.next
	q.next++
	var p *pending
	if n := len(q.free); n > 0 {
		p, q.free = q.free[n-1], q.free[:n-1]
		clear(p.acc)
	} else {
		p = &pending{acc: make([]float64, q.shape.nsum)}
		if q.o.Each != nil {
			n := blockSize
			p.blk = Block{Run: q.out, Cells: q.shape.cells, PAny: make([]float64, n*q.shape.cells),
				Onsets: make([]float64, n*q.shape.onsets), TriggerCounts: make([]float64, n*q.shape.onsets)}
			if q.o.BlockParams {
				p.blk.Params = make([]float64, n*q.shape.params)
			}
		}
	}
	return b, p
}

// done hands in block b (or the error that stopped it) and, unless another
// worker is doing so, reduces every block that is next in order.
func (q *blockQueue) done(b int, p *pending, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	defer q.cond.Broadcast()
	if err != nil {
		if q.err == nil {
			q.err = err
		}
		return
	}
	q.ready[b] = p
	if q.emitting {
		return
	}
	q.emitting = true
	defer func() { q.emitting = false }()
	for q.err == nil {
		p, ok := q.ready[q.emit]
		if !ok {
			return
		}
		delete(q.ready, q.emit)
		q.mu.Unlock()
		err := q.reduce(p)
		q.mu.Lock()
		if err != nil && q.err == nil {
			q.err = err
		}
		q.emit++
		q.free = append(q.free, p)
		q.cond.Broadcast()
	}
}

// reduce adds a block's sums to the total and passes its draws on; it runs
// on one worker at a time, in block order.
func (q *blockQueue) reduce(p *pending) error {
	for i, v := range p.acc {
		q.total[i] += v
	}
	if q.o.Each != nil {
		n := p.blk.Draws()
		b := p.blk
		b.Sums = p.acc
		b.PAny = b.PAny[:n*b.Cells]
		b.Onsets = b.Onsets[:n*q.shape.onsets]
		b.TriggerCounts = b.TriggerCounts[:n*q.shape.onsets]
		if b.Params != nil {
			b.Params = b.Params[:n*q.shape.params]
		}
		if err := q.o.Each(&b); err != nil {
			return err
		}
	}
	if q.o.Progress != nil {
		q.o.Progress(min((q.emit+1)*blockSize, q.o.Draws), q.o.Draws)
	}
	return nil
}
