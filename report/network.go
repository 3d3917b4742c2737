package report

import (
	"math"
	"strconv"
)

// netShare writes a Russian-transit dependence share as a whole percentage,
// or says there is no outside route (as the dashboard writes it).
func netShare(v *float64) string {
	if v == nil {
		return "no outside route"
	}
	return strconv.FormatFloat(100*(*v), 'f', 0, 64) + "%"
}

// netHours writes a route's generalized cost in whole hours, marking a
// route through Russia, or says there is none.
func netHours(v *float64, russia bool) string {
	if v == nil {
		return "no route"
	}
	s := strconv.FormatFloat(math.Round(*v), 'f', 0, 64) + " h"
	if russia {
		s += " (via Russia)"
	}
	return s
}

// PolicyProjects returns the view's policy ids and each one's project ids,
// in the view's order: what model.Cache.NetworkChanges compares.
func (v *View) PolicyProjects() (ids []string, projects [][]string) {
	for _, p := range v.Policies {
		ids, projects = append(ids, p.ID), append(projects, p.Projects)
	}
	return ids, projects
}
