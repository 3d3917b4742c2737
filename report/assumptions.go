package report

import (
	"strings"

	"github.com/steppe-dev/steppe/sim"
)

// Assumptions lists a model's parameters for the view and the report: each
// with its value, its design bounds and its source, and the distribution it
// is sampled from ("fixed" when it is certain). replaced are the parameters
// the run's engines do not read, each as "path: reason" (as
// model.Model.IgnoredFactors lists them); each is marked with its reason.
func Assumptions(params []sim.Param, replaced ...string) []Assumption {
	why := map[string]string{}
	for _, r := range replaced {
		if path, reason, ok := strings.Cut(r, ": "); ok {
			why[path] = reason
		}
	}
	out := make([]Assumption, 0, len(params))
	for _, p := range params {
		a := Assumption{Path: p.Path, Value: p.Value.V, Year: p.Value.Year, Uncertain: p.Value.Uncertain(),
			Lo: p.Lo, Hi: p.Hi, Source: p.Value.Source, Assumption: p.Value.Assumption, Reason: p.Value.Reason, Dist: "fixed",
			ReplacedBy: why[p.Path]}
		if a.Uncertain && p.Dist != nil {
			a.Dist = p.Dist.String()
		}
		out = append(out, a)
	}
	return out
}

// ParamPaths returns the paths of params, to ask a model which of them its
// engines replace.
func ParamPaths(params []sim.Param) []string {
	out := make([]string, len(params))
	for i, p := range params {
		out[i] = p.Path
	}
	return out
}
