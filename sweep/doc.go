// Package sweep cuts a simulation sweep into fixed blocks that any machine
// can compute, and merges the blocks' partial results into exactly the
// bytes the single-machine path writes. It is the model side of issue 19;
// a transport (package queue: NATS JetStream) moves the bytes.
//
// # What a sweep is
//
// A [Sweep] is either a run (`steppe run`: one Monte Carlo run of a
// scenario) or an explore sweep (`steppe explore run`: an experiment design
// whose every row is a short run with some parameters fixed). It carries
// everything a worker needs: the scenario's resolved YAML text (so the
// worker reads no scenario file), the model's configuration (stated models,
// set values, a posterior file's content) and the options (draws, seeds,
// policies; the design's rows and the outcomes). [Sweep.Encode] writes it as
// a header: a format line, then JSON with a fixed field order and sorted
// map keys, so the same sweep gives the same bytes on any machine, and
// [ID] is a hash of those bytes. Submitting the same sweep again gives the
// same id and the same task ids, which is how a transport resumes it.
//
// # The partition
//
// A sweep's work is cut into blocks whose size is a field of the sweep,
// BlockDraws (default [DefaultBlockDraws], 2,048 draws), never a function
// of the number of workers:
//
//   - a run's draws 0 ≤ d < Draws are cut into blocks [b·BlockDraws,
//     (b+1)·BlockDraws); BlockDraws is a multiple of [sim.BlockSize], the
//     block in which package sim forms its sums, so a sweep block is a
//     whole number of sim's blocks and sim.Options.First runs exactly those;
//   - an explore sweep puts BlockDraws / draws per experiment consecutive
//     whole experiments in a block; when an experiment's draws exceed
//     BlockDraws, each experiment's draws are cut into blocks of
//     BlockDraws instead ([Sweep.DrawRange]), in (experiment, draws)
//     order.
//
// A block's numbers depend only on the sweep and the block's index: package
// sim draws every random number from streams keyed by (seed, draw index,
// purpose) (package rng), so draw d is the same whichever machine computes
// it and whatever else that machine computes; an experiment's outcomes are
// a function of its factor values and the simulation seed (explore
// EvalFunc's contract).
//
// # Phases
//
// A run's summary (results.Accumulator) needs more than one pass over the
// draws when their per-draw values do not fit its pilot
// (results.DefaultPilotValues, 4 Mi values; 10,000 draws of the default
// scenario fit): pass 1 keeps the first draws (the pilot), sums and counts
// the others into histograms whose edges the pilot sets; pass 2 repeats the
// draws for the standard errors and the values of the wanted quantiles'
// bins; a rare further pass narrows a bin that held too many. Each pass is
// a phase of the sweep: its tasks are the same blocks again ([Task.Phase]
// tells them apart), and [Coordinator.Pending] lists the next phase's tasks
// only once the current phase is merged, because what a pass keeps depends
// on the passes before it. An explore sweep has one phase.
//
// # The partials
//
// [Worker.Execute] (or [Execute]) turns (header, task) into the partial's
// bytes; it is a pure function of them. For a run, the partial holds, for
// each of sim's blocks of the sweep block in order, the block's sums (in
// phase 1; what Output's means average: expected triggers and
// interventions, completion months, integration effects; sparse, since a
// third of them are zero) and its draws' values that the summary reads
// (each cell's probability of an intervention, and each policy's onsets
// in the region; the countries' onsets, which it does not read, stay
// behind). For an explore
// sweep, it holds each experiment's outcome row, or, for a block of a
// split experiment, each draw's value of the cells its outcomes read
// (model.Model.ExperimentDraws). The encoding is fixed (little-endian IEEE
// 754 bits, unsigned varints), framed by a magic, the sweep's id and the
// task, and closed by a CRC-32C of the rest, so a corrupted or foreign
// partial is refused and two copies of one block's partial are equal byte
// for byte.
//
// # The merge, and why it is byte-identical
//
// A [Coordinator] accepts partials in any order and merges them in
// (experiment, block) order, phase by phase:
//
//   - a run's sums are added block of sim after block of sim, in draw
//     order, into one total, exactly the additions sim.Model.Run makes
//     (Run forms each block's sums and adds the blocks in order, whatever
//     its workers); sim.Model.Means divides as Run does;
//   - the per-draw values are fed to a results.Accumulator in draw order,
//     the same calls model.Model.Run's sim.Options.Each makes, so every
//     float sum in the summary runs in the same order, every histogram
//     count is the same integer and every quantile is the same order
//     statistic;
//   - an explore sweep's rows, in experiment order, are handed to
//     explore.Run as its evaluation function, so the results file is
//     written by the same code, and each row is the same floats the
//     local evaluator computes: the worker calls that evaluator, or, for
//     a split experiment, the coordinator adds each cell's values in
//     draw order across the experiment's blocks and divides by the draws,
//     the very operations of the evaluator's mean.
//
// Floating-point addition is not associative, so merging per-block totals
// (a + b + c as a + (b + c)) would change the last bits of the means;
// carrying the terms and adding them in the local order does not. The
// price is the partial's size: a run's partial carries its draws' values,
// 2,482 bytes a draw on the default scenario in phase 1 (two policies, 252
// cells and 2 region onsets a draw, and the sums; 5.1 MB for a block of
// 2,048 draws, above NATS's default max_payload of 1 MB), 2,032 in later
// phases, which the coordinator consumes at once; a transport that stores
// partials can feed them in merge order ([Coordinator.Next]) so that the
// coordinator holds one at a time.
// BenchmarkBlock measures the sweep's own cost on one block against
// model.Run of the same draws.
//
// Why a run's partial carries its draws' values in every pass, not only
// in the summary's pilot: the Accumulator keeps per-draw values for its
// pilot (the first draws) and, in the later passes, for the bins of the
// wanted quantiles; but it also adds every draw's value of every series
// into a float sum in draw order (pass 1: Σ x for the mean; pass 2:
// Σ (x − mean)² for the standard error), and a running float sum cannot
// be resumed from a block's own total without changing its last bits, so
// a block beyond the pilot in pass 1 or 2 needs each of its values there
// too. Only a third or later pass (a quantile's bin narrowed by another
// histogram) reads no more than integer counts and the values inside the
// bins, and it rarely happens: between the pilot's edges a wanted order
// statistic's bin holds about draws/pilot values, and pass 2 collects
// them while all about 2,040 wanted statistics of the default scenario
// (382 series) fit the 4 Mi values a pass may collect, which is up to
// about 20 million draws (pilot 10,979 draws). Integer counts (pass 1's
// histograms, the count of negative deltas) would merge by block; the
// float sums do not.
//
// A partial added twice is harmless: the coordinator keeps each merged
// block's checksum and length and compares a later copy's with them; a
// copy that differs is a
// [ConflictError] (a worker that is not deterministic, or of another
// build: a header's Build names the submitting build and a Worker with its
// own Build set refuses another).
//
// The single-machine path does not go through this package: `steppe run`
// and `steppe explore run` keep their speed, and the tests hold the two
// paths to the same bytes.
//
// # What a sweep does not carry
//
// A header carries the scenario's resolved text, not the files it names:
// a scenario whose trade baseline is a file of its own (gravity
// trade_baseline, or `steppe run --trade-baseline`) needs that file at the
// same path on every worker. `steppe run`'s --decompose (more runs with
// channels switched off) and --draws-out (every draw written out) are not
// sweeps' business: the command runs them locally. Nor does the
// coordinator apply model.Model.Run's memory and CPU budgets, which are
// about one machine.
package sweep
