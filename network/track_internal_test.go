package network

import (
	"strconv"
	"strings"
	"testing"
)

func buildTiny(t *testing.T, net string) (*Network, *BuildReport) {
	t.Helper()
	bnd, err := ReadBoundaries(strings.NewReader(tinyBoundaries), "b")
	if err != nil {
		t.Fatal(err)
	}
	feats, err := ReadGeoJSON(strings.NewReader(net), "t.geojson")
	if err != nil {
		t.Fatal(err)
	}
	g, rep, err := Build(feats, bnd, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return g, rep
}

// TestPartialLineFlagsItsPlaceholders: a "partial" line's edges are
// schematic exactly where they lie on a listed placeholder segment, also
// after the border split inserts a vertex into one of them.
func TestPartialLineFlagsItsPlaceholders(t *testing.T) {
	g, _ := buildTiny(t, `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"p","properties":{"mode":"rail","geometry":"partial","placeholder_segments":[1]},"geometry":{"type":"LineString","coordinates":[[2,5],[4,5],[16,5],[18,5]]}},
{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[2,5]}},
{"type":"Feature","properties":{"name":"M"},"geometry":{"type":"Point","coordinates":[4,5]}},
{"type":"Feature","properties":{"name":"N"},"geometry":{"type":"Point","coordinates":[16,5]}},
{"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Point","coordinates":[18,5]}}]}`)
	// A-M traced, M-border, border crossing and border-N on the placeholder, N-B traced
	var traced, placeholder float64
	for _, e := range g.Edges {
		a, b := g.Nodes[e.From].At.Lon, g.Nodes[e.To].At.Lon
		onPlaceholder := a >= 4 && b <= 16
		if e.Schematic != onPlaceholder {
			t.Errorf("edge %s (%.1f to %.1f): schematic %v, want %v", e.ID, a, b, e.Schematic, onPlaceholder)
		}
		if e.Schematic {
			placeholder += e.LengthKm
		} else {
			traced += e.LengthKm
		}
	}
	// the border vertices lie on the straight lon/lat segment, not on the
	// great circle: the split segment is longer by about 1e-5
	want := HaversineKm(Point{4, 5}, Point{16, 5})
	if d := placeholder - want; d > 1e-4*want || d < 0 {
		t.Errorf("placeholder km %.3f, want %.3f", placeholder, want)
	}
	if traced <= 0 {
		t.Error("no traced edge")
	}
}

// TestTracedLinesCrossWithoutJunction: two lines drawn along their track
// that cross on the map are not joined there (a bridge, or shared track drawn
// twice); schematic lines still are.
func TestTracedLinesCrossWithoutJunction(t *testing.T) {
	for _, c := range []struct {
		geom string
		want int
	}{{"traced", 0}, {"schematic", 1}} {
		_, rep := buildTiny(t, `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"h","properties":{"mode":"rail","geometry":"`+c.geom+`"},"geometry":{"type":"LineString","coordinates":[[2,5],[8,5]]}},
{"type":"Feature","id":"v","properties":{"mode":"rail","geometry":"`+c.geom+`"},"geometry":{"type":"LineString","coordinates":[[5,2],[5,8]]}}]}`)
		if rep.Crossings != c.want {
			t.Errorf("%s lines: %d crossings noded, want %d", c.geom, rep.Crossings, c.want)
		}
	}
}

// TestBorderExcursionOfTrack: a traced line that strays under BorderNoiseKm
// into the next country and back crosses no border; a longer excursion, or
// one that a schematic line makes, crosses twice.
func TestBorderExcursionOfTrack(t *testing.T) {
	// the border AAA|BBB is at lon 10; 0.05 deg of longitude at lat 5 is 5.5 km
	for _, c := range []struct {
		geom    string
		overLon float64
		want    int
	}{{"traced", 10.02, 0}, {"traced", 10.3, 2}, {"schematic", 10.02, 2}} {
		net := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"x","properties":{"mode":"rail","geometry":"` + c.geom + `"},"geometry":{"type":"LineString","coordinates":[[8,5],[9.99,5.1],[` +
			strconv.FormatFloat(c.overLon, 'f', -1, 64) + `,5.15],[9.99,5.2],[8,5.3]]}}]}`
		_, rep := buildTiny(t, net)
		if rep.BorderCrossings != c.want {
			t.Errorf("%s line to lon %.2f: %d border crossings, want %d", c.geom, c.overLon, rep.BorderCrossings, c.want)
		}
	}
}
