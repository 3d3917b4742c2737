package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/network"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/store"
)

// getReport answers a finished run's self-contained HTML report (package
// report), as `steppe report RUN_ID` writes it: the dashboard's "Make
// report" button. It is built from the run's stored view and resolved
// scenario, with the map's boundaries when the server has them.
func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	run, ok := s.doneRun(w, r, "reports")
	if !ok {
		return
	}
	a, err := s.cfg.Runs.Artifact(r.Context(), run.ID, "view.json")
	if err != nil {
		s.storeError(w, err)
		return
	}
	var v report.View
	if err := json.Unmarshal(a.Data, &v); err != nil || v.Results == nil {
		writeError(w, http.StatusInternalServerError, fmt.Sprintf("run %s: its stored view cannot be read", run.ID), nil)
		return
	}
	o := report.Options{View: &v, Boundaries: mapBoundaries(s.cfg.Map), Generator: "steppe " + s.cfg.Version,
		Generated: s.cfg.Now().UTC(), Run: &report.RunInfo{ID: run.ID, Name: run.Name, Created: run.Created, Finished: run.Finished}}
	if run.Resolved != "" {
		o.ScenarioSource, o.ScenarioFile = run.Resolved, strings.TrimSuffix(filepath.Base(run.ScenarioName), ".yaml")+"-resolved.yaml"
	}
	if len(s.cfg.Network) > 0 { // the network the dashboard's tables show (GET /api/network/compare)
		if o.Network, err = new(model.Cache).NetworkChanges(v.PolicyProjects()); err != nil {
			writeError(w, http.StatusInternalServerError, err.Error(), nil)
			return
		}
	}
	var buf bytes.Buffer
	if err := report.Write(&buf, o); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="steppe-report-%s.html"`, run.ID[:min(8, len(run.ID))]))
	w.Write(buf.Bytes())
}

// mapBoundaries returns the "boundaries" member of the map layers
// (report.BuildMapLayers), or nil when there are none.
func mapBoundaries(layers []byte) json.RawMessage {
	var m struct {
		Boundaries json.RawMessage `json:"boundaries"`
	}
	if len(layers) == 0 || json.Unmarshal(layers, &m) != nil {
		return nil
	}
	return m.Boundaries
}

// MinRunPrefix is the shortest prefix of a run id that the API and the
// command line accept in place of the whole id (the dashboard shows 8
// characters).
const MinRunPrefix = 6

// maxPrefixScan is how many runs, newest first, a prefix is looked up in.
const maxPrefixScan = 10_000

// runID returns the run id of the request's {id}: the id itself when a run
// has it, else the one run whose id starts with it when it has at least
// MinRunPrefix characters. Anything else is returned unchanged, so that
// the lookup that follows answers 404.
func (s *Server) runID(r *http.Request) string {
	id := r.PathValue("id")
	if len(id) < MinRunPrefix {
		return id
	}
	if _, err := s.cfg.Runs.Run(r.Context(), id); !errors.Is(err, store.ErrNotFound) {
		return id
	}
	runs, err := s.cfg.Runs.Runs(r.Context(), maxPrefixScan)
	if err != nil {
		return id
	}
	match := ""
	for _, run := range runs {
		if strings.HasPrefix(run.ID, id) {
			if match != "" {
				return id // ambiguous: not found
			}
			match = run.ID
		}
	}
	if match == "" {
		return id
	}
	return match
}

type cartRequest struct {
	exploreData
	caseRule
	// MaxDepth bounds the tree's depth (default 5, at most 10); MinLeaf is
	// the fewest experiments in a leaf (default max(5, 1% of the rows)).
	MaxDepth int `json:"max_depth"`
	MinLeaf  int `json:"min_leaf"`
}

// cartResponse is the tree of POST /api/explore/cart, as `steppe explore
// cart --json` prints it.
type cartResponse struct {
	Outcome string              `json:"outcome"`
	Rule    string              `json:"rule"`
	Tree    *explore.CartResult `json:"tree"`
}

// exploreCart grows a classification tree (package explore's Cart) on the
// cases of interest, read as PRIM reads them, and answers its leaves as
// boxes, densest first.
func (s *Server) exploreCart(w http.ResponseWriter, r *http.Request) {
	var req cartRequest
	if !s.decodeExplore(w, r, &req) || !req.caseRule.check(w) {
		return
	}
	if req.MaxDepth < 0 || req.MaxDepth > 10 || req.MinLeaf < 0 {
		writeError(w, http.StatusUnprocessableEntity, "max_depth: from 1 to 10 (0: 5); min_leaf: 0 or more", nil)
		return
	}
	t, in, y, rule, ok := req.caseRule.classify(w, &req.exploreData)
	if !ok {
		return
	}
	tree, err := explore.Cart(in, y, explore.CartOptions{MaxDepth: req.MaxDepth, MinLeaf: req.MinLeaf})
	if err != nil {
		unprocessable(w, fmt.Errorf("%s (%s): %w", t.Source(), rule, err))
		return
	}
	writeJSON(w, http.StatusOK, cartResponse{Outcome: req.Outcome, Rule: rule, Tree: tree})
}

// networkComparison is the answer of GET /api/network/compare: the
// network's measures without and with a policy's projects (package
// network's Comparison, as `steppe network compare --json` prints it).
type networkComparison struct {
	Projects []string `json:"projects"`
	Notes    []string `json:"notes"`
	*network.Comparison
}

// networkCompare adds the lines of the projects named in ?projects= (a
// comma list, as a policy of a run's view lists them) to the bundled
// network's existing lines, and answers every route, corridor, linkage and
// Russian-transit dependence figure that changes: the dashboard's network
// tables before and after a policy. ?policy= names the comparison.
func (s *Server) networkCompare(w http.ResponseWriter, r *http.Request) {
	if len(s.cfg.Network) == 0 || len(s.cfg.NetworkProjects) == 0 {
		writeError(w, http.StatusNotFound, "no network data configured", nil)
		return
	}
	var projects []string
	for _, p := range strings.Split(r.URL.Query().Get("projects"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			projects = append(projects, p)
		}
	}
	var pm network.ProjectMap
	if err := json.Unmarshal(s.cfg.NetworkProjects, &pm); err != nil {
		writeError(w, http.StatusInternalServerError, "network projects: "+err.Error(), nil)
		return
	}
	feats, notes := pm.Features(projects)
	bnd, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
	if err != nil {
		writeError(w, http.StatusInternalServerError, "boundaries: "+err.Error(), nil)
		return
	}
	_, _, base, err := network.Load(s.cfg.Network, "network", bnd, "boundaries", network.Options{}, []network.Status{network.Status("existing")}, nil)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "network: "+err.Error(), nil)
		return
	}
	policy := r.URL.Query().Get("policy")
	c, err := network.Compare(base, policy, feats, network.DefaultConfig())
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
		return
	}
	writeJSON(w, http.StatusOK, networkComparison{Projects: nonNilStrings(projects), Notes: nonNilStrings(notes), Comparison: c})
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
