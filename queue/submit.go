package queue

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Task is one block of a sweep.
type Task struct {
	// Name names the task for people, in errors and logs, such as
	// "experiment 12, block 3".
	Name string
	// Payload is what the sweep's Job runs.
	Payload []byte
}

// Sweep is work for the queue: a spec every worker turns into a Job, and
// the tasks that Job runs.
type Sweep struct {
	Spec  []byte
	Tasks []Task
}

// ID is the sweep's id: the first 16 bytes of the SHA-256 of its spec and
// task payloads (length-prefixed), in hex. The same sweep has the same id
// on every machine and every submission; task names do not enter it.
func (s Sweep) ID() string {
	h := sha256.New()
	var n [8]byte
	put := func(b []byte) {
		binary.LittleEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	put(s.Spec)
	for _, t := range s.Tasks {
		put(t.Payload)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// specKey is the key of a spec in the bucket: the first 16 bytes of its
// SHA-256 in hex. Sweeps that share a spec (the phases of a run) store it
// once.
func specKey(spec []byte) string {
	h := sha256.Sum256(spec)
	return hex.EncodeToString(h[:16])
}

// Status is how far a sweep has got, for progress reports.
type Status struct {
	// Done and Total count tasks; Stored is how many of Done were found
	// stored when the sweep was submitted (done by an earlier submission).
	Done, Total, Stored int
	// Workers is how many workers sent a heartbeat in the last
	// aliveWindow, on any sweep.
	Workers int
}

// RunOptions configure a coordinator.
type RunOptions struct {
	QueueOptions
	// Progress, when not nil, is called as partials arrive and every
	// second or so, from one goroutine.
	Progress func(Status)
}

// TaskError is a poisoned task: one that failed on each of its deliveries.
type TaskError struct {
	Sweep, Name string
	Deliveries  int
	// Err is the worker's error on the last delivery, or why there is
	// none (the workers died).
	Err string
}

func (e *TaskError) Error() string {
	return fmt.Sprintf("%s failed on all %d deliveries, the sweep (%s) stops: %s", e.Name, e.Deliveries, e.Sweep, e.Err)
}

// heartbeat is how often workers say they are alive; a worker not heard
// from for aliveWindow is not counted.
const (
	heartbeat   = 2 * time.Second
	aliveWindow = 3 * heartbeat
)

// Run submits the sweep's tasks that have no stored partial, waits for the
// partials of all of them and hands them to deliver in task order (task i's
// partial as deliver(i, partial)), each as soon as it and those before it
// are stored, so that the coordinator holds one partial at a time. A stored partial
// (of an earlier submission of the same sweep, or of this one before the
// coordinator restarted) is used as it is. A poisoned task stops the sweep
// with a *TaskError; an error of deliver stops it with that error. When
// ctx ends the tasks stay queued: workers go on with them, and running the
// same sweep again gathers what they stored.
func (c *Conn) Run(ctx context.Context, sw Sweep, o RunOptions, deliver func(i int, partial []byte) error) error {
	if len(sw.Tasks) == 0 {
		return nil
	}
	qo := o.QueueOptions.withDefaults()
	if _, _, err := c.setup(ctx, &qo); err != nil {
		return err
	}
	id := sw.ID()
	g := &gather{id: id, got: make([]bool, len(sw.Tasks)), names: make([]string, len(sw.Tasks)), seen: map[string]time.Time{}}
	for i, t := range sw.Tasks {
		g.names[i] = t.Name
		if g.names[i] == "" {
			g.names[i] = "task " + strconv.Itoa(i)
		}
	}
	var nonce [8]byte
	_, _ = rand.Read(nonce[:])
	g.submission = hex.EncodeToString(nonce[:])

	alive, err := c.nc.Subscribe(aliveSubject, func(m *nats.Msg) { g.alive(string(m.Data)) })
	if err != nil {
		return fmt.Errorf("subscribe to worker heartbeats: %w", err)
	}
	defer alive.Unsubscribe() //nolint:errcheck // the connection may be closing
	poisoned := make(chan *TaskError, 1)
	adv, err := c.nc.Subscribe("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES."+taskStream+"."+consumerName, func(m *nats.Msg) {
		if te := c.advisory(ctx, id, g.names, m.Data); te != nil {
			select {
			case poisoned <- te:
			default:
			}
		}
	})
	if err != nil {
		return fmt.Errorf("subscribe to max-delivery advisories: %w", err)
	}
	defer adv.Unsubscribe() //nolint:errcheck // the connection may be closing

	done, err := c.storedKeys(ctx, id)
	if err != nil {
		return err
	}
	if err := c.submit(ctx, sw, id, g.submission, done); err != nil {
		return err
	}
	return g.wait(ctx, c, o.Progress, len(done), poisoned, deliver)
}

// Purge removes every queued task and stored partial from the server, so
// that sweeps run again are computed again: for benchmarks and tests on a
// server of their own.
func (c *Conn) Purge(ctx context.Context) error {
	for _, name := range []string{taskStream, partialStream} {
		st, err := c.js.Stream(ctx, name)
		if err != nil {
			return fmt.Errorf("stream %s: %w", name, err)
		}
		if err := st.Purge(ctx); err != nil {
			return fmt.Errorf("purge %s: %w", name, err)
		}
	}
	return nil
}

// storedKeys returns the keys of the sweep's stored partials.
func (c *Conn) storedKeys(ctx context.Context, id string) (map[int]bool, error) {
	st, err := c.js.Stream(ctx, partialStream)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", partialStream, err)
	}
	info, err := st.Info(ctx, jetstream.WithSubjectFilter(partialPrefix+id+".>"))
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", partialStream, err)
	}
	done := map[int]bool{}
	for subj := range info.State.Subjects {
		if k, err := strconv.Atoi(subj[strings.LastIndexByte(subj, '.')+1:]); err == nil {
			done[k] = true
		}
	}
	return done, nil
}

// submit stores the spec and queues the tasks not in done, after removing
// the sweep's tasks still queued from an earlier submission (one of them
// may be poisoned, or held by a worker that died; a task a live worker is
// running is run once more, and its partial stored once).
func (c *Conn) submit(ctx context.Context, sw Sweep, id, submission string, done map[int]bool) error {
	if len(done) == len(sw.Tasks) {
		return nil
	}
	kv, err := c.js.KeyValue(ctx, specBucket)
	if err != nil {
		return fmt.Errorf("bucket %s: %w", specBucket, err)
	}
	sk := specKey(sw.Spec)
	if _, err := kv.Get(ctx, sk); errors.Is(err, jetstream.ErrKeyNotFound) {
		if _, err := kv.Put(ctx, sk, sw.Spec); err != nil {
			return fmt.Errorf("store the sweep's spec (%d bytes): %w", len(sw.Spec), err)
		}
	} else if err != nil {
		return fmt.Errorf("bucket %s: %w", specBucket, err)
	}
	st, err := c.js.Stream(ctx, taskStream)
	if err != nil {
		return fmt.Errorf("stream %s: %w", taskStream, err)
	}
	if err := st.Purge(ctx, jetstream.WithPurgeSubject(taskPrefix+id+".>")); err != nil {
		return fmt.Errorf("remove the sweep's earlier tasks: %w", err)
	}
	for i, t := range sw.Tasks {
		if done[i] {
			continue
		}
		key := strconv.Itoa(i)
		m := nats.NewMsg(taskPrefix + id + "." + key)
		m.Data = t.Payload
		m.Header.Set(hdrSweep, id)
		m.Header.Set(hdrSpec, sk)
		m.Header.Set(hdrKey, key)
		m.Header.Set(hdrName, t.Name)
		m.Header.Set(hdrSubmission, submission)
		if _, err := c.js.PublishMsgAsync(m, jetstream.WithMsgID(id+"."+key+"."+submission)); err != nil {
			return fmt.Errorf("queue %s: %w", t.Name, err)
		}
	}
	select {
	case <-c.js.PublishAsyncComplete():
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// advisory turns a max-deliveries advisory about a task of sweep id into a
// TaskError; nil if it is about another sweep's task or unreadable.
func (c *Conn) advisory(ctx context.Context, id string, names []string, data []byte) *TaskError {
	var a struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if json.Unmarshal(data, &a) != nil {
		return nil
	}
	st, err := c.js.Stream(ctx, taskStream)
	if err != nil {
		return nil
	}
	m, err := st.GetMsg(ctx, a.StreamSeq)
	if err != nil || m.Header.Get(hdrSweep) != id {
		return nil
	}
	k, err := strconv.Atoi(m.Header.Get(hdrKey))
	if err != nil || k < 0 || k >= len(names) {
		return nil
	}
	return &TaskError{Sweep: id, Name: names[k], Deliveries: a.Deliveries,
		Err: "no worker acknowledged it or reported an error (each died or lost its connection while running it)"}
}

// gather collects a sweep's partials.
type gather struct {
	id, submission string
	got            []bool
	names          []string
	mu             sync.Mutex
	seen           map[string]time.Time // worker → last heartbeat
}

func (g *gather) alive(worker string) {
	g.mu.Lock()
	g.seen[worker] = time.Now()
	g.mu.Unlock()
}

func (g *gather) workers() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for w, t := range g.seen {
		if time.Since(t) < aliveWindow {
			n++
		} else {
			delete(g.seen, w)
		}
	}
	return n
}

// wait reads the headers of the sweep's partials and failures from the
// start of the partial stream until every task has a partial, and hands
// the partials to deliver in task order, reading each from the stream
// when its turn comes.
func (g *gather) wait(ctx context.Context, c *Conn, progress func(Status), stored int, poisoned <-chan *TaskError, deliver func(int, []byte) error) error {
	ps, err := c.js.Stream(ctx, partialStream)
	if err != nil {
		return fmt.Errorf("stream %s: %w", partialStream, err)
	}
	cons, err := c.js.OrderedConsumer(ctx, partialStream, jetstream.OrderedConsumerConfig{
		FilterSubjects: []string{partialPrefix + g.id + ".>", failedPrefix + g.id + ".>"}, HeadersOnly: true})
	if err != nil {
		return fmt.Errorf("read partials: %w", err)
	}
	msgs := make(chan jetstream.Msg, 256)
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case msgs <- m:
		case <-ctx.Done():
		}
	})
	if err != nil {
		return fmt.Errorf("read partials: %w", err)
	}
	defer cc.Stop()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	done, next, total := 0, 0, len(g.got)
	report := func() {
		if progress != nil {
			progress(Status{Done: done, Total: total, Stored: stored, Workers: g.workers()})
		}
	}
	report()
	for next < total {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case te := <-poisoned:
			return te
		case <-tick.C:
			report()
		case m := <-msgs:
			subj := m.Subject()
			k, err := strconv.Atoi(subj[strings.LastIndexByte(subj, '.')+1:])
			if err != nil || k < 0 || k >= total {
				continue // not one of this sweep's keys
			}
			if strings.HasPrefix(subj, failedPrefix) {
				if m.Headers().Get(hdrSubmission) != g.submission {
					continue // an earlier submission's failure; the task was queued again
				}
				n, _ := strconv.Atoi(m.Headers().Get(hdrDeliveries))
				te := &TaskError{Sweep: g.id, Name: g.names[k], Deliveries: n, Err: "(unreadable)"}
				if f, err := ps.GetLastMsgForSubject(ctx, subj); err == nil {
					te.Err = string(f.Data)
				}
				return te
			}
			if g.got[k] {
				continue
			}
			g.got[k] = true
			done++
			for next < total && g.got[next] {
				p, err := ps.GetLastMsgForSubject(ctx, partialPrefix+g.id+"."+strconv.Itoa(next))
				if err != nil {
					return fmt.Errorf("read the partial of %s: %w", g.names[next], err)
				}
				if err := deliver(next, p.Data); err != nil {
					return err
				}
				next++
			}
			report()
		}
	}
	return nil
}
