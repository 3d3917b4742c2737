// Package gravity estimates structural gravity models: Poisson
// pseudo-maximum likelihood (PPML) and OLS with any number of
// high-dimensional fixed effects, including interactions such as
// exporter^year, with results that match R's fixest (fepois, feols).
//
// # Model and method
//
// PPML (Santos Silva & Tenreyro 2006, "The log of gravity", Review of
// Economics and Statistics 88(4)) solves the Poisson score equations
// Σ (y − exp(xβ + Dα)) [x, D] = 0 for y ≥ 0 by iteratively reweighted least
// squares: with μ the current fit, regress the working outcome
// z = η + (y − μ)/μ on x with weights μ. The fixed effects D are swept out
// of z and x at each step rather than estimated as dummies (Correia,
// Guimarães & Zylkin 2020, "Fast Poisson estimation with high-dimensional
// fixed effects", Stata Journal 20(1); Bergé 2018, "Efficient estimation of
// maximum likelihood models with multiple fixed-effects: the R package
// FENmlm", CREA discussion paper 2018-13).
//
// Demeaning works in the space of fixed-effect coefficients, as fixest does:
// one Gauss–Seidel sweep replaces each dimension's coefficients by the
// weighted group means of the variable net of the other dimensions, and the
// sweeps are accelerated by Irons–Tuck extrapolation (Irons & Tuck 1969;
// Varadhan & Roland 2008). Each column keeps its coefficients between IRLS
// iterations, so every demeaning is warm-started from the previous one.
// Early IRLS iterations demean to a looser tolerance (at most 1e-4,
// tightened as the deviance settles) and the last iterations always run at
// Options.FixefTol, as ppmlhdfe does.
//
// # Convergence rules (Options)
//
//   - Demeaning stops when no fixed-effect coefficient moves by more than
//     FixefTol (default 1e-6) in absolute terms or relative to 0.1+|α|
//     between sweeps, or after FixefMaxIter sweeps (default 10,000).
//   - IRLS stops when |dev − dev_prev| / (0.1 + |dev|) < GLMTol (default
//     1e-8) with demeaning at FixefTol, or after GLMMaxIter iterations
//     (default 25). A non-finite deviance halves the step.
//   - A regressor is collinear (with earlier ones or the fixed effects) when
//     its Cholesky pivot on the demeaned X'WX is at most CollinTol (default
//     1e-10) times its diagonal; it is removed and listed in
//     Result.Collinear.
//
// # Sample
//
// Rows with a missing or NaN value in any variable of the formula are
// dropped (RemovedMissing), ±Inf (e.g. log(0)) likewise (RemovedInfinite).
// A negative Poisson outcome is an error naming the first offending row.
// For Poisson, observations in a fixed-effect level whose outcomes are all
// zero are dropped, repeatedly until no such level is left (fixest's
// fixef.rm = "perfect"). Then, unless Options.Separation says otherwise,
// the iterative rectifier (ReLU) test of Correia, Guimarães & Zylkin (2021,
// "Verifying the existence of maximum likelihood estimates for generalized
// linear models", arXiv:1903.01633) finds observations separated by the
// regressors and fixed effects jointly and drops them. Problems with
// n·p² ≤ 2e9 (p = regressors plus fixed-effect levels) solve each
// rectifier step exactly by dense algebra; larger ones solve it by
// accelerated alternating projections under a fixed budget and add a
// warning when the test is inconclusive (it then drops nothing). Before
// those steps, a rank probe checks whether every y = 0 row is a linear
// combination of the y > 0 rows in the design (one least-squares fit of a
// random combination of the columns on the y > 0 rows); if so nothing can
// be separated and the rectifier does not run. On the 1M-row benchmark
// panel the probe clears the sample at less than the fit's cost;
// SeparationFE skips the test, as fixest does.
// Result.Removed counts
// and lists every removed row with its reason; Result.FE lists the
// fixed-effect sizes and dropped levels.
//
// Warnings (Result.Warnings, Vcov.Warnings) are errors that did not stop
// the fit; each wraps a sentinel (ErrNotConverged, ErrDemeanNotConverged,
// ErrSeparationInconclusive, ErrVcovRepaired) that errors.Is recognises.
//
// # Inference
//
// Result.Vcov computes iid, heteroskedasticity-robust or clustered (one- or
// two-way, each cluster a column or an interaction) variance matrices from a
// finished fit, without refitting, with fixest's default small-sample
// correction ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE,
// cluster.df = "min", t.df = "min"): see Vcov for the factors. Poisson
// p-values use the normal distribution, OLS p-values Student's t.
//
// # Performance
//
// Data are column-major float64 slices and int32 level codes. Every pass
// over the observations (weight sums, demeaning sweeps, residuals, the
// working outcome, the normal equations, the η/μ/deviance update) runs on
// a fixed number of chunks that depends only on the number of
// observations, each with private accumulators summed in chunk order, so
// Options.Threads changes speed but not a single bit of the results. All
// columns being demeaned share each pass, so codes and weights are read
// once per sweep. On small data, where a pass is one chunk, columns run in
// parallel instead. `steppe gravity bench` (and BenchmarkFitPanel1/2)
// times the fit of the 1,005,750-row reference panel against fixest.
//
// # API in brief
//
//	f, err := gravity.ReadFile("trade.csv")           // or NewFrame + AddFloat/AddString
//	res, err := gravity.Fit(f, "Euros ~ log(dist_km) | Origin^Year + Destination^Year",
//		gravity.Options{Family: gravity.Poisson, Fixef: true})
//	v, err := res.Vcov(gravity.VcovSpec{Type: gravity.VcovCluster,
//		Cluster: []gravity.FETerm{{Vars: []string{"Origin", "Destination"}}}})
//	res.Coef, v.SE                  // estimates and standard errors
//	res.Fitted, res.Rows            // fitted values for the frame rows used
//	res.FixedEffects[q].Value("DE") // recovered fixed effects (Options.Fixef)
//	res.WriteTable(os.Stdout, v)    // fixest-like table
package gravity
