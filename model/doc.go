// Package model is steppe's assembled model: a resolved scenario with the
// engines plugged into the simulation, ready to run. It is what `steppe run`,
// the server and `steppe explore` run, and what a library user runs to
// reproduce them.
//
// Assembly follows DESIGN.md's pipeline. From a [world.World] (package
// scenario resolves one from YAML), [Cache.Assemble] builds
//
//   - the decision model: the calibrated intervention posterior of package
//     risk (bundled in data/posterior, refitted to the bundled episodes when
//     the scenario states other priors, or a posterior the caller supplies),
//     with the scenario's stated coefficients for the cost terms that no
//     episode records entering as an offset to its linear predictor;
//   - the trade integration: package gravity/ge prices each set of completed
//     projects in general equilibrium (exact hat algebra) on the bundled
//     trade baseline;
//   - the network integration: package network measures Russian-transit
//     dependence and independent exits before and after the projects' lines;
//
// and compiles them with the world into a [sim.Model]. [Model.Run] runs the
// Monte Carlo and summarises it with package results; [Model.Experiments]
// adapts the model to package explore's experiment designs.
//
// Every modelling constant of the assembly is either a scenario field or a
// documented default in [Settings], which `steppe validate --params` lists.
// What is expensive to build (the bundled posterior, refits under a
// scenario's priors, the trade baseline, the network) lives in a [Cache]
// that the caller owns and may share between runs; a nil *Cache builds
// everything afresh. Results are byte-identical for the same scenario,
// settings, seed and version, whatever the number of workers.
//
// The model also reports on itself as the command line shows it: [Check]
// is what `steppe validate` says of a scenario (its parameters, its priors
// checked against the risk engine's features, the settings);
// [Model.PlanGroups] sizes a grouped Sobol' design over the model's factors;
// [V2Posterior.WriteText] and [Hindcast.WriteText] print a fitted posterior
// and a hindcast against the record.
package model
