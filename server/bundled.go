package server

import (
	"fmt"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/report"
	"github.com/steppe-dev/steppe/scenario"
)

// BundledConfig is the configuration of the server steppe serves for the
// run store runs: the assembled model as its runner ([ModelRunner], with
// simWorkers simulation workers per run; 0 for all cores), the embedded
// scenarios, the map layers of the bundled boundaries and of the embedded
// scenario named scenarioName (its bases and infrastructure), the bundled
// infrastructure network (data/network), and version. Limits, token and
// log are the caller's.
func BundledConfig(runs Runs, simWorkers int, scenarioName, version string) (Config, error) {
	gz, err := report.DefaultGazetteer()
	if err != nil {
		return Config{}, err
	}
	layers, err := mapLayers(gz, scenarioName)
	if err != nil {
		return Config{}, err
	}
	network, networkProjects, err := networkFiles()
	if err != nil {
		return Config{}, err
	}
	return Config{Runs: runs, Runner: &ModelRunner{Workers: simWorkers, Gazetteer: gz, Version: version}, Embedded: EmbeddedScenarios(),
		Map: layers, Network: network, NetworkProjects: networkProjects, Version: version}, nil
}

// mapLayers builds /api/map from the bundled boundaries and the embedded
// scenario's bases and infrastructure.
func mapLayers(gz *report.Gazetteer, scenarioName string) ([]byte, error) {
	geo, err := data.ReadFile("boundaries/ne_50m_admin0_region.geojson")
	if err != nil {
		return nil, fmt.Errorf("map boundaries: %w", err)
	}
	name, src, err := scenario.Embedded(data.FS())(scenarioName, "")
	if err != nil {
		return nil, err
	}
	sc, err := scenario.Load(name, src, scenario.Embedded(data.FS()))
	if err != nil {
		return nil, fmt.Errorf("default scenario: %w", err)
	}
	return report.BuildMapLayers(geo, sc.World, gz)
}

// networkFiles returns the bundled infrastructure network and its projects
// file (data/network), which the dashboard's map draws.
func networkFiles() (geojson, projects []byte, err error) {
	if geojson, err = data.ReadFile("network/central-asia.geojson"); err != nil {
		return nil, nil, fmt.Errorf("serve: network layer: %w", err)
	}
	if projects, err = data.ReadFile("network/projects.json"); err != nil {
		return nil, nil, fmt.Errorf("serve: network projects: %w", err)
	}
	return geojson, projects, nil
}
