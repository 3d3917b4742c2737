package model

import (
	"fmt"
	"math"
	"slices"
	"strings"
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
//
// Each layer is measured on its own: the flows of one layer's measures run
// from that layer's nodes over that layer's lines, so they depend only on
// the features added in that layer, and a layer's measures are computed
// once per set of features added in it (a rail project does not measure
// the gas layer again). Where some line of the network joins nodes of
// another layer than its own, the layers are not separate and every layer
// is measured with every added feature.
type networkIntegration struct {
	base      *network.View
	cfg       network.Config
	countries []string
	features  [][]string       // by project index in World.Projects
	stated    [][]sim.Effects  // stated effects passed through, by project (nil when it has features)
	layersOf  map[string][]int // feature -> the layers (index in network.Layers) its measures depend on
	shared    *Cache           // holds the layers' measures, by countries, layer and features added
	mu        sync.Mutex
	cache     map[sim.ProjectSet]*once[[]sim.Effects]
}

// layerKey names one layer (index in network.Layers) of the base network
// with features added, sorted and joined by newlines.
type layerKey struct {
	layer int
	added string
}

// networkLayerKey names a layer's measures for a list of focus countries
// (joined by commas).
type networkLayerKey struct {
	countries string
	layerKey
}

// layerNet are the measures of one layer, by focus country.
type layerNet struct {
	share []float64 // NaN without external capacity
	exits []int     // freight exits that avoid Russia; in the freight layer only
}

// newNetworkIntegration maps w's projects to the bundled network's line
// features.
func (c *Cache) newNetworkIntegration(w *world.World) (*networkIntegration, error) {
	bn, err := c.network()
	if err != nil {
		return nil, err
	}
	g := bn.g
	ni := &networkIntegration{base: bn.base, cfg: network.DefaultConfig(), layersOf: map[string][]int{}, shared: c}
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
	separate := layersSeparate(g)
	for _, fs := range ni.features {
		for _, f := range fs {
			ni.layersOf[f] = featureLayers(g, f, separate)
		}
	}
	return ni, nil
}

// layerIndex is l's index in network.Layers.
func layerIndex(l network.Layer) int {
	for k, x := range network.Layers {
		if x == l {
			return k
		}
	}
	return -1
}

// layersSeparate says whether every line of g joins two nodes of its own
// layer, so that no flow of one layer can use another layer's lines.
func layersSeparate(g *network.Network) bool {
	for i := range g.Edges {
		e := &g.Edges[i]
		if l := e.Layer(); layerIndex(l) < 0 || g.Nodes[e.From].Layer != l || g.Nodes[e.To].Layer != l {
			return false
		}
	}
	return true
}

// featureLayers are the layers whose measures feature f can change: the
// layers of its lines where the layers are separate, else all.
func featureLayers(g *network.Network, f string, separate bool) []int {
	var in [8]bool
	for _, e := range g.FeatureEdges(f) {
		if k := layerIndex(g.Edges[e].Layer()); separate && k >= 0 {
			in[k] = true
		} else {
			separate = false
		}
	}
	var out []int
	for k := range network.Layers {
		if in[k] || !separate {
			out = append(out, k)
		}
	}
	return out
}

// layer measures one layer of the base network with features added, once
// per Cache for the same focus countries: the measures depend on nothing
// else (the base network is the Cache's, the configuration the default),
// so the models of a sweep or a server share them.
func (ni *networkIntegration) layer(k layerKey) (*layerNet, error) {
	key := networkLayerKey{countries: strings.Join(ni.countries, ","), layerKey: k}
	return onceFor(&ni.shared.mu, &ni.shared.layers, key).get(func() (*layerNet, error) {
		v := ni.base
		if k.added != "" {
			var err error
			if v, err = ni.base.G.View([]network.Status{network.Existing}, strings.Split(k.added, "\n")); err != nil {
				return nil, err
			}
		}
		l := network.Layers[k.layer]
		ln := &layerNet{share: make([]float64, len(ni.countries))}
		for i, c := range ni.countries {
			ln.share[i] = v.Dependence(c, l, ni.cfg, nil).Share
		}
		if l == network.Freight {
			ln.exits = make([]int, len(ni.countries))
			for i, c := range ni.countries {
				_, ln.exits[i] = v.ExitPaths(c, network.Freight, ni.cfg)
			}
		}
		return ln, nil
	})
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
	return onceFor(&ni.mu, &ni.cache, done).get(func() ([]sim.Effects, error) { return ni.compute(done) })
}

func (ni *networkIntegration) compute(done sim.ProjectSet) ([]sim.Effects, error) {
	added := make([][]string, len(network.Layers))
	for i, fs := range ni.features {
		if done.Has(i) {
			for _, f := range fs {
				for _, k := range ni.layersOf[f] {
					added[k] = append(added[k], f)
				}
			}
		}
	}
	eff := make([]sim.Effects, len(ni.countries))
	sum := make([]float64, len(ni.countries))
	n := make([]int, len(ni.countries))
	for k, fs := range added {
		slices.Sort(fs)
		before, err := ni.layer(layerKey{layer: k})
		if err != nil {
			return nil, err
		}
		after, err := ni.layer(layerKey{layer: k, added: strings.Join(slices.Compact(fs), "\n")})
		if err != nil {
			return nil, err
		}
		for i := range ni.countries {
			b, a := before.share[i], after.share[i]
			if !math.IsNaN(b) && !math.IsNaN(a) {
				sum[i] += a - b
				n[i]++
			}
			if after.exits != nil {
				eff[i][world.ERedundancy] = float64(after.exits[i] - before.exits[i])
			}
		}
	}
	for i := range ni.countries {
		if n[i] > 0 {
			eff[i][world.ERussianTransit] = sum[i] / float64(n[i])
		}
	}
	for p, st := range ni.stated {
		if st != nil && done.Has(p) {
			for i := range eff {
				eff[i][world.ERussianTransit] += st[i][world.ERussianTransit]
				eff[i][world.ERedundancy] += st[i][world.ERedundancy]
			}
		}
	}
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
