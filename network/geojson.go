package network

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Mode is the kind of infrastructure an edge carries.
type Mode string

// Modes understood by the reader. Rail, road and ferry form the freight
// layer; each of gas, oil and power is a layer of its own.
const (
	Rail  Mode = "rail"
	Road  Mode = "road"
	Ferry Mode = "ferry"
	Gas   Mode = "gas"
	Oil   Mode = "oil"
	Power Mode = "power"
)

// Layer is a set of modes between which goods can pass at a shared node.
// Routes, flows and disjoint paths are computed within one layer: gas cannot
// leave a pipeline for a railway where the two cross on a map.
type Layer string

// Layers.
const (
	Freight  Layer = "freight"
	GasLayer Layer = "gas"
	OilLayer Layer = "oil"
	PowerLyr Layer = "power"
)

// Layers lists the layers in a fixed order.
var Layers = []Layer{Freight, GasLayer, OilLayer, PowerLyr}

// LayerOf returns the layer of mode m.
func LayerOf(m Mode) Layer {
	switch m {
	case Rail, Road, Ferry:
		return Freight
	case Gas:
		return GasLayer
	case Oil:
		return OilLayer
	case Power:
		return PowerLyr
	}
	return ""
}

// Status is the construction status of a line.
type Status string

// Statuses. Inactive covers cancelled, mothballed, shelved and idle lines,
// which are read but never enter a graph.
const (
	Existing     Status = "existing"
	Construction Status = "construction"
	Planned      Status = "planned"
	Inactive     Status = "inactive"
)

var modeAliases = map[string]Mode{
	"rail": Rail, "railway": Rail, "railroad": Rail,
	"road": Road, "highway": Road,
	"ferry": Ferry, "sea": Ferry,
	"gas": Gas, "gas pipeline": Gas, "gas_pipeline": Gas,
	"oil": Oil, "oil pipeline": Oil, "oil_pipeline": Oil,
	"power": Power, "power line": Power, "power_line": Power, "electricity": Power,
}

// statusAliases is the one table of the line statuses steppe reads: its
// own four, and the words of the sources in data/network (Global Energy
// Monitor's pipeline trackers write Operating, Construction, Proposed,
// Announced, Pre-construction, In development, Mothballed, Shelved,
// Cancelled, Retired, Idle) and of OpenStreetMap-style data (operational,
// open). Keys are lower case.
var statusAliases = map[string]Status{
	"existing": Existing, "operating": Existing, "operational": Existing, "open": Existing,
	"construction": Construction, "under construction": Construction, "under_construction": Construction, "in development": Construction,
	"planned": Planned, "proposed": Planned, "announced": Planned, "pre-construction": Planned,
	"inactive": Inactive, "cancelled": Inactive, "canceled": Inactive, "mothballed": Inactive,
	"shelved": Inactive, "idle": Inactive, "retired": Inactive,
}

// ParseStatus returns the Status that a line's status property names, in
// any case and with surrounding space; an empty one means Existing. ok is
// false for a word not in the table.
func ParseStatus(s string) (st Status, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return Existing, true
	}
	st, ok = statusAliases[s]
	return st, ok
}

// GeomType is the geometry kind of a feature.
type GeomType string

// Geometry kinds read.
const (
	GeomLine    GeomType = "line" // LineString or MultiLineString
	GeomPoint   GeomType = "point"
	GeomPolygon GeomType = "polygon" // Polygon or MultiPolygon
)

// Feature is one validated GeoJSON feature.
type Feature struct {
	Index int    // 0-based position in the FeatureCollection
	ID    string // "id" member, else properties.id, else "#<index>"
	Name  string
	Geom  GeomType
	Lines [][]Point   // GeomLine: one or more parts
	At    Point       // GeomPoint
	Polys [][][]Point // GeomPolygon: polygons, each outer ring then holes

	// Line properties.
	Mode         Mode
	Status       Status
	Capacity     float64 // 0 when unknown
	CapacityUnit string
	Gauge        string // e.g. "1520", "1435", "1520/1435" for a break of gauge
	Flow         Flow   // direction of the line's flow (properties.flow)
	Schematic    bool   // properties.geometry is "schematic": straight between stations
	// Placeholder lists, for properties.geometry "partial", the segments
	// (vertex i to i+1 of a LineString) that are straight placeholders
	// between stations; the rest is traced (properties.placeholder_segments).
	Placeholder []int
	// Traced: properties.geometry is "traced" or "partial", the line is
	// drawn along its track (GeoJSON without the property is read as traced
	// geometry too, but Traced stays false).
	Traced bool
	// TrackKm is properties.track_km of a traced or partial line: the length
	// of its traced parts along the unsimplified track, which the builder
	// gives its traced edges in proportion to their drawn length (0: the
	// drawn length).
	TrackKm float64
	Source  string

	// Point properties.
	Kind      string   // capital, port, station, gateway, city, substation ...
	CapitalOf string   // ISO3 code of the state whose capital this is
	Corridor  string   // corridor name when Kind is gateway
	Avoid     []string // ISO3 codes a route to this corridor must not enter (properties.corridor_avoid, comma list)

	Props map[string]any // all properties as read
}

// FeatureError is a problem with one feature.
type FeatureError struct {
	File  string
	Index int
	ID    string
	Msg   string
}

func (e *FeatureError) Error() string {
	id := ""
	if e.ID != "" {
		id = fmt.Sprintf(" (id %q)", e.ID)
	}
	return fmt.Sprintf("%s: feature %d%s: %s", e.File, e.Index, id, e.Msg)
}

// ErrorList collects several input errors.
type ErrorList []error

func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap lets errors.As find the individual errors.
func (l ErrorList) Unwrap() []error { return l }

const maxErrors = 50

type rawFC struct {
	Type     string            `json:"type"`
	Features []json.RawMessage `json:"features"`
}

type rawFeature struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Properties map[string]any  `json:"properties"`
	Geometry   *rawGeom        `json:"geometry"`
}

type rawGeom struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// ReadGeoJSON reads a GeoJSON FeatureCollection (RFC 7946) and validates
// every feature. name labels errors. LineString, MultiLineString, Point,
// Polygon and MultiPolygon are read; other geometry types are errors. Every problem is
// reported, with the feature index and id, as an ErrorList; the reader never
// panics on malformed input.
func ReadGeoJSON(r io.Reader, name string) ([]Feature, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	var fc rawFC
	if err := json.Unmarshal(src, &fc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, jsonPosErr(src, err))
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%s: top-level type is %q, want \"FeatureCollection\"", name, fc.Type)
	}
	var errs ErrorList
	feats := make([]Feature, 0, len(fc.Features))
	for i, raw := range fc.Features {
		f, ferrs := parseFeature(raw, i, name)
		if len(ferrs) > 0 {
			if len(errs) < maxErrors {
				errs = append(errs, ferrs...)
			}
			continue
		}
		feats = append(feats, f)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return feats, nil
}

// jsonPosErr turns an offset in a JSON error into line:column.
func jsonPosErr(src []byte, err error) error {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return err
	}
	if off > int64(len(src)) {
		off = int64(len(src))
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	col := int(off) - bytes.LastIndexByte(src[:off], '\n')
	return fmt.Errorf("%d:%d: %w", line, col, err)
}

// eachPart converts every part of a multi-geometry with conv, naming the
// first bad one ("polygon 2: ..."), and reports one without parts as empty.
func eachPart[P, Q any](parts []P, conv func(P) (Q, error), what, empty string) ([]Q, error) {
	var out []Q
	for i, p := range parts {
		q, err := conv(p)
		if err != nil {
			return out, fmt.Errorf("%s %d: %w", what, i, err)
		}
		out = append(out, q)
	}
	if len(out) == 0 {
		return nil, errors.New(empty)
	}
	return out, nil
}

func parseFeature(raw json.RawMessage, idx int, file string) (Feature, []error) {
	f := Feature{Index: idx}
	fail := func(format string, a ...any) []error {
		return []error{&FeatureError{File: file, Index: idx, ID: f.ID, Msg: fmt.Sprintf(format, a...)}}
	}
	var rf rawFeature
	if err := json.Unmarshal(raw, &rf); err != nil {
		return f, fail("%v", err)
	}
	f.Props = rf.Properties
	if len(rf.ID) > 0 && string(rf.ID) != "null" {
		var s string
		if json.Unmarshal(rf.ID, &s) == nil {
			f.ID = s
		} else {
			f.ID = string(rf.ID)
		}
	}
	if f.ID == "" {
		f.ID = propString(f.Props, "id")
	}
	if rf.Type != "Feature" {
		return f, fail("type is %q, want \"Feature\"", rf.Type)
	}
	if f.ID == "" {
		f.ID = "#" + strconv.Itoa(idx)
	}
	f.Name = propString(f.Props, "name")
	if rf.Geometry == nil {
		return f, fail("empty feature: geometry is null")
	}
	g := rf.Geometry
	switch g.Type {
	case "LineString", "MultiLineString", "Point", "Polygon", "MultiPolygon":
	default:
		return f, fail("geometry type %q not supported (want LineString, MultiLineString, Point, Polygon or MultiPolygon)", g.Type)
	}
	if len(g.Coordinates) == 0 || string(g.Coordinates) == "null" {
		return f, fail("empty feature: %s has no coordinates", g.Type)
	}
	var err error
	switch g.Type {
	case "LineString":
		var c [][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err != nil {
			return f, fail("LineString coordinates: want an array of positions")
		}
		var l []Point
		if l, err = positions(c); err == nil {
			f.Lines = [][]Point{l}
		}
		f.Geom = GeomLine
	case "MultiLineString":
		var c [][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err != nil {
			return f, fail("MultiLineString coordinates: want an array of arrays of positions")
		}
		f.Lines, err = eachPart(c, positions, "part", "empty feature: MultiLineString has no parts")
		f.Geom = GeomLine
	case "Point":
		var c []float64
		if err = json.Unmarshal(g.Coordinates, &c); err != nil {
			return f, fail("Point coordinates: want one position")
		}
		f.At, err = position(c)
		f.Geom = GeomPoint
	case "Polygon":
		var c [][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err != nil {
			return f, fail("Polygon coordinates: want an array of rings")
		}
		var p [][]Point
		if p, err = polygon(c); err == nil {
			f.Polys = [][][]Point{p}
		}
		f.Geom = GeomPolygon
	case "MultiPolygon":
		var c [][][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err != nil {
			return f, fail("MultiPolygon coordinates: want an array of polygons")
		}
		f.Polys, err = eachPart(c, polygon, "polygon", "empty feature: MultiPolygon has no polygons")
		f.Geom = GeomPolygon
	default:
		return f, fail("geometry type %q not supported (want LineString, MultiLineString, Point, Polygon or MultiPolygon)", g.Type)
	}
	if err != nil {
		return f, fail("%v", err)
	}
	if errs := f.readProps(file); len(errs) > 0 {
		return f, errs
	}
	return f, nil
}

func position(c []float64) (Point, error) {
	if len(c) < 2 {
		return Point{}, fmt.Errorf("position has %d numbers, want at least 2 (lon, lat)", len(c))
	}
	p := Point{Lon: c[0], Lat: c[1]}
	if !validCoord(p) {
		return p, fmt.Errorf("position [%g, %g] is not a finite lon/lat in range", c[0], c[1])
	}
	return p, nil
}

func positions(c [][]float64) ([]Point, error) {
	if len(c) < 2 {
		return nil, fmt.Errorf("empty line: %d positions, want at least 2", len(c))
	}
	out := make([]Point, 0, len(c))
	for i, q := range c {
		p, err := position(q)
		if err != nil {
			return nil, fmt.Errorf("position %d: %w", i, err)
		}
		if len(out) > 0 && out[len(out)-1] == p {
			continue // repeated vertex
		}
		out = append(out, p)
	}
	if len(out) < 2 {
		return nil, errors.New("degenerate line: all positions are equal")
	}
	return out, nil
}

// polygon validates rings: closed, at least 4 positions, holes inside the
// outer ring (checked on the hole's vertices).
func polygon(c [][][]float64) ([][]Point, error) {
	if len(c) == 0 {
		return nil, errors.New("empty polygon: no rings")
	}
	rings := make([][]Point, 0, len(c))
	for i, rc := range c {
		if len(rc) < 4 {
			return nil, fmt.Errorf("ring %d has %d positions, want at least 4", i, len(rc))
		}
		r := make([]Point, len(rc))
		for j, q := range rc {
			p, err := position(q)
			if err != nil {
				return nil, fmt.Errorf("ring %d position %d: %w", i, j, err)
			}
			r[j] = p
		}
		if r[0] != r[len(r)-1] {
			return nil, fmt.Errorf("ring %d is not closed: first position %v differs from last %v", i, r[0], r[len(r)-1])
		}
		rings = append(rings, r)
	}
	for i := 1; i < len(rings); i++ {
		inside := 0
		for _, p := range rings[i][:len(rings[i])-1] {
			if inRing(p, rings[0]) {
				inside++
			}
		}
		if inside*2 < len(rings[i])-1 {
			return nil, fmt.Errorf("wrong nesting: hole ring %d lies outside the outer ring", i)
		}
	}
	return rings, nil
}

func (f *Feature) readProps(file string) []error {
	var errs []error
	bad := func(format string, a ...any) {
		errs = append(errs, &FeatureError{File: file, Index: f.Index, ID: f.ID, Msg: fmt.Sprintf(format, a...)})
	}
	f.Source = propString(f.Props, "source")
	switch f.Geom {
	case GeomLine:
		ms := strings.ToLower(strings.TrimSpace(propString(f.Props, "mode")))
		m, ok := modeAliases[ms]
		if !ok {
			if ms == "" {
				bad("properties.mode is missing (want rail, road, ferry, gas, oil or power)")
			} else {
				bad("properties.mode %q unknown (want rail, road, ferry, gas, oil or power)", ms)
			}
		}
		f.Mode = m
		ss := propString(f.Props, "status")
		if st, ok := ParseStatus(ss); ok {
			f.Status = st
		} else {
			bad("properties.status %q unknown (want existing, construction, planned or inactive)", strings.ToLower(strings.TrimSpace(ss)))
		}
		if v, ok := f.Props["capacity"]; ok && v != nil {
			c, err := propNumber(v)
			if err != nil || c < 0 || math.IsNaN(c) || math.IsInf(c, 0) {
				bad("properties.capacity %v is not a non-negative number", v)
			} else {
				f.Capacity = c
			}
		}
		f.CapacityUnit = propString(f.Props, "capacity_unit")
		f.Gauge = propString(f.Props, "gauge")
		gs := strings.ToLower(strings.TrimSpace(propString(f.Props, "geometry")))
		switch gs {
		case "schematic":
			f.Schematic = true
		case "":
		case "traced":
			f.Traced = true
		case "partial":
			f.Traced = true
			if msg := f.readPlaceholders(); msg != "" {
				bad("%s", msg)
			}
		default:
			bad("properties.geometry %q unknown (want schematic, traced or partial)", gs)
		}
		if v, ok := f.Props["track_km"]; ok && v != nil {
			km, err := propNumber(v)
			switch {
			case err != nil || !(km > 0) || math.IsInf(km, 0):
				bad("properties.track_km %v is not a positive number", v)
			case !f.Traced:
				bad("properties.track_km needs properties.geometry \"traced\" or \"partial\"")
			case len(f.Lines) != 1:
				bad("properties.track_km applies to a LineString, not %d parts", len(f.Lines))
			default:
				f.TrackKm = km
			}
		}
		if _, ok := f.Props["placeholder_segments"]; ok && len(f.Placeholder) == 0 && gs != "partial" {
			bad("properties.placeholder_segments needs properties.geometry \"partial\"")
		}
		fs := strings.ToLower(strings.TrimSpace(propString(f.Props, "flow")))
		if fl, ok := flowNames[fs]; ok {
			f.Flow = fl
		} else {
			bad("properties.flow %q unknown (want both, forward or reverse)", fs)
		}
	case GeomPoint:
		f.Kind = strings.ToLower(propString(f.Props, "kind"))
		f.CapitalOf = strings.ToUpper(propString(f.Props, "capital_of"))
		f.Corridor = propString(f.Props, "corridor")
		for _, c := range strings.Split(propString(f.Props, "corridor_avoid"), ",") {
			if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
				f.Avoid = append(f.Avoid, c)
			}
		}
		if f.Name == "" {
			bad("point has no properties.name; points name the nodes that routes start and end at")
		}
	}
	return errs
}

// readPlaceholders reads properties.placeholder_segments of a "partial"
// line: increasing segment indices of its one LineString part. It returns
// what is wrong, or "".
func (f *Feature) readPlaceholders() string {
	raw, ok := f.Props["placeholder_segments"].([]any)
	if !ok || len(raw) == 0 {
		return `properties.geometry "partial" needs properties.placeholder_segments, a non-empty array of segment indices`
	}
	if len(f.Lines) != 1 {
		return fmt.Sprintf(`properties.geometry "partial" applies to a LineString, not %d parts`, len(f.Lines))
	}
	segs := len(f.Lines[0]) - 1
	for i, v := range raw {
		x, isNum := v.(float64)
		if !isNum || x != math.Trunc(x) || x < 0 || x >= float64(segs) {
			return fmt.Sprintf("properties.placeholder_segments[%d] = %v is not a segment index (0 to %d)", i, v, segs-1)
		}
		if i > 0 && int(x) <= f.Placeholder[i-1] {
			return fmt.Sprintf("properties.placeholder_segments[%d] = %v: indices must increase", i, v)
		}
		f.Placeholder = append(f.Placeholder, int(x))
	}
	return ""
}

func propString(p map[string]any, k string) string {
	v, ok := p[k]
	if !ok || v == nil {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func propNumber(v any) (float64, error) {
	switch x := v.(type) {
	case float64:
		return x, nil
	case string:
		return strconv.ParseFloat(strings.TrimSpace(x), 64)
	}
	return 0, fmt.Errorf("not a number: %v", v)
}
