package queue

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Job runs the tasks of one sweep. Run must give the same partial for the
// same task wherever and however often it runs, and return soon after ctx
// ends.
type Job interface {
	Run(ctx context.Context, task []byte) ([]byte, error)
}

// Opener builds the Job of a sweep from its spec.
type Opener func(ctx context.Context, spec []byte) (Job, error)

// WorkerOptions configure a worker.
type WorkerOptions struct {
	// Open builds a sweep's Job; a worker keeps the last one it built.
	Open Opener
	// ID names the worker in heartbeats and partials' headers; empty
	// means host name and process id.
	ID string
	// IdleExit, when positive, ends the worker after that long without a
	// task (for batch schedulers, whose jobs end when their processes do).
	IdleExit time.Duration
	// Grace is how long the task running when ctx ends may take to finish
	// before it is released to another worker.
	Grace time.Duration
	// Log, when not nil, is told of each task run.
	Log func(format string, args ...any)
}

// WorkerStats counts what a worker did.
type WorkerStats struct {
	// Done counts tasks whose partial the worker stored; Skipped, tasks
	// whose partial was stored already; Failed, failed runs (each
	// released or, on its last delivery, reported); Released, tasks given
	// back unfinished when the worker stopped.
	Done, Skipped, Failed, Released int
}

// fetchWait is how long a worker's pull waits for a task before it looks
// at its context and idle time again.
const fetchWait = 2 * time.Second

// Work pulls tasks, runs them and stores their partials until ctx ends (the
// task in hand then gets o.Grace to finish, and is released if it does not)
// or, with o.IdleExit, until no task has come for that long. It returns nil
// after a stop by ctx or idleness.
func (c *Conn) Work(ctx context.Context, o WorkerOptions) (WorkerStats, error) {
	var stats WorkerStats
	if o.Open == nil {
		return stats, errors.New("worker: no Opener")
	}
	if o.ID == "" {
		host, _ := os.Hostname()
		o.ID = host + "-" + strconv.Itoa(os.Getpid())
	}
	if o.Log == nil {
		o.Log = func(string, ...any) {}
	}
	cons, kv, err := c.setup(ctx, nil)
	if err != nil {
		return stats, err
	}
	w := &worker{c: c, o: o, cons: cons, kv: kv, stats: &stats}
	if _, err := w.partials(ctx); err != nil {
		return stats, err
	}
	stopBeat := w.beat()
	defer stopBeat()
	idleSince := time.Now()
	for ctx.Err() == nil {
		if o.IdleExit > 0 && time.Since(idleSince) > o.IdleExit {
			o.Log("no task for %v: exiting", o.IdleExit)
			return stats, nil
		}
		got, err := w.fetch(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			o.Log("fetch: %v", err)
			sleep(ctx, time.Second)
		case got:
			idleSince = time.Now()
		}
	}
	return stats, nil
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

type worker struct {
	c     *Conn
	o     WorkerOptions
	cons  jetstream.Consumer
	kv    jetstream.KeyValue
	parts jetstream.Stream // the partial stream, once looked up (partials)
	stats *WorkerStats
	// info is the consumer's configuration as it was when a task of
	// submission infoFor arrived: a coordinator sets it before it queues
	// a submission's tasks, so it is asked for once a submission, not
	// once a task.
	info    *jetstream.ConsumerInfo
	infoFor string
	sweep   string // the spec key of job
	job     Job
}

// beat publishes the worker's heartbeat every heartbeat until the returned
// function is called.
func (w *worker) beat() func() {
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(heartbeat)
		defer t.Stop()
		for {
			_ = w.c.nc.Publish(aliveSubject, []byte(w.o.ID))
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(stop) }
}

// fetch waits up to fetchWait for a task and runs it; got says whether one
// came.
func (w *worker) fetch(ctx context.Context) (got bool, err error) {
	fctx, cancel := context.WithTimeout(ctx, fetchWait)
	defer cancel()
	batch, err := w.cons.Fetch(1, jetstream.FetchContext(fctx))
	if err != nil {
		return false, err
	}
	for m := range batch.Messages() {
		got = true
		if err := w.handle(ctx, m); err != nil {
			w.o.Log("%s: %v", m.Headers().Get(hdrName), err)
		}
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		return got, err
	}
	return got, nil
}

// handle runs one task; its error is an acknowledgement's that failed
// (the task then runs again elsewhere).
func (w *worker) handle(ctx context.Context, m jetstream.Msg) error {
	h := m.Headers()
	id, spec, key, name := h.Get(hdrSweep), h.Get(hdrSpec), h.Get(hdrKey), h.Get(hdrName)
	if ctx.Err() != nil {
		w.stats.Released++
		return m.Nak()
	}
	md, err := m.Metadata()
	if err != nil {
		w.o.Log("%s: %v", name, err)
		return m.Term()
	}
	// the queue's settings, as the sweep's coordinator last set them
	ackWait := w.settings(ctx, h.Get(hdrSubmission)).AckWait
	// acknowledge a task whose partial is stored already (a duplicate
	// submitted again while a worker that died after publishing held it)
	partSubj := partialPrefix + id + "." + key
	if ps, err := w.partials(ctx); err == nil {
		if _, err := ps.GetLastMsgForSubject(ctx, partSubj); err == nil {
			w.stats.Skipped++
			return w.ack(m)
		}
	}

	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stopGrace := context.AfterFunc(ctx, func() {
		t := time.NewTimer(w.o.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-runCtx.Done():
		}
	})
	defer stopGrace()
	// heartbeats while the task runs
	beatDone := make(chan struct{})
	go func() {
		t := time.NewTicker(max(ackWait/4, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-beatDone:
				return
			case <-t.C:
				_ = m.InProgress()
			}
		}
	}()
	start := time.Now()
	part, err := w.run(runCtx, spec, m.Data())
	if err == nil {
		err = w.publish(runCtx, partSubj, id, key, part)
		if err != nil && runCtx.Err() == nil {
			close(beatDone)
			w.o.Log("%s: store its partial: %v; releasing it", name, err)
			return m.Nak()
		}
	}
	close(beatDone)
	switch {
	case err == nil:
		w.stats.Done++
		w.o.Log("%s: done in %.1f s (delivery %d)", name, time.Since(start).Seconds(), md.NumDelivered)
		return w.ack(m)
	case runCtx.Err() != nil:
		w.stats.Released++
		w.o.Log("%s: stopping; released unfinished", name)
		return m.Nak()
	}
	w.stats.Failed++
	// a failure is rare: the settings now, in case a coordinator changed them
	w.infoFor = ""
	maxDeliver := w.settings(runCtx, h.Get(hdrSubmission)).MaxDeliver
	if maxDeliver > 0 && int(md.NumDelivered) >= maxDeliver {
		w.o.Log("%s: failed on delivery %d of %d, reporting it: %v", name, md.NumDelivered, maxDeliver, err)
		f := nats.NewMsg(failedPrefix + id + "." + key)
		f.Data = []byte(err.Error())
		f.Header.Set(hdrSubmission, h.Get(hdrSubmission))
		f.Header.Set(hdrWorker, w.o.ID)
		f.Header.Set(hdrDeliveries, strconv.FormatUint(md.NumDelivered, 10))
		if _, perr := w.c.js.PublishMsg(runCtx, f); perr != nil {
			w.o.Log("%s: report its failure: %v", name, perr)
		}
		return m.TermWithReason("failed " + strconv.FormatUint(md.NumDelivered, 10) + " times")
	}
	w.o.Log("%s: failed on delivery %d of %d, releasing it: %v", name, md.NumDelivered, maxDeliver, err)
	return m.Nak()
}

// partials returns the partial stream, looking it up the first time (a
// stream info request: once a worker, not once a task).
func (w *worker) partials(ctx context.Context) (jetstream.Stream, error) {
	if w.parts == nil {
		ps, err := w.c.js.Stream(ctx, partialStream)
		if err != nil {
			return nil, fmt.Errorf("stream %s: %w", partialStream, err)
		}
		w.parts = ps
	}
	return w.parts, nil
}

// settings returns the consumer's configuration, asking the server for it
// when a task of another submission than the last one's arrives.
func (w *worker) settings(ctx context.Context, submission string) jetstream.ConsumerConfig {
	if w.info == nil || submission != w.infoFor || submission == "" {
		info, err := w.cons.Info(ctx)
		if err != nil {
			info = w.cons.CachedInfo()
		}
		w.info, w.infoFor = info, submission
	}
	return w.info.Config
}

// ack acknowledges m and waits for the server's confirmation, so that a
// task is never both stored and left to run again for want of an ack.
func (w *worker) ack(m jetstream.Msg) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.DoubleAck(ctx); err != nil {
		w.o.Log("acknowledge: %v (the task will run again; its partial is stored once)", err)
	}
	return nil
}

// run runs a task with the Job of spec id, building the Job first if it
// is not the last one built.
func (w *worker) run(ctx context.Context, id string, task []byte) ([]byte, error) {
	if w.sweep != id {
		w.job, w.sweep = nil, ""
		e, err := w.kv.Get(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("the sweep's spec: %w", err)
		}
		job, err := w.o.Open(ctx, e.Value())
		if err != nil {
			return nil, fmt.Errorf("the sweep's spec: %w", err)
		}
		w.job, w.sweep = job, id
	}
	return w.job.Run(ctx, task)
}

// publish stores a partial, de-duplicated by its Nats-Msg-Id. A publish
// the stream calls a duplicate although it holds no partial under the
// subject (it was purged within the duplicate window) is repeated under
// an id of its own.
func (w *worker) publish(ctx context.Context, subj, id, key string, part []byte) error {
	p := nats.NewMsg(subj)
	p.Data = part
	p.Header.Set(hdrWorker, w.o.ID)
	ack, err := w.c.js.PublishMsg(ctx, p, jetstream.WithMsgID(id+"."+key))
	if err != nil || !ack.Duplicate {
		return err
	}
	ps, err := w.partials(ctx)
	if err != nil {
		return err
	}
	if _, err := ps.GetLastMsgForSubject(ctx, subj); !errors.Is(err, jetstream.ErrMsgNotFound) {
		return err
	}
	p = nats.NewMsg(subj)
	p.Data = part
	p.Header.Set(hdrWorker, w.o.ID)
	_, err = w.c.js.PublishMsg(ctx, p, jetstream.WithMsgID(id+"."+key+"."+w.o.ID+"."+strconv.FormatInt(time.Now().UnixNano(), 36)))
	return err
}
