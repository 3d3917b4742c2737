// Package bench holds steppe's benchmarks against reference tools and goals,
// which `steppe bench` runs and prints. Each measures steppe and, in the same
// run on the same machine, a reference, and reports the ratio; none asserts
// on time, since timings on a shared machine are noisy.
//
//   - [Sim] times the assembled model (package model) on a scenario at one
//     worker and at all workers, with the engines' caches cold and warm, and
//     the scenario's stated models without engines; the reference is the
//     least any Monte Carlo over monthly triggers must pay, one
//     counter-based uniform (package rng) per draw, country, trigger type,
//     month and policy. The goal is issue 2's: 10,000 draws of the default
//     scenario under 2 s on 2 cores, load and setup included.
//   - [GravitySideBySide] writes the 1,005,750-row benchmark panel of
//     package gravity as CSV (checking the reference generator's checksums)
//     and per thread count times steppe gravity estimate on it and, where R
//     has fixest, fixest's whole Rscript on the same file, each a child
//     process with its peak memory; [GravityChild] times the fit alone in a
//     process of its own. [WriteGravitySideBySide] prints the ratios of the
//     two, [WriteGravity] those to fixest 0.12's published figures
//     ([gravity.FixestBench]).
//   - [Network] runs package network's Graph and python3-igraph
//     (bench/network/igraph_measures.py) side by side on the anchor graph,
//     a 224x224 lattice with 10% of its edges removed (seed 1), at equal
//     thread counts: bridges, BFS from 50 sources, edge betweenness with
//     cutoff 30 and full edge betweenness; it checks that the answers are
//     identical and prints steppe's time over igraph's, with no
//     extrapolated timings.
//   - [Serve] load-tests the HTTP API (package server on package store): it
//     stores one run and reads its results under concurrent connections,
//     against the server's floor (GET /api/version) and a SQLite read of the
//     run record; the goal is a p99 under 50 ms at 200 connections
//     (bench/serve/README.md).
package bench
