package risk

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// Prior is a normal prior N(Mean, SD²) on one coefficient, on the scale of
// the transformed feature (see [Feature]).
type Prior struct {
	Mean   float64 `json:"mean"`
	SD     float64 `json:"sd"`
	Source string  `json:"source,omitempty"` // why: a citation or "default"
}

func (p Prior) String() string { return fmt.Sprintf("normal(%g, %g)", p.Mean, p.SD) }

// Priors are the stated priors of the decision models. A scenario or the
// command line may override any coefficient's prior by feature name, for
// example an expert prior on non_russian_ties (the argument's economic
// integration effect).
type Priors struct {
	Intercept Prior            `json:"intercept"`
	Slope     Prior            `json:"slope"` // default for every other coefficient
	Coef      map[string]Prior `json:"coef,omitempty"`
	// Cut is the prior on each cutpoint of the ordinal model.
	Cut Prior `json:"cut"`
}

// DefaultPriors are weakly informative: N(0, 5²) on the intercept and
// N(0, 2.5²) on each slope of a 0/1 or per-10-points input, the normal
// analogue of the default of Gelman, Jakulin, Pittau and Su (2008), "A
// weakly informative default prior distribution for logistic and other
// regression models", Annals of Applied Statistics 2(4). A slope of 2.5
// multiplies the odds by 12; the prior keeps estimates finite under the
// complete separation that 45 episodes produce.
func DefaultPriors() Priors {
	src := "default: Gelman et al. (2008) weakly informative"
	return Priors{
		Intercept: Prior{0, 5, src},
		Slope:     Prior{0, 2.5, src},
		Cut:       Prior{0, 5, src},
	}
}

// For returns the prior of feature name.
func (p Priors) For(name string) Prior {
	if c, ok := p.Coef[name]; ok {
		return c
	}
	if name == FeatIntercept {
		return p.Intercept
	}
	return p.Slope
}

var priorRE = regexp.MustCompile(`^([a-z_0-9]+)=normal\(\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)\s*\)$`)

// ParsePriorOverride parses "feature=normal(mean,sd)" into the feature name
// and prior; fs lists the valid names.
func ParsePriorOverride(s string, fs []Feature) (string, Prior, error) {
	m := priorRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", Prior{}, fmt.Errorf("prior %q: want feature=normal(mean,sd)", s)
	}
	known := false
	for _, f := range fs {
		known = known || f.Name == m[1]
	}
	if !known {
		var names []string
		for _, f := range fs {
			names = append(names, f.Name)
		}
		return "", Prior{}, fmt.Errorf("prior %q: unknown feature %q (want one of %s)", s, m[1], strings.Join(names, ", "))
	}
	mean, err1 := strconv.ParseFloat(m[2], 64)
	sd, err2 := strconv.ParseFloat(m[3], 64)
	if err1 != nil || err2 != nil || !(sd > 0) || sd > 1e6 {
		return "", Prior{}, fmt.Errorf("prior %q: mean and sd must be numbers with sd > 0", s)
	}
	return m[1], Prior{Mean: mean, SD: sd, Source: "user override"}, nil
}

// ReadPriors decodes a priors file (JSON of [Priors]) and checks it against
// the feature specification fs: every sd positive and finite, every
// coefficient name known. Unknown JSON fields are errors.
func ReadPriors(name string, r io.Reader, fs []Feature) (Priors, error) {
	var p Priors
	if err := decodeStrict(r, &p); err != nil {
		return Priors{}, fmt.Errorf("%s: %w", name, err)
	}
	check := func(field string, q Prior) error {
		if !(q.SD > 0) || math.IsInf(q.SD, 0) || math.IsNaN(q.Mean) || math.IsInf(q.Mean, 0) {
			return fmt.Errorf("%s: %s: want a finite mean and sd > 0, got %v", name, field, q)
		}
		return nil
	}
	for field, q := range map[string]Prior{"intercept": p.Intercept, "slope": p.Slope, "cut": p.Cut} {
		if err := check(field, q); err != nil {
			return Priors{}, err
		}
	}
	known := map[string]bool{}
	for _, f := range fs {
		known[f.Name] = true
	}
	for c, q := range p.Coef {
		if !known[c] {
			return Priors{}, fmt.Errorf("%s: coef: unknown feature %q", name, c)
		}
		if err := check("coef."+c, q); err != nil {
			return Priors{}, err
		}
	}
	return p, nil
}

// PriorError is a problem with a prior a scenario states: At is where the
// scenario states it, Field its path.
type PriorError struct {
	At         world.Pos
	Field, Msg string
}

func (e *PriorError) Error() string { return e.At.String() + ": " + e.Field + ": " + e.Msg }

// WithScenario returns p with the priors a scenario states laid over it:
// each stated entry replaces p's. fs lists the model's features; a
// coefficient prior for a name not among them is a [*PriorError] (several
// are joined with errors.Join).
func (p Priors) WithScenario(sp world.DecisionPriors, fs []Feature) (Priors, error) {
	out := p
	out.Coef = make(map[string]Prior, len(p.Coef)+len(sp.Coef))
	for k, v := range p.Coef {
		out.Coef[k] = v
	}
	conv := func(q world.Prior) Prior {
		src := q.Source
		if q.Assumption {
			src = "assumption: " + q.Reason
		}
		return Prior{Mean: q.Mean, SD: q.SD, Source: "scenario " + q.At.String() + ": " + src}
	}
	if sp.Intercept != nil {
		out.Intercept = conv(*sp.Intercept)
	}
	if sp.Slope != nil {
		out.Slope = conv(*sp.Slope)
	}
	if sp.Cut != nil {
		out.Cut = conv(*sp.Cut)
	}
	known := map[string]bool{}
	var names []string
	for _, f := range fs {
		known[f.Name] = true
		if f.Name != FeatIntercept {
			names = append(names, f.Name)
		}
	}
	var errs []error
	keys := make([]string, 0, len(sp.Coef))
	for k := range sp.Coef {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		q := sp.Coef[k]
		if !known[k] || k == FeatIntercept {
			errs = append(errs, &PriorError{At: q.At, Field: "decision.priors.coef." + k,
				Msg: fmt.Sprintf("not a feature of the calibrated intervention model (want one of %s; the intercept has its own entry, decision.priors.intercept)",
					strings.Join(names, ", "))})
			continue
		}
		out.Coef[k] = conv(q)
	}
	if len(errs) > 0 {
		return Priors{}, errors.Join(errs...)
	}
	if len(out.Coef) == 0 {
		out.Coef = nil
	}
	return out, nil
}

// Diff lists, as "name normal(mean, sd)", the priors of p that put another
// distribution (mean or sd; sources aside) than q's on a coefficient of
// features fs or on the cutpoints ("cutpoints"), in feature order.
func (p Priors) Diff(q Priors, fs []Feature) []string {
	var out []string
	differ := func(a, b Prior) bool { return a.Mean != b.Mean || a.SD != b.SD }
	for _, f := range fs {
		if a := p.For(f.Name); differ(a, q.For(f.Name)) {
			out = append(out, f.Name+" "+a.String())
		}
	}
	if differ(p.Cut, q.Cut) {
		out = append(out, "cutpoints "+p.Cut.String())
	}
	return out
}

// SameAs reports whether p and q put the same distributions on every
// coefficient of features fs and on the cutpoints, so that a fit under one
// is a fit under the other.
func (p Priors) SameAs(q Priors, fs []Feature) bool { return len(p.Diff(q, fs)) == 0 }
