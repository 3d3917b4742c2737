package main

import (
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// simEngines returns the engines plugged into the simulation for w. With
// none, sim uses the scenario's stated hazards, logistic decision model and
// project effects. Engine owners add their adapters here (risk: Decision and
// Hazards; gravity and network: Integration).
func simEngines(w *world.World) (sim.Engines, error) {
	return sim.Engines{}, nil
}
