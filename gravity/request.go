package gravity

// This file is `steppe gravity estimate`: its flags as a request, checked
// and fitted here, so that the binary only parses flags and prints.

import (
	"errors"
	"io"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// EstimateRequest is a fit as the command line asks for it; its fields
// are the flags of `steppe gravity estimate`, whose help explains them.
type EstimateRequest struct {
	Data, Formula    string
	Vcov             string // iid, hetero, cluster:a, ...
	Family           string // as ParseFamily reads it
	Separation       string // as ParseSeparation reads it
	Offset           string // an expression over the columns; "": none
	Fixef            bool   // recover the fixed-effect estimates
	FixefTol, GLMTol float64
	GLMIter, Threads int
}

// Estimate is a fit and its standard errors.
type Estimate struct {
	*Result
	Vcov  *Vcov
	fixef bool
}

// Run checks the request, reads the data and fits. Problems of the
// request, the data or the formula are the user's errors (userinput),
// naming the flag; a numerical failure is not.
func (r EstimateRequest) Run() (*Estimate, error) {
	if r.Data == "" {
		return nil, userinput.Errorf("gravity estimate: --data is required")
	}
	if r.Formula == "" {
		return nil, userinput.Errorf("gravity estimate: --formula is required")
	}
	if r.Offset != "" {
		if _, err := ParseExpr(r.Offset); err != nil {
			return nil, r.offsetErr(err)
		}
	}
	spec, err := ParseVcov(r.Vcov)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	opt := Options{FixefTol: r.FixefTol, GLMTol: r.GLMTol, GLMMaxIter: r.GLMIter, Threads: r.Threads, Fixef: r.Fixef, Offset: r.Offset}
	if opt.Family, err = ParseFamily(r.Family); err != nil {
		return nil, userinput.Errorf("gravity estimate: --%v", err)
	}
	if opt.Separation, err = ParseSeparation(r.Separation); err != nil {
		return nil, userinput.Errorf("gravity estimate: --%v", err)
	}
	frame, err := ReadFile(r.Data)
	if err != nil {
		return nil, userinput.Errorf("gravity estimate: %w", err)
	}
	if r.Offset != "" {
		if err := CheckExpr(frame, r.Offset); err != nil {
			return nil, r.offsetErr(err)
		}
	}
	res, err := Fit(frame, r.Formula, opt)
	if err != nil {
		return nil, inputOr(err)
	}
	v, err := res.Vcov(spec)
	if err != nil {
		return nil, inputOr(err)
	}
	return &Estimate{Result: res, Vcov: v, fixef: r.Fixef}, nil
}

// inputOr marks err as the user's when IsInputError says so.
func inputOr(err error) error {
	if IsInputError(err) {
		return userinput.Wrap(err)
	}
	return err
}

// offsetErr names the --offset flag and the place in its expression on
// one line.
func (r EstimateRequest) offsetErr(err error) error {
	var fe *FormulaError
	if errors.As(err, &fe) {
		return userinput.Errorf("gravity estimate: --offset %q: column %d: %s", r.Offset, fe.Col, fe.Msg)
	}
	return userinput.Errorf("gravity estimate: --offset %q: %v", r.Offset, err)
}

// JSON is the estimate's JSON document: the summary, with the fixed-effect
// estimates when they were asked for.
func (e *Estimate) JSON() any {
	s := e.Summary(e.Vcov)
	if !e.fixef {
		return s
	}
	return struct {
		Summary
		FixedEffects []FixedEffect `json:"fixed_effect_estimates"`
	}{s, e.FixedEffects}
}

// WriteText writes the coefficient table.
func (e *Estimate) WriteText(w io.Writer) error { return e.WriteTable(w, e.Vcov) }
