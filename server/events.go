package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// eventInterval is the shortest time between two progress events of one
// stream; heartbeat is the longest silence (a comment line) that keeps
// proxies from closing an idle stream.
const (
	eventInterval = 100 * time.Millisecond
	heartbeat     = 15 * time.Second
)

// progressEvent is the data of a "progress" event.
type progressEvent struct {
	Status store.Status `json:"status"`
	Progress
}

// events streams a run's progress as Server-Sent Events: "progress" events
// with {status, done, total, stage} while it is queued or running, then one
// "end" event with the run (as GET /api/runs/{id} returns it), after which
// the server closes the stream. A finished run gets the "end" event at once.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	run, ok := s.pathRun(w, r)
	if !ok {
		return
	}
	id, ctx := run.ID, r.Context()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	send := func(event string, v any) bool {
		b, err := json.Marshal(v)
		if err != nil {
			return false
		}
		rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	end := func() {
		if run, err := s.cfg.Runs.Run(ctx, id); err == nil {
			send("end", s.toJSON(run))
		}
	}

	s.mu.Lock()
	a := s.active[id]
	s.mu.Unlock()
	if a == nil || run.Status.Final() {
		end()
		return
	}
	fmt.Fprint(w, "retry: 2000\n\n")
	for {
		p, st, _, changed := a.tracker.snapshot()
		if st.Final() {
			end()
			return
		}
		if !send("progress", progressEvent{Status: st, Progress: p}) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(eventInterval):
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		case <-time.After(heartbeat):
			rc.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}
