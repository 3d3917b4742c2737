package explore

// This file holds what the command line asks of the analyses: a CSV of
// experiments with its input and outcome columns (the flags shared by
// `steppe explore sobol`, `morris`, `prim`, `cart` and `robust`), the
// rule that makes rows cases of interest, and the groups of a grouped
// Sobol' design, each checked here so that the binary only parses flags.

import (
	"errors"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// DataRequest names the experiments and their columns; its fields are the
// flags --data, --inputs (a comma list; empty: the factors of the file's
// header) and --outcome.
type DataRequest struct {
	Data, Inputs, Outcome string
}

// Load reads the table and resolves the input and outcome columns. Errors
// are the user's (userinput) and name the file or the flag.
func (r DataRequest) Load() (*Table, []string, error) {
	if r.Data == "" {
		return nil, nil, userinput.Errorf("--data is required")
	}
	if r.Outcome == "" {
		return nil, nil, userinput.Errorf("--outcome is required")
	}
	fh, err := os.Open(r.Data)
	if err != nil {
		return nil, nil, userinput.Wrap(err)
	}
	defer fh.Close()
	t, err := ReadCSV(fh, r.Data)
	if err != nil {
		return nil, nil, userinput.Wrap(err)
	}
	if t.Len() == 0 {
		return nil, nil, userinput.Errorf("%s: no rows", r.Data)
	}
	inputs := userinput.List(r.Inputs)
	if r.Inputs == "" {
		inputs = t.HeaderFactors()
	}
	if r.Inputs == "" && len(inputs) == 0 {
		return nil, nil, userinput.Errorf("--inputs is required: %s names no factors in its header comments", r.Data)
	}
	if err := t.CheckColumns(append(append([]string{}, inputs...), r.Outcome)); err != nil {
		if d := (*DuplicateColumnError)(nil); errors.As(err, &d) {
			return nil, nil, userinput.Errorf("%v in --inputs/--outcome", err)
		}
		return nil, nil, userinput.Wrap(err)
	}
	return t, inputs, nil
}

// LoadNumeric loads the table with its inputs as numbers (x, by row) and
// its outcome (y), as the sensitivity analyses need them; a constant
// outcome or text in an undeclared input column is the user's error.
func (r DataRequest) LoadNumeric() (t *Table, inputs []string, x [][]float64, y []float64, err error) {
	if t, inputs, err = r.Load(); err != nil {
		return nil, nil, nil, nil, err
	}
	if y, err = t.Outcome(r.Outcome); err != nil {
		return nil, nil, nil, nil, userinput.Wrap(err)
	}
	if x, err = t.Inputs(inputs); err != nil {
		return nil, nil, nil, nil, userinput.Wrap(err)
	}
	return t, inputs, x, y, nil
}

// SobolGroups returns the groups of a grouped Saltelli design: those of
// the flags --group (specs, every input in one), else, when the inputs
// came from the file's header (inputsGiven false), those of its header
// comments; nil for an ungrouped design.
func SobolGroups(t *Table, inputs, specs []string, inputsGiven bool) ([]Group, error) {
	if len(specs) == 0 {
		if inputsGiven {
			return nil, nil
		}
		return ParseGroupComments(t.Comments), nil
	}
	var gs []GroupSpec
	for _, g := range specs {
		sp, err := ParseGroupSpec(g)
		if err != nil {
			return nil, userinput.Errorf("--group: %v", err)
		}
		gs = append(gs, sp)
	}
	groups, unmatched, _, err := AssignGroups(inputs, gs)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	if len(unmatched) > 0 {
		return nil, userinput.Errorf("--group: no group matches input(s) %s; every input must be in a group", strings.Join(unmatched, ", "))
	}
	return groups, nil
}

// CaseRequest turns an outcome column into cases of interest for
// scenario discovery; its fields are the flags --threshold (NaN: not
// given), --below, --positive, --or-equal, --categorical (a comma list)
// and --sobol-ab.
type CaseRequest struct {
	Threshold                float64
	Below, Positive, OrEqual bool
	SobolAB                  bool
	Categorical              string
}

// Cases loads the experiments of d for scenario discovery: the typed
// inputs, which rows are cases of interest, and the rule in words.
func (r CaseRequest) Cases(d DataRequest) ([]Input, []bool, string, error) {
	t, inputs, err := d.Load()
	if err != nil {
		return nil, nil, "", err
	}
	if r.SobolAB {
		ab, err := SaltelliAB(t, inputs)
		if err != nil {
			return nil, nil, "", userinput.Errorf("%s: --sobol-ab: %v", t.Source(), err)
		}
		t = ab
	}
	if hasT := !math.IsNaN(r.Threshold); hasT == r.Positive {
		return nil, nil, "", userinput.Errorf("give exactly one of --threshold T or --positive")
	}
	c := Classifier{Threshold: r.Threshold, Below: r.Below, Positive: r.Positive, OrEqual: r.OrEqual}
	y, rule, err := c.Classify(t, d.Outcome)
	if err != nil {
		return nil, nil, "", userinput.Wrap(err)
	}
	cats := userinput.List(r.Categorical)
	for _, n := range cats {
		if !slices.Contains(inputs, n) {
			return nil, nil, "", userinput.Errorf("--categorical %s: not one of the inputs (%s)", n, strings.Join(inputs, ", "))
		}
	}
	in, err := t.DeclaredInputs(inputs, cats)
	if err != nil {
		return nil, nil, "", userinput.Wrap(err)
	}
	return in, y, rule, nil
}

// SobolRequest is `steppe explore sobol`: Sobol' indices of the
// experiments of a DataRequest in the Saltelli layout. SecondOrderRows is
// auto, true or false (SaltelliSecondOrder); Groups are --group specs.
type SobolRequest struct {
	SobolOptions
	SecondOrderRows string
	Groups          []string
}

// Run loads the experiments and estimates the indices; it also returns
// the number of inputs (columns), which the text needs.
func (r SobolRequest) Run(d DataRequest) (*SobolResult, int, error) {
	t, inputs, x, y, err := d.LoadNumeric()
	if err != nil {
		return nil, 0, err
	}
	// Grouped designs: the groups of the file's header, or --group.
	groups, err := SobolGroups(t, inputs, r.Groups, d.Inputs != "")
	if err != nil {
		return nil, 0, err
	}
	o := r.SobolOptions
	o.Inputs = SaltelliFactors(inputs, groups)
	if o.SecondOrder, err = SaltelliSecondOrder(r.SecondOrderRows, t.Meta, len(y), len(o.Inputs)); err != nil {
		return nil, 0, userinput.Errorf("--second-order %v", err)
	}
	if err := CheckSaltelliGroups(x, inputs, groups, o.SecondOrder); err != nil {
		return nil, 0, userinput.Errorf("%s: %v", d.Data, err)
	}
	res, err := SobolAnalyze(y, o)
	if err != nil {
		return nil, 0, userinput.Errorf("%s: %v", d.Data, err)
	}
	res.Outcome, res.Groups = d.Outcome, groups
	return res, len(inputs), nil
}

// RobustRequest is `steppe explore robust`: policies scored over the same
// scenarios. Threshold NaN is no satisficing level.
type RobustRequest struct {
	PolicyCol, ScenarioCol string
	Minimize               bool
	Percentile, Threshold  float64
}

// Run loads the experiments of d (no inputs needed) and scores the
// policies; an analysis error is the data's, named by the file.
func (r RobustRequest) Run(d DataRequest) (*RobustResult, error) {
	if r.PolicyCol == "" {
		return nil, userinput.Errorf("--policy-col is required")
	}
	if d.Inputs == "" {
		d.Inputs = "," // no inputs needed
	}
	t, inputs, err := d.Load()
	if err != nil {
		return nil, err
	}
	pol, err := t.Strings(r.PolicyCol)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	y, err := t.Numbers(d.Outcome)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	scen, err := ScenarioIDs(t, pol, r.ScenarioCol, inputs)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	opt := RobustOptions{Minimize: r.Minimize, Percentile: r.Percentile}
	if !math.IsNaN(r.Threshold) {
		opt.Threshold = &r.Threshold
	}
	res, err := Robustness(pol, scen, y, opt)
	if err != nil {
		return nil, userinput.Errorf("%s: %v", d.Data, err)
	}
	res.Outcome = d.Outcome
	return res, nil
}
