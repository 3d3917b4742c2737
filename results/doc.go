// Package results summarises a simulation's draws: per country (and the
// region), calendar year and policy, the probability of at least one Russian
// intervention by the end of that year (mean, Monte Carlo standard error, and
// the 5%, 50% and 95% quantiles over draws), the expected cumulative numbers
// of triggers by type and of interventions by outcome, and for each policy
// its difference from the baseline: the mean with its Monte Carlo standard
// error, the 5% and 95% quantiles over draws of the paired difference, and
// the share of draws in which the difference is negative.
//
// Deltas use common random numbers: draw d of a policy and draw d of the
// baseline share parameters, shocks and uniforms, so the delta's standard
// error is sd(p_d − b_d)/√N, usually far below that of either mean. That
// standard error measures only simulation noise in the average effect; how
// sure the effect is, given the uncertain assumptions, is the spread of the
// paired differences p_d − b_d over parameter draws, which the 5–95% range
// and P(delta < 0) report.
// Quantiles are the sample quantiles of Hyndman and Fan (1996, "Sample
// quantiles in statistical packages", The American Statistician 50(4)),
// definition 7, the default of R and NumPy.
//
// # Bounded memory
//
// A run's memory does not grow with its draws. [Accumulator] takes the
// draws as the simulation streams them in draw order (sim.Options.Each)
// and keeps the first draws of every series (a cell's probability, a
// delta, a validity rate) up to [DefaultPilotValues] values in all. When
// every draw fits, the results are computed from them as [Summarize]
// does: the mean and its standard error in draw order, and the quantiles
// from the order statistics they need, found by selection (Hoare's
// quickselect) instead of a full sort, in parallel over series. When the
// draws do not fit, the method is exact in passes:
//
//  1. The pilot draws are sorted; the pilot values within 256 ranks of each
//     wanted quantile become the edges of a histogram of every draw with
//     integer counts (a bin per edge for the values equal to it, and one
//     between each two edges). The mean is summed in draw order.
//  2. The counts give the bin that holds each order statistic the
//     quantiles need (Hyndman and Fan's definition 7 needs the ones at
//     floor((n−1)p) and the next). A bin of one value is the answer. The
//     simulation repeats the same draws (every random number is a
//     function of the seed and the draw), summing the squared deviations
//     from the mean in draw order for the standard error and keeping the
//     values that fall in the wanted bins, which are few (about
//     draws/pilot each); the order statistic is then picked from them.
//  3. A bin too full to keep (over 65,536 values, or 4 Mi for all wants
//     together) is split 256-fold by the floats' bit patterns and counted
//     again in one more pass, at most 8 times.
//
// The counts are integers and every sum runs in draw order, so the
// results are byte-identical to those of the draws kept in memory, for
// any number of workers; the memory is the pilot, the histograms (about
// 1,500 edges per series) and the kept values, whatever the draws.
//
// # Stable encodings
//
// JSON (schema "steppe.results/v1"), written by [Results.WriteJSON]:
//
//	{
//	  "schema": "steppe.results/v1",
//	  "scenario": "central-asia", "start": "2022-02", "horizon": "2042-12",
//	  "seed": 1, "draws": 1000, "mode": "conditional",   // or "paths"
//	  "engines": {"decision": "...", "hazards": "...", "integration": ["..."]},  // models used
//	  "baseline": "baseline",
//	  "policies": ["baseline", "fast-track-integration"],
//	  "countries": ["KAZ", "KGZ", "TJK", "TKM", "UZB", "REGION"],
//	  "years": [2022, ..., 2042],
//	  "trigger_types": ["protest", ...], "intervention_types": ["peacekeeping", ...],
//	  "cells": [
//	    {"policy": "baseline", "country": "KAZ", "year": 2027,
//	     "p_intervention": {"mean": 0.1, "se": 0.001, "q05": 0.02, "q50": 0.08, "q95": 0.25},
//	     "delta": {"mean": -0.01, "se": 0.0003,            // absent for the baseline
//	               "q05": -0.04, "q95": 0, "p_negative": 0.93},  // over draws of the paired difference
//	     "expected_triggers": {"protest": 0.5, ..., "total": 0.9},
//	     "expected_interventions": {"peacekeeping": 0.01, ..., "total": 0.05},
//	     "integration": {"income_pct": 1.2, "intra_regional_trade": 0.03, ...}},  // mean effects at year end
//	    ...
//	  ],
//	  "projects": [{"policy": "baseline", "project": "cku-railway",
//	                "mean_completion": "2031-01", "mean_months_after_start": 107.2}, ...],
//	  "history": [{"id": "kaz-2022-01", "month": "2022-01", "country": "KAZ", ...}],
//	  "validity": {"state_years": 104.6,                  // focus states × years simulated
//	    "implied": [{"policy": "baseline", "onsets": {...}, "per_100_state_years": {"mean": 1.98, "q05": 0.24, ...}}, ...],
//	    "historical": [{"label": "Central Asia 1995-2025", "onsets": 1, "state_years": 155,
//	                    "per_100_state_years": 0.6452, "source": "data/episodes/crises.csv", ...}, ...]},
//	  "decompositions": [{"policy": "fast-track-integration", "year": 2042,   // with steppe run --decompose
//	    "total": [...], "rest": [...],                    // per country and REGION
//	    "channels": [{"name": "border security", "basis": "stated: ...", "params": [...], "contribution": [...]}, ...]}],
//	  "warnings": []
//	}
//
// Cells are ordered by policy (baseline first), then country (focus actors in
// scenario order, then "REGION"), then year. Numbers are rounded to 6
// significant digits. Fields are only ever added in v1, never renamed.
//
// CSV, written by [Results.WriteCSV], has one row per cell with the header
//
//	policy,country,year,p_mean,p_se,p_q05,p_q50,p_q95,delta_mean,delta_se,
//	delta_q05,delta_q95,delta_p_negative,triggers_total,triggers_<type>...,
//	interventions_total,interventions_<outcome>...,integration_<effect>...
//
// where delta columns are empty for the baseline.
//
// [DrawsWriter] writes the per-draw results as Parquet, streamed, one row
// per draw, policy, country and year with the draw's parameters (schema
// "steppe.draws/v1" in its doc; `steppe run --draws-out`).
//
// [ReadJSON] reads a results.json back and checks it; [Results.WriteTable]
// prints the short table `steppe run` shows; [Stage] and [Staging.Commit]
// write a run's output directory (results.json, results.csv and the
// resolved scenario) whole or not at all.
package results
