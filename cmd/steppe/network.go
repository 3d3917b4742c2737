package main

import (
	"encoding/json"
	"io"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/network"
)

// networkFlags are shared by the network subcommands.
type networkFlags struct {
	network.LoadRequest
	json bool
}

func (f *networkFlags) register(cmd *cobra.Command) {
	p := cmd.PersistentFlags()
	p.StringVar(&f.Data, "data", "", "network GeoJSON file (default: the bundled Central Asia network)")
	p.StringVar(&f.Boundaries, "boundaries", "", "country polygons GeoJSON (default: bundled Natural Earth 1:50m)")
	p.Float64Var(&f.Tolerance, "tolerance", 2, "snapping tolerance for line ends, km")
	p.StringVar(&f.Include, "include", "existing", "statuses in the base network: comma list of existing, construction, planned")
	p.BoolVar(&f.json, "json", false, "write JSON")
	p.StringVar(&f.Region, "region", "KAZ,KGZ,TJK,TKM,UZB", "states whose linkage and dependence are measured (ISO3)")
	p.StringVar(&f.Transit, "transit", "RUS", "ISO3 of the transit state whose territory the measures test")
	dc := network.DefaultCosts()
	p.Float64Var(&f.PointTol, "point-tolerance", 5, "a named point this close to a line (km) becomes a node of it")
	p.Float64Var(&f.SampleKm, "sample-km", 2, "sampling step along lines to find border crossings, km")
	p.Float64Var(&f.RailBorderHours, "rail-border-hours", dc.BorderHours[network.Rail], "hours to clear a rail border crossing (CAREC CPMM 2022)")
	p.Float64Var(&f.RoadBorderHours, "road-border-hours", dc.BorderHours[network.Road], "hours to clear a road border crossing (CAREC CPMM 2022)")
	p.Float64Var(&f.RailKmh, "rail-kmh", dc.SpeedKmh[network.Rail], "rail speed, km/h (CAREC CPMM 2022 speed without delay)")
	p.Float64Var(&f.RoadKmh, "road-kmh", dc.SpeedKmh[network.Road], "road speed, km/h (CAREC CPMM 2022 speed without delay)")
	p.Float64Var(&f.FerryKmh, "ferry-kmh", dc.SpeedKmh[network.Ferry], "Caspian ferry speed, km/h (assumption)")
	p.Float64Var(&f.FerryHours, "ferry-hours", dc.FerryHours, "waiting and handling per ferry leg, hours (assumption)")
	p.StringVar(&f.Modes, "modes", "", "only these modes: comma list of rail, road, ferry, gas, oil, power (default all)")
}

// load builds the network the flags name (network.LoadRequest.Load).
func (f *networkFlags) load() (*network.Loaded, error) {
	f.Bundled = data.FS()
	return f.Load()
}

// answer is the RunE of a verb that asks the network the flags build a
// question and prints its answer (print).
func answer[T any](f *networkFlags, ask func(cmd *cobra.Command, l *network.Loaded, args []string) (T, error), text func(T, io.Writer) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		l, err := f.load()
		if err != nil {
			return err
		}
		a, err := ask(cmd, l, args)
		if err != nil {
			return err
		}
		return printAs(cmd.OutOrStdout(), f.json, a, func(w io.Writer) error { return text(a, w) })
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printAs writes v as JSON with --json (asJSON), else as text.
func printAs(w io.Writer, asJSON bool, v any, text func(io.Writer) error) error {
	if asJSON {
		return writeJSON(w, v)
	}
	return text(w)
}

// newNetworkCmd is `steppe network`: the infrastructure graph engine.
func newNetworkCmd() *cobra.Command {
	f := &networkFlags{}
	cmd := &cobra.Command{
		Use:   "network",
		Short: "Infrastructure network: routes, corridors, redundancy, Russian-transit dependence, criticality",
		Long: `The infrastructure graph of Central Asia's rail lines, pipelines, power
interconnectors and border crossings (bundled, or --data FILE.geojson), and
the measures of how thick the region's linkages are:

  summary          the graph, linkage between capitals, dependence on Russian transit, corridors
  route A B        shortest route between two places (names or ISO3 capital codes)
  critical         every edge, node and border ranked by the loss its removal causes
  compare          the change in all measures when a policy's projects are built
  graph FILE       components, bridges, articulation points, betweenness of an edge list
  bench            bridges, BFS and betweenness benchmark against python3-igraph

Definitions and citations: go doc github.com/steppe-dev/steppe/network.`,
	}
	f.register(cmd)
	// The shared flags are checked before any subcommand runs.
	cmd.PersistentPreRunE = flagcheck.PreRun(flagcheck.Positive("tolerance"), flagcheck.Positive("point-tolerance"), flagcheck.Positive("sample-km"),
		flagcheck.AtLeast("rail-border-hours", 0), flagcheck.AtLeast("road-border-hours", 0), flagcheck.AtLeast("ferry-hours", 0),
		flagcheck.Positive("rail-kmh"), flagcheck.Positive("road-kmh"), flagcheck.Positive("ferry-kmh"),
		flagcheck.ListOf("include", "existing", "construction", "planned"), flagcheck.ListOf("modes", "rail", "road", "ferry", "gas", "oil", "power"))
	bench := newNetworkBenchCmd()
	bench.Use = "bench" // `steppe bench network` under its own verb
	cmd.AddCommand(newNetworkSummaryCmd(f), newNetworkRouteCmd(f), newNetworkCriticalCmd(f), newNetworkCompareCmd(f), newNetworkGraphCmd(f), bench)
	return cmd
}

func newNetworkSummaryCmd(f *networkFlags) *cobra.Command {
	var tradePath, tradeLayer string
	var verbose bool
	cmd := &cobra.Command{
		Use:   "summary",
		Short: "Graph size, build report, linkage, Russian-transit dependence and corridors",
		Long: `Graph size, build report (snapped and dangling ends, border crossings),
linkage between capitals, Russian-transit dependence per state and layer, and
the corridors from each capital. --trade FILE.csv (columns reporter, partner,
value: ISO3 codes and any trade value, e.g. from the gravity engine) adds the
dependence weighted by each state's trade with each partner.`,
		Args:    cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.OneOf("trade-layer", "freight", "gas", "oil", "power")),
		RunE: answer(f, func(_ *cobra.Command, l *network.Loaded, _ []string) (*network.Summary, error) {
			return l.Summary(f.Include, tradePath, tradeLayer)
		},
			func(s *network.Summary, w io.Writer) error { return s.WriteText(w, verbose) }),
	}
	cmd.Flags().StringVar(&tradePath, "trade", "", "CSV of trade values (reporter,partner,value) to weight Russian-transit dependence")
	cmd.Flags().StringVar(&tradeLayer, "trade-layer", "freight", "layer for the trade-weighted dependence")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every snapped and dangling line end and isolated point")
	return cmd
}

func newNetworkRouteCmd(f *networkFlags) *cobra.Command {
	var r network.RouteRequest
	cmd := &cobra.Command{
		Use:     "route A B",
		Short:   "Shortest route between two places by generalized cost (hours) or length",
		Args:    cobra.ExactArgs(2),
		PreRunE: flagcheck.PreRun(flagcheck.OneOf("layer", "freight", "gas", "oil", "power"), flagcheck.OneOf("by", "cost", "length")),
		RunE: answer(f, func(_ *cobra.Command, l *network.Loaded, args []string) (*network.RouteAnswer, error) {
			r.From, r.To = args[0], args[1]
			return l.Route(r)
		}, (*network.RouteAnswer).WriteText),
	}
	cmd.Flags().StringVar(&r.Layer, "layer", "freight", "layer: freight, gas, oil or power")
	cmd.Flags().StringVar(&r.By, "by", "cost", "minimise generalized cost (hours) or length (km)")
	cmd.Flags().StringVar(&r.Avoid, "avoid", "", "comma list of ISO3 countries the route must not enter, e.g. RUS")
	return cmd
}

func newNetworkCriticalCmd(f *networkFlags) *cobra.Command {
	var r network.CriticalRequest
	cmd := &cobra.Command{
		Use:   "critical",
		Short: "Rank every edge, node and border by the loss of the measures when it is removed",
		Long: `Removes every edge, every named or junction node and every border (all
crossing edges between two states) in turn and ranks them by the loss of the
network measures: origin-destination pairs cut, disjoint paths between
capitals lost (avoiding Russia, then all), rise of Russian-transit dependence,
added hours. Next to them stands each element's betweenness: the shortest
paths (by hours) between all pairs of nodes that pass through it (Brandes
2001; a border's or a set's is the sum over its edges); --by betweenness
ranks by it. --set NAME=ID,ID,... scores your own sets of lines removed
together instead (IDs are line features such as rail-kti, or edges such as
rail-kti/3).`,
		Args: cobra.NoArgs,
		PreRunE: flagcheck.PreRun(flagcheck.AtLeast("top", 0), flagcheck.AtLeast("workers", 0), flagcheck.ListOf("kind", "edge", "node", "border"),
			flagcheck.OneOf("by", "disconnected", "linkage", "linkage-noru", "dependence", "hours", "betweenness")),
		RunE: answer(f, func(_ *cobra.Command, l *network.Loaded, _ []string) (*network.CriticalReport, error) {
			return l.Critical(r)
		},
			func(rep *network.CriticalReport, w io.Writer) error {
				by := r.By
				if len(r.Sets) > 0 {
					by = "" // sets are ranked by all measures
				}
				return network.WriteCritical(w, rep.Items, rep.Scored, by)
			}),
	}
	cmd.Flags().IntVar(&r.Top, "top", 20, "show the N most critical (0 = all)")
	cmd.Flags().StringVar(&r.Kinds, "kind", "", "only these kinds: comma list of edge, node, border")
	cmd.Flags().IntVar(&r.Workers, "workers", 0, "parallel workers (0 = all cores); results do not depend on it")
	cmd.Flags().StringVar(&r.By, "by", "", "rank by one measure only: disconnected, linkage, linkage-noru, dependence, hours or betweenness (default: the first five, in that order of priority)")
	cmd.Flags().StringArrayVar(&r.Sets, "set", nil, "score a set of lines removed together: NAME=ID,ID,... (repeatable)")
	return cmd
}
