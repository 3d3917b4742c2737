package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// start queues run for execution. held says whether the caller holds an
// admission slot, which the run's goroutine then releases when it ends.
func (s *Server) start(run store.Run, held bool) {
	ctx, cancel := context.WithCancelCause(s.baseCtx)
	a := &activeRun{cancel: cancel, tracker: newTracker(run.Status)}
	s.mu.Lock()
	s.active[run.ID] = a
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if held {
			defer func() { <-s.admission }()
		}
		defer cancel(nil)
		st, msg := s.execute(ctx, run, a.tracker)
		s.mu.Lock()
		delete(s.active, run.ID)
		s.mu.Unlock()
		a.tracker.finish(st, msg)
	}()
}

// Resume queues the runs that a previous server left queued
// (store.Store.Recover), in order: they were accepted, so they run even
// when they are more than the queue holds (they then hold no slot of it).
func (s *Server) Resume(runs []store.Run) {
	for _, run := range runs {
		held := false
		select {
		case s.admission <- struct{}{}:
			held = true
		default:
		}
		s.cfg.Log.Info("run resumed", "run", run.ID)
		s.start(run, held)
	}
}

// jobOf is the Runner's job for run.
func jobOf(run store.Run, resolve Resolver) Job {
	return Job{RunID: run.ID, File: runFile(run), Source: []byte(run.ScenarioSource), Resolve: resolve,
		Policies: run.Policies, Draws: run.Draws, Seed: run.Seed, Set: run.Set}
}

// runFile is the name positions in run's scenario are reported under: the
// one recorded, or for a run stored without one (schema version 1) the
// scenario's name as a file.
func runFile(run store.Run) string {
	if run.File != "" {
		return run.File
	}
	if strings.HasSuffix(run.ScenarioName, ".yaml") {
		return run.ScenarioName
	}
	return run.ScenarioName + ".yaml"
}

// execute waits for a worker slot, runs the job and records the outcome. A
// run still waiting when the server stops stays queued in the store, for
// the next server to run (Resume).
func (s *Server) execute(ctx context.Context, run store.Run, t *tracker) (store.Status, string) {
	finish := func(o store.Outcome) (store.Status, string) {
		o.At = s.cfg.Now().UTC()
		// Record the outcome even when ctx is cancelled.
		if err := s.cfg.Runs.Finish(context.WithoutCancel(ctx), run.ID, o); err != nil {
			s.cfg.Log.Error("finish run", "run", run.ID, "err", err)
			if errors.Is(err, store.ErrState) || errors.Is(err, store.ErrNotFound) {
				return o.Status, o.Error
			}
			// The files could not be stored: record the run as failed
			// without them.
			msg := "storing results failed: " + err.Error()
			if err2 := s.cfg.Runs.Finish(context.WithoutCancel(ctx), run.ID, store.Outcome{Status: store.Failed, Error: msg, At: o.At}); err2 != nil {
				s.cfg.Log.Error("finish run", "run", run.ID, "err", err2)
			}
			return store.Failed, msg
		}
		s.cfg.Log.Info("run finished", "run", run.ID, "status", o.Status, "error", o.Error)
		return o.Status, o.Error
	}
	stopped := func() (store.Status, string) {
		if errors.Is(context.Cause(ctx), errCancelled) {
			return finish(store.Outcome{Status: store.Cancelled, Error: errCancelled.Error()})
		}
		return finish(store.Outcome{Status: store.Failed, Error: context.Cause(ctx).Error()})
	}
	waiting := func() (store.Status, string) {
		if errors.Is(context.Cause(ctx), errShutdown) {
			s.cfg.Log.Info("run left queued for the next start", "run", run.ID)
			return store.Queued, ""
		}
		return stopped()
	}
	select {
	case s.workers <- struct{}{}:
	case <-ctx.Done():
		return waiting()
	}
	defer func() { <-s.workers }()
	if ctx.Err() != nil {
		return waiting()
	}
	began := s.cfg.Now()
	if err := s.cfg.Runs.MarkRunning(ctx, run.ID, began.UTC()); err != nil {
		s.cfg.Log.Error("start run", "run", run.ID, "err", err)
		return finish(store.Outcome{Status: store.Failed, Error: "could not start: " + err.Error()})
	}
	t.setStatus(store.Running)
	s.cfg.Log.Info("run started", "run", run.ID, "draws", run.Draws, "policies", run.Policies)
	out, err := s.runJob(ctx, jobOf(run, s.resolver(ctx)), t)
	s.observe(s.cfg.Now().Sub(began))
	if ctx.Err() != nil {
		return stopped()
	}
	if err != nil {
		return finish(store.Outcome{Status: store.Failed, Error: err.Error()})
	}
	if err := checkOutput(out); err != nil {
		return finish(store.Outcome{Status: store.Failed, Error: err.Error()})
	}
	t.update(Progress{Done: t.progress().Total, Total: t.progress().Total, Stage: "saving"})
	return finish(store.Outcome{Status: store.Done, Resolved: string(out.Resolved), Artifacts: out.Files})
}

// runJob calls the Runner, turning a panic into an error so that one bad
// scenario cannot take the server down.
func (s *Server) runJob(ctx context.Context, job Job, t *tracker) (out Output, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.cfg.Log.Error("runner panic", "run", job.RunID, "panic", p)
			err = fmt.Errorf("internal error in the simulation: %v", p)
		}
	}()
	return s.cfg.Runner.Run(ctx, job, t.update)
}

// requiredFiles are the outputs every finished run must have.
var requiredFiles = []string{"results.json", "results.csv", "view.json"}

func checkOutput(out Output) error {
	have := map[string]bool{}
	for _, f := range out.Files {
		have[f.Name] = true
	}
	for _, n := range requiredFiles {
		if !have[n] {
			return fmt.Errorf("internal error: the run produced no %s", n)
		}
	}
	return nil
}

// observe folds a run's duration into the running mean used by Retry-After.
func (s *Server) observe(d time.Duration) {
	s.mu.Lock()
	s.avgRun = time.Duration(0.7*float64(s.avgRun) + 0.3*float64(d))
	s.mu.Unlock()
}

// retryAfter estimates, in whole seconds, when a queue slot frees up: the
// queue is full, so a slot opens when one of the running runs ends, which
// takes at most about one mean run duration (at least 1 s, at most an hour).
func (s *Server) retryAfter() int {
	s.mu.Lock()
	avg := s.avgRun
	s.mu.Unlock()
	return int(math.Max(1, math.Min(math.Ceil(avg.Seconds()), 3600)))
}

// tracker holds a run's live progress and wakes the event streams that
// watch it. changed is closed and replaced on every update.
type tracker struct {
	mu      sync.Mutex
	p       Progress
	status  store.Status
	errMsg  string
	changed chan struct{}
}

func newTracker(st store.Status) *tracker {
	return &tracker{status: st, changed: make(chan struct{})}
}

func (t *tracker) wake() {
	close(t.changed)
	t.changed = make(chan struct{})
}

func (t *tracker) update(p Progress) {
	t.mu.Lock()
	t.p = p
	t.wake()
	t.mu.Unlock()
}

func (t *tracker) setStatus(st store.Status) {
	t.mu.Lock()
	t.status = st
	t.wake()
	t.mu.Unlock()
}

func (t *tracker) finish(st store.Status, msg string) {
	t.mu.Lock()
	t.status, t.errMsg = st, msg
	t.wake()
	t.mu.Unlock()
}

func (t *tracker) progress() Progress {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.p
}

// snapshot returns the state and a channel closed at the next change.
func (t *tracker) snapshot() (Progress, store.Status, string, <-chan struct{}) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.p, t.status, t.errMsg, t.changed
}

// fileCache keeps finished runs' files in memory, up to max bytes, evicting
// the oldest first. Files of finished runs never change.
type fileCache struct {
	mu    sync.Mutex
	max   int
	size  int
	files map[[2]string]cachedFile
	order [][2]string
}

// cachedFile is a file with its gzip encoding (nil when gzip does not
// shrink it by a tenth).
type cachedFile struct {
	store.Artifact
	gz []byte
}

func newCachedFile(f store.Artifact) cachedFile {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(f.Data)
	zw.Close()
	c := cachedFile{Artifact: f}
	if buf.Len() < len(f.Data)*9/10 {
		c.gz = buf.Bytes()
	}
	return c
}

func newFileCache(max int) *fileCache {
	return &fileCache{max: max, files: map[[2]string]cachedFile{}}
}

func (c *fileCache) get(id, name string) (cachedFile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.files[[2]string{id, name}]
	return f, ok
}

// put adds f (compressing it once) and returns the cached form.
func (c *fileCache) put(id string, f store.Artifact) cachedFile {
	cf := newCachedFile(f)
	n := len(f.Data) + len(cf.gz)
	if n > c.max/4 {
		return cf
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := [2]string{id, f.Name}
	if old, ok := c.files[k]; ok {
		return old
	}
	for c.size+n > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.files[old].Data) + len(c.files[old].gz)
		delete(c.files, old)
	}
	c.files[k] = cf
	c.order = append(c.order, k)
	c.size += n
	return cf
}

func (c *fileCache) evictRun(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := c.order[:0]
	for _, k := range c.order {
		if k[0] == id {
			c.size -= len(c.files[k].Data) + len(c.files[k].gz)
			delete(c.files, k)
			continue
		}
		kept = append(kept, k)
	}
	c.order = kept
}
