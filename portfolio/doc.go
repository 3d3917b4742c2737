// Package portfolio chooses which integration projects to fund under the
// financiers' budgets and rules, and traces what each extra dollar buys in
// intervention risk or income, checked against the full simulation.
//
// # The problem
//
// A scenario's portfolio section (docs/portfolio.md; world.Portfolio)
// lists candidate projects, each with its cost and one or more financing
// plans that split the cost among financiers (the rest falls to the host
// governments, whose money no budget limits); financiers with budgets and
// eligibility (countries or project kinds they do not fund, checked when
// the scenario loads); dependencies (a candidate useful only with another)
// and exclusions; and counting rules ("at most one rail corridor"). A
// portfolio funds each candidate with one of its plans or not at all.
// It is simulated as the base policy (the scenario's baseline unless the
// section names another) plus its candidates from the section's start.
//
// The objectives are the reduction of P(at least one intervention in the
// region, or in chosen states, by the end of a chosen year) from the base
// policy, in percentage points, and the real income gain at that year's
// end (%), each against total cost. Budgets are on the central value of
// each cost; the cost's stated uncertainty is not propagated to them.
//
// # The method
//
//  1. Design. The simulation is run on a designed sample of portfolios
//     ([Design]): none, each candidate alone, every pair, all of them, and
//     as many random portfolios of three or more as there are candidates.
//     All run with one seed, so every draw's parameters, shocks and
//     uniforms are shared (common random numbers, package sim), and the
//     differences between portfolios carry little Monte Carlo noise.
//  2. Surrogate. A pseudo-Boolean quadratic model, constant plus additive
//     terms plus the pairwise interactions the data show ([Fit]), is
//     fitted by least squares. A pair's interaction y_ij − y_i − y_j + y_0
//     is kept when it exceeds twice its Monte Carlo standard error over
//     draws (the risk objective), or when it is not zero (the income
//     objective, of which the simulation keeps only the mean). The
//     surrogate's stated error is twice its leave-one-out RMSE over the
//     design (computed from the hat matrix, Allen's PRESS residuals).
//  3. Exact solve. The 0-1 problem on the surrogate is solved exactly by
//     depth-first branch and bound (Land and Doig 1960, "An automatic
//     method of solving discrete programming problems", Econometrica
//     28(3)) in pure Go ([Solve]); ties in value go to the cheaper
//     portfolio.
//  4. Frontier. The Pareto frontier of the objective against total cost
//     is traced with the ε-constraint method (Haimes, Lasdon and Wismer
//     1971, "On a bicriterion formulation of the problems of integrated
//     system identification and system optimization", IEEE Trans. SMC
//     1(3)): maximise with cost ≤ ε, then lower ε below the cost found
//     ([Frontier]). Costs are counted in whole dollars, so the frontier is
//     complete and every point on it Pareto-optimal on the surrogate.
//  5. Re-simulation. Every frontier portfolio is simulated again with the
//     full model and the same seed (its first draws are the design's),
//     with more draws. Each is reported with its mean effect, the 5-95%
//     range over draws (parameter uncertainty), P(effect < 0), the
//     surrogate's prediction and its error; a portfolio whose re-simulated
//     mean lies further from the prediction than the stated error plus
//     twice the Monte Carlo standard error is flagged.
//
// An infeasible problem (no portfolio keeps every rule) is explained by a
// minimal set of conflicting constraints, found with the deletion filter
// (Chinneck and Dravnieks 1991, "Locating minimal infeasible constraint
// sets in linear programs", ORSA J. Computing 3(2)) and reported with the
// position of each.
package portfolio
