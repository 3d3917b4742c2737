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
	rd, err := newRiskDecision(w) // run_risk.go: calibrated posterior (issue 5)
	if err != nil {
		return sim.Engines{}, err
	}
	gi, err := newGEIntegration(w) // run_ge.go: general-equilibrium trade effects (issue 4)
	if err != nil {
		return sim.Engines{}, err
	}
	ni, err := newNetworkIntegration(w) // network_sim.go: Russian-transit dependence and exits (issue 6)
	if err != nil {
		return sim.Engines{}, err
	}
	return sim.Engines{Decision: rd, Integration: []sim.Integration{gi, ni}}, nil
}
