package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newNetworkBenchCmd is `steppe bench network` (also `steppe network
// bench`): edge criticality on a synthetic road-like network, steppe against
// python3-igraph on the same graph and measure, in one run.
func newNetworkBenchCmd() *cobra.Command {
	var rows, edges, nsrc, sample, workers int
	var seed uint64
	var python, script string
	cmd := &cobra.Command{
		Use:   "network",
		Short: "Edge criticality on a 100,000-edge synthetic road network, against python3-igraph",
		Long: `Scores every edge of a deterministic synthetic road-like network by the
accessibility lost when it is removed (network.View.AccessibilityCriticality),
runs the same measure with python3-igraph on an evenly spaced sample of the
edges that lie on a shortest-path tree, checks that the values agree, and
prints igraph's estimated time for all those edges over steppe's time.
See bench/network/README.md.`,
		Args:    cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("rows", 2), flagcheck.AtLeast("edges", 1), flagcheck.AtLeast("sources", 1), flagcheck.AtLeast("sample", 1), flagcheck.AtLeast("workers", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			err := bench.Network(cmd.Context(), bench.NetworkConfig{Rows: rows, Edges: edges, Sources: nsrc, Sample: sample,
				Workers: workers, Seed: seed, Python: python, Script: script}, cmd.OutOrStdout())
			var se *bench.ScriptError
			if errors.As(err, &se) {
				return inputErr(err)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.IntVar(&rows, "rows", 224, "grid rows and columns of the synthetic network")
	f.IntVar(&edges, "edges", 100000, "edges of the synthetic network")
	f.IntVar(&nsrc, "sources", 8, "source nodes of the accessibility measure")
	f.IntVar(&sample, "sample", 60, "tree edges igraph scores (evenly spaced)")
	f.IntVar(&workers, "workers", 0, "steppe workers (0 = all cores)")
	f.Uint64Var(&seed, "seed", 1, "generator seed")
	f.StringVar(&python, "python", "/usr/bin/python3", "Python with igraph (Debian python3-igraph)")
	f.StringVar(&script, "script", "bench/network/igraph_criticality.py", "the igraph script")
	return cmd
}
