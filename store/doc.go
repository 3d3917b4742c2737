// Package store keeps steppe's runs in an embedded SQLite database: the
// scenario source text each run was started from, the resolved scenario, the
// seed, draw count, policies and program version, its status and timings,
// and its artifacts (results as JSON and CSV, the dashboard view).
//
// The database is opened in write-ahead-log mode (Hipp et al., "SQLite
// Write-Ahead Logging", sqlite.org/wal.html) with synchronous=FULL and
// foreign keys on. The schema is created and upgraded by the numbered SQL
// files embedded from migrations/, each applied in its own transaction
// together with the PRAGMA user_version that records it, so a crash during an
// upgrade leaves the previous version intact.
//
// Atomicity of results: a run's artifacts are inserted in the same
// transaction that moves the run to its final status ([Store.Finish]). A
// process killed at any moment therefore leaves either the finished run with
// all of its artifacts or the run without any. [Store.Recover] marks runs
// left running by a previous process as failed, and hands back the runs
// left queued (with everything needed to run them: the scenario text, the
// file name, policies, draws, seed and the parameters set) to be run.
//
// The record types ([Run], [Status], [Artifact], [Outcome], [Scenario]) and
// the errors [ErrNotFound], [ErrExists] and [ErrState] are the one
// definition of a run that the server and the CLI share: package server
// states the storage it needs as an interface over them, which [*Store]
// satisfies. Errors from the driver are classified by SQLite's extended
// result code, not by their text.
//
// The driver is modernc.org/sqlite, a translation of SQLite's C source to
// pure Go, so the binary needs no C toolchain.
package store
