package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/server"
	"github.com/steppe-dev/steppe/store"
)

func newServeBenchCmd() *cobra.Command {
	f := bench.ServeConfig{Scenario: defaultScenario}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Load-test the HTTP API: read a stored run's results under concurrent connections",
		Long: `Start steppe's server on a loopback port with a fresh database, store one
run of the default scenario, then read its results (GET /api/runs/{id}/results)
from --conns concurrent connections until --requests requests are done or
--duration has passed. Print throughput and latency quantiles, next to two
references measured the same way in the same command: the smallest endpoint
(GET /api/version, the server's floor) and the run record (GET /api/runs/{id},
read from SQLite on every request). The results are read with
"Accept-Encoding: gzip", as browsers send it, and again without. Goal: p99 of the results read under 50 ms
at 200 connections.

Client and server share this machine's cores, so the figures are a lower
bound on what the server alone sustains.`,
		Args:    cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("conns", 1), flagcheck.AtLeast("requests", 1), flagcheck.Positive("duration"), flagcheck.AtLeast("draws", 1)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.Conns < 1 || f.Requests < 1 || f.Duration <= 0 || f.Draws < 1 {
				return inputErrf("bench serve: --conns, --requests, --duration and --draws must be positive")
			}
			config := func(st *store.Store) (server.Config, error) { return serveConfig(st, 0) } // no log: the server discards it
			return bench.Serve(cmd.Context(), f, config, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.Conns, "conns", 200, "concurrent connections")
	fl.IntVar(&f.Requests, "requests", 20000, "requests per endpoint (at most)")
	fl.DurationVar(&f.Duration, "duration", 10*time.Second, "time per endpoint (at most)")
	fl.IntVar(&f.Draws, "draws", 2000, "draws of the stored run")
	return cmd
}
