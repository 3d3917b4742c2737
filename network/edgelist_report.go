package network

// This file is `steppe network graph FILE`: the standard measures of any
// graph given as an edge list, and their text.

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"text/tabwriter"

	"github.com/steppe-dev/steppe/internal/userinput"
)

// EdgeListReport is what `steppe network graph` reports of a graph: its
// JSON.
type EdgeListReport struct {
	Nodes    int  `json:"nodes"`
	Edges    int  `json:"edges"`
	Directed bool `json:"directed"`
	Weighted bool `json:"weighted"` // the edge list gives weights
	// Components are connected components, direction ignored.
	Components int `json:"components"`
	// Bridges and ArticulationPoints ignore direction (Graph.Bridges).
	Bridges            []ReportEdge `json:"bridges"`
	ArticulationPoints []string     `json:"articulation_points"`
	// Betweenness says how the Top edges' betweenness was computed.
	Betweenness ReportBetweenness `json:"betweenness"`
	Top         []ReportEdgeBC    `json:"top_edges"`
}

// ReportEdge is an edge by index and the ids of its ends.
type ReportEdge struct {
	Index int       `json:"index"`
	Ends  [2]string `json:"ends"`
}

// ReportBetweenness says how edge betweenness was computed.
type ReportBetweenness struct {
	Weighted bool    `json:"weighted"`
	Cutoff   float64 `json:"cutoff"`
	Sources  int     `json:"sources"`
	// Bound is the half-width of the 95% interval of a sampled estimate
	// (SampleErrorBound), 0 when exact.
	Bound float64 `json:"bound_95"`
}

// ReportEdgeBC is an edge and its betweenness.
type ReportEdgeBC struct {
	ReportEdge
	Betweenness float64 `json:"betweenness"`
}

// EdgeListRequest is `steppe network graph`'s question.
type EdgeListRequest struct {
	Path     string // the edge list (ReadEdgeList)
	Top      int    // edges of highest betweenness to show; 0: all
	Sample   int    // random sources of a betweenness estimate; 0: exact
	Seed     uint64 // seed of the sampled sources
	Workers  int    // 0: GOMAXPROCS
	Cutoff   float64
	Weighted bool
}

// AnalyzeEdgeList reads the edge list of r and measures it. A bad file is
// a request error naming its line.
func AnalyzeEdgeList(r EdgeListRequest) (*EdgeListReport, error) {
	fh, err := os.Open(r.Path)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	defer fh.Close()
	g, err := ReadEdgeList(fh, r.Path)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	if r.Weighted && !g.Weighted() {
		return nil, userinput.Errorf("--weighted: %s has no edge weights", r.Path)
	}
	o := BetweennessOptions{Weighted: r.Weighted, Cutoff: r.Cutoff, Workers: r.Workers}
	if o.Workers == 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	rep := &EdgeListReport{Nodes: g.Nodes(), Edges: g.Edges(), Directed: g.Directed(), Weighted: g.Weighted()}
	if r.Sample > 0 && r.Sample < g.Nodes() {
		o.Sources = SampleSources(g.Nodes(), r.Sample, r.Seed)
		rep.Betweenness.Bound = SampleErrorBound(g.Nodes(), r.Sample, 0.05)
		if !g.Directed() {
			rep.Betweenness.Bound /= 2
		}
	}
	b, err := g.Betweenness(o)
	if err != nil {
		return nil, userinput.Errorf("%s: %v", r.Path, err)
	}
	rep.Betweenness.Weighted, rep.Betweenness.Cutoff, rep.Betweenness.Sources = r.Weighted, r.Cutoff, b.Sources
	_, rep.Components = g.Components()
	for _, e := range g.Bridges() {
		rep.Bridges = append(rep.Bridges, reportEdge(g, e))
	}
	for _, v := range g.ArticulationPoints() {
		rep.ArticulationPoints = append(rep.ArticulationPoints, g.ID(v))
	}
	order := make([]int, g.Edges())
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return b.Edge[order[i]] > b.Edge[order[j]] })
	if r.Top > 0 && r.Top < len(order) {
		order = order[:r.Top]
	}
	for _, e := range order {
		rep.Top = append(rep.Top, ReportEdgeBC{reportEdge(g, e), b.Edge[e]})
	}
	return rep, nil
}

func reportEdge(g *Graph, e int) ReportEdge {
	a, b, _ := g.Edge(e)
	return ReportEdge{Index: e, Ends: [2]string{g.ID(a), g.ID(b)}}
}

// WriteText writes the report for a reader.
func (r *EdgeListReport) WriteText(w io.Writer) error {
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
