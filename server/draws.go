package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// DrawsRunner is a Runner that can also write a job's per-draw results:
// [ModelRunner] is one. A run's results are byte-identical for its
// scenario, set, draws and seed, so the server keeps no per-draw file: it
// runs the job again and streams the draws as they are simulated, and the
// memory of the answer does not grow with the draws.
type DrawsRunner interface {
	// Draws runs job again and writes its per-draw results to w as
	// Parquet (schema steppe.draws/v1, go doc results.DrawsWriter).
	Draws(ctx context.Context, job Job, w io.Writer) error
}

// Draws runs job again with its seed and writes the per-draw results,
// one row per draw, policy, country and year with the draw's parameters,
// to w as they are simulated.
func (r *ModelRunner) Draws(ctx context.Context, job Job, w io.Writer) error {
	m, err := r.model(ctx, job)
	if err != nil {
		return err
	}
	opt := r.options(job)
	opt.DrawsOut = w
	_, err = m.Run(ctx, opt)
	return err
}

// getDraws answers GET /api/runs/{id}/draws.parquet: a finished run's
// per-draw results, recomputed and streamed (see [DrawsRunner]). It holds
// one of the MaxLoads slots while it runs; a client that hangs up stops
// it.
func (s *Server) getDraws(w http.ResponseWriter, r *http.Request) {
	dr, ok := s.cfg.Runner.(DrawsRunner)
	if !ok {
		writeError(w, http.StatusNotImplemented, "this server's runner cannot write per-draw results", nil)
		return
	}
	run, ok := s.doneRun(w, r, "per-draw results")
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.apache.parquet")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", "steppe-"+run.ID[:min(8, len(run.ID))]+"-draws.parquet"))
	cw := &countingWriter{w: w}
	if err := dr.Draws(r.Context(), jobOf(run, s.resolver(r.Context())), cw); err != nil {
		if cw.n == 0 { // nothing sent yet: the status can still say so
			h.Del("Content-Disposition")
			writeError(w, http.StatusInternalServerError, err.Error(), nil)
			return
		}
		// The body is cut short; the client sees a truncated Parquet file
		// (no footer), which every reader refuses.
		s.cfg.Log.Warn("per-draw results cut short", "run", run.ID, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
