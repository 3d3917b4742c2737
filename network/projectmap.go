package network

import (
	"encoding/json"
	"fmt"
	"io"
)

// ProjectMap says which line features of a network each scenario project
// adds when it is complete (data/network/projects.json), for projects whose
// scenario entry states no network_features, and which projects each named
// policy holds when no scenario is at hand.
type ProjectMap struct {
	Projects map[string]ProjectLines `json:"projects"`
	Policies map[string][]string     `json:"policies"`
}

// ProjectLines are the line features one project adds, with a note on
// where the mapping comes from.
type ProjectLines struct {
	Features []string `json:"features"`
	Note     string   `json:"note"`
}

// ReadProjectMap decodes a project map in the JSON layout of
// data/network/projects.json; name names the input in errors.
func ReadProjectMap(r io.Reader, name string) (*ProjectMap, error) {
	var m ProjectMap
	if err := json.NewDecoder(r).Decode(&m); err != nil {
		return nil, fmt.Errorf("project map %s: %w", name, err)
	}
	return &m, nil
}
