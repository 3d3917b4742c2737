package model

import (
	"fmt"
	"math"
	"sync"

	"github.com/steppe-dev/steppe/network"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// networkIntegration adapts package network to sim.Integration: for a set
// of completed projects it supplies, per focus country,
//
//   - ERussianTransit: the change of the state's Russian-transit dependence
//     share (network.View.Dependence), averaged over the layers (freight,
//     gas, oil, power) in which the state has external capacity both before
//     and after: each infrastructure system counts as one channel;
//   - ERedundancy: the change in the number of independent freight exits
//     that avoid Russia (edge-disjoint rail/road/ferry paths from the
//     state's nodes to outside the region, network.View.ExitPaths).
//
// The base network is the lines that exist (the default scenario starts in
// February 2022, before CKU, Line D and CASA-1000); a completed project adds
// the line features that data/network/projects.json lists for it. A project
// with no line features keeps its stated effects on these two fields, at
// their central values, so that plugging the network in never silently drops
// them. Results do not depend on the draw and are cached by the set of
// completed projects.
type networkIntegration struct {
	base      *network.View
	cfg       network.Config
	countries []string
	features  [][]string      // by project index in World.Projects
	stated    [][]sim.Effects // stated effects passed through, by project (nil when it has features)
	before    []countryNet
	mu        sync.Mutex
	cache     map[sim.ProjectSet][]sim.Effects
}

type countryNet struct {
	share [4]float64 // by network.Layers; NaN without external capacity
	exits int
}

// newNetworkIntegration maps w's projects to the bundled network's line
// features.
func (c *Cache) newNetworkIntegration(w *world.World) (*networkIntegration, error) {
	bn, err := c.network()
	if err != nil {
		return nil, err
	}
	g := bn.g
	ni := &networkIntegration{base: bn.base, cfg: network.DefaultConfig(), cache: map[sim.ProjectSet][]sim.Effects{}}
	cidx := map[string]int{}
	for _, a := range w.Focus() {
		cidx[a.ID] = len(ni.countries)
		ni.countries = append(ni.countries, a.ID)
	}
	for _, p := range w.Projects {
		var fs []string
		if len(p.NetworkFeatures) > 0 {
			for _, f := range p.NetworkFeatures {
				if len(g.FeatureEdges(f)) == 0 {
					return nil, inputErrf("scenario: projects.%s.network_features names %s, which is not a line feature of the bundled network", p.ID, f)
				}
			}
			fs = p.NetworkFeatures
		} else if e, ok := bn.pm.Projects[p.ID]; ok {
			for _, f := range e.Features {
				if len(g.FeatureEdges(f)) == 0 {
					return nil, fmt.Errorf("project map: project %s names feature %s, which is not in the bundled network", p.ID, f)
				}
			}
			fs = e.Features
		}
		ni.features = append(ni.features, fs)
		var st []sim.Effects
		if len(fs) == 0 {
			st = make([]sim.Effects, len(ni.countries))
			for _, e := range p.Effects {
				c, ok := cidx[e.Country]
				if ok && (e.Field == world.ERussianTransit || e.Field == world.ERedundancy) {
					st[c][e.Field] += e.Size.V
				}
			}
		}
		ni.stated = append(ni.stated, st)
	}
	ni.before = ni.measure(bn.base)
	return ni, nil
}

func (ni *networkIntegration) measure(v *network.View) []countryNet {
	out := make([]countryNet, len(ni.countries))
	for i, c := range ni.countries {
		for k, l := range network.Layers {
			out[i].share[k] = v.Dependence(c, l, ni.cfg, nil).Share
		}
		_, out[i].exits = v.ExitPaths(c, network.Freight, ni.cfg)
	}
	return out
}

// Describe implements sim.Describer.
func (ni *networkIntegration) Describe() string {
	return "network engine (data/" + NetworkFile + "; lines from the projects' network_features, else data/" + ProjectMapFile + "): russian_transit, redundancy"
}

// Fields implements sim.Integration.
func (ni *networkIntegration) Fields() []world.EffectField {
	return []world.EffectField{world.ERussianTransit, world.ERedundancy}
}

// effects returns the network effects of the completed projects done.
func (ni *networkIntegration) effects(done sim.ProjectSet) ([]sim.Effects, error) {
	ni.mu.Lock()
	eff, ok := ni.cache[done]
	ni.mu.Unlock()
	if ok {
		return eff, nil
	}
	var add []string
	for i, fs := range ni.features {
		if done.Has(i) {
			add = append(add, fs...)
		}
	}
	v, err := ni.base.G.View([]network.Status{network.Existing}, add)
	if err != nil {
		return nil, err
	}
	after := ni.measure(v)
	eff = make([]sim.Effects, len(ni.countries))
	for i := range ni.countries {
		var sum float64
		n := 0
		for k := range network.Layers {
			b, a := ni.before[i].share[k], after[i].share[k]
			if !math.IsNaN(b) && !math.IsNaN(a) {
				sum += a - b
				n++
			}
		}
		if n > 0 {
			eff[i][world.ERussianTransit] = sum / float64(n)
		}
		eff[i][world.ERedundancy] = float64(after[i].exits - ni.before[i].exits)
	}
	for p, st := range ni.stated {
		if st != nil && done.Has(p) {
			for i := range eff {
				eff[i][world.ERussianTransit] += st[i][world.ERussianTransit]
				eff[i][world.ERedundancy] += st[i][world.ERedundancy]
			}
		}
	}
	ni.mu.Lock()
	ni.cache[done] = eff
	ni.mu.Unlock()
	return eff, nil
}

// Effects implements sim.Integration.
func (ni *networkIntegration) Effects(_ *sim.Draw, done sim.ProjectSet, out []sim.Effects) error {
	eff, err := ni.effects(done)
	if err != nil {
		return err
	}
	if len(out) != len(eff) {
		return fmt.Errorf("network integration: %d countries, sim passed %d", len(eff), len(out))
	}
	for i := range out {
		out[i][world.ERussianTransit] += eff[i][world.ERussianTransit]
		out[i][world.ERedundancy] += eff[i][world.ERedundancy]
	}
	return nil
}
