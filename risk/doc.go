// Package risk is steppe's intervention engine: a data set of post-Soviet
// crisis episodes, Bayesian models of Russia's response fitted to it,
// honest out-of-sample scores, a backtest, and trigger hazards estimated
// from event data. Its posterior draws plug into the simulation (package
// sim) through cmd/steppe; risk itself knows nothing of sim.
//
// # Data
//
// [LoadEpisodes] reads data/episodes/episodes.csv: one row per crisis in
// which a Russian military response was possible (1992-2024), with the
// trigger type, whether the host asked for military help, Russian forces on
// its territory, the ethnic-Russian share at the latest census, CSTO
// membership, a turn away from Moscow, Russian forces committed elsewhere,
// the share of trade with partners other than Russia, the outcome on
// DESIGN.md's ordinal scale and the sources. Missing values are NA; the
// coding rules are in the data set's README.
//
// [LoadInputs] reads the inputs of the model v1's calibration (episodes,
// trigger events, growth, backtest country features) from the user's files
// or the bundled ones in a file system the caller passes (the binary passes
// package data's), with each file's SHA-256 for the posterior; a file the
// user must fix is an [InputError].
//
// # Decision models
//
// The binary model is a Bayesian logistic regression of
// P(outcome ≥ peacekeeping | episode) on the features of [DefaultFeatures],
// with normal priors ([DefaultPriors], after Gelman, Jakulin, Pittau and Su
// 2008) that a user can override per coefficient: in a scenario's
// decision.priors block ([Priors.WithScenario]), in a priors file, or on the
// command line. steppe run refits the decision models ([Refit]) when a
// scenario's priors differ from the bundled posterior's. [FitLogit] samples it with
// the Pólya-Gamma Gibbs sampler of Polson, Scott and Windle (2013),
// "Bayesian inference for logistic models using Pólya-Gamma latent
// variables", JASA 108(504); the PG(1, z) draws use the exact alternating-
// series sampler of their section 4 (Devroye's method).
//
// The ordinal model is a cumulative-logit (proportional-odds) regression
// over the whole outcome scale (McCullagh 1980), sampled by Hamiltonian
// Monte Carlo with dual-averaging step-size adaptation (Hoffman and Gelman
// 2014) in [FitOrdinal]. It gives the distribution over intervention types.
//
// Missing cells are imputed inside both samplers (data augmentation, Tanner
// and Wong 1987): each sweep draws every missing cell from the empirical
// distribution of its observed column reweighted by the likelihood of the
// episode's outcome. This assumes values are missing at random and that a
// missing feature is independent of the other features given the outcome
// model. Rows are never dropped.
//
// Convergence is checked with the rank-normalised split R-hat and the bulk
// and tail effective sample sizes of Vehtari, Gelman, Simpson, Carpenter
// and Bürkner (2021), "Rank-normalization, folding, and localization",
// Bayesian Analysis 16(2) ([Diagnose]).
//
// # Intervention model v2: invited and uninvited interventions
//
// [FitTwoProcess] fits, on the crises of episode set v2 ([Crisis],
// data/episodes/crises.csv), three logistic regressions in one sampler run
// that returns joint draws of all their parameters:
//
//	request    P(the government asks Russia or the CSTO for troops | crisis), all crises:
//	           intercept, csto_member, alignment, russian_base, armed (border,
//	           insurgent, civil-war, ethnic), realignment (protest is the
//	           reference), and a country random intercept;
//	accept     P(Russia deploys, peacekeeping or above | request), crises with a
//	           request: intercept, russia_committed, csto_member, russian_base;
//	uninvited  P(Russia intervenes, peacekeeping or above | no request), crises
//	           without one: intercept, enclave, border_russia, alignment,
//	           log(1 + troops_k), russia_committed, ethnic_russian (per 10
//	           points), and random intercepts by sub-region and by conflict.
//
// so that P(intervention | crisis) = P(request)·P(accept) + (1 − P(request))·P(uninvited).
// The outcome given an intervention has a Dirichlet-multinomial model per
// path: invited interventions are peacekeeping or a CSTO deployment
// (estimated on CSTO members only, since non-members cannot get one);
// uninvited ones are peacekeeping, covert support or invasion.
//
// Priors are stated per parameter ([DefaultTwoProcessPriors], overridable by
// name with [TwoProcessPriors.With], e.g. "uninvited.coef.enclave"):
// normal(0, 2.5) on the slopes and normal(0, 5) on the intercepts of the
// request and uninvited models, after Gelman, Jakulin, Pittau and Su
// (2008), "A weakly informative default prior distribution for logistic
// and other regression models", Annals of Applied Statistics 2(4); tighter
// normal(0, 1) slopes and a normal(0, 1.5) intercept for the accept model,
// which rests on fewer than fifteen requests; half-normal(0, 1) on each
// random-intercept standard deviation (Gelman 2006, "Prior distributions
// for variance parameters in hierarchical models", Bayesian Analysis 1(3));
// Dirichlet(1, …, 1) on the severity shares.
//
// The sampler is the Pólya-Gamma Gibbs sampler of Polson, Scott and Windle
// (2013) for every process. In each sweep the random-intercept standard
// deviations are drawn by slice sampling (Neal 2003, "Slice sampling",
// Annals of Statistics 31(3)) from their conditional given the Pólya-Gamma
// variables with all coefficients and random intercepts integrated out,
// then those are drawn jointly from their Gaussian conditional (a
// partially collapsed Gibbs sampler, van Dyk and Park 2008, JASA 103(482)).
// After warm-up an independence Metropolis-Hastings move on each process's
// coefficients, a multivariate t fitted to the chain's warm-up draws,
// restores fast mixing where events are rare (Johndrow, Smith, Pillai and
// Dunson 2019, "MCMC for imbalanced categorical data", JASA 114(527)).
// Missing covariates (troops, alignment, forces committed, ethnic-Russian
// share) are imputed in every sweep from their full conditional, as in
// [FitLogit]: the observed values of the training rows (troops within the
// same russian_base value, the ethnic share within the same country)
// reweighted by the likelihood of the row's outcomes in every process that
// uses the covariate.
//
// Convergence is reported per parameter (R-hat, bulk and tail ESS, Vehtari
// et al. 2021, [TwoProcessPosterior.Diag]); the default settings
// ([DefaultTwoProcessFit], 4 chains of 1,500 kept sweeps) give R-hat ≤ 1.01
// and bulk ESS ≥ 400 for every parameter on the bundled crises and on
// simulated data of their shape, and the tests check the sampler against
// posteriors computed by quadrature and against known coefficients.
//
// The posterior ([TwoProcessPosterior], JSON schema
// steppe.risk.twoprocess/v1) holds the draws, the data file's name and
// SHA-256, the priors, the sampler settings, the diagnostics and the
// imputation pools. A simulation uses it draw by draw without allocating:
//
//	x := post.Covariates("KGZ", "central-asia", "")  // a new conflict: its intercept is integrated out
//	x.Trigger, x.CSTOMember, x.RussianBase, x.TroopsK = world.TriggerProtest, 1, 1, 0.5
//	d := post.Draw(s)
//	pReq, pAcc, pUn := d.Probs(&x)
//	outcomes := d.Outcomes(&x, pReq, pAcc, pUn)
//
// A random intercept of a country, sub-region or conflict the data do not
// hold is integrated over N(0, τ²) by Gauss-Hermite quadrature.
// [FitTwoProcess]'s Before option (or [CrisesBefore]) fits on crises before
// a month, for temporal splits and hindcasts. [ValidateTwoProcess] scores
// P(intervention) per crisis out of sample (leave one episode out, leave one
// conflict out, fit before 2014-01 and 2022-01 and score from then) by
// Brier score, log score and AUROC against the training base rate and the
// training sub-regional base rate, with the per-episode table.
//
// # Out-of-sample scores
//
// [LeaveOneOut] refits without each episode and forecasts it;
// [TemporalSplit] fits on episodes before 2014 and forecasts the rest. Both
// report the Brier score, the log score, the AUROC (Mann-Whitney) and
// reliability bins for the model and two baselines: the smoothed base rate
// and a one-feature rule (the frequency of intervention given the request
// value). [RunBacktest] forecasts Central Asia 2022-2025 with data up to
// December 2021: each crisis episode since then, and each country-year
// through the hazards.
//
// # Trigger hazards
//
// [DeriveProtestEvents] turns the Mass Mobilization protest data into
// protest triggers (10,000 or more participants, or lethal state force; at
// most one per country-month); border and insurgent triggers come from
// UCDP/PRIO conflict onsets and the episode set (rules in
// data/triggers/README.md). [FitHazards] fits, per trigger type, the
// hierarchical model
//
//	y_cy ~ Poisson(λ_c · exp(γ·g_cy) · E_cy),   λ_c ~ Gamma(α, α/μ),
//
// with E_cy months observed and g_cy the growth gap (GDP in current US
// dollars, log change, minus the state's mean, per 10 points; protest only).
// Partial pooling through (α, μ) keeps a state with no recorded event, such
// as Turkmenistan, from a zero hazard. λ_c are drawn from their gamma full
// conditionals, (log α, log μ) and γ by random-walk Metropolis.
//
// # From a simulated trigger to the episode features
//
// [Posterior.Decide] maps the simulation's features (world.DecisionFeature,
// computed by sim for the country, month and state of the world) to the
// design row of the fitted models:
//
//	request               f[request] is the probability r that the host asks;
//	                      P = r·σ(η with request = 1) + (1 − r)·σ(η with request = 0);
//	                      r = 0 for realignment triggers
//	base_present          f[base_present] (1 while a Russian base lease runs)
//	ethnic_russian_share  f[ethnic_russian_share] / 0.1 (per 10 points)
//	csto_member           f[csto_member]
//	alignment_shift       f[alignment_shift]; 1 for a realignment trigger
//	russia_committed      f[russia_committed] (0..1 intensity)
//	non_russian_ties      (f[non_russian_ties] − 0.8) / 0.1
//	separatist            1 if the trigger is ethnic or civil-war
//	armed                 1 if the trigger is border or insurgent
//	early_1990s           0: the simulation is never in the Soviet-successor era
//	                      (protest and realignment are the reference trigger types)
//
// The episodes cannot estimate the argument's cost terms (sanctions
// exposure, Chinese investment at risk, integration fallout, Russian-transit
// dependence): no episode records them. cmd/steppe keeps the scenario's
// stated, sourced coefficients for those terms and adds them to the linear
// predictor ([Posterior.DecideOffset]). The outcome distribution given an
// intervention comes from the ordinal model, restricted to peacekeeping and
// above, with csto-deployment impossible for non-members.
//
// [Posterior.Monthly] gives the monthly probability 1 − exp(−λ) of a
// protest, border or insurgent trigger in a focus state for one posterior
// draw, with the growth effect for protests.
package risk
