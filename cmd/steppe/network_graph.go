package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/network"
)

// graphReport is the JSON of `steppe network graph`.
type graphReport struct {
	Nodes    int  `json:"nodes"`
	Edges    int  `json:"edges"`
	Directed bool `json:"directed"`
	Weighted bool `json:"weighted"` // the edge list gives weights
	// Components are connected components, direction ignored.
	Components int `json:"components"`
	// Bridges and ArticulationPoints ignore direction (network.Graph.Bridges).
	Bridges            []graphEdge `json:"bridges"`
	ArticulationPoints []string    `json:"articulation_points"`
	// Betweenness says how the Top edges' betweenness was computed.
	Betweenness graphBetween  `json:"betweenness"`
	Top         []graphEdgeBC `json:"top_edges"`
}

type graphEdge struct {
	Index int       `json:"index"`
	Ends  [2]string `json:"ends"`
}

type graphBetween struct {
	Weighted bool    `json:"weighted"`
	Cutoff   float64 `json:"cutoff"`
	Sources  int     `json:"sources"`
	// Bound is the half-width of the 95% interval of a sampled estimate
	// (network.SampleErrorBound), 0 when exact.
	Bound float64 `json:"bound_95"`
}

type graphEdgeBC struct {
	graphEdge
	Betweenness float64 `json:"betweenness"`
}

// newNetworkGraphCmd is `steppe network graph FILE`: the standard measures
// of any graph given as an edge list.
func newNetworkGraphCmd(f *networkFlags) *cobra.Command {
	var top, sample, workers int
	var cutoff float64
	var seed uint64
	var weighted bool
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
			fh, err := os.Open(args[0])
			if err != nil {
				return inputErr(err)
			}
			defer fh.Close()
			g, err := network.ReadEdgeList(fh, args[0])
			if err != nil {
				return inputErr(err)
			}
			if weighted && !g.Weighted() {
				return inputErrf("--weighted: %s has no edge weights", args[0])
			}
			o := network.BetweennessOptions{Weighted: weighted, Cutoff: cutoff, Workers: workers}
			if o.Workers == 0 {
				o.Workers = runtime.GOMAXPROCS(0)
			}
			rep := graphReport{Nodes: g.Nodes(), Edges: g.Edges(), Directed: g.Directed(), Weighted: g.Weighted()}
			if sample > 0 && sample < g.Nodes() {
				o.Sources = network.SampleSources(g.Nodes(), sample, seed)
				rep.Betweenness.Bound = network.SampleErrorBound(g.Nodes(), sample, 0.05)
				if !g.Directed() {
					rep.Betweenness.Bound /= 2
				}
			}
			b, err := g.Betweenness(o)
			if err != nil {
				return inputErrf("%s: %v", args[0], err)
			}
			rep.Betweenness.Weighted, rep.Betweenness.Cutoff, rep.Betweenness.Sources = weighted, cutoff, b.Sources
			_, rep.Components = g.Components()
			for _, e := range g.Bridges() {
				rep.Bridges = append(rep.Bridges, edgeOf(g, e))
			}
			for _, v := range g.ArticulationPoints() {
				rep.ArticulationPoints = append(rep.ArticulationPoints, g.ID(v))
			}
			order := make([]int, g.Edges())
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(i, j int) bool { return b.Edge[order[i]] > b.Edge[order[j]] })
			if top > 0 && top < len(order) {
				order = order[:top]
			}
			for _, e := range order {
				rep.Top = append(rep.Top, graphEdgeBC{edgeOf(g, e), b.Edge[e]})
			}
			if f.json {
				return writeJSON(cmd.OutOrStdout(), rep)
			}
			return writeGraphReport(cmd.OutOrStdout(), &rep)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&top, "top", 10, "edges of highest betweenness to show (0 = all)")
	fl.Float64Var(&cutoff, "cutoff", 0, "count only shortest paths of at most this length (0 = all)")
	fl.BoolVar(&weighted, "weighted", false, "shortest paths by edge weight (default: by number of edges)")
	fl.IntVar(&sample, "sample", 0, "estimate betweenness from this many random sources (0 = exact)")
	fl.Uint64Var(&seed, "seed", 1, "seed of the sampled sources")
	fl.IntVar(&workers, "workers", 0, "parallel workers (0 = all cores); results do not depend on it")
	return cmd
}

func edgeOf(g *network.Graph, e int) graphEdge {
	a, b, _ := g.Edge(e)
	return graphEdge{Index: e, Ends: [2]string{g.ID(a), g.ID(b)}}
}

func writeGraphReport(w io.Writer, r *graphReport) error {
	kind := "undirected"
	if r.Directed {
		kind = "directed"
	}
	fmt.Fprintf(w, "%d nodes, %d edges, %s, weighted: %v; %d connected components\n", r.Nodes, r.Edges, kind, r.Weighted, r.Components)
	fmt.Fprintf(w, "bridges (%d):", len(r.Bridges))
	for _, e := range r.Bridges {
		fmt.Fprintf(w, " %s-%s", e.Ends[0], e.Ends[1])
	}
	fmt.Fprintf(w, "\narticulation points (%d):", len(r.ArticulationPoints))
	for _, v := range r.ArticulationPoints {
		fmt.Fprintf(w, " %s", v)
	}
	fmt.Fprintln(w)
	how := "exact"
	if r.Betweenness.Bound > 0 {
		how = fmt.Sprintf("estimated from %d sources, within ±%.4g at 95%%", r.Betweenness.Sources, r.Betweenness.Bound)
	}
	if r.Betweenness.Cutoff > 0 {
		how += fmt.Sprintf(", paths up to %g", r.Betweenness.Cutoff)
	}
	fmt.Fprintf(w, "edge betweenness (%s):\n", how)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EDGE\tFROM\tTO\tBETWEENNESS")
	for _, e := range r.Top {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.6g\n", e.Index, e.Ends[0], e.Ends[1], e.Betweenness)
	}
	return tw.Flush()
}
