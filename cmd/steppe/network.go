package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/internal/flagcheck"
	"github.com/steppe-dev/steppe/network"
)

// networkFlags are shared by the network subcommands.
type networkFlags struct {
	data                                                           string
	boundaries                                                     string
	tolerance                                                      float64
	include                                                        string
	json                                                           bool
	region                                                         string
	russia                                                         string
	modes                                                          string
	pointTol                                                       float64
	sampleKm                                                       float64
	railBorder, roadBorder, railKmh, roadKmh, ferryKmh, ferryHours float64
}

func (f *networkFlags) register(cmd *cobra.Command) {
	p := cmd.PersistentFlags()
	p.StringVar(&f.data, "data", "", "network GeoJSON file (default: the bundled Central Asia network)")
	p.StringVar(&f.boundaries, "boundaries", "", "country polygons GeoJSON (default: bundled Natural Earth 1:50m)")
	p.Float64Var(&f.tolerance, "tolerance", 2, "snapping tolerance for line ends, km")
	p.StringVar(&f.include, "include", "existing", "statuses in the base network: comma list of existing, construction, planned")
	p.BoolVar(&f.json, "json", false, "write JSON")
	p.StringVar(&f.region, "region", "KAZ,KGZ,TJK,TKM,UZB", "states whose linkage and dependence are measured (ISO3)")
	p.StringVar(&f.russia, "transit", "RUS", "ISO3 of the transit state whose territory the measures test")
	dc := network.DefaultCosts()
	p.Float64Var(&f.pointTol, "point-tolerance", 5, "a named point this close to a line (km) becomes a node of it")
	p.Float64Var(&f.sampleKm, "sample-km", 2, "sampling step along lines to find border crossings, km")
	p.Float64Var(&f.railBorder, "rail-border-hours", dc.BorderHours[network.Rail], "hours to clear a rail border crossing (CAREC CPMM 2022)")
	p.Float64Var(&f.roadBorder, "road-border-hours", dc.BorderHours[network.Road], "hours to clear a road border crossing (CAREC CPMM 2022)")
	p.Float64Var(&f.railKmh, "rail-kmh", dc.SpeedKmh[network.Rail], "rail speed, km/h (CAREC CPMM 2022 speed without delay)")
	p.Float64Var(&f.roadKmh, "road-kmh", dc.SpeedKmh[network.Road], "road speed, km/h (CAREC CPMM 2022 speed without delay)")
	p.Float64Var(&f.ferryKmh, "ferry-kmh", dc.SpeedKmh[network.Ferry], "Caspian ferry speed, km/h (assumption)")
	p.Float64Var(&f.ferryHours, "ferry-hours", dc.FerryHours, "waiting and handling per ferry leg, hours (assumption)")
	p.StringVar(&f.modes, "modes", "", "only these modes: comma list of rail, road, ferry, gas, oil, power (default all)")
}

// loaded is a built network and its base view.
type loaded struct {
	g      *network.Network
	report *network.BuildReport
	base   *network.View
	cfg    network.Config
	name   string
}

func (f *networkFlags) load() (*loaded, error) {
	var netSrc, bndSrc []byte
	var err error
	netName, bndName := "central-asia.geojson (bundled)", "ne_50m_admin0_region.geojson (bundled)"
	if f.data != "" {
		netName = f.data
		if netSrc, err = os.ReadFile(f.data); err != nil {
			return nil, inputErrf("network data: %w", err)
		}
	} else if netSrc, err = data.ReadFile("network/central-asia.geojson"); err != nil {
		return nil, fmt.Errorf("bundled network: %w", err)
	}
	if f.boundaries != "" {
		bndName = f.boundaries
		if bndSrc, err = os.ReadFile(f.boundaries); err != nil {
			return nil, inputErrf("boundaries: %w", err)
		}
	} else if bndSrc, err = data.ReadFile("boundaries/ne_50m_admin0_region.geojson"); err != nil {
		return nil, fmt.Errorf("bundled boundaries: %w", err)
	}
	// The flags' values were checked by the command's PersistentPreRunE.
	var include []network.Status
	for _, s := range splitList(f.include) {
		include = append(include, network.Status(s))
	}
	var modes []network.Mode
	for _, m := range splitList(strings.ToLower(f.modes)) {
		modes = append(modes, network.Mode(m))
	}
	g, rep, base, err := network.Load(netSrc, netName, bndSrc, bndName,
		network.Options{ToleranceKm: f.tolerance, PointToleranceKm: f.pointTol, SampleKm: f.sampleKm}, include, modes)
	if err != nil {
		return nil, inputErr(err)
	}
	costs := network.DefaultCosts()
	costs.BorderHours[network.Rail], costs.BorderHours[network.Road] = f.railBorder, f.roadBorder
	costs.SpeedKmh[network.Rail], costs.SpeedKmh[network.Road], costs.SpeedKmh[network.Ferry] = f.railKmh, f.roadKmh, f.ferryKmh
	costs.FerryHours = f.ferryHours
	cfg := network.DefaultConfig()
	cfg.Costs = costs
	cfg.Region = splitList(strings.ToUpper(f.region))
	cfg.Russia = strings.ToUpper(f.russia)
	return &loaded{g: g, report: rep, base: base, cfg: cfg, name: netName}, nil
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := f.load()
			if err != nil {
				return err
			}
			m := l.base.Analyze(l.cfg)
			var td []network.TradeDependence
			if tradePath != "" {
				ly := network.Layer(tradeLayer)
				if !network.ValidLayer(ly) {
					return inputErrf("--trade-layer %q: want freight, gas, oil or power", tradeLayer)
				}
				trade, err := readTrade(tradePath)
				if err != nil {
					return err
				}
				td = l.base.RegionTradeDependence(trade, ly, l.cfg)
			}
			if f.json {
				return writeJSON(cmd.OutOrStdout(), struct {
					Network string               `json:"network"`
					Include string               `json:"include"`
					Build   *network.BuildReport `json:"build"`
					Costs   network.Costs        `json:"costs"`
					network.Measures
					Trade []network.TradeDependence `json:"trade_dependence,omitempty"`
				}{l.name, f.include, l.report, l.cfg.Costs, m, td})
			}
			if err := network.WriteSummary(cmd.OutOrStdout(), l.name, l.g, l.report, m, f.include); err != nil {
				return err
			}
			if verbose {
				l.report.WriteDetails(cmd.OutOrStdout())
			}
			return network.WriteTradeDependence(cmd.OutOrStdout(), td)
		},
	}
	cmd.Flags().StringVar(&tradePath, "trade", "", "CSV of trade values (reporter,partner,value) to weight Russian-transit dependence")
	cmd.Flags().StringVar(&tradeLayer, "trade-layer", "freight", "layer for the trade-weighted dependence")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every snapped and dangling line end and isolated point")
	return cmd
}

// readTrade reads the --trade file (network.ReadTrade).
func readTrade(path string) (map[string]map[string]float64, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, inputErrf("trade: %w", err)
	}
	defer fh.Close()
	t, err := network.ReadTrade(fh, path)
	return t, inputErr(err)
}

func newNetworkRouteCmd(f *networkFlags) *cobra.Command {
	var layer, by, avoid string
	cmd := &cobra.Command{
		Use:     "route A B",
		Short:   "Shortest route between two places by generalized cost (hours) or length",
		Args:    cobra.ExactArgs(2),
		PreRunE: flagcheck.PreRun(flagcheck.OneOf("layer", "freight", "gas", "oil", "power"), flagcheck.OneOf("by", "cost", "length")),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := f.load()
			if err != nil {
				return err
			}
			ly := network.Layer(layer)
			if !network.ValidLayer(ly) {
				return inputErrf("--layer %q: want freight, gas, oil or power", layer)
			}
			m := network.Metric(by)
			if m != network.ByCost && m != network.ByLength {
				return inputErrf("--by %q: want cost or length", by)
			}
			v := l.base
			for _, c := range splitList(strings.ToUpper(avoid)) {
				v = v.WithoutCountry(c)
			}
			a, err := v.Resolve(args[0], ly)
			if err != nil {
				return inputErr(err)
			}
			b, err := v.Resolve(args[1], ly)
			if err != nil {
				return inputErr(err)
			}
			r := v.Route(a, b, m, l.cfg.Costs)
			if f.json {
				return writeJSON(cmd.OutOrStdout(), struct {
					From  string `json:"from"`
					To    string `json:"to"`
					Avoid string `json:"avoid,omitempty"`
					network.Route
				}{args[0], args[1], avoid, r})
			}
			return network.WriteRoute(cmd.OutOrStdout(), args[0], args[1], r, avoid)
		},
	}
	cmd.Flags().StringVar(&layer, "layer", "freight", "layer: freight, gas, oil or power")
	cmd.Flags().StringVar(&by, "by", "cost", "minimise generalized cost (hours) or length (km)")
	cmd.Flags().StringVar(&avoid, "avoid", "", "comma list of ISO3 countries the route must not enter, e.g. RUS")
	return cmd
}

func newNetworkCriticalCmd(f *networkFlags) *cobra.Command {
	var top, workers int
	var kinds, by string
	var sets []string
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
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := f.load()
			if err != nil {
				return err
			}
			if top < 0 {
				return inputErrf("--top must be >= 0")
			}
			if len(sets) > 0 {
				m, err := parseSets(l.g, sets)
				if err != nil {
					return err
				}
				out := l.base.CriticalSets(l.cfg, m, workers)
				if f.json {
					return writeJSON(cmd.OutOrStdout(), network.CriticalReport{Scored: len(out), Items: out})
				}
				return network.WriteCritical(cmd.OutOrStdout(), out, len(out), "")
			}
			ks := splitList(kinds)
			for _, k := range ks {
				if k != "edge" && k != "node" && k != "border" {
					return inputErrf("--kind %q: want edge, node or border", k)
				}
			}
			all := l.base.Critical(l.cfg, workers)
			if by != "" {
				if err := network.Rerank(all, by); err != nil {
					return inputErr(err)
				}
			}
			out := network.Select(all, ks, top)
			if f.json {
				return writeJSON(cmd.OutOrStdout(), network.CriticalReport{Scored: len(all), Items: out})
			}
			return network.WriteCritical(cmd.OutOrStdout(), out, len(all), by)
		},
	}
	cmd.Flags().IntVar(&top, "top", 20, "show the N most critical (0 = all)")
	cmd.Flags().StringVar(&kinds, "kind", "", "only these kinds: comma list of edge, node, border")
	cmd.Flags().IntVar(&workers, "workers", 0, "parallel workers (0 = all cores); results do not depend on it")
	cmd.Flags().StringVar(&by, "by", "", "rank by one measure only: disconnected, linkage, linkage-noru, dependence, hours or betweenness (default: the first five, in that order of priority)")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "score a set of lines removed together: NAME=ID,ID,... (repeatable)")
	return cmd
}

// parseSets reads NAME=ID,ID,... where an ID is a line feature (all its
// edges) or one edge id.
func parseSets(g *network.Network, sets []string) (map[string][]int, error) {
	out := map[string][]int{}
	for _, s := range sets {
		name, ids, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, inputErrf("--set %q: want NAME=ID,ID,...", s)
		}
		es, err := g.EdgeSet(splitList(ids))
		if err != nil {
			return nil, inputErrf("--set %s: %v", name, err)
		}
		out[strings.TrimSpace(name)] = es
	}
	return out, nil
}
