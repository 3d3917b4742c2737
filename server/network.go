package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/steppe-dev/steppe/network"
)

// networkLayer is the map layer of the bundled infrastructure network
// served at /api/network: its lines (rail, road, ferry, gas, oil, power)
// with the status normalised by [network.ParseStatus], coordinates rounded to 0.001° (about 100 m,
// far below what the map can show), and which lines each project adds.
type networkLayer struct {
	Lines []networkLine `json:"lines"`
	// Projects maps a scenario project to the ids of the lines it adds.
	Projects map[string][]string `json:"projects"`
	// Attribution is the data's required credit, shown under the map.
	Attribution string `json:"attribution"`
}

type networkLine struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Mode   string `json:"mode"`
	Status string `json:"status"` // existing, construction, planned or inactive
	// Capacity and its unit where the source gives one (gas bcm/y, oil
	// boe/d, power MW).
	Capacity     *float64       `json:"capacity,omitempty"`
	CapacityUnit string         `json:"capacity_unit,omitempty"`
	Parts        [][][2]float64 `json:"parts"` // one or more [lon, lat] paths
}

// networkAttribution credits the sources of data/network (see its README).
const networkAttribution = "Network: pipelines © Global Energy Monitor (CC BY 4.0); stations © OpenStreetMap contributors (ODbL 1.0) and Natural Earth; power links after Agora Energiewende (CC BY 4.0). Rail lines are drawn straight between stations."

// buildNetworkLayer reads a GeoJSON FeatureCollection of network lines
// (points are skipped) and, optionally, the projects file of
// data/network (projects.json: {"projects": {ID: {"features": [...]}}}).
func buildNetworkLayer(geojson, projects []byte) ([]byte, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			ID       json.RawMessage `json:"id"` // RFC 7946 section 3.2: string or number
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				ID           string   `json:"id"`
				Name         string   `json:"name"`
				Mode         string   `json:"mode"`
				Status       string   `json:"status"`
				Capacity     *float64 `json:"capacity"`
				CapacityUnit string   `json:"capacity_unit"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(geojson, &fc); err != nil {
		return nil, fmt.Errorf("network layer: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("network layer: type %q, want FeatureCollection", fc.Type)
	}
	round := func(v float64) float64 { return math.Round(v*1000) / 1000 }
	out := networkLayer{Lines: []networkLine{}, Projects: map[string][]string{}, Attribution: networkAttribution}
	for i, f := range fc.Features {
		var parts [][][2]float64
		switch f.Geometry.Type {
		case "LineString":
			var p [][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("network layer: feature %d (%s): %w", i, f.Properties.ID, err)
			}
			parts = [][][2]float64{p}
		case "MultiLineString":
			if err := json.Unmarshal(f.Geometry.Coordinates, &parts); err != nil {
				return nil, fmt.Errorf("network layer: feature %d (%s): %w", i, f.Properties.ID, err)
			}
		default:
			continue
		}
		id := strings.Trim(string(f.ID), `"`)
		if id == "" || id == "null" {
			id = f.Properties.ID
		}
		st, ok := network.ParseStatus(f.Properties.Status)
		if !ok {
			return nil, fmt.Errorf("network layer: feature %d (%s): properties.status %q unknown (want existing, construction, planned or inactive)", i, id, f.Properties.Status)
		}
		l := networkLine{ID: id, Name: f.Properties.Name, Mode: f.Properties.Mode, Status: string(st),
			Capacity: f.Properties.Capacity, CapacityUnit: f.Properties.CapacityUnit, Parts: [][][2]float64{}}
		if l.Mode == "" {
			l.Mode = "other"
		}
		for _, p := range parts {
			var q [][2]float64
			for _, pt := range p {
				r := [2]float64{round(pt[0]), round(pt[1])}
				if len(q) == 0 || q[len(q)-1] != r {
					q = append(q, r)
				}
			}
			if len(q) >= 2 {
				l.Parts = append(l.Parts, q)
			}
		}
		if len(l.Parts) > 0 {
			out.Lines = append(out.Lines, l)
		}
	}
	if len(projects) > 0 {
		var pf struct {
			Projects map[string]struct {
				Features []string `json:"features"`
			} `json:"projects"`
		}
		if err := json.Unmarshal(projects, &pf); err != nil {
			return nil, fmt.Errorf("network projects: %w", err)
		}
		for id, p := range pf.Projects {
			if len(p.Features) > 0 {
				out.Projects[id] = append([]string(nil), p.Features...)
				sort.Strings(out.Projects[id])
			}
		}
	}
	return json.Marshal(out)
}

func (s *Server) getNetwork(w http.ResponseWriter, r *http.Request) {
	if len(s.network) == 0 {
		writeError(w, http.StatusNotFound, "no network data configured", nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Write(s.network)
}
