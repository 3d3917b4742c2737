package network

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// The text reports of steppe network's verbs: tables of the measures, a
// route, the criticality ranking and a policy's comparison.

func pct(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

func hours(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return "none"
	}
	return fmt.Sprintf("%.0f h", x)
}

// WriteSummary prints the measures of graph g (built with report r and
// named name) as tables: the layers, Russian-transit dependence, linkage
// between capitals and the corridors from each capital, then the warnings.
// include names the statuses of the base view.
func WriteSummary(w io.Writer, name string, g *Network, r *BuildReport, m Measures, include string) error {
	fmt.Fprintf(w, "Network %s: %d nodes, %d edges (base network: %s lines)\n", name, len(g.Nodes), len(g.Edges), include)
	fmt.Fprintf(w, "Build: tolerance %.1f km (points %.1f km), %d lines, %d points; %d ends joined, %d snapped, %d map crossings noded, %d dangling ends, %d isolated points; %d border crossings; %d nodes outside every country\n\n",
		r.ToleranceKm, r.PointToleranceKm, r.Lines, r.Points, r.Joined, len(r.Snapped), r.Crossings, len(r.Dangling), len(r.IsolatedPoints), r.BorderCrossings, r.Unattributed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LAYER\tNODES\tEDGES\tKM\tBORDER CROSSINGS")
	for _, s := range m.Summary {
		var bc []string
		for k, n := range s.BorderCrossings {
			bc = append(bc, fmt.Sprintf("%s:%d", k, n))
		}
		sort.Strings(bc)
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\n", s.Layer, s.Nodes, s.Edges, s.Km, strings.Join(bc, " "))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nRussian-transit dependence: share of external capacity (max flow to nodes outside the region) that must enter Russia")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tLAYER\tSHARE\tEXTERNAL\tWITHOUT RUSSIA\tUNIT")
	for _, d := range m.Dependence {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.4g\t%.4g\t%s\n", d.Country, d.Layer, pct(d.Share), d.External, d.WithoutRussia, d.Unit)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nLinkage between capitals: edge-disjoint (node-disjoint) paths, all territory / avoiding Russia")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "LAYER\tPAIR\tALL\tWITHOUT RUSSIA")
	for _, k := range m.Linkage {
		fmt.Fprintf(tw, "%s\t%s-%s\t%d (%d)\t%d (%d)\n", k.Layer, k.A, k.B, k.EdgeDisjoint, k.NodeDisjoint, k.EdgeDisjointNoRU, k.NodeDisjointNoRU)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nCorridors from each capital (freight, generalized cost)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FROM\tCORRIDOR\tCOST\tKM\tCOUNTRIES\tVIA RUSSIA")
	for _, cs := range m.Corridors {
		for _, c := range cs.Routes {
			if !c.Found {
				fmt.Fprintf(tw, "%s\t%s\tnone\t\t\t\n", cs.Origin, c.Corridor)
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%s\t%v\n", cs.Origin, c.Corridor, hours(c.Hours), c.LengthKm, strings.Join(c.Countries, ">"), c.ThroughRussia)
		}
	}
	tw.Flush()
	for _, x := range m.Warnings {
		fmt.Fprintln(w, "warning:", x)
	}
	return nil
}

// WriteRoute prints the route r from a to b (avoiding the countries in
// avoid, a comma list, if any): length, cost, crossings, countries, places
// and edges.
func WriteRoute(w io.Writer, a, b string, r Route, avoid string) error {
	if avoid != "" {
		avoid = " avoiding " + avoid
	}
	if !r.Found {
		fmt.Fprintf(w, "No %s route from %s to %s%s.\n", r.Layer, a, b, avoid)
		return nil
	}
	fmt.Fprintf(w, "%s -> %s (%s%s, by %s): %.0f km, generalized cost %s, %d border crossings, %d ferry legs, through Russia: %v\n",
		a, b, r.Layer, avoid, r.Metric, r.LengthKm, hours(r.Hours), len(r.Crossings), r.FerryLegs, r.ThroughRussia)
	if r.SchematicKm > 0 {
		fmt.Fprintf(w, "geometry: %.0f of the %.0f km on schematic lines (straight between stations, shorter than the track)\n", r.SchematicKm, r.LengthKm)
	}
	fmt.Fprintf(w, "countries: %s\n", strings.Join(r.Countries, " > "))
	fmt.Fprintf(w, "via: %s\n", strings.Join(r.Via, ", "))
	fmt.Fprintf(w, "edges: %s\n", strings.Join(r.Edges, " "))
	return nil
}

// WriteCritical prints the ranked items of total scored elements; by
// names the measure they were ranked by ("" for the default order).
func WriteCritical(w io.Writer, items []Criticality, total int, by string) error {
	order := "OD pairs cut, then loss of disjoint paths avoiding Russia, all disjoint paths, rise in Russian-transit dependence, added hours"
	if by != "" {
		order = by + " (ties in the default order)"
	}
	fmt.Fprintf(w, "%d elements scored; ranked by %s\n", total, order)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RANK\tKIND\tID\tPAIRS CUT\tPATHS LOST (NO RU)\tDEPENDENCE +\tADDED HOURS\tBETWEENNESS\tWHAT")
	for _, c := range items {
		id := c.ID
		if len(c.Members) > 1 {
			id = fmt.Sprintf("%s (+%d in series)", id, len(c.Members)-1)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d (%d)\t%+.2f\t%.0f\t%.0f\t%s\n", c.Rank, c.Kind, id, c.Disconnected, c.LinkageLoss, c.LinkageLossNoRU, c.DependenceRise, c.AddedHours, c.Betweenness, c.Label)
	}
	return tw.Flush()
}

// Write prints the comparison: the projects and features added, the notes,
// and the tables of the measures that change.
func (c *PolicyComparison) Write(w io.Writer) error {
	fmt.Fprintf(w, "Policy %s against %s\n", c.Policy, c.Against)
	if len(c.Projects) > 0 {
		fmt.Fprintf(w, "projects (%s): %s\n", c.ProjectsFrom, strings.Join(c.Projects, ", "))
	}
	fmt.Fprintf(w, "line features added: %s\n", strings.Join(c.Features, ", "))
	for _, n := range c.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	if len(c.Dependence) == 0 && len(c.Linkage) == 0 && len(c.Routes) == 0 && len(c.Corridors) == 0 {
		fmt.Fprintln(w, "\nNo measure changes.")
		return nil
	}
	if len(c.Dependence) > 0 {
		fmt.Fprintln(w, "\nRussian-transit dependence")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "STATE\tLAYER\tBEFORE\tAFTER")
		for _, d := range c.Dependence {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.Country, d.Layer, pct(d.Before), pct(d.After))
		}
		tw.Flush()
	}
	if len(c.Linkage) > 0 {
		fmt.Fprintln(w, "\nLinkage between capitals (edge-disjoint paths, all / avoiding Russia)")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "LAYER\tPAIR\tBEFORE\tAFTER")
		for _, k := range c.Linkage {
			fmt.Fprintf(tw, "%s\t%s-%s\t%d / %d\t%d / %d\n", k.Layer, k.A, k.B, k.Before.EdgeDisjoint, k.Before.EdgeDisjointNoRU, k.EdgeDisjoint, k.EdgeDisjointNoRU)
		}
		tw.Flush()
	}
	if len(c.Routes)+len(c.Corridors) > 0 {
		fmt.Fprintln(w, "\nRoutes (freight, generalized cost)")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "FROM\tTO\tBEFORE\tAFTER\tVIA RUSSIA BEFORE/AFTER")
		for _, r := range append(append([]RouteDelta(nil), c.Routes...), c.Corridors...) {
			to := r.To
			if r.Corridor != "" {
				to = r.Corridor + " corridor"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v/%v\n", r.From, to, hours(r.BeforeHours), hours(r.AfterHours), r.BeforeRussia, r.AfterRussia)
		}
		tw.Flush()
	}
	return nil
}

// WriteTradeDependence prints the trade-weighted Russian-transit
// dependence of each state, with each partner's share; nothing when td is
// empty.
func WriteTradeDependence(w io.Writer, td []TradeDependence) error {
	if len(td) == 0 {
		return nil
	}
	fmt.Fprintln(w, "\nRussian-transit dependence weighted by trade (share of each partner's flow capacity that needs Russia)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tLAYER\tSHARE\tBY PARTNER\tUNREACHED")
	for _, d := range td {
		var bp []string
		for p, s := range d.ByPartner {
			bp = append(bp, fmt.Sprintf("%s:%s", p, pct(s)))
		}
		sort.Strings(bp)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Country, d.Layer, pct(d.Share), strings.Join(bp, " "), strings.Join(d.Unmapped, " "))
	}
	return tw.Flush()
}

// WriteDetails prints every snapped and dangling line end and the points
// near no line.
func (r *BuildReport) WriteDetails(w io.Writer) {
	fmt.Fprintf(w, "\nSnapped line ends (tolerance %.1f km)\n", r.ToleranceKm)
	for _, s := range r.Snapped {
		fmt.Fprintf(w, "  %s %s of part %d onto %s, moved %.3f km\n", s.Feature, s.End, s.Part, s.Onto, s.DistKm)
	}
	fmt.Fprintln(w, "Dangling line ends (nothing within tolerance; termini or gaps)")
	for _, d := range r.Dangling {
		fmt.Fprintf(w, "  %s %s of part %d at %.4f, %.4f\n", d.Feature, d.End, d.Part, d.At.Lon, d.At.Lat)
	}
	if len(r.IsolatedPoints) > 0 {
		fmt.Fprintf(w, "Points near no line: %s\n", strings.Join(r.IsolatedPoints, ", "))
	}
}
