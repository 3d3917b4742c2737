package report

// The places the map draws: the gazetteer of facilities and country points
// (geo/README.md), bases and infrastructure placed on it, and the map layers
// the dashboard loads before any run.

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/world"
)

// Point is a place on the map.
type Point struct {
	Name     string
	Lon, Lat float64
}

// Facility is a located military facility.
type Facility struct {
	ID, Name, Host, Operator string
	Lat, Lon                 float64
	Located                  bool
	Precision                string
	Sources                  string
}

// Gazetteer places bases and infrastructure (see geo/README.md).
type Gazetteer struct {
	Facilities []Facility
	Points     map[string]Point // iso3 → capital or gateway city
}

//go:embed geo/facilities.csv
var facilitiesCSV []byte

//go:embed geo/capitals.csv
var capitalsCSV []byte

// DefaultGazetteer returns the bundled facilities and country points.
func DefaultGazetteer() (*Gazetteer, error) {
	return ParseGazetteer(bytes.NewReader(facilitiesCSV), bytes.NewReader(capitalsCSV))
}

// ParseGazetteer reads the two tables described in geo/README.md.
func ParseGazetteer(facilities, points io.Reader) (*Gazetteer, error) {
	gz := &Gazetteer{Points: map[string]Point{}}
	rows, err := readCSV(facilities, "facilities", "facility_id", "name", "host_iso3", "operator_iso3", "lat", "lon", "coord_precision", "sources")
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		f := Facility{ID: r[0], Name: r[1], Host: r[2], Operator: r[3], Precision: r[6], Sources: r[7]}
		if r[4] != "" || r[5] != "" {
			lat, err1 := strconv.ParseFloat(r[4], 64)
			lon, err2 := strconv.ParseFloat(r[5], 64)
			if err1 != nil || err2 != nil || math.Abs(lat) > 90 || math.Abs(lon) > 180 {
				return nil, fmt.Errorf("facilities row %d: bad coordinates %q, %q", i+2, r[4], r[5])
			}
			f.Lat, f.Lon, f.Located = lat, lon, true
		}
		gz.Facilities = append(gz.Facilities, f)
	}
	rows, err = readCSV(points, "capitals", "iso3", "name", "lon", "lat")
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		lon, err1 := strconv.ParseFloat(r[2], 64)
		lat, err2 := strconv.ParseFloat(r[3], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("capitals row %d: bad coordinates %q, %q", i+2, r[2], r[3])
		}
		gz.Points[r[0]] = Point{Name: r[1], Lon: lon, Lat: lat}
	}
	return gz, nil
}

// readCSV reads a CSV with a header that starts with want, returning the
// data rows cut to len(want) columns.
func readCSV(r io.Reader, name string, want ...string) ([][]string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	all, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(all) == 0 || len(all[0]) < len(want) {
		return nil, fmt.Errorf("read %s: missing header %v", name, want)
	}
	for i, h := range want {
		if all[0][i] != h {
			return nil, fmt.Errorf("read %s: column %d is %q, want %q", name, i+1, all[0][i], h)
		}
	}
	var out [][]string
	for i, row := range all[1:] {
		if len(row) < len(want) {
			return nil, fmt.Errorf("read %s: row %d has %d columns, want %d", name, i+2, len(row), len(want))
		}
		out = append(out, row[:len(want)])
	}
	return out, nil
}

var nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

func norm(s string) string { return nonAlnum.ReplaceAllString(strings.ToLower(s), "") }

// PlaceBases returns w's bases, each at the facilities it matches (see
// geo/README.md); a base without a located facility is returned with
// Located false.
func PlaceBases(w *world.World, gz *Gazetteer) []Base {
	out := []Base{}
	for _, b := range w.Bases {
		base := Base{ID: b.ID, Name: b.Name, Host: b.Host, Operator: b.Operator, Kind: b.Kind,
			LeaseEnd: b.LeaseEnd.V, Personnel: b.Personnel.V, Source: b.LeaseEnd.Source}
		key := norm(strings.TrimPrefix(strings.ToLower(b.ID), strings.ToLower(b.Host)+"-"))
		found := false
		if gz != nil && key != "" {
			for _, f := range gz.Facilities {
				fid := norm(strings.TrimPrefix(f.ID, f.Host+"_"))
				if f.Host != b.Host || !f.Located || !strings.HasPrefix(fid, key) {
					continue
				}
				site := base
				site.Site, site.Lat, site.Lon, site.Located, site.Precision = f.Name, f.Lat, f.Lon, true, f.Precision
				if site.Source == "" {
					site.Source = f.Sources
				}
				out = append(out, site)
				found = true
			}
		}
		if !found {
			out = append(out, base)
		}
	}
	return out
}

// PlaceInfrastructure returns w's existing links and the links its
// projects add, drawn schematically through the points of the countries
// they join.
func PlaceInfrastructure(w *world.World, gz *Gazetteer) []Line {
	out := []Line{}
	line := func(in world.Infra, project string, policies []string) {
		l := Line{ID: in.ID, Name: in.Note, Kind: string(in.Kind), Project: project, Policies: policies, Coords: [][2]float64{}, Schematic: true}
		if l.Name == "" {
			l.Name = in.ID
		}
		if gz != nil {
			for _, c := range append(append([]string{in.From}, in.Via...), in.To) {
				if p, ok := gz.Points[c]; ok {
					l.Coords = append(l.Coords, [2]float64{p.Lon, p.Lat})
				}
			}
		}
		out = append(out, l)
	}
	for _, in := range w.Infra {
		line(in, "", nil)
	}
	for _, p := range w.Projects {
		var pols []string
		for _, pol := range w.Policies {
			for _, pp := range pol.Projects {
				if pp.Project == p.ID {
					pols = append(pols, pol.ID)
					break
				}
			}
		}
		for _, in := range p.Adds {
			if in.Note == "" {
				in.Note = p.Name
			}
			line(in, p.ID, pols)
		}
	}
	return out
}

// MapLayers is the JSON the dashboard loads before any run: boundaries,
// the focus states, and the default scenario's bases and infrastructure.
type MapLayers struct {
	Boundaries     json.RawMessage `json:"boundaries"` // GeoJSON FeatureCollection, properties {iso3, name}
	Focus          []string        `json:"focus"`
	Bases          []Base          `json:"bases"`
	Infrastructure []Line          `json:"infrastructure"`
}

// Boundaries reduces a Natural Earth admin-0 GeoJSON FeatureCollection to
// the features' geometry and {iso3, name}: iso3 is ADM0_A3 (or ISO_A3),
// name is NAME. Coordinates are kept as they are.
func Boundaries(geojson []byte) (json.RawMessage, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties map[string]any  `json:"properties"`
			Geometry   json.RawMessage `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(geojson, &fc); err != nil {
		return nil, fmt.Errorf("boundaries: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("boundaries: type %q, want FeatureCollection", fc.Type)
	}
	type feature struct {
		Type       string            `json:"type"`
		Properties map[string]string `json:"properties"`
		Geometry   json.RawMessage   `json:"geometry"`
	}
	out := struct {
		Type     string    `json:"type"`
		Features []feature `json:"features"`
	}{Type: "FeatureCollection", Features: []feature{}}
	for i, f := range fc.Features {
		str := func(k string) string { s, _ := f.Properties[k].(string); return s }
		iso := str("ADM0_A3")
		if iso == "" || iso == "-99" {
			iso = str("ISO_A3")
		}
		if iso == "" || iso == "-99" {
			return nil, fmt.Errorf("boundaries: feature %d has no ADM0_A3 or ISO_A3", i)
		}
		out.Features = append(out.Features, feature{Type: "Feature", Properties: map[string]string{"iso3": iso, "name": str("NAME")}, Geometry: f.Geometry})
	}
	return json.Marshal(out)
}

// BuildMapLayers assembles the map layers for a scenario.
func BuildMapLayers(geojson []byte, w *world.World, gz *Gazetteer) ([]byte, error) {
	b, err := Boundaries(geojson)
	if err != nil {
		return nil, err
	}
	m := MapLayers{Boundaries: b, Focus: []string{}, Bases: []Base{}, Infrastructure: []Line{}}
	if w != nil {
		for _, a := range w.Focus() {
			m.Focus = append(m.Focus, a.ID)
		}
		m.Bases = PlaceBases(w, gz)
		m.Infrastructure = PlaceInfrastructure(w, gz)
	}
	return json.Marshal(m)
}
