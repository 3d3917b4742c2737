package model

import (
	"math"

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
		p := results.NetworkPolicy{Policy: id, Projects: projects[i], Notes: append([]string{}, notes...),
			Dependence: []results.NetworkDependence{}, Routes: []results.NetworkRoute{}}
		for _, d := range cmp.Dependence {
			p.Dependence = append(p.Dependence, results.NetworkDependence{Country: d.Country, Layer: string(d.Layer), Before: finite(d.Before), After: finite(d.After)})
		}
		for _, r := range append(append([]network.RouteDelta{}, cmp.Corridors...), cmp.Routes...) {
			from, to := r.FromPlace, r.ToPlace
			if from == "" {
				from = r.From
			}
			if to == "" {
				to = r.To
			}
			p.Routes = append(p.Routes, results.NetworkRoute{From: from, To: to, Corridor: r.Corridor,
				BeforeHours: finite(r.BeforeHours), AfterHours: finite(r.AfterHours), BeforeRussia: r.BeforeRussia, AfterRussia: r.AfterRussia})
		}
		out.Policies = append(out.Policies, p)
	}
	return out, nil
}

// finite returns a pointer to v, or nil when v is NaN or infinite (no
// outside capacity, no route).
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}
