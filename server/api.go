package server

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/steppe-dev/steppe/store"
)

//go:embed openapi.json
var openAPI []byte

// route is one API endpoint; the table is the single list that both the
// mux and the OpenAPI test read.
type route struct {
	method, pattern string
	handler         http.HandlerFunc
}

func (s *Server) routeTable() []route {
	return []route{
		{"GET", "/api/openapi.json", s.getOpenAPI},
		{"GET", "/api/version", s.getVersion},
		{"GET", "/api/map", s.getMap},
		{"GET", "/api/network", s.getNetwork},
		{"GET", "/api/network/compare", s.networkCompare},
		{"GET", "/api/scenarios", s.listScenarios},
		{"POST", "/api/scenarios", s.bounded(s.uploadScenario)},
		{"GET", "/api/scenarios/{name}", s.getScenario},
		{"GET", "/api/scenarios/{name}/frontier", s.frontier()},
		{"POST", "/api/validate", s.bounded(s.validate)},
		{"GET", "/api/runs", s.listRuns},
		{"POST", "/api/runs", s.bounded(s.createRun)},
		{"GET", "/api/runs/{id}", s.getRun},
		{"DELETE", "/api/runs/{id}", s.deleteRun},
		{"POST", "/api/runs/{id}/cancel", s.cancelRun},
		{"GET", "/api/runs/{id}/results", s.getFile("results.json")},
		{"GET", "/api/runs/{id}/results.csv", s.getFile("results.csv")},
		{"GET", "/api/runs/{id}/view", s.getFile("view.json")},
		{"GET", "/api/runs/{id}/report", s.getReport},
		{"GET", "/api/runs/{id}/draws.parquet", s.bounded(s.getDraws)},
		{"GET", "/api/runs/{id}/scenario", s.getRunScenario},
		{"GET", "/api/runs/{id}/events", s.events},
		{"POST", "/api/explore/sobol", s.bounded(s.exploreSobol)},
		{"POST", "/api/explore/prim", s.bounded(s.explorePrim)},
		{"POST", "/api/explore/cart", s.bounded(s.exploreCart)},
	}
}

// apiError is the body of every error response.
type apiError struct {
	Error    string    `json:"error"`
	Problems []Problem `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}

func writeError(w http.ResponseWriter, status int, msg string, problems []Problem) {
	writeJSON(w, status, apiError{Error: msg, Problems: problems})
}

// storeError answers an error from Runs with the matching status.
func (s *Server) storeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err.Error(), nil)
	case errors.Is(err, store.ErrExists):
		writeError(w, http.StatusConflict, err.Error(), nil)
	case errors.Is(err, store.ErrState):
		writeError(w, http.StatusConflict, err.Error(), nil)
	default:
		s.cfg.Log.Error("store", "err", err)
		writeError(w, http.StatusInternalServerError, "internal error", nil)
	}
}

// decode reads a JSON body into v: 415 unless it is JSON, 413 if too large,
// 400 if malformed, has unknown fields or trailing data.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) bool {
	return s.decodeLimit(w, r, v, s.cfg.MaxBody)
}

// decodeLimit is decode with an explicit body limit.
func (s *Server) decodeLimit(w http.ResponseWriter, r *http.Request, v any, limit int64) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		writeError(w, http.StatusUnsupportedMediaType, "request body must be application/json", nil)
		return false
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("unexpected data after the JSON object")
		}
	}
	if err == nil {
		return true
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mbe.Limit), nil)
		return false
	}
	if errors.Is(err, io.EOF) {
		err = errors.New("empty body")
	}
	writeError(w, http.StatusBadRequest, "malformed JSON: "+err.Error(), nil)
	return false
}

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

func (s *Server) getVersion(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"version": s.cfg.Version})
}

func (s *Server) getMap(w http.ResponseWriter, r *http.Request) {
	if len(s.cfg.Map) == 0 {
		writeError(w, http.StatusNotFound, "no map data configured", nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(s.cfg.Map)
}

// scenarioName is the syntax of embedded and uploaded scenario names.
var scenarioName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

type scenarioInfo struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // embedded or uploaded
}

func (s *Server) embeddedNames() []string {
	var names []string
	ents, _ := fs.ReadDir(s.cfg.Embedded, ".")
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func (s *Server) listScenarios(w http.ResponseWriter, r *http.Request) {
	out := []scenarioInfo{}
	for _, n := range s.embeddedNames() {
		out = append(out, scenarioInfo{n, "embedded"})
	}
	up, err := s.cfg.Runs.Scenarios(r.Context())
	if err != nil {
		s.storeError(w, err)
		return
	}
	for _, sc := range up {
		out = append(out, scenarioInfo{sc.Name, "uploaded"})
	}
	writeJSON(w, http.StatusOK, out)
}

// source returns a scenario's text by name: embedded first, then uploads.
func (s *Server) source(ctx context.Context, name string) ([]byte, error) {
	if !scenarioName.MatchString(name) {
		return nil, fmt.Errorf("scenario %q: %w (names are lower-case letters, digits, '.', '_' and '-')", name, store.ErrNotFound)
	}
	if b, err := fs.ReadFile(s.cfg.Embedded, name+".yaml"); err == nil {
		return b, nil
	}
	sc, err := s.cfg.Runs.Scenario(ctx, name)
	if err != nil {
		return nil, err
	}
	return []byte(sc.Source), nil
}

// resolver gives the Runner access to scenarios by name only.
func (s *Server) resolver(ctx context.Context) Resolver {
	return func(name string) ([]byte, error) { return s.source(ctx, name) }
}

func (s *Server) getScenario(w http.ResponseWriter, r *http.Request) {
	b, err := s.source(r.Context(), r.PathValue("name"))
	if err != nil {
		s.storeError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(b)
}

type uploadRequest struct {
	Name   string `json:"name"`
	Source string `json:"source"`
}

func (s *Server) uploadScenario(w http.ResponseWriter, r *http.Request) {
	var req uploadRequest
	if !s.decode(w, r, &req) {
		return
	}
	if !scenarioName.MatchString(req.Name) {
		writeError(w, http.StatusUnprocessableEntity, "name: must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", nil)
		return
	}
	if _, err := fs.Stat(s.cfg.Embedded, req.Name+".yaml"); err == nil {
		writeError(w, http.StatusConflict, fmt.Sprintf("scenario %q is embedded; choose another name", req.Name), nil)
		return
	}
	if _, ok := s.validScenario(r.Context(), w, req.Name+".yaml", []byte(req.Source)); !ok {
		return
	}
	if err := s.cfg.Runs.PutScenario(r.Context(), store.Scenario{Name: req.Name, Source: req.Source, Created: s.cfg.Now()}); err != nil {
		s.storeError(w, err)
		return
	}
	w.Header().Set("Location", "/api/scenarios/"+req.Name)
	writeJSON(w, http.StatusCreated, scenarioInfo{req.Name, "uploaded"})
}

// validScenario validates a scenario for a request that needs a valid one:
// on a problem it writes 422 with the problems (or 500 when validation
// itself failed) and returns false.
func (s *Server) validScenario(ctx context.Context, w http.ResponseWriter, file string, src []byte) (Checked, bool) {
	chk, err := s.cfg.Runner.Validate(ctx, file, src, s.resolver(ctx))
	if err != nil {
		s.loadError(w, "validate", err)
		return Checked{}, false
	}
	if len(chk.Problems) > 0 {
		writeError(w, http.StatusUnprocessableEntity, "invalid scenario", chk.Problems)
		return Checked{}, false
	}
	return chk, true
}

type validateRequest struct {
	File   string `json:"file"`
	Source string `json:"source"`
}

type validateResponse struct {
	Valid    bool      `json:"valid"`
	Problems []Problem `json:"problems"`
	Policies []string  `json:"policies"`
	Draws    int       `json:"draws,omitempty"`
	Seed     Seed      `json:"seed"`
}

// uploadFile is the name shown in positions for an uploaded source.
func uploadFile(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	if name == "" || name == "." || name == "/" {
		return "scenario.yaml"
	}
	return name
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	var req validateRequest
	if !s.decode(w, r, &req) {
		return
	}
	chk, err := s.cfg.Runner.Validate(r.Context(), uploadFile(req.File), []byte(req.Source), s.resolver(r.Context()))
	if err != nil {
		s.loadError(w, "validate", err)
		return
	}
	writeJSON(w, http.StatusOK, validateResponse{
		Valid: len(chk.Problems) == 0, Problems: nonNil(chk.Problems),
		Policies: nonNil(chk.Policies), Draws: chk.Draws, Seed: Seed(chk.Seed),
	})
}

// loadError answers a failure of the Runner other than a problem in the
// scenario: nothing useful when the client has gone (the load stopped with
// its context), else 500.
func (s *Server) loadError(w http.ResponseWriter, op string, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		s.cfg.Log.Info(op+" stopped", "err", err)
		writeError(w, http.StatusServiceUnavailable, "stopped: the request was cancelled", nil)
		return
	}
	s.cfg.Log.Error(op, "err", err)
	writeError(w, http.StatusInternalServerError, "internal error", nil)
}

// nonNil returns s, or an empty slice for nil, which JSON writes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// runJSON is a run as the API shows it.
type runJSON struct {
	ID       string             `json:"id"`
	Name     string             `json:"name"`
	Scenario string             `json:"scenario"`
	Policies []string           `json:"policies"`
	Draws    int                `json:"draws"`
	Seed     Seed               `json:"seed"`
	Set      map[string]float64 `json:"set,omitempty"`
	Version  string             `json:"version"`
	Status   store.Status       `json:"status"`
	Error    string             `json:"error,omitempty"`
	Created  time.Time          `json:"created"`
	Started  *time.Time         `json:"started,omitempty"`
	Finished *time.Time         `json:"finished,omitempty"`
	Progress *Progress          `json:"progress,omitempty"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *Server) toJSON(r store.Run) runJSON {
	j := runJSON{ID: r.ID, Name: r.Name, Scenario: r.ScenarioName, Policies: nonNil(r.Policies), Draws: r.Draws,
		Seed: Seed(r.Seed), Set: r.Set, Version: r.Version, Status: r.Status, Error: r.Error, Created: r.Created,
		Started: optTime(r.Started), Finished: optTime(r.Finished)}
	if !r.Status.Final() {
		s.mu.Lock()
		if a := s.active[r.ID]; a != nil {
			p := a.tracker.progress()
			j.Progress = &p
		}
		s.mu.Unlock()
	}
	return j
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) {
	limit := 100
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeError(w, http.StatusBadRequest, "limit must be an integer from 1 to 1000", nil)
			return
		}
		limit = n
	}
	runs, err := s.cfg.Runs.Runs(r.Context(), limit)
	if err != nil {
		s.storeError(w, err)
		return
	}
	out := make([]runJSON, 0, len(runs))
	for _, run := range runs {
		out = append(out, s.toJSON(run))
	}
	writeJSON(w, http.StatusOK, out)
}

type createRequest struct {
	Name     string   `json:"name"`
	Scenario string   `json:"scenario"` // embedded or uploaded scenario name
	Source   string   `json:"source"`   // or the scenario text itself
	File     string   `json:"file"`     // file name shown in positions for Source
	Policies []string `json:"policies"`
	Draws    int      `json:"draws"`
	Seed     *Seed    `json:"seed"`
	// Set fixes parameters in every draw by path, as steppe run --set
	// (a pointer, so that null is told from 0).
	Set map[string]*float64 `json:"set"`
}

func (s *Server) createRun(w http.ResponseWriter, r *http.Request) {
	var req createRequest
	if !s.decode(w, r, &req) {
		return
	}
	if (req.Scenario == "") == (req.Source == "") {
		writeError(w, http.StatusBadRequest, "give exactly one of scenario (a name) and source (the scenario text)", nil)
		return
	}
	if len(req.Name) > 200 {
		writeError(w, http.StatusUnprocessableEntity, "name: at most 200 characters", nil)
		return
	}
	if req.Draws < 0 || req.Draws > s.cfg.MaxDraws {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("draws: must be from 1 to %d (0 uses the scenario's default)", s.cfg.MaxDraws), nil)
		return
	}
	ctx := r.Context()
	file, src := uploadFile(req.File), []byte(req.Source)
	scenario := file
	if req.Scenario != "" {
		b, err := s.source(ctx, req.Scenario)
		if errors.Is(err, store.ErrNotFound) {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("scenario: no scenario named %q (see GET /api/scenarios)", req.Scenario), nil)
			return
		} else if err != nil {
			s.storeError(w, err)
			return
		}
		file, src, scenario = req.Scenario+".yaml", b, req.Scenario
	}
	chk, ok := s.validScenario(ctx, w, file, src)
	if !ok {
		return
	}
	policies := req.Policies
	if len(policies) == 0 {
		policies = chk.Policies
	}
	known := map[string]bool{}
	for _, p := range chk.Policies {
		known[p] = true
	}
	seen := map[string]bool{}
	for _, p := range policies {
		if !known[p] {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("policies: unknown policy %q; the scenario defines %s", p, strings.Join(chk.Policies, ", ")), nil)
			return
		}
		if seen[p] {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("policies: %q given twice", p), nil)
			return
		}
		seen[p] = true
	}
	if len(chk.Policies) == 0 {
		writeError(w, http.StatusUnprocessableEntity, "policies: the scenario defines none", nil)
		return
	}
	// The baseline always runs, first: policies are compared with it.
	if base := chk.Policies[0]; !seen[base] {
		policies = append([]string{base}, policies...)
	} else if policies[0] != base {
		rest := []string{base}
		for _, p := range policies {
			if p != base {
				rest = append(rest, p)
			}
		}
		policies = rest
	}
	draws := req.Draws
	if draws == 0 {
		draws = chk.Draws
	}
	if draws <= 0 || draws > s.cfg.MaxDraws {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("draws: must be from 1 to %d", s.cfg.MaxDraws), nil)
		return
	}
	seed := chk.Seed
	if req.Seed != nil {
		seed = uint64(*req.Seed)
	}
	var set map[string]float64
	for _, p := range slices.Sorted(maps.Keys(req.Set)) {
		x := req.Set[p]
		if x == nil {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("set: %s: want a number, got null", p), nil)
			return
		}
		if set == nil {
			set = map[string]float64{}
		}
		set[p] = *x
	}
	run := store.Run{ID: newID(), Name: req.Name, ScenarioName: scenario, File: file, ScenarioSource: string(src), Policies: policies,
		Draws: draws, Seed: seed, Set: set, Version: s.cfg.Version, Status: store.Queued, Created: s.cfg.Now().UTC()}
	if err := s.cfg.Runner.Admit(ctx, jobOf(run, s.resolver(ctx)), Budget{Bytes: s.cfg.MaxResultBytes, CPU: s.cfg.MaxRunCPU}); err != nil {
		var re *RequestError
		if errors.As(err, &re) {
			writeError(w, http.StatusUnprocessableEntity, re.Error(), nil)
			return
		}
		s.loadError(w, "admit", err)
		return
	}
	select {
	case s.admission <- struct{}{}:
	default:
		w.Header().Set("Retry-After", strconv.Itoa(s.retryAfter()))
		writeError(w, http.StatusTooManyRequests, "the run queue is full; retry later", nil)
		return
	}
	if err := s.cfg.Runs.CreateRun(ctx, run); err != nil {
		<-s.admission
		s.storeError(w, err)
		return
	}
	s.start(run, true)
	w.Header().Set("Location", "/api/runs/"+run.ID)
	writeJSON(w, http.StatusAccepted, s.toJSON(run))
}

// pathRun reads the run that the request's path names by {id}, or answers
// with the store's error and reports false.
func (s *Server) pathRun(w http.ResponseWriter, r *http.Request) (store.Run, bool) {
	run, err := s.cfg.Runs.Run(r.Context(), s.runID(r))
	if err != nil {
		s.storeError(w, err)
		return store.Run{}, false
	}
	return run, true
}

// doneRun is pathRun for what exists only for a finished run (what, such as
// "reports"): a run that has not finished successfully is 409.
func (s *Server) doneRun(w http.ResponseWriter, r *http.Request, what string) (store.Run, bool) {
	run, ok := s.pathRun(w, r)
	if ok && run.Status != store.Done {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %s is %s; %s exist only for finished runs", run.ID, run.Status, what), nil)
		return store.Run{}, false
	}
	return run, ok
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request) {
	if run, ok := s.pathRun(w, r); ok {
		writeJSON(w, http.StatusOK, s.toJSON(run))
	}
}

func (s *Server) deleteRun(w http.ResponseWriter, r *http.Request) {
	run, ok := s.pathRun(w, r)
	if !ok {
		return
	}
	id := run.ID
	if !run.Status.Final() {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %s is %s; cancel it first", id, run.Status), nil)
		return
	}
	if err := s.cfg.Runs.DeleteRun(r.Context(), id); err != nil {
		s.storeError(w, err)
		return
	}
	s.cache.evictRun(id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) cancelRun(w http.ResponseWriter, r *http.Request) {
	run, ok := s.pathRun(w, r)
	if !ok {
		return
	}
	id := run.ID
	s.mu.Lock()
	a := s.active[id]
	s.mu.Unlock()
	if run.Status.Final() || a == nil {
		writeError(w, http.StatusConflict, fmt.Sprintf("run %s is already %s", id, run.Status), nil)
		return
	}
	a.cancel(errCancelled)
	writeJSON(w, http.StatusAccepted, s.toJSON(run))
}

func (s *Server) getRunScenario(w http.ResponseWriter, r *http.Request) {
	run, ok := s.pathRun(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	if r.URL.Query().Get("resolved") == "true" {
		if run.Resolved == "" {
			writeError(w, http.StatusConflict, "the resolved scenario is stored when the run finishes", nil)
			return
		}
		w.Write([]byte(run.Resolved))
		return
	}
	w.Write([]byte(run.ScenarioSource))
}

// getFile serves a finished run's file. Finished files never change, so
// they are cached in memory with their gzip encoding, and served with
// their digest as ETag; clients that accept gzip get the compressed bytes.
func (s *Server) getFile(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := s.runID(r)
		f, ok := s.cache.get(id, name)
		if !ok {
			raw, err := s.cfg.Runs.Artifact(r.Context(), id, name)
			if errors.Is(err, store.ErrNotFound) {
				run, rerr := s.cfg.Runs.Run(r.Context(), id)
				if rerr != nil {
					s.storeError(w, rerr)
					return
				}
				if run.Status != store.Done {
					writeError(w, http.StatusConflict, fmt.Sprintf("run %s is %s; results exist only for finished runs", id, run.Status), nil)
					return
				}
				s.storeError(w, err)
				return
			}
			if err != nil {
				s.storeError(w, err)
				return
			}
			f = s.cache.put(id, raw)
		}
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("Cache-Control", "private, no-cache")
		h.Set("Vary", "Accept-Encoding")
		if name == "results.csv" {
			h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="steppe-%s.csv"`, id))
		}
		body, etag := f.Data, f.SHA256
		if f.gz != nil && acceptsGzip(r) {
			body, etag = f.gz, f.SHA256+"-gz"
			h.Set("Content-Encoding", "gzip")
		}
		if etag != "" {
			h.Set("ETag", `"`+etag+`"`) // ServeContent answers If-None-Match with 304
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(coding) == "gzip" {
			return !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") || strings.Contains(params, "q=0.")
		}
	}
	return false
}
