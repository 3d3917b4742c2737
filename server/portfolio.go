package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/portfolio"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/world"
)

// Frontier computations: GET /api/scenarios/{name}/frontier runs
// portfolio.Optimize (what `steppe optimize --json` prints) in the
// background, because the default one takes tens of seconds. Each
// computation holds one of the server's MaxLoads slots while it runs (a
// request that finds none free is answered 503), so frontiers and loads
// together stay within that bound. Results are cached by the scenario's
// source and the parameters, for as long as the server runs, at most
// frontierKeep of them; a request for a cached one is answered at once.
const (
	frontierKeep = 16
	// frontierMaxDraws caps --draws and --resim-draws: ten times the
	// command's defaults (1,000 and 2,000), whose run takes about 25 s on
	// two cores, so one request holds a slot for minutes at most.
	frontierMaxDraws = 20_000
	// frontierWait is how long the first request waits for its computation
	// before answering 202: a bad year or state fails within it (422), and
	// a small one finishes (200).
	frontierWait = time.Second
)

// frontierJob is one computation and, when finished, its answer.
type frontierJob struct {
	done chan struct{} // closed when finished
	mu   sync.Mutex
	prog frontierProgress
	// When finished: status 200 and the frontier JSON, or an error status
	// and message.
	status int
	body   []byte
	msg    string
}

// frontierProgress is the 202 body.
type frontierProgress struct {
	Status string `json:"status"` // "computing"
	Stage  string `json:"stage"`  // "design" or "frontier" (portfolio.Options.Progress)
	Done   int    `json:"done"`
	Total  int    `json:"total"`
}

// frontiers is the cache of computations, oldest first.
type frontiers struct {
	mu   sync.Mutex
	jobs map[string]*frontierJob
	keys []string
}

// frontierParams are the query parameters, as steppe optimize's flags.
type frontierParams struct {
	opt portfolio.Options
	key string // canonical text of the parameters
}

// parseFrontierQuery reads objective, year, states, budget (repeatable,
// FINANCIER=USD), draws, resim_draws and seed.
func parseFrontierQuery(q url.Values) (frontierParams, error) {
	for k := range q {
		switch k {
		case "objective", "year", "states", "budget", "draws", "resim_draws", "seed":
		default:
			return frontierParams{}, fmt.Errorf("unknown parameter %q", k)
		}
	}
	opt := portfolio.Options{Objective: portfolio.Risk, Budgets: map[string]float64{}, BudgetFlag: "budget",
		Draws: 1000, ResimDraws: 2000, Seed: 1}
	if v := q.Get("objective"); v != "" {
		if v != portfolio.Risk && v != portfolio.Income {
			return frontierParams{}, fmt.Errorf("objective %q: want risk or income", v)
		}
		opt.Objective = v
	}
	ints := []struct {
		name     string
		min, max int
		dst      *int
	}{
		{"year", 1, 9999, &opt.Target.Year},
		{"draws", 2, frontierMaxDraws, &opt.Draws},
		{"resim_draws", 2, frontierMaxDraws, &opt.ResimDraws},
	}
	for _, f := range ints {
		v := q.Get(f.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < f.min || n > f.max {
			return frontierParams{}, fmt.Errorf("%s %q: want an integer from %d to %d", f.name, v, f.min, f.max)
		}
		*f.dst = n
	}
	if q.Get("draws") != "" && q.Get("resim_draws") == "" {
		opt.ResimDraws = max(opt.ResimDraws, opt.Draws)
	}
	if opt.ResimDraws < opt.Draws {
		return frontierParams{}, fmt.Errorf("resim_draws %d: must be at least draws %d", opt.ResimDraws, opt.Draws)
	}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return frontierParams{}, fmt.Errorf("seed %q: want an unsigned integer", v)
		}
		opt.Seed = n
	}
	if v := q.Get("states"); v != "" {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				opt.Target.Countries = append(opt.Target.Countries, s)
			}
		}
	}
	for _, kv := range q["budget"] {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || x != x || x > 1e15 || strings.TrimSpace(k) == "" {
			return frontierParams{}, fmt.Errorf("budget %q: want FINANCIER=USD", kv)
		}
		if x < 0 {
			return frontierParams{}, fmt.Errorf("budget %q: a budget must not be negative", kv)
		}
		opt.Budgets[strings.TrimSpace(k)] = x
	}
	key := fmt.Sprintf("%s|%d|%q|%d|%d|%d|%v", opt.Objective, opt.Target.Year, opt.Target.Countries,
		opt.Draws, opt.ResimDraws, opt.Seed, opt.Budgets) // fmt prints maps sorted by key
	return frontierParams{opt: opt, key: key}, nil
}

// frontier returns the handler of GET /api/scenarios/{name}/frontier with
// its own cache.
func (s *Server) frontier() http.HandlerFunc {
	c := &frontiers{jobs: map[string]*frontierJob{}}
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := parseFrontierQuery(r.URL.Query())
		if err != nil {
			writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
			return
		}
		name := r.PathValue("name")
		src, err := s.source(r.Context(), name)
		if err != nil {
			s.storeError(w, err)
			return
		}
		sum := sha256.Sum256(append(append([]byte(p.key), 0), src...))
		key := hex.EncodeToString(sum[:])
		c.mu.Lock()
		job := c.jobs[key]
		c.mu.Unlock()
		if job == nil {
			if job = s.startFrontier(w, r, c, key, name, src, p.opt); job == nil {
				return
			}
			select {
			case <-job.done:
			case <-time.After(frontierWait):
			case <-r.Context().Done():
			}
		}
		job.answer(w)
	}
}

// answer writes the job's state: 202 with progress, or its outcome.
func (j *frontierJob) answer(w http.ResponseWriter) {
	j.mu.Lock()
	defer j.mu.Unlock()
	switch j.status {
	case 0:
		w.Header().Set("Retry-After", "1")
		writeJSON(w, http.StatusAccepted, j.prog)
	case http.StatusOK:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(j.body)
	default:
		writeError(w, j.status, j.msg, nil)
	}
}

// startFrontier loads the scenario and checks the budgets and rules while
// holding a load slot, then hands the slot to a computation in the
// background and caches it under key. It answers the request itself and
// returns nil when it starts nothing.
func (s *Server) startFrontier(w http.ResponseWriter, r *http.Request, c *frontiers, key, name string, src []byte, opt portfolio.Options) *frontierJob {
	select {
	case s.loads <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf("busy: %d scenarios, tables or frontiers are being loaded or computed; retry in a second", s.cfg.MaxLoads), nil)
		return nil
	}
	started := false
	defer func() {
		if !started {
			<-s.loads
		}
	}()
	file := name + ".yaml"
	sc, err := scenario.LoadContext(r.Context(), file, src, byName(s.resolver(s.baseCtx)))
	if err != nil {
		if p, ok := scenarioProblems(file, err); ok {
			writeError(w, http.StatusUnprocessableEntity, "invalid scenario", p)
		} else {
			s.loadError(w, "frontier", err)
		}
		return nil
	}
	wd := sc.World
	if wd.Portfolio == nil {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("scenario %s has no portfolio section: nothing to optimise (docs/portfolio.md)", name), nil)
		return nil
	}
	pb, err := portfolio.BuildProblem(wd.Portfolio, opt.Budgets, opt.BudgetFlag)
	if err == nil {
		err = portfolio.Infeasible(pb)
	}
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
		return nil
	}
	if opt.Target.Year == 0 {
		opt.Target.Year = wd.Horizon.Year()
	}
	job := &frontierJob{done: make(chan struct{}), prog: frontierProgress{Status: "computing", Stage: "design"}}
	opt.Progress = func(stage string, done, total int) {
		job.mu.Lock()
		job.prog.Stage, job.prog.Done, job.prog.Total = stage, done, total
		job.mu.Unlock()
	}
	if prev := c.add(key, job); prev != nil {
		return prev // another request started the same one meanwhile
	}
	started = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer func() { <-s.loads }()
		status, body, msg := runFrontier(s.baseCtx, wd, opt)
		if status != http.StatusOK {
			s.cfg.Log.Info("frontier failed", "scenario", name, "status", status, "err", msg)
		}
		job.mu.Lock()
		job.status, job.body, job.msg = status, body, msg
		job.mu.Unlock()
		close(job.done)
		if status >= 500 {
			c.remove(key, job) // not cached: a later request tries again
		}
	}()
	return job
}

// runFrontier computes the frontier: 200 with its JSON, 422 for a
// parameter the scenario refuses (a year outside it, a state not in
// focus), 503 when the server stops, else 500.
func runFrontier(ctx context.Context, wd *world.World, opt portfolio.Options) (int, []byte, string) {
	res, err := portfolio.Optimize(ctx, new(model.Cache), wd, opt)
	var oe *model.OptionError
	var ie *portfolio.InfeasibleError
	switch {
	case err == nil:
	case errors.As(err, &oe), errors.As(err, &ie):
		return http.StatusUnprocessableEntity, nil, err.Error()
	case ctx.Err() != nil:
		return http.StatusServiceUnavailable, nil, "stopped: the server is shutting down"
	default:
		return http.StatusInternalServerError, nil, "internal error"
	}
	var b bytes.Buffer
	if err := res.WriteJSON(&b); err != nil {
		return http.StatusInternalServerError, nil, "internal error"
	}
	return http.StatusOK, b.Bytes(), ""
}

// add caches job under key, dropping the oldest finished ones beyond
// frontierKeep (running ones stay: they hold load slots, so there are at
// most MaxLoads of them). It returns the job already under key, if any,
// and then adds nothing.
func (c *frontiers) add(key string, job *frontierJob) *frontierJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev := c.jobs[key]; prev != nil {
		return prev
	}
	c.jobs[key] = job
	c.keys = append(c.keys, key)
	for i := 0; len(c.keys) > frontierKeep && i < len(c.keys); {
		k := c.keys[i]
		select {
		case <-c.jobs[k].done:
			delete(c.jobs, k)
			c.keys = append(c.keys[:i], c.keys[i+1:]...)
		default:
			i++
		}
	}
	return nil
}

// remove drops key if it still holds job.
func (c *frontiers) remove(key string, job *frontierJob) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.jobs[key] != job {
		return
	}
	delete(c.jobs, key)
	for i, k := range c.keys {
		if k == key {
			c.keys = append(c.keys[:i], c.keys[i+1:]...)
			break
		}
	}
}
