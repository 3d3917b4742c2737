package main

import (
	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/network"
)

// newNetworkGraphCmd is `steppe network graph FILE`: the standard measures
// of any graph given as an edge list.
func newNetworkGraphCmd(f *networkFlags) *cobra.Command {
	var r network.EdgeListRequest
	cmd := &cobra.Command{
		Use:   "graph FILE",
		Short: "Components, bridges, articulation points and edge betweenness of an edge list",
		Long: `Reads a graph from an edge list (network.ReadEdgeList: optional "directed"
line, optional "node ID" lines, then "FROM TO [WEIGHT]" lines; '#' starts a
comment) and prints its connected components, bridges and articulation
points (Tarjan), and the edges of highest betweenness (Brandes 2001), exact
or, with --sample K, estimated from K random sources with a 95% error
bound. A bad line (unknown node, duplicate node id, negative or NaN
weight) is reported with its file and line, exit code 2.`,
		Args:    cobra.ExactArgs(1),
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("top", 0), flagcheck.AtLeast("sample", 0), flagcheck.AtLeast("workers", 0), flagcheck.AtLeast("cutoff", 0)),
		RunE: func(cmd *cobra.Command, args []string) error {
			r.Path = args[0]
			rep, err := network.AnalyzeEdgeList(r)
			if err != nil {
				return err
			}
			return printAs(cmd.OutOrStdout(), f.json, rep, rep.WriteText)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&r.Top, "top", 10, "edges of highest betweenness to show (0 = all)")
	fl.Float64Var(&r.Cutoff, "cutoff", 0, "count only shortest paths of at most this length (0 = all)")
	fl.BoolVar(&r.Weighted, "weighted", false, "shortest paths by edge weight (default: by number of edges)")
	fl.IntVar(&r.Sample, "sample", 0, "estimate betweenness from this many random sources (0 = exact)")
	fl.Uint64Var(&r.Seed, "seed", 1, "seed of the sampled sources")
	fl.IntVar(&r.Workers, "workers", 0, "parallel workers (0 = all cores); results do not depend on it")
	return cmd
}
