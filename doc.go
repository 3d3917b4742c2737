// Package steppe is the root of an analyst's scenario engine for Central
// Asian security. It holds no code: the work is done by the packages below,
// listed from leaves to edges. The assembled model lives in package model;
// cmd/steppe only presents it.
//
//   - dist, rng: distributions for assumptions and priors; deterministic
//     random streams keyed by seed, draw and purpose.
//   - world: the domain vocabulary (actors, links, bases, projects,
//     policies, triggers, outcomes).
//   - scenario: the YAML scenario format, validation with file:line:column
//     errors, and resolution into a world.
//   - data: bundled datasets and canonical scenarios, embedded.
//   - network, gravity, gravity/ge, risk: engines usable on their own
//     (infrastructure graph; PPML with high-dimensional fixed effects and
//     general-equilibrium counterfactuals; the intervention model calibrated
//     on historical episodes).
//   - sim: the monthly Monte Carlo, which reaches the engines through small
//     interfaces that it declares.
//   - results: summaries of draws, policy deltas, the implied rate against
//     the record, stable encodings.
//   - model: the assembled model, a scenario with the engines plugged into
//     sim (the intervention model v2 and crisis hazards of risk, the trade
//     model of gravity/ge, the network), run and summarised; its adapter to
//     explore's experiments; the hindcast and the decomposition of a
//     policy's effect by channel.
//   - explore: experiment designs, global sensitivity analysis and scenario
//     discovery over any table of experiments.
//   - portfolio: which candidate projects to fund under financiers' budgets
//     and rules: a surrogate of the model fitted on a designed sample,
//     solved exactly, its cost-effect frontier re-simulated.
//   - store, server, report: persistence, HTTP API and dashboard (whose
//     runner runs the model), and the self-contained HTML report.
//   - bench: benchmarks of the model, the engines and the server, each
//     against a reference measured in the same run.
//
// The import rules between these packages are a statement of policy,
// checked by deps_test.go.
package steppe
