// Package server is steppe's HTTP API and web dashboard.
//
// The API (documented by the OpenAPI 3 document served at /api/openapi.json)
// lists, creates, reads, cancels and deletes runs; serves a finished run's
// results as JSON and CSV and the dashboard's view of them; validates
// scenarios and returns their file:line:column problems as structured JSON;
// stores uploaded scenarios that later uploads may extend; streams a
// running run's progress as Server-Sent Events (WHATWG HTML Living
// Standard, section 9.2); serves the bundled infrastructure network
// (data/network) as a map layer; and runs package explore's analyses on a
// posted CSV of experiments: Sobol' indices with bootstrap intervals
// (POST /api/explore/sobol) and PRIM scenario discovery with its
// coverage-density trade-off curve (POST /api/explore/prim), answering the
// same JSON as `steppe explore sobol|prim --json`. Routing uses the
// standard library's ServeMux with method patterns.
//
// The server knows no SQL and runs no simulation itself: it reaches the run
// store through [Runs] and the simulation through [Runner], both declared
// here, so that tests run it with a fake simulation (on the real store in a
// temporary directory). [ModelRunner] is the Runner of the assembled model
// (package model), and [BundledConfig] the configuration `steppe serve`
// plugs in: that runner, the embedded scenarios, the map layers and the
// bundled network. A run, its status, its
// artifacts and the errors that classify a storage failure (not found,
// already exists, wrong state) are package store's record types
// ([store.Run], [store.ErrNotFound], ...); [*store.Store] implements [Runs]
// directly.
//
// Runs execute in a bounded worker pool: Workers run at once and at most
// Queue more wait; a request beyond that is answered 429 Too Many Requests
// with a Retry-After estimated from recent run durations.
//
// Security: cmd/steppe listens on 127.0.0.1 unless told otherwise, and then
// requires an access token ([Config.Token]); request bodies are capped
// ([Config.MaxBody], and [Config.MaxCSV] for the explore endpoints, whose
// bootstrap resamples are capped too); the http.Server returned by [Server.HTTPServer] sets
// header, read, write and idle timeouts; browser requests from other origins
// that change state are refused (net/http.CrossOriginProtection) and, without
// a token, so are requests whose Host is not a loopback name (DNS
// rebinding); uploaded scenarios reach other scenarios only by name through
// [Resolver] (embedded ones or earlier uploads), never the file system; the
// dashboard inserts user text only as DOM text, and a Content-Security-Policy
// forbids inline scripts and any other origin.
package server
