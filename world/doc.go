// Package world holds steppe's domain vocabulary: actors and their
// attributes, links between them (land borders, foreign bases, alliance
// memberships, trade and investment stocks, infrastructure), integration
// projects, policies, trigger hazards, the intervention decision's
// parameters, economic shocks and the observed history before a scenario's
// start.
//
// Every number is a [Value]: a central figure with the year it refers to,
// its source, an optional uncertainty (a dist.Dist) and, where it is not
// measured, an assumption flag with a one-line reason. Package scenario
// builds a World from YAML; package sim simulates it. world does no I/O.
//
// The vocabulary of trigger types and outcomes is the one of DESIGN.md and
// is shared by scenario files, the episode data, the simulation and the
// results:
//
//	triggers: protest, ethnic, border, insurgent, civil-war, realignment
//	outcomes: none < diplomatic < base-reinforcement < peacekeeping
//	          < csto-deployment < covert < invasion
//
// "Intervention" means an outcome of peacekeeping or above.
package world
