package network_test

import (
	"math"
	"testing"

	"github.com/steppe-dev/steppe/network"
)

func propKm(t *testing.T, f network.Feature, k string) float64 {
	t.Helper()
	v, ok := f.Props[k].(float64)
	if !ok || v <= 0 {
		t.Fatalf("%s: properties.%s = %v, want a positive number", f.ID, k, f.Props[k])
	}
	return v
}

// TestBundledTrackLengths checks every bundled line fitted to OpenStreetMap
// track (data/network/fit_track.py): the length of its drawn geometry off the
// placeholder segments equals the track length the fit measured (track_km,
// along the unsimplified OSM ways) to within 1%, the loss of the 100 m
// Douglas-Peucker simplification; its placeholder segments add up to
// placeholder_km; and the graph's edges of the line are schematic exactly on
// the placeholders, which keep their drawn length, while the traced edges
// add up to the track length.
func TestBundledTrackLengths(t *testing.T) {
	g, _ := loadBundled(t)
	edgeKm := map[string][2]float64{} // feature -> traced, schematic km
	for _, e := range g.Edges {
		k := edgeKm[e.Feature]
		if e.Schematic {
			k[1] += e.LengthKm
		} else {
			k[0] += e.LengthKm
		}
		edgeKm[e.Feature] = k
	}
	fitted := 0
	for _, f := range bundled.feats {
		if !f.Traced || f.Status == network.Inactive {
			continue
		}
		fitted++
		pts := f.Lines[0]
		ph := map[int]bool{}
		for _, s := range f.Placeholder {
			ph[s] = true
		}
		var traced, placeholder float64
		for i := 0; i+1 < len(pts); i++ {
			d := network.HaversineKm(pts[i], pts[i+1])
			if ph[i] {
				placeholder += d
			} else {
				traced += d
			}
		}
		track := propKm(t, f, "track_km")
		if math.Abs(traced-track) > 0.01*track {
			t.Errorf("%s: drawn track %.1f km, fitted track %.1f km: more than 1%% apart", f.ID, traced, track)
		}
		if traced > track*(1+1e-9) {
			t.Errorf("%s: simplified geometry %.3f km is longer than the track %.3f km", f.ID, traced, track)
		}
		if len(f.Placeholder) > 0 {
			if want := propKm(t, f, "placeholder_km"); math.Abs(placeholder-want) > 0.001*want {
				t.Errorf("%s: placeholder segments %.1f km, placeholder_km %.1f", f.ID, placeholder, want)
			}
		}
		// edges: border and junction vertices split placeholders along
		// straight lon/lat lines, which adds well under 0.1%
		k := edgeKm[f.ID]
		if math.Abs(k[0]-track) > 1e-9*track || math.Abs(k[1]-placeholder) > 0.001*placeholder+1e-9 {
			t.Errorf("%s: edges %.3f km traced + %.1f km schematic, want the track's %.3f + the placeholders' %.1f", f.ID, k[0], k[1], track, placeholder)
		}
	}
	if fitted < 10 {
		t.Errorf("%d bundled lines fitted to track, want at least 10 (see data/network/track_fit.csv)", fitted)
	}
}

// TestBundledRouteReportsPlaceholders: a route reports the km it runs on
// placeholders, none on a route wholly on fitted track (the Trans-Caspian
// railway, Ashgabat-Turkmenabat) and part of one that leaves the track
// (Almaty-Tashkent: Turksib placed by stations, Saryagash-Tashkent on track).
func TestBundledRouteReportsPlaceholders(t *testing.T) {
	g, _ := loadBundled(t)
	v := existing(t, g)
	for _, c := range []struct {
		a, b               string
		schematicFraction  [2]float64 // allowed range
		wantTrackAtLeastKm float64
	}{
		{"Ashgabat", "Turkmenabat", [2]float64{0, 0}, 550},
		{"Almaty", "Tashkent", [2]float64{0.5, 0.999}, 20},
		{"Kashgar", "Urumqi", [2]float64{1, 1}, 0},
	} {
		a, err := v.Resolve(c.a, network.Freight)
		if err != nil {
			t.Fatal(err)
		}
		b, err := v.Resolve(c.b, network.Freight)
		if err != nil {
			t.Fatal(err)
		}
		r := v.Route(a, b, network.ByLength, network.DefaultCosts())
		if !r.Found {
			t.Fatalf("%s-%s: no route", c.a, c.b)
		}
		f := r.SchematicKm / r.LengthKm
		if f < c.schematicFraction[0] || f > c.schematicFraction[1] {
			t.Errorf("%s-%s: %.0f of %.0f km on placeholders (%.3f), want a share in %v", c.a, c.b, r.SchematicKm, r.LengthKm, f, c.schematicFraction)
		}
		if r.LengthKm-r.SchematicKm < c.wantTrackAtLeastKm {
			t.Errorf("%s-%s: %.0f km on track, want at least %.0f", c.a, c.b, r.LengthKm-r.SchematicKm, c.wantTrackAtLeastKm)
		}
	}
}
