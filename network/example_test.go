package network_test

import (
	"fmt"
	"strings"

	"github.com/steppe-dev/steppe/network"
)

// Two capitals joined directly and through a third state, "RUS".
func Example() {
	boundaries := `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"ADM0_A3":"AAA"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
{"type":"Feature","properties":{"ADM0_A3":"BBB"},"geometry":{"type":"Polygon","coordinates":[[[10,0],[20,0],[20,10],[10,10],[10,0]]]}},
{"type":"Feature","properties":{"ADM0_A3":"RUS"},"geometry":{"type":"Polygon","coordinates":[[[0,10],[20,10],[20,20],[0,20],[0,10]]]}}]}`
	lines := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"direct","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[5,5],[15,5]]}},
{"type":"Feature","id":"north","properties":{"mode":"rail"},"geometry":{"type":"LineString","coordinates":[[5,5],[5,15],[15,15],[15,5]]}},
{"type":"Feature","properties":{"name":"A","capital_of":"AAA"},"geometry":{"type":"Point","coordinates":[5,5]}},
{"type":"Feature","properties":{"name":"B","capital_of":"BBB"},"geometry":{"type":"Point","coordinates":[15,5]}}]}`
	bnd, err := network.ReadBoundaries(strings.NewReader(boundaries), "boundaries")
	if err != nil {
		panic(err)
	}
	feats, err := network.ReadGeoJSON(strings.NewReader(lines), "lines")
	if err != nil {
		panic(err)
	}
	g, rep, err := network.Build(feats, bnd, network.Options{})
	if err != nil {
		panic(err)
	}
	v, _ := g.View([]network.Status{network.Existing}, nil)
	cfg := network.DefaultConfig()
	cfg.Region = []string{"AAA", "BBB"}
	a, _ := v.Resolve("A", network.Freight)
	b, _ := v.Resolve("B", network.Freight)
	r := v.Route(a, b, network.ByCost, cfg.Costs)
	fmt.Printf("border crossings in the graph: %d\n", rep.BorderCrossings)
	fmt.Printf("route %v, %.0f km, %.0f h\n", r.Countries, r.LengthKm, r.Hours)
	fmt.Printf("independent paths: %d, avoiding Russia: %d\n",
		v.DisjointPaths(a, b, false, nil), v.WithoutCountry("RUS").DisjointPaths(a, b, false, nil))
	// Output:
	// border crossings in the graph: 3
	// route [AAA BBB], 1108 km, 61 h
	// independent paths: 2, avoiding Russia: 1
}
