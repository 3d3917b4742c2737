package network

import (
	"strings"
	"testing"
)

// suffixNet has two places that differ only by a country suffix, and one
// that has a suffix alone.
const suffixNet = `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"l","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[5,5],[15,5],[25,5]]}},
{"type":"Feature","properties":{"name":"Border AAA","kind":"station"},"geometry":{"type":"Point","coordinates":[5,5]}},
{"type":"Feature","properties":{"name":"Border BBB","kind":"station"},"geometry":{"type":"Point","coordinates":[15,5]}},
{"type":"Feature","properties":{"name":"Khorgos CCC","kind":"station"},"geometry":{"type":"Point","coordinates":[25,5]}}
]}`

// TestResolveWithoutSuffix checks that a name without its country suffix
// finds the one place it fits and lists the candidates when it fits two.
func TestResolveWithoutSuffix(t *testing.T) {
	g, _ := mustBuild(t, suffixNet, tinyBoundaries, Options{})
	v, _ := g.View([]Status{Existing}, nil)
	n, err := v.Resolve("khorgos", Freight)
	if err != nil || g.Nodes[n].Names[0] != "Khorgos CCC" {
		t.Errorf("Resolve(khorgos) = %d, %v; want the node Khorgos CCC", n, err)
	}
	if n, err := v.Resolve("Border AAA", Freight); err != nil || g.Nodes[n].Names[0] != "Border AAA" {
		t.Errorf("Resolve(Border AAA) = %d, %v", n, err)
	}
	_, err = v.Resolve("Border", Freight)
	if err == nil || !strings.Contains(err.Error(), `"Border" is ambiguous in the freight layer: "Border AAA", "Border BBB"`) {
		t.Errorf("Resolve(Border) error %v, want the two candidates", err)
	}
	if _, err := v.Resolve("Khorgo", Freight); err == nil || !strings.Contains(err.Error(), `no place named "Khorgo"`) {
		t.Errorf("Resolve(Khorgo) error %v", err)
	}
}

// flowNet2 is an oil line from AAA into RUS (drawn from AAA) and one from
// RUS into AAA (drawn from RUS), with capacities 3 and 5.
func flowNet2(outFlow, inFlow string) string {
	return `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"out","properties":{"mode":"oil","capacity":3,"flow":"` + outFlow + `"},"geometry":{"type":"LineString","coordinates":[[5,5],[5,15]]}},
{"type":"Feature","id":"in","properties":{"mode":"oil","capacity":5,"flow":"` + inFlow + `"},"geometry":{"type":"LineString","coordinates":[[6,15],[6,5]]}}
]}`
}

// TestDirectedDependence checks that a one-way line carries a state's
// exports only in its direction: an import line into AAA adds nothing to
// AAA's external capacity, a line drawn against its flow counts with
// "reverse", and an unknown direction is refused.
func TestDirectedDependence(t *testing.T) {
	cfg := tinyConfig()
	for _, c := range []struct {
		out, in string
		want    float64
	}{
		{"", "", 8},               // both ways: 3 + 5
		{"forward", "forward", 3}, // "in" runs RUS -> AAA only
		{"forward", "reverse", 8}, // "in" drawn against its flow: AAA -> RUS
		{"reverse", "forward", 0}, // both run into AAA
		{"both", "forward", 3},
	} {
		g, _ := mustBuild(t, flowNet2(c.out, c.in), tinyBoundaries, Options{})
		v, _ := g.View([]Status{Existing}, nil)
		d := v.Dependence("AAA", OilLayer, cfg, nil)
		if d.External != c.want {
			t.Errorf("flows %q/%q: external capacity %v, want %v", c.out, c.in, d.External, c.want)
		}
	}
	if _, err := ReadGeoJSON(strings.NewReader(flowNet2("sideways", "")), "n"); err == nil || !strings.Contains(err.Error(), `properties.flow "sideways" unknown`) {
		t.Errorf("flow sideways: error %v", err)
	}
	bad := strings.Replace(flowNet2("", ""), `"capacity":3`, `"capacity":3,"geometry":"sketched"`, 1)
	if _, err := ReadGeoJSON(strings.NewReader(bad), "n"); err == nil || !strings.Contains(err.Error(), `properties.geometry "sketched" unknown`) {
		t.Errorf("geometry sketched: error %v", err)
	}
}
