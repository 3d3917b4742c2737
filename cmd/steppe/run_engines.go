package main

import (
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// engineInputs replace the bundled inputs of the engines.
type engineInputs struct {
	// posterior is an intervention-model posterior written by steppe
	// calibrate --out, read from posteriorFile; nil means the bundled one.
	posterior     *risk.Posterior
	posteriorFile string
}

// simEngines returns the engines plugged into the simulation for w. With
// none, sim uses the scenario's stated hazards, logistic decision model and
// project effects. Engine owners add their adapters here (risk: Decision and
// Hazards; gravity and network: Integration).
func simEngines(w *world.World) (sim.Engines, error) { return simEnginesFrom(w, engineInputs{}) }

// simEnginesFrom is simEngines with inputs other than the bundled ones.
func simEnginesFrom(w *world.World, in engineInputs) (sim.Engines, error) {
	rd, err := newRiskDecision(w, in) // run_risk.go: calibrated posterior (issue 5)
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
