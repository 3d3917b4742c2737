// Package explore does exploratory analysis over tables of experiments:
// which assumptions drive an answer (global sensitivity analysis), where a
// policy fails (scenario discovery), and which policy is robust across
// scenarios. It works on any CSV of experiments, so it serves other models'
// output as well as steppe's own; cmd/steppe wires it to the simulation.
//
// # Experiment designs
//
// A Design assigns values to factors: continuous parameters, mapped from
// the unit cube through their quantile functions, and categorical factors
// such as a scenario's policies.
//
//   - Monte Carlo: independent uniform draws.
//   - Latin hypercube: McKay, Beckman & Conover (1979), "A comparison of
//     three methods for selecting values of input variables in the analysis
//     of output from a computer code", Technometrics 21(2).
//   - Sobol' sequence: Sobol' (1967), generated in Gray-code order (Antonov
//     & Saleev 1979) with the direction numbers of Joe & Kuo (2008),
//     "Constructing Sobol sequences with better two-dimensional
//     projections", SIAM J. Sci. Comput. 30(5) (table new-joe-kuo-6.21201,
//     embedded for 1,000 dimensions), optionally randomised by a digital
//     shift. Laid out as in Saltelli (2002), "Making best use of model
//     evaluations to compute sensitivity indices", Comput. Phys. Commun.
//     145: per base sample the rows A, A_B^1..A_B^D, [B_A^1..B_A^D], B;
//     N(D+2) rows, or N(2D+2) with second-order indices (SALib's layout).
//   - Morris trajectories: Morris (1991), "Factorial sampling plans for
//     preliminary computational experiments", Technometrics 33(2), on a
//     p-level grid with step p/(2(p-1)); the r trajectories kept from a
//     larger random set maximise the spread of Campolongo, Cariboni &
//     Saltelli (2007), "An effective screening design for sensitivity
//     analysis of large models", Environ. Model. Softw. 22, selected by the
//     sequential removal of Ruano, Ribes, Seco & Ferrer (2012), "An improved
//     sampling strategy based on trajectory design for application of the
//     Morris method to systems with many input factors", Environ. Model.
//     Softw. 37.
//
// Run evaluates a design in parallel and writes a results file whose bytes
// depend only on the design and its seed, resuming an interrupted run.
//
// # Global sensitivity analysis
//
// SobolAnalyze estimates Sobol' (1993) indices from a Saltelli layout.
// First-order indices use Saltelli, Annoni, Azzini, Campolongo, Ratto &
// Tarantola (2010), "Variance based sensitivity analysis of model output.
// Design and estimator for the total sensitivity index", Comput. Phys.
// Commun. 181, table 2 (b): V_j = E[f(B)(f(A_B^j) - f(A))]; total indices
// Jansen (1999), "Analysis of variance designs for model output", Comput.
// Phys. Commun. 117: V_Tj = E[(f(A) - f(A_B^j))^2]/2; the Jansen estimator
// is also offered for first-order indices; second-order indices follow
// Saltelli (2002). Intervals are bootstrap percentiles over base samples
// (Efron & Tibshirani 1993; Archer, Saltelli & Sobol' 1997). A convergence
// series gives the indices from the first 64, 128, ... base samples, and
// warnings say in plain words when the sample is too small or an estimate
// is negative.
//
// Groups of factors (DesignSpec.Groups) follow Jacques, Lavergne &
// Devictor (2006), "Sensitivity analysis in presence of model uncertainty
// and correlated inputs", Reliab. Eng. Syst. Saf. 91, as SALib's groups:
// the factors of a group are switched together between A and B, so the
// layout has N(G+2) rows for G groups, and the same estimators give the
// closed first-order index of a group u, V(E[Y|X_u])/V(Y), and its total
// index 1 - V(E[Y|X_~u])/V(Y) (Saltelli et al. 2008, Global Sensitivity
// Analysis: The Primer, sec. 1.2.15). A model with ~140 uncertain
// parameters is then covered in full at N = 1,024 with ~17,000 runs
// instead of ~141,000. Outputs are centred on the mean of all rows, as SALib
// centres them: the Saltelli et al. (2010) S1 and Saltelli (2002) S2
// estimators depend on the centre in a finite sample, and so SobolAnalyze
// reproduces SALib's sobol.analyze (testdata/sobol_salib). The analysis
// warns of inputs whose switching never changed the outcome.
// ReadGroupSpecs reads groups as path patterns ("name: actors.KGZ,
// triggers.hazard.*.protest"). For scenario discovery on a Sobol' design,
// SaltelliABRows keeps the 2N independent A and B points.
//
// MorrisAnalyze computes elementary effects and their mean mu, mean
// absolute value mu* (Campolongo et al. 2007) and standard deviation sigma
// (Morris 1991), with a bootstrap interval on mu*. The Morris design keeps
// every random trajectory it draws by default, so that mu* estimates the
// mean absolute elementary effect over the grid without bias; the
// selection of the most spread-out trajectories (Campolongo et al. 2007,
// by the sequential removal of Ruano et al. 2012) is an option
// (DesignSpec.Candidates), since it biases mu* towards the corners.
//
// # Scenario discovery
//
// Prim implements the Patient Rule Induction Method of Friedman & Fisher
// (1999), "Bump hunting in high-dimensional data", Statistics and Computing
// 9, as used for scenario discovery by Bryant & Lempert (2010), "Thinking
// inside the box", Technol. Forecast. Soc. Change 77, with the rules and
// defaults of the EMA Workbench (Kwakkel 2017, prim.py), so that the same
// data and settings give EMA's trajectory (testdata/prim_ema): a peel cuts
// a numeric input at EMA's quantile, midway between distinct values so
// that ties stay together; the candidates (each numeric input's upper then
// lower peel, then each categorical level's removal) are scored by the
// lenient1, lenient2 or original objective, ties going to the candidate
// that leaves more inputs unrestricted; peeling stops as soon as the best
// candidate falls below the minimum mass or does not raise the objective;
// pasting widens a limit to EMA's quantile of the rows beyond it. Then the
// coverage-density trade-off (peeling trajectory), box inspection with
// quasi-p-values (a one-sided binomial test of each restriction: the chance
// of the box's cases of interest if the density were that of the box with
// the restriction removed), dropping a restriction (appended to the
// trajectory, as EMA's drop_restriction), and covering for further boxes.
// A report warns of fewer than 10 cases of interest and of chosen
// restrictions with quasi-p above 0.05. Table.DeclaredColumn types an
// input as numeric or categorical by declaration, never from a stray
// cell. Cart grows a classification tree (Breiman, Friedman, Olshen & Stone
// 1984, Classification and Regression Trees) as the alternative.
//
// # Robustness
//
// Robustness scores policies across the same scenarios by maximin (Wald
// 1950; minimax for a risk), minimax regret (Savage 1951), a pessimistic
// percentile, and the satisficing domain criterion (Starr 1963), as
// reviewed by McPhail, Maier, Kwakkel, Giuliani, Castelletti & Westra
// (2018), "Robustness metrics: how are they calculated, when should they be
// used and why do they give different results?", Earth's Future 6.
//
// # JSON
//
// SobolResult, MorrisResult, PrimReport, CartResult and RobustResult encode
// to the JSON that `steppe explore ... --json` prints; unavailable numbers
// (no bootstrap, an unrestricted side of a box) are null. A Sobol' result
// has "indices": [{"input", "S1": {"value","lo","hi","se"}, "ST": {...}}],
// "pairs" (second order), "convergence": [{"n", "S1": [...], "ST": [...]}],
// "warnings" and, for grouped indices, "groups": [{"name", "members"}]. A PRIM report has "boxes": [{"trajectory": [{"index",
// "step", "coverage", "density", "mass", "n", "k", "restricted", "limits":
// [{"input", "kind", "lo", "hi", "levels", "qp_lo", "qp_hi", "qp"}]}],
// "chosen", "drops": [{"input", "coverage", "density", "mass", ...}]}].
//
// # Reproducibility
//
// Every random choice draws from math/rand/v2 PCG streams seeded
// explicitly; bootstrap resample b uses stream (seed, b+1) whichever
// goroutine computes it, so results do not depend on the number of workers.
//
// Each analysis result prints its text report (WriteText), as `steppe
// explore` shows it; [Classifier] turns an outcome column into cases of
// interest for scenario discovery, and [SaltelliAB] keeps a Saltelli
// design's independent rows.
package explore
