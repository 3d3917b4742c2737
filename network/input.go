package network

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Load builds the network of the line and point features in netSrc (GeoJSON,
// named netName in errors) over the country polygons in bndSrc (named
// bndName), and returns it with its build report and its base view: the
// lines whose status is in include, of the given modes only when modes is
// not empty.
func Load(netSrc []byte, netName string, bndSrc []byte, bndName string, opt Options, include []Status, modes []Mode) (*Network, *BuildReport, *View, error) {
	bnd, err := ReadBoundaries(bytes.NewReader(bndSrc), bndName)
	if err != nil {
		return nil, nil, nil, err
	}
	feats, err := ReadGeoJSON(bytes.NewReader(netSrc), netName)
	if err != nil {
		return nil, nil, nil, err
	}
	g, rep, err := Build(feats, bnd, opt)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", netName, err)
	}
	base, err := g.View(include, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(modes) > 0 {
		base = base.OnlyModes(modes...)
	}
	return g, rep, base, nil
}

// ValidLayer reports whether l is one of [Layers].
func ValidLayer(l Layer) bool {
	for _, x := range Layers {
		if x == l {
			return true
		}
	}
	return false
}

// ReadTrade reads trade values as CSV rows reporter,partner,value (ISO3
// codes and any non-negative value, with a header), summing repeated pairs,
// for [View.TradeDependence]; name names the input in errors, which give
// its line and column.
func ReadTrade(r io.Reader, name string) (map[string]map[string]float64, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 3
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("trade %s: %w", name, err)
	}
	if len(rows) == 0 || !strings.EqualFold(strings.TrimSpace(rows[0][0]), "reporter") {
		return nil, fmt.Errorf("trade %s:1: want a header reporter,partner,value", name)
	}
	out := map[string]map[string]float64{}
	for i, row := range rows[1:] {
		v, err := strconv.ParseFloat(strings.TrimSpace(row[2]), 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return nil, fmt.Errorf("trade %s:%d:3: value %q is not a non-negative number", name, i+2, row[2])
		}
		a, b := strings.ToUpper(strings.TrimSpace(row[0])), strings.ToUpper(strings.TrimSpace(row[1]))
		if out[a] == nil {
			out[a] = map[string]float64{}
		}
		out[a][b] += v
	}
	return out, nil
}

// EdgeSet resolves ids to edge indices: an id is a line feature (all its
// edges) or one edge's id. It fails on an id that is neither, or on no ids.
func (g *Network) EdgeSet(ids []string) ([]int, error) {
	byID := map[string]int{}
	for i := range g.Edges {
		byID[g.Edges[i].ID] = i
	}
	var es []int
	for _, id := range ids {
		if fe := g.FeatureEdges(id); len(fe) > 0 {
			es = append(es, fe...)
		} else if e, ok := byID[id]; ok {
			es = append(es, e)
		} else {
			return nil, fmt.Errorf("%q is neither a line feature nor an edge id", id)
		}
	}
	if len(es) == 0 {
		return nil, fmt.Errorf("no ids")
	}
	return es, nil
}
