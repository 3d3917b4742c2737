package scenario

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"

	"github.com/steppe-dev/steppe/dist"
	"github.com/steppe-dev/steppe/world"
)

func reflectValue(p any) reflect.Value { return reflect.ValueOf(p).Elem() }

// constraint is the admissible range of a value.
type constraint int

const (
	anyReal  constraint = iota
	nonNeg              // ≥ 0
	prob                // in [0, 1]
	yearLike            // a calendar year, 1900..2200
	share11             // in [-1, 1] (a change in a share)
)

type resolver struct {
	d      *decoder
	actors map[string]world.Role
	paths  map[string]bool       // paths of the values stated, for claims
	ranges map[string]constraint // constraints of the values stated, by path
	top    Pos                   // the top of the file, for what is missing there
}

func (r *resolver) errf(p Pos, field, format string, a ...any) {
	r.d.errs.add(p, field, format, a...)
}

// value converts and checks a Val. parent is the position used when a
// required value is missing.
func (r *resolver) value(v Val, path string, c constraint, required bool, parent Pos) world.Value {
	if !v.Set {
		if v.Pos.Line != 0 {
			return world.Value{} // a type error, already reported
		}
		if required {
			r.errf(parent, path, "missing")
		}
		return world.Value{}
	}
	out := world.Value{Path: path, Set: true}
	r.paths[path] = true
	if c != anyReal {
		r.ranges[path] = c
	}
	if !v.Value.Set && v.Value.Pos.Line == 0 {
		r.errf(v.Pos, path+".value", "missing")
	}
	out.V = v.Value.V
	out.Source = v.Source.V
	out.Assumption = v.Assumption.V
	out.Reason = v.Reason.V
	if v.Year.Set {
		if v.Year.V != math.Trunc(v.Year.V) || v.Year.V < 1900 || v.Year.V > 2200 {
			r.errf(v.Year.Pos, path+".year", "%g is not a year between 1900 and 2200", v.Year.V)
		}
		out.Year = int(v.Year.V)
	}
	r.provenance(v.Pos, path, v.Source, v.Assumption, v.Reason)
	if v.Value.Set {
		r.check(v.Value.Pos, path+".value", v.Value.V, c)
	}
	if v.Dist != nil {
		out.Dist = r.dist(v.Dist, path+".dist", c)
		if out.Dist != nil && v.Value.Set {
			lo, hi := out.Dist.Support()
			if v.Value.V < lo || v.Value.V > hi {
				r.errf(v.Value.Pos, path+".value", "%g lies outside its distribution %v", v.Value.V, out.Dist)
			}
		}
	}
	return out
}

// provenance checks that a number stated at pos has a non-empty source, or
// is an assumption with a reason.
func (r *resolver) provenance(pos Pos, path string, source Str, assumption Bool, reason Str) {
	switch {
	case source.Set && strings.TrimSpace(source.V) == "":
		r.errf(source.Pos, path+".source", "empty source")
	case !source.Set && !assumption.V:
		r.errf(pos, path, "no source: give source, or assumption: true with a reason")
	}
	if assumption.V && strings.TrimSpace(reason.V) == "" {
		r.errf(assumption.Pos, path+".reason", "an assumption needs a one-line reason")
	}
}

func (r *resolver) check(p Pos, field string, x float64, c constraint) {
	if msg := c.problem(x); msg != "" {
		r.errf(p, field, "%s", msg)
	}
}

// problem says how x breaks c, or is empty when x is admissible.
func (c constraint) problem(x float64) string {
	switch c {
	case nonNeg:
		if x < 0 {
			return fmt.Sprintf("%g must not be negative", x)
		}
	case prob:
		if x < 0 || x > 1 {
			return fmt.Sprintf("%g is outside [0, 1]", x)
		}
	case share11:
		if x < -1 || x > 1 {
			return fmt.Sprintf("%g is outside [-1, 1]", x)
		}
	case yearLike:
		if x < 1900 || x > 2200 {
			return fmt.Sprintf("%g is not a year between 1900 and 2200", x)
		}
	}
	return ""
}

var distParams = map[string][]string{
	"normal":     {"mean", "sd"},
	"lognormal":  {"mu", "sigma"},
	"uniform":    {"min", "max"},
	"beta":       {"alpha", "beta"}, // min, max optional
	"triangular": {"min", "mode", "max"},
	"fixed":      {"value"},
}

func (r *resolver) dist(s *DistSpec, path string, c constraint) dist.Dist {
	if !s.Type.Set {
		r.errf(s.Pos, path+".type", "missing (want normal, lognormal, uniform, beta, triangular or fixed)")
		return nil
	}
	want, ok := distParams[s.Type.V]
	if !ok {
		r.errf(s.Type.Pos, path+".type", "unknown distribution %q (want normal, lognormal, uniform, beta, triangular or fixed)", s.Type.V)
		return nil
	}
	given := map[string]Num{"mean": s.Mean, "sd": s.SD, "mu": s.Mu, "sigma": s.Sigma, "min": s.Min, "max": s.Max,
		"mode": s.Mode, "alpha": s.Alpha, "beta": s.Beta, "value": s.Value}
	allowed := map[string]bool{}
	for _, p := range want {
		allowed[p] = true
	}
	if s.Type.V == "beta" {
		allowed["min"], allowed["max"] = true, true
	}
	bad := false
	for _, p := range []string{"mean", "sd", "mu", "sigma", "min", "max", "mode", "alpha", "beta", "value"} {
		if given[p].Set && !allowed[p] {
			r.errf(given[p].Pos, path+"."+p, "not a parameter of %s (want %s)", s.Type.V, strings.Join(want, ", "))
			bad = true
		}
	}
	for _, p := range want {
		switch {
		case !given[p].Set && given[p].Pos.Line != 0:
			bad = true // given but not a finite number, already reported
		case !given[p].Set:
			r.errf(s.Pos, path+"."+p, "missing (%s needs %s)", s.Type.V, strings.Join(want, ", "))
			bad = true
		}
	}
	if s.Type.V == "beta" && s.Min.Set != s.Max.Set {
		r.errf(s.Pos, path, "beta needs both min and max, or neither")
		bad = true
	}
	if bad {
		return nil
	}
	var d dist.Dist
	switch s.Type.V {
	case "normal":
		d = dist.Normal{Mu: s.Mean.V, Sigma: s.SD.V}
	case "lognormal":
		d = dist.LogNormal{Mu: s.Mu.V, Sigma: s.Sigma.V}
	case "uniform":
		d = dist.Uniform{Min: s.Min.V, Max: s.Max.V}
	case "beta":
		d = dist.Beta{Alpha: s.Alpha.V, Beta: s.Beta.V, Min: s.Min.V, Max: s.Max.V}
	case "triangular":
		d = dist.Triangular{Min: s.Min.V, Mode: s.Mode.V, Max: s.Max.V}
	case "fixed":
		d = dist.Fixed{V: s.Value.V}
	}
	if err := dist.Validate(d); err != nil {
		r.errf(s.Pos, path, "%v", err)
		return nil
	}
	lo, hi := d.Support()
	switch c {
	case prob:
		if lo < 0 || hi > 1 {
			r.errf(s.Pos, path, "%v reaches outside [0, 1] (use beta or uniform)", d)
		}
	case nonNeg:
		if lo < 0 {
			r.errf(s.Pos, path, "%v reaches below 0 (use lognormal, beta, uniform or triangular)", d)
		}
	}
	return d
}

func (r *resolver) month(s Str, field string, required bool, parent Pos) world.Month {
	if !s.Set {
		if required {
			r.errf(parent, field, "missing")
		}
		return 0
	}
	m, err := world.ParseMonth(s.V)
	if err != nil {
		r.errf(s.Pos, field, "%v", err)
	}
	return m
}

// actor checks that s names an actor (focusOnly: a focus actor).
func (r *resolver) actor(s Str, field string, required, focusOnly bool, parent Pos) string {
	if !s.Set {
		if required {
			r.errf(parent, field, "missing")
		}
		return ""
	}
	role, ok := r.actors[s.V]
	switch {
	case !ok:
		r.errf(s.Pos, field, "unknown actor %q", s.V)
	case focusOnly && role != world.Focus:
		r.errf(s.Pos, field, "%q is not a focus actor", s.V)
	}
	return s.V
}

func (r *resolver) actorKey(key string, p Pos, field string) bool {
	role, ok := r.actors[key]
	if !ok {
		r.errf(p, field, "unknown actor %q", key)
		return false
	}
	if role != world.Focus {
		r.errf(p, field, "%q is not a focus actor", key)
		return false
	}
	return true
}

func (r *resolver) infra(id string, v fileInfra, p string, kp Pos) world.Infra {
	in := world.Infra{ID: id, Kind: world.LinkKind(v.Kind.V), Unit: v.Unit.V, Note: v.Note.V,
		From: r.actor(v.From, p+".from", true, false, kp), To: r.actor(v.To, p+".to", true, false, kp),
		Capacity: r.value(v.Capacity, p+".capacity", nonNeg, false, kp)}
	switch in.Kind {
	case world.LinkRail, world.LinkPipeline, world.LinkPower, world.LinkCrossing:
	default:
		pos := v.Kind.Pos
		if !v.Kind.Set {
			pos = kp
		}
		r.errf(pos, p+".kind", "unknown infrastructure kind %q (want rail, pipeline, power or crossing)", v.Kind.V)
	}
	for i, s := range v.Via {
		in.Via = append(in.Via, r.actor(s, fmt.Sprintf("%s.via[%d]", p, i), true, false, kp))
	}
	return in
}

// world returns p as the world model records where a value is stated.
func (p Pos) world() world.Pos { return world.Pos{File: p.File, Line: p.Line, Column: p.Col} }

// priorName is the form of a calibrated model's feature name.
var priorName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// v2PriorName is the form of a parameter name of the intervention model v2:
// process.intercept, process.coef.name, process.sd.factor or
// process.factor[LABEL].
var v2PriorName = regexp.MustCompile(`^[a-z]+\.(intercept|coef\.[a-z][a-z0-9_]*|sd\.[a-z]+|[a-z]+\[[A-Za-z0-9_-]+\])$`)

// priors converts the decision.priors block. Feature names are checked
// only for their form here: the calibrated model's features belong to
// package risk, and the command that fits it reports an unknown name at
// its position (world.Prior.At).
func (r *resolver) priors(fp filePriors) world.DecisionPriors {
	const path = "decision.priors"
	out := world.DecisionPriors{At: fp.Pos.world()}
	one := func(p *filePrior, path string) *world.Prior {
		if p == nil || !p.Set {
			return nil
		}
		q := r.prior(*p, path)
		return &q
	}
	out.Intercept = one(fp.Intercept, path+".intercept")
	out.Slope = one(fp.Slope, path+".slope")
	out.Cut = one(fp.Cut, path+".cut")
	out.Coef = r.namedPriors(fp.Coef, priorName, path+".coef", "a feature name (lower case letters, digits and _)")
	out.V2 = r.namedPriors(fp.V2, v2PriorName, path+".v2", "a parameter name of the intervention model v2 (e.g. request.country[KGZ], uninvited.coef.enclave, request.sd.country)")
	return out
}

// namedPriors resolves a mapping of priors by name, reporting the names
// that valid does not match as not being what; nil when none is set.
func (r *resolver) namedPriors(k Keyed[filePrior], valid *regexp.Regexp, path, what string) map[string]world.Prior {
	var out map[string]world.Prior
	for _, it := range k.Items {
		ip := path + "." + it.Key
		if !valid.MatchString(it.Key) {
			r.errf(it.KeyPos, ip, "%q is not %s", it.Key, what)
			continue
		}
		if !it.V.Set {
			continue // a type error, already reported
		}
		if out == nil {
			out = map[string]world.Prior{}
		}
		out[it.Key] = r.prior(it.V, ip)
	}
	return out
}

// prior checks one normal prior: a finite mean, a positive finite sd, and
// provenance as for any value.
func (r *resolver) prior(p filePrior, path string) world.Prior {
	out := world.Prior{Mean: p.Mean.V, SD: p.SD.V, Source: p.Source.V, Assumption: p.Assumption.V,
		Reason: p.Reason.V, At: p.Pos.world()}
	for _, f := range []struct {
		n    Num
		name string
	}{{p.Mean, "mean"}, {p.SD, "sd"}} {
		switch {
		case !f.n.Set && f.n.Pos.Line == 0:
			r.errf(p.Pos, path+"."+f.name, "missing")
		case f.n.Set && (math.IsNaN(f.n.V) || math.IsInf(f.n.V, 0)):
			r.errf(f.n.Pos, path+"."+f.name, "%g is not a finite number", f.n.V)
		}
	}
	if p.SD.Set && !(p.SD.V > 0) {
		r.errf(p.SD.Pos, path+".sd", "%g must be positive", p.SD.V)
	}
	r.provenance(p.Pos, path, p.Source, p.Assumption, p.Reason)
	return out
}

func featureList() string {
	var s []string
	for j := world.DecisionFeature(0); j < world.NumDecisionFeatures; j++ {
		s = append(s, j.String())
	}
	return strings.Join(s, ", ")
}
