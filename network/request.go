package network

// This file holds what the command line asks of the package: the network
// built from the flags shared by `steppe network`'s verbs, and each verb's
// question checked and answered, so that the binary only parses flags and
// prints what comes back.

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/steppe-dev/steppe/internal/userinput"
	"github.com/steppe-dev/steppe/world"
)

// IsRequestError reports whether err is an error in a request (a flag
// value, a file or a shock the caller must fix), as the command line
// prints it; it exits 2.
func IsRequestError(err error) bool { return userinput.Is(err) }

// LoadRequest says which network to build and how to cost it; its fields
// are the flags shared by the verbs of `steppe network`, whose help
// explains them. Empty Data and Boundaries take the bundled files from
// Bundled (package data's FS).
type LoadRequest struct {
	Bundled                       fs.FS
	Data, Boundaries              string
	Tolerance, PointTol, SampleKm float64 // km
	Include, Modes                string  // comma lists of statuses and modes
	Region, Transit               string  // ISO3 codes; Region a comma list
	RailBorderHours               float64
	RoadBorderHours               float64
	RailKmh, RoadKmh, FerryKmh    float64
	FerryHours                    float64
}

// Loaded is a built network, its base view, the measures' configuration
// and the network's name.
type Loaded struct {
	Net    *Network
	Report *BuildReport
	Base   *View
	Config Config
	Name   string
}

// Load reads and builds the network of r. The flag values are taken as
// checked (the command's flag checks); unreadable or bad files are
// request errors.
func (r LoadRequest) Load() (*Loaded, error) {
	netName, netSrc, err := r.source(r.Data, "central-asia.geojson (bundled)", "network/central-asia.geojson", "network data", "bundled network")
	if err != nil {
		return nil, err
	}
	bndName, bndSrc, err := r.source(r.Boundaries, "ne_50m_admin0_region.geojson (bundled)", "boundaries/ne_50m_admin0_region.geojson", "boundaries", "bundled boundaries")
	if err != nil {
		return nil, err
	}
	var modes []Mode
	for _, m := range userinput.List(strings.ToLower(r.Modes)) {
		modes = append(modes, Mode(m))
	}
	g, rep, base, err := Load(netSrc, netName, bndSrc, bndName,
		Options{ToleranceKm: r.Tolerance, PointToleranceKm: r.PointTol, SampleKm: r.SampleKm}, Statuses(r.Include), modes)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	costs := DefaultCosts()
	costs.BorderHours[Rail], costs.BorderHours[Road] = r.RailBorderHours, r.RoadBorderHours
	costs.SpeedKmh[Rail], costs.SpeedKmh[Road], costs.SpeedKmh[Ferry] = r.RailKmh, r.RoadKmh, r.FerryKmh
	costs.FerryHours = r.FerryHours
	cfg := DefaultConfig()
	cfg.Costs = costs
	cfg.Region = userinput.List(strings.ToUpper(r.Region))
	cfg.Russia = strings.ToUpper(r.Transit)
	return &Loaded{Net: g, Report: rep, Base: base, Config: cfg, Name: netName}, nil
}

// source reads the user's file path (what names it in errors), or the
// bundled file when path is empty.
func (r LoadRequest) source(path, bundledName, bundled, what, bundledWhat string) (string, []byte, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", nil, userinput.Errorf("%s: %w", what, err)
		}
		return path, b, nil
	}
	b, err := fs.ReadFile(r.Bundled, bundled)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", bundledWhat, err)
	}
	return bundledName, b, nil
}

// Statuses reads a comma list of line statuses (as checked by the
// command's flags).
func Statuses(list string) []Status {
	var out []Status
	for _, s := range userinput.List(list) {
		out = append(out, Status(s))
	}
	return out
}

// Summary is `steppe network summary`: the network, its build and its
// measures, with the trade-weighted dependence when asked for.
type Summary struct {
	Network string       `json:"network"`
	Include string       `json:"include"`
	Build   *BuildReport `json:"build"`
	Costs   Costs        `json:"costs"`
	Measures
	Trade []TradeDependence `json:"trade_dependence,omitempty"`

	net *Network
}

// Summary measures the base view of l; tradePath, when not empty, is a
// trade file (ReadTrade) that weights Russian-transit dependence on
// tradeLayer. include is the statuses the base view holds, as given.
func (l *Loaded) Summary(include, tradePath, tradeLayer string) (*Summary, error) {
	s := &Summary{Network: l.Name, Include: include, Build: l.Report, Costs: l.Config.Costs, Measures: l.Base.Analyze(l.Config), net: l.Net}
	if tradePath == "" {
		return s, nil
	}
	ly := Layer(tradeLayer)
	if !ValidLayer(ly) {
		return nil, userinput.Errorf("--trade-layer %q: want freight, gas, oil or power", tradeLayer)
	}
	fh, err := os.Open(tradePath)
	if err != nil {
		return nil, userinput.Errorf("trade: %w", err)
	}
	defer fh.Close()
	trade, err := ReadTrade(fh, tradePath)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	s.Trade = l.Base.RegionTradeDependence(trade, ly, l.Config)
	return s, nil
}

// WriteText writes the summary for a reader; verbose adds every snapped
// and dangling line end and isolated point.
func (s *Summary) WriteText(w io.Writer, verbose bool) error {
	if err := WriteSummary(w, s.Network, s.net, s.Build, s.Measures, s.Include); err != nil {
		return err
	}
	if verbose {
		s.Build.WriteDetails(w)
	}
	return WriteTradeDependence(w, s.Trade)
}

// RouteRequest is `steppe network route A B`'s question.
type RouteRequest struct {
	From, To  string // place names or ISO3 capital codes
	Layer, By string // a Layer; cost or length
	Avoid     string // comma list of ISO3 countries the route must not enter
}

// RouteAnswer is a route and the question it answers: the JSON of
// `steppe network route`.
type RouteAnswer struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Avoid string `json:"avoid,omitempty"`
	Route
}

// Route finds the shortest route of r on the base view.
func (l *Loaded) Route(r RouteRequest) (*RouteAnswer, error) {
	ly := Layer(r.Layer)
	if !ValidLayer(ly) {
		return nil, userinput.Errorf("--layer %q: want freight, gas, oil or power", r.Layer)
	}
	m := Metric(r.By)
	if m != ByCost && m != ByLength {
		return nil, userinput.Errorf("--by %q: want cost or length", r.By)
	}
	v := l.Base
	for _, c := range userinput.List(strings.ToUpper(r.Avoid)) {
		v = v.WithoutCountry(c)
	}
	a, err := v.Resolve(r.From, ly)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	b, err := v.Resolve(r.To, ly)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	return &RouteAnswer{From: r.From, To: r.To, Avoid: r.Avoid, Route: v.Route(a, b, m, l.Config.Costs)}, nil
}

// WriteText writes the route for a reader.
func (a *RouteAnswer) WriteText(w io.Writer) error {
	return WriteRoute(w, a.From, a.To, a.Route, a.Avoid)
}

// CriticalRequest is `steppe network critical`'s question.
type CriticalRequest struct {
	Top, Workers int
	Kinds        string   // comma list of edge, node, border
	By           string   // one measure to rank by (Rerank); "": all
	Sets         []string // NAME=ID,ID,... scored instead of every element
}

// Critical scores the elements, or the sets, of r; the report's items are
// the ones to show.
func (l *Loaded) Critical(r CriticalRequest) (*CriticalReport, error) {
	if r.Top < 0 {
		return nil, userinput.Errorf("--top must be >= 0")
	}
	if len(r.Sets) > 0 {
		m, err := l.Net.NamedEdgeSets(r.Sets)
		if err != nil {
			return nil, err
		}
		out := l.Base.CriticalSets(l.Config, m, r.Workers)
		return &CriticalReport{Scored: len(out), Items: out}, nil
	}
	ks := userinput.List(r.Kinds)
	for _, k := range ks {
		if k != "edge" && k != "node" && k != "border" {
			return nil, userinput.Errorf("--kind %q: want edge, node or border", k)
		}
	}
	all := l.Base.Critical(l.Config, r.Workers)
	if r.By != "" {
		if err := Rerank(all, r.By); err != nil {
			return nil, userinput.Wrap(err)
		}
	}
	return &CriticalReport{Scored: len(all), Items: Select(all, ks, r.Top)}, nil
}

// NamedEdgeSets reads sets given as NAME=ID,ID,..., where an ID is a line
// feature (all its edges) or one edge id (EdgeSet).
func (g *Network) NamedEdgeSets(sets []string) (map[string][]int, error) {
	out := map[string][]int{}
	for _, s := range sets {
		name, ids, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, userinput.Errorf("--set %q: want NAME=ID,ID,...", s)
		}
		es, err := g.EdgeSet(userinput.List(ids))
		if err != nil {
			return nil, userinput.Errorf("--set %s: %v", name, err)
		}
		out[strings.TrimSpace(name)] = es
	}
	return out, nil
}

// CompareRequest is `steppe network compare`'s question: a policy's
// projects (from the scenario world W when it loaded, LoadErr nil, else
// from the project map) and added line features, against the base network
// or another policy.
type CompareRequest struct {
	Policy, Against string
	Add             string // comma list of line features
	Include         string // the statuses of the base network, as given
	Projects        *ProjectMap
	World           *world.World
	ScenarioRef     string
	LoadErr         error
}

// Compare answers r.
func (l *Loaded) Compare(r CompareRequest) (*PolicyComparison, error) {
	out := &PolicyComparison{Policy: r.Policy, Against: "base network (" + r.Include + ")"}
	var feats []string
	if r.Policy != "" {
		var notes []string
		var err error
		out.Projects, out.ProjectsFrom, notes, err = r.Projects.PolicyProjects(r.Policy, r.World, r.ScenarioRef, r.LoadErr)
		if err != nil {
			return nil, userinput.Wrap(err)
		}
		out.Notes = append(out.Notes, notes...)
		var fn []string
		feats, fn = r.Projects.Features(out.Projects)
		out.Notes = append(out.Notes, fn...)
	}
	feats = append(feats, userinput.List(r.Add)...)
	base := l.Base
	if r.Against != "" {
		ap, _, notes, err := r.Projects.PolicyProjects(r.Against, r.World, r.ScenarioRef, r.LoadErr)
		if err != nil {
			return nil, userinput.Wrap(err)
		}
		out.Notes = append(out.Notes, notes...)
		out.BaseFeatures, _ = r.Projects.Features(ap)
		if base, err = l.Net.View(Statuses(r.Include), out.BaseFeatures); err != nil {
			return nil, userinput.Wrap(err)
		}
		out.Against = "policy " + r.Against
	}
	for _, x := range feats {
		if len(l.Net.FeatureEdges(x)) == 0 {
			return nil, userinput.Errorf("feature %q is not a line of %s (see `steppe network summary --json` for the features)", x, l.Name)
		}
	}
	name := r.Policy
	if name == "" {
		name = "added features"
	}
	c, err := Compare(base, name, feats, l.Config)
	if err != nil {
		return nil, userinput.Wrap(err)
	}
	out.Comparison = c
	return out, nil
}

// LoadProjectMap reads the project-to-feature map at path, or the bundled
// one (data/network/projects.json in Bundled) when path is empty.
func LoadProjectMap(bundled fs.FS, path string) (*ProjectMap, error) {
	var src []byte
	var err error
	if path == "" {
		src, err = fs.ReadFile(bundled, "network/projects.json")
		if err != nil {
			return nil, fmt.Errorf("bundled project map: %w", err)
		}
	} else if src, err = os.ReadFile(path); err != nil {
		return nil, userinput.Errorf("project map: %w", err)
	}
	var m ProjectMap
	if err := json.Unmarshal(src, &m); err != nil {
		return nil, userinput.Errorf("project map %s: %w", path, err)
	}
	return &m, nil
}
