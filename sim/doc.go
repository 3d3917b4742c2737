// Package sim is steppe's monthly Monte Carlo simulation: for each draw it
// samples a scenario's uncertain parameters, builds the integration state of
// each policy, computes the monthly hazards of crisis triggers per country and
// the probability that Russia intervenes when one fires, and accumulates the
// probability of at least one intervention by each year.
//
// # One draw
//
// A draw d (0 ≤ d < Draws) is:
//
//  1. Parameters. Every uncertain number of the scenario (a world.Value with a
//     distribution) is a [Param] with a stable path such as
//     "actors.KGZ.remittances_gdp" or "decision.coef.base_present". Its value
//     in draw d is sampled from its own stream keyed by (seed, d, path), so a
//     parameter's draw does not change when other parameters are added,
//     removed or fixed by an override.
//
//  2. Yearly shocks, shared by all policies: Russian real growth
//     r_y ~ Normal(shocks.russia_growth, shocks.russia_growth_sd); each
//     country's growth g_cy ~ Normal(growth_c, growth_sd_c); a regional
//     fuel-price shock f_y ~ Normal(0, shocks.fuel_price_sd).
//     The remittance loss of country c (% of GDP) is
//     L_cy = remittances_gdp_c · remittances_russia_c · elasticity · (mean r − r_y) / 100.
//
//  3. Integration state per policy: each scheduled project completes at
//     start + duration (sampled, whole months); from then on its effects hold.
//     The [Integration] providers turn the set of completed projects into
//     per-country changes ([Effects]): real income, intra-regional trade share,
//     China and Russia trade shares, Russian-transit dependence, redundancy,
//     border security, Chinese investment.
//
//     Redundancy (the change in the number of independent freight exits that
//     avoid Russia) is reported only: no hazard or decision term reads it.
//     Its channel into Moscow's decision is already the transit-dependence
//     feature (russian_transit), and no episode or study gives a separate
//     coefficient for the number of exits; adding one would be an unsourced
//     assumption counted twice with russian_transit.
//
//  4. Hazards. For each focus country c and trigger type k with a stated base
//     hazard h0 (a monthly probability), the default hazard model (no
//     [HazardModel] plugged in) is
//
//     domestic types (protest, ethnic, civil-war):
//     logit h = logit h0 + β_growth·(g_cy − growth_c) + β_fuel·fuel_exposure_c·f_y
//     + β_remit·L_cy + β_income·ΔI_c
//     realignment:
//     logit h = logit h0 + β_realign·ΔT_c + β_commit·C_m
//     border, insurgent:
//     h = h0 · (1 − border_security_c)
//
//     Only growth's deviation from its mean enters, so the mean itself does
//     not move the hazard. ΔI_c is the % real-income gain from integration, ΔT_c the change in
//     the share of trade with partners other than Russia (minus the
//     russia_trade_share effect), C_m the intensity of Russian forces
//     committed elsewhere (shocks.russia_commitments) and border_security_c
//     the border-security effect of completed projects, capped to [0, 1].
//     The coefficients are triggers.coef.* in the scenario.
//
//  5. Decision. When a trigger of type k fires in c, the [DecisionModel] gives
//     P(outcome ≥ peacekeeping) and the distribution over intervention outcomes
//     from the [Features] of DESIGN.md's decision step. The default is the
//     scenario's logistic model
//
//     η = α + Σ_j β_j x_j + γ_k   (x without the request term)
//     P = r·σ(η + β_request) + (1 − r)·σ(η)
//
//     where r is the probability that the host government asks for help
//     (0 for realignment triggers). Given an intervention, the outcome type is
//     drawn from decision.outcomes.requested or .unrequested, mixed with the
//     same weights; csto-deployment is possible only for CSTO members (for
//     others its share moves to peacekeeping).
//
// Hazards and decisions are evaluated once per segment: a segment starts at
// the scenario's start, on each January and in any month a project completes.
//
// # Rao-Blackwellised estimates
//
// Given a draw's parameters and shocks, the monthly probability of an
// intervention in country c is q_cm = 1 − Π_k (1 − h_ckm·P_ckm), treating the
// trigger types as independent within a month. The probability of at least
// one intervention by the end of month t is then exactly 1 − Π_{m≤t}(1 − q_cm),
// so the simulation records this conditional probability instead of a 0/1
// outcome of one sampled path: the Rao-Blackwell theorem (Casella and Robert
// 1996, "Rao-Blackwellisation of sampling schemes", Biometrika 83(1)) makes
// its mean an unbiased estimate with lower variance, and its spread over draws
// is the parameter uncertainty the results report as 5/50/95% quantiles.
// Expected triggers are Σ h and expected interventions of type o are
// Σ h·P·Pr(o | intervention). The region's probability is
// 1 − Π_c (1 − p_c), countries being independent given a draw.
//
// Version 1 has no feedback from simulated events to later hazards (an
// intervention does not change the host's alignment or Russia's commitments);
// this is what makes the conditional probability exact. Options.Paths switches
// to event-path sampling: a trigger fires when a uniform falls below the
// hazard and an intervention follows when a second uniform falls below P; the
// uniforms are indexed by (seed, draw, country, trigger type, month) and are
// shared by every policy. Tests check that both modes agree.
//
// # Reproducibility and common random numbers
//
// Every random number is a function of (seed, draw, purpose, index) through
// package rng, never of the worker that computes it, and results are reduced
// in draw order, so output is byte-identical for any number of workers.
// Workers take blocks of 64 draws; a finished block is reduced (its sums
// added, its draws passed to [Options.Each]) as soon as every earlier block
// is, and no worker runs more than 2·workers+2 blocks ahead, so a run that
// streams its draws holds a few blocks whatever the number of draws. A
// rerun with the same options repeats the same draws exactly, which is
// what lets package results summarise in bounded memory with a second
// pass. All
// policies of a draw are computed together from the same parameters, shocks
// and uniforms (common random numbers), so a policy identical to the baseline
// has a delta of exactly zero and real deltas carry small Monte Carlo error.
//
// # Cost
//
// A draw's cost is dominated by evaluating hazards and decisions once per
// segment. The inner loop allocates nothing; a country's decisions are
// reused while its features are unchanged within a draw, its realignment
// hazard while its inputs are, and a segment's hazards and decisions are
// shared between policies whose integration state for the country is
// equal. The stated hazards' exponentials are taken in batches
// (internal/vexp, bit for bit math.Exp), so the results do not depend on
// any of this. BenchmarkDefault reports nanoseconds per country-month (per
// policy); `steppe bench sim` compares with a reference in the same run.
//
// # Plugging in engines
//
// The engines know nothing of sim; cmd/steppe adapts them to the small
// interfaces declared here and passes them in [Engines]:
//
//   - [DecisionModel]: package risk's calibrated posterior (one posterior draw
//     per Monte Carlo draw, e.g. draw.Index modulo the number of posterior draws);
//   - [HazardModel]: package risk's posterior monthly hazards per country and
//     trigger type;
//   - [Integration]: package gravity's general-equilibrium welfare and trade
//     shares and package network's Russian-transit dependence and redundancy,
//     as functions of the set of completed projects.
//
// Implementations must be safe for concurrent use by several workers and
// deterministic in their arguments. An engine may implement [Describer] so
// that the results name it ([Output].Engines).
//
// Besides the probabilities, [Output] records the expected triggers and
// interventions by type and the mean integration effects (real income, trade
// shares, ...) per country, year and policy, so that a policy's welfare side
// is reported next to its risk.
package sim
