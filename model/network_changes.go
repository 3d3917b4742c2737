package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/network"
	"github.com/steppe-dev/steppe/results"
)

// NetworkChanges compares, for each policy (ids[i] with the project ids
// projects[i], as a run's view lists them), the bundled network of the
// lines that exist with the same network plus the line features the
// bundled project map (data/network/projects.json) gives its projects:
// network.Compare's dependence, corridor and route changes, as GET
// /api/network/compare answers them to the dashboard. A policy without
// projects is left out.
func (c *Cache) NetworkChanges(ids []string, projects [][]string) (*results.NetworkChanges, error) {
	bn, err := c.orNew().network()
	if err != nil {
		return nil, err
	}
	out := &results.NetworkChanges{Against: "the existing lines of the bundled network (data/" + NetworkFile + ")", Policies: []results.NetworkPolicy{}}
	for i, id := range ids {
		if len(projects[i]) == 0 {
			continue
		}
		feats, notes := bn.pm.Features(projects[i])
		cmp, err := network.Compare(bn.base, id, feats, network.DefaultConfig())
		if err != nil {
			return nil, err
		}
		p := results.NetworkPolicy{Policy: id, Projects: projects[i], Note: strings.Join(notes, "; ")}
		dep := results.Table{Name: "dependence", Columns: []string{"State", "Layer", "Russian-transit dependence before", "after"}, Num: 2}
		for _, d := range cmp.Dependence {
			dep.Rows = append(dep.Rows, []string{d.Country, string(d.Layer), netShare(d.Before), netShare(d.After)})
		}
		routes := results.Table{Name: "corridors", Columns: []string{"From", "To", "Corridor", "Before", "After"}, Num: 3}
		for _, r := range append(append([]network.RouteDelta{}, cmp.Corridors...), cmp.Routes...) {
			from, to, corr := r.FromPlace, r.ToPlace, r.Corridor
			if from == "" {
				from = r.From
			}
			if to == "" {
				to = r.To
			}
			if corr == "" {
				corr = "capital to capital"
			}
			routes.Rows = append(routes.Rows, []string{from, to, corr, netHours(r.BeforeHours, r.BeforeRussia), netHours(r.AfterHours, r.AfterRussia)})
		}
		for _, t := range []results.Table{dep, routes} {
			if len(t.Rows) > 0 {
				p.Tables = append(p.Tables, t)
			}
		}
		out.Policies = append(out.Policies, p)
	}
	return out, nil
}

// netShare writes a Russian-transit dependence share as a whole
// percentage, or says there is no outside capacity (NaN), as the dashboard
// writes it.
func netShare(v float64) string {
	if math.IsNaN(v) {
		return "no outside route"
	}
	return strconv.FormatFloat(100*v, 'f', 0, 64) + "%"
}

// netHours writes a route's generalized cost in whole hours, marking a
// route through Russia, or says there is none (+Inf).
func netHours(v float64, russia bool) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "no route"
	}
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64) + " h"
	if russia {
		s += " (via Russia)"
	}
	return s
}
