package main

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/bench"
	"github.com/steppe-dev/steppe/internal/flagcheck"
)

// newNetworkBenchCmd is `steppe bench network` (also `steppe network
// bench`): package network's Graph against python3-igraph on the anchor
// lattice, at equal thread counts, in one run.
func newNetworkBenchCmd() *cobra.Command {
	var rows, nsrc, reps int
	var drop, cutoff float64
	var seed uint64
	var threads, python, script string
	var skipFull bool
	var fullLimit time.Duration
	cmd := &cobra.Command{
		Use:   "network",
		Short: "Bridges, BFS and edge betweenness on the 224x224 anchor lattice, against python3-igraph",
		Long: `Builds the anchor graph (a 224x224 lattice with 10% of its edges removed at
random, seed 1: 50,176 nodes, 89,914 edges), writes it as an edge list that
both steppe and python3-igraph read, and times, at each thread count, both
tools on: bridges, BFS from 50 sources, edge betweenness with path-length
cutoff 30, and full edge betweenness (igraph's only with --igraph-full-limit).
Checks that the answers are identical (the same bridges and distances;
betweenness to 1e-9 relative) and prints steppe's time over igraph's.
See bench/network/README.md.`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("rows", 2), flagcheck.AtLeast("sources", 1), flagcheck.AtLeast("reps", 1),
			flagcheck.AtLeast("cutoff", 0), flagcheck.AtLeast("drop", 0), flagcheck.AtLeast("igraph-full-limit", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ths, err := threadList("bench network", threads)
			if err != nil {
				return err
			}
			if drop >= 1 {
				return inputErrf("bench network: --drop %g: want a share below 1", drop)
			}
			err = bench.Network(cmd.Context(), bench.NetworkConfig{Rows: rows, Sources: nsrc, Reps: reps, Drop: drop, Cutoff: cutoff,
				Seed: seed, Threads: ths, SkipFull: skipFull, FullLimit: fullLimit, Python: python, Script: script}, cmd.OutOrStdout())
			var se *bench.ScriptError
			if errors.As(err, &se) {
				return inputErr(err)
			}
			return err
		},
	}
	f := cmd.Flags()
	f.IntVar(&rows, "rows", 224, "lattice rows and columns")
	f.Float64Var(&drop, "drop", 0.1, "share of the lattice's edges removed")
	f.Uint64Var(&seed, "seed", 1, "seed of the removed edges and of the BFS sources")
	f.IntVar(&nsrc, "sources", 50, "BFS sources")
	f.Float64Var(&cutoff, "cutoff", 30, "path-length cutoff of the cut-off betweenness")
	f.StringVar(&threads, "threads", "1,2", "thread counts, comma-separated")
	f.IntVar(&reps, "reps", 3, "runs of the quick measures (bridges, BFS, load); the best is reported")
	f.BoolVar(&skipFull, "skip-full", false, "do not time full edge betweenness")
	f.DurationVar(&fullLimit, "igraph-full-limit", 0, "run igraph's full edge betweenness, killed after this long (0: not run)")
	f.StringVar(&python, "python", "/usr/bin/python3", "Python with igraph (Debian python3-igraph)")
	f.StringVar(&script, "script", "bench/network/igraph_measures.py", "the igraph script")
	return cmd
}

// threadList reads a --threads value, a comma-separated list of thread
// counts of at least 1, for the benchmark verb named by what.
func threadList(what, threads string) ([]int, error) {
	var ts []int
	for _, s := range strings.Split(threads, ",") {
		t, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || t < 1 {
			return nil, inputErrf("%s: --threads %q: want a list like 1,2", what, threads)
		}
		ts = append(ts, t)
	}
	return ts, nil
}
