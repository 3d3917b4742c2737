package model

import (
	"math"
	"testing"

	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/network"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// Measuring each layer with only the features added in it gives, for every
// set of the default scenario's projects, the effects that measuring every
// layer of the view with all the added features gives, bit for bit; the
// bundled network's layers are separate, so the shortcut is in use.
func TestNetworkLayersMeasuredApart(t *testing.T) {
	w := fixture.Embedded(t, defaultScenario).World
	ni, err := new(Cache).newNetworkIntegration(w)
	if err != nil {
		t.Fatal(err)
	}
	if !layersSeparate(ni.base.G) {
		t.Fatal("the bundled network has a line between nodes of another layer: every layer is measured with every feature")
	}
	if got := featureLayers(ni.base.G, ni.features[0][0], false); len(got) != len(network.Layers) {
		t.Errorf("layers not separate: feature %s changes layers %v, want all", ni.features[0][0], got)
	}
	var mapped []int
	for i, fs := range ni.features {
		if len(fs) > 0 {
			mapped = append(mapped, i)
		}
	}
	if len(mapped) < 2 {
		t.Fatalf("the default scenario has %d projects with network features, want several", len(mapped))
	}
	before := wholeView(t, ni, nil)
	for sub := range 1 << len(mapped) {
		var done sim.ProjectSet
		var add []string
		for j, p := range mapped {
			if sub&(1<<j) != 0 {
				done |= 1 << uint(p)
				add = append(add, ni.features[p]...)
			}
		}
		got, err := ni.effects(done)
		if err != nil {
			t.Fatal(err)
		}
		after := wholeView(t, ni, add)
		for i := range ni.countries {
			var sum float64
			n := 0
			for k := range network.Layers {
				if b, a := before[i].share[k], after[i].share[k]; !math.IsNaN(b) && !math.IsNaN(a) {
					sum += a - b
					n++
				}
			}
			var want sim.Effects
			if n > 0 {
				want[world.ERussianTransit] = sum / float64(n)
			}
			want[world.ERedundancy] = float64(after[i].exits - before[i].exits)
			if got[i][world.ERussianTransit] != want[world.ERussianTransit] || got[i][world.ERedundancy] != want[world.ERedundancy] {
				t.Errorf("projects %b, %s: %v, measured on the whole view %v", done, ni.countries[i], got[i], want)
			}
		}
	}
}

// wholeView measures every layer of the base network with the features add.
func wholeView(t *testing.T, ni *networkIntegration, add []string) []struct {
	share [4]float64
	exits int
} {
	t.Helper()
	v, err := ni.base.G.View([]network.Status{network.Existing}, add)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]struct {
		share [4]float64
		exits int
	}, len(ni.countries))
	for i, c := range ni.countries {
		for k, l := range network.Layers {
			out[i].share[k] = v.Dependence(c, l, ni.cfg, nil).Share
		}
		_, out[i].exits = v.ExitPaths(c, network.Freight, ni.cfg)
	}
	return out
}
