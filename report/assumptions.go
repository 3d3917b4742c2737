package report

import "github.com/steppe-dev/steppe/sim"

// Assumptions lists a model's parameters for the view and the report: each
// with its value, its design bounds and its source, and the distribution it
// is sampled from ("fixed" when it is certain).
func Assumptions(params []sim.Param) []Assumption {
	out := make([]Assumption, 0, len(params))
	for _, p := range params {
		a := Assumption{Path: p.Path, Value: p.Value.V, Year: p.Value.Year, Uncertain: p.Value.Uncertain(),
			Lo: p.Lo, Hi: p.Hi, Source: p.Value.Source, Assumption: p.Value.Assumption, Reason: p.Value.Reason, Dist: "fixed"}
		if a.Uncertain && p.Dist != nil {
			a.Dist = p.Dist.String()
		}
		out = append(out, a)
	}
	return out
}
