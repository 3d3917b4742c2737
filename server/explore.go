package server

import (
	"fmt"
	"math"
	"net/http"
	"strings"

	"github.com/steppe-dev/steppe/explore"
)

// The explore endpoints run package explore's analyses on a table of
// experiments sent as CSV text inside a JSON request: Sobol' indices with
// bootstrap intervals, and PRIM scenario discovery with the coverage-density
// trade-off curve. They answer explore's own JSON (explore.SobolResult,
// explore.PrimReport), the same that `steppe explore sobol|prim --json`
// prints. A CSV that does not parse is 400; a well-formed table that does
// not fit the analysis (unknown or non-numeric column, constant outcome,
// rows not in the Saltelli layout, options out of range) is 422.

// maxResamples caps the bootstrap resamples one request may ask for, so
// that a small body cannot ask for unbounded work.
const maxResamples = 10_000

// maxBootstrapWork caps rows × resamples of one Sobol' request (about ten
// seconds of bootstrap on one core).
const maxBootstrapWork = 1_000_000_000

// maxLevels caps the levels of a categorical PRIM input: peeling levels
// one at a time grows faster than quadratically with their number, and a
// column with hundreds of distinct labels is an identifier, not a factor.
const maxLevels = 200

// exploreData is what both analyses read: the CSV and the columns.
type exploreData struct {
	// CSV is the table of experiments: a header row, then one row per
	// experiment; leading '#' lines are comments ("factor NAME ..." lines,
	// as steppe explore sample writes them, name the default inputs).
	CSV string `json:"csv"`
	// File names the CSV in error messages (default experiments.csv).
	File string `json:"file"`
	// Inputs are the explanatory columns (default: the factors declared in
	// the CSV's comments).
	Inputs []string `json:"inputs"`
	// Categorical names the inputs to read as categorical (each distinct
	// value a level) beside those the CSV's comments declare so; every
	// other input must hold numbers (or only true/false), so that a stray
	// word in a numeric column is an error, not a categorical input.
	Categorical []string `json:"categorical"`
	Outcome     string   `json:"outcome"`
}

type sobolRequest struct {
	exploreData
	// SecondOrder is "auto" (default: from the CSV's comments or its row
	// count), "true" or "false".
	SecondOrder string  `json:"second_order"`
	Estimator   string  `json:"estimator"`
	Resamples   int     `json:"resamples"`
	Conf        float64 `json:"conf"`
	Seed        *Seed   `json:"seed"` // bootstrap seed (default 1)
}

// caseRule says which experiments are cases of interest, for PRIM and CART.
type caseRule struct {
	// Threshold makes a case of interest an outcome above it (below with
	// Below); Positive instead reads the outcome as a flag. Exactly one of
	// Threshold and Positive is required.
	Threshold *float64 `json:"threshold"`
	Below     bool     `json:"below"`
	Positive  bool     `json:"positive"`
}

type primRequest struct {
	exploreData
	caseRule
	PeelAlpha  float64 `json:"peel_alpha"`
	PasteAlpha float64 `json:"paste_alpha"`
	MassMin    float64 `json:"mass_min"`
	Objective  string  `json:"objective"`
	Boxes      int     `json:"boxes"`
	// Choose selects a point of the first box's trajectory (default: the
	// knee, the best harmonic mean of coverage and density).
	Choose *int `json:"choose"`
}

// decodeExplore decodes an explore request with the CSV body limit, and
// answers 415, 413 or 400 as decode does.
func (s *Server) decodeExplore(w http.ResponseWriter, r *http.Request, v any) bool {
	return s.decodeLimit(w, r, v, s.cfg.MaxCSV)
}

// table parses the CSV and resolves the inputs and outcome: false (after
// answering 400 or 422) when they are unusable.
func (d *exploreData) table(w http.ResponseWriter) (*explore.Table, []string, bool) {
	name := uploadFile(d.File)
	if d.File == "" {
		name = "experiments.csv"
	}
	if strings.TrimSpace(d.CSV) == "" {
		writeError(w, http.StatusBadRequest, "csv: empty; send the experiments as CSV text with a header row", nil)
		return nil, nil, false
	}
	t, err := explore.ReadCSV(strings.NewReader(d.CSV), name)
	if err != nil {
		writeError(w, http.StatusBadRequest, "malformed CSV: "+err.Error(), nil)
		return nil, nil, false
	}
	if t.Len() == 0 {
		writeError(w, http.StatusUnprocessableEntity, name+": no rows after the header", nil)
		return nil, nil, false
	}
	if d.Outcome == "" {
		writeError(w, http.StatusUnprocessableEntity, "outcome: required (one of the CSV's columns)", nil)
		return nil, nil, false
	}
	inputs := d.Inputs
	if len(inputs) == 0 {
		for _, c := range t.Comments {
			if rest, ok := strings.CutPrefix(c, "factor "); ok {
				if n, _, ok := strings.Cut(rest, " "); ok {
					inputs = append(inputs, n)
				}
			}
		}
	}
	if len(inputs) == 0 {
		writeError(w, http.StatusUnprocessableEntity, "inputs: required (the CSV declares no factors in its comments)", nil)
		return nil, nil, false
	}
	seen := map[string]bool{}
	for _, in := range append(append([]string(nil), inputs...), d.Outcome) {
		if !t.Has(in) {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("%s: no column %q; the header has %s", name, in, strings.Join(t.Names, ", ")), nil)
			return nil, nil, false
		}
	}
	for _, in := range inputs {
		if seen[in] {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("inputs: %q given twice", in), nil)
			return nil, nil, false
		}
		if in == d.Outcome {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("inputs: %q is the outcome", in), nil)
			return nil, nil, false
		}
		seen[in] = true
	}
	return t, inputs, true
}

func unprocessable(w http.ResponseWriter, err error) {
	writeError(w, http.StatusUnprocessableEntity, err.Error(), nil)
}

func (s *Server) exploreSobol(w http.ResponseWriter, r *http.Request) {
	var req sobolRequest
	if !s.decodeExplore(w, r, &req) {
		return
	}
	if req.Resamples > maxResamples {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("resamples: at most %d", maxResamples), nil)
		return
	}
	if req.Conf != 0 && !(req.Conf > 0 && req.Conf < 1) {
		writeError(w, http.StatusUnprocessableEntity, "conf: the confidence level must lie between 0 and 1", nil)
		return
	}
	switch explore.Estimator(req.Estimator) {
	case "", explore.Saltelli2010, explore.Jansen:
	default:
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("estimator: %q; want saltelli2010 or jansen", req.Estimator), nil)
		return
	}
	t, inputs, ok := req.table(w)
	if !ok {
		return
	}
	y, err := t.Outcome(req.Outcome)
	if err != nil {
		unprocessable(w, err)
		return
	}
	x, err := t.Inputs(inputs)
	if err != nil {
		unprocessable(w, err)
		return
	}
	resamples := req.Resamples
	if resamples == 0 {
		resamples = 1000
	}
	if resamples > 0 && int64(resamples)*int64(len(y)) > maxBootstrapWork {
		writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("resamples: %d resamples of %d rows is more bootstrap work than one request may ask (%d row-resamples); ask for at most %d", resamples, len(y), int64(maxBootstrapWork), maxBootstrapWork/int64(len(y))), nil)
		return
	}
	// A grouped design (steppe explore sample --groups) names its groups in
	// the CSV's comments; its indices are per group, as the CLI reports them.
	var groups []explore.Group
	if len(req.Inputs) == 0 {
		groups = explore.ParseGroupComments(t.Comments)
	}
	names := explore.SaltelliFactors(inputs, groups)
	so, err := explore.SaltelliSecondOrder(req.SecondOrder, t.Meta, len(y), len(names))
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "second_order: "+err.Error(), nil)
		return
	}
	if err := explore.CheckSaltelliGroups(x, inputs, groups, so); err != nil {
		unprocessable(w, fmt.Errorf("%s: %w", t.Source(), err))
		return
	}
	seed := uint64(1)
	if req.Seed != nil {
		seed = uint64(*req.Seed)
	}
	res, err := explore.SobolAnalyze(y, explore.SobolOptions{Inputs: names, SecondOrder: so,
		Estimator: explore.Estimator(req.Estimator), Resamples: req.Resamples, Conf: req.Conf, Seed: seed})
	if err != nil {
		unprocessable(w, fmt.Errorf("%s: %w", t.Source(), err))
		return
	}
	res.Outcome = req.Outcome
	res.Groups = groups
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) explorePrim(w http.ResponseWriter, r *http.Request) {
	var req primRequest
	if !s.decodeExplore(w, r, &req) {
		return
	}
	if !req.caseRule.check(w) {
		return
	}
	if req.Boxes == 0 {
		req.Boxes = 1
	}
	if req.Boxes < 1 || req.Boxes > 10 {
		writeError(w, http.StatusUnprocessableEntity, "boxes: from 1 to 10", nil)
		return
	}
	t, in, y, rule, ok := req.caseRule.classify(w, &req.exploreData)
	if !ok {
		return
	}
	p, err := explore.NewPrim(in, y, explore.PrimOptions{PeelAlpha: req.PeelAlpha, PasteAlpha: req.PasteAlpha,
		MassMin: req.MassMin, Objective: explore.Objective(req.Objective)})
	if err != nil {
		unprocessable(w, fmt.Errorf("%s (%s): %w", t.Source(), rule, err))
		return
	}
	choose := -1
	if req.Choose != nil {
		choose = *req.Choose
	}
	res, err := p.Report(req.Boxes, choose)
	if err != nil {
		unprocessable(w, err)
		return
	}
	res.Outcome, res.Rule = req.Outcome, rule
	writeJSON(w, http.StatusOK, res)
}

// check answers 422 unless exactly one of a finite threshold and positive
// is given.
func (c *caseRule) check(w http.ResponseWriter) bool {
	if (c.Threshold != nil) == c.Positive {
		writeError(w, http.StatusUnprocessableEntity, "give exactly one of threshold (cases of interest lie above it, or below with below: true) and positive: true (the outcome is already a flag)", nil)
		return false
	}
	if c.Threshold != nil && (math.IsNaN(*c.Threshold) || math.IsInf(*c.Threshold, 0)) {
		writeError(w, http.StatusUnprocessableEntity, "threshold: must be a finite number", nil)
		return false
	}
	return true
}

// classify resolves d's table and inputs, then its cases of interest by
// the rule: false (after answering 400 or 422) when they are unusable.
func (c *caseRule) classify(w http.ResponseWriter, d *exploreData) (*explore.Table, []explore.Input, []bool, string, bool) {
	t, inputs, ok := d.table(w)
	if !ok {
		return nil, nil, nil, "", false
	}
	in, y, rule, ok := c.cases(w, t, inputs, d.Categorical, d.Outcome)
	return t, in, y, rule, ok
}

// cases reads the inputs and the cases of interest of t by the rule, and
// the rule in words: false (after answering 422) when a column does not fit.
func (c *caseRule) cases(w http.ResponseWriter, t *explore.Table, inputs, categorical []string, outcome string) ([]explore.Input, []bool, string, bool) {
	col, err := t.Column(outcome, false)
	if err != nil {
		unprocessable(w, err)
		return nil, nil, "", false
	}
	y := make([]bool, len(col.Floats))
	var rule string
	if c.Positive {
		if col.Kind == explore.KindCategorical {
			_, err := t.Numbers(outcome)
			unprocessable(w, err)
			return nil, nil, "", false
		}
		for i, v := range col.Floats {
			y[i] = v != 0
		}
		rule = outcome + " is true (non-zero)"
	} else {
		if col.Kind != explore.KindNumeric {
			_, err := t.Numbers(outcome)
			if err == nil {
				err = fmt.Errorf("outcome %q is not numeric", outcome)
			}
			unprocessable(w, err)
			return nil, nil, "", false
		}
		if _, err := t.Outcome(outcome); err != nil {
			unprocessable(w, err)
			return nil, nil, "", false
		}
		th := *c.Threshold
		for i, v := range col.Floats {
			if c.Below {
				y[i] = v < th
			} else {
				y[i] = v > th
			}
		}
		op := ">"
		if c.Below {
			op = "<"
		}
		rule = fmt.Sprintf("%s %s %g", outcome, op, th)
	}
	in, err := t.DeclaredInputs(inputs, categorical)
	if err != nil {
		unprocessable(w, err)
		return nil, nil, "", false
	}
	for j, n := range inputs {
		if lv := len(in[j].Levels); lv > maxLevels {
			writeError(w, http.StatusUnprocessableEntity, fmt.Sprintf("%s: input %q has %d levels; PRIM takes at most %d levels of a categorical input", t.Source(), n, lv, maxLevels), nil)
			return nil, nil, "", false
		}
	}
	return in, y, rule, true
}
