package report

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/world"
)

// ViewSchema identifies the view format.
const ViewSchema = "steppe.view/v1"

// View is everything the dashboard and the report show about one run: the
// results (schema steppe.results/v1, unchanged), the names of countries and
// policies, every parameter with its value, distribution, range and source,
// and the bases and infrastructure to draw on the map. It is stored with
// each run as view.json.
type View struct {
	Schema         string           `json:"schema"`
	Title          string           `json:"title"`
	Results        *results.Results `json:"results"`
	Countries      []Country        `json:"countries"` // the focus states, in results order
	Policies       []Policy         `json:"policies"`
	Projects       []Project        `json:"projects"`
	Assumptions    []Assumption     `json:"assumptions"`
	Bases          []Base           `json:"bases"`
	Infrastructure []Line           `json:"infrastructure"`
	Claims         []Claim          `json:"claims"`
	Reproduce      Reproduce        `json:"reproduce"`
}

// Country is a focus state.
type Country struct {
	ID   string `json:"id"` // ISO 3166-1 alpha-3
	Name string `json:"name"`
}

// Policy is a policy of the run.
type Policy struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Projects    []string `json:"projects"` // project ids, in schedule order
}

// Project is an integration project with its stated cost and duration.
type Project struct {
	ID             string   `json:"id"`
	Name           string   `json:"name"`
	Kind           string   `json:"kind"`
	Countries      []string `json:"countries"`
	Financiers     []string `json:"financiers"`
	CostUSD        float64  `json:"cost_usd"`
	DurationMonths float64  `json:"duration_months"`
	Source         string   `json:"source"`
	Note           string   `json:"note"`
}

// Assumption is one parameter of the scenario: its central value, its
// distribution and design range, and where the number comes from.
type Assumption struct {
	Path       string  `json:"path"`
	Value      float64 `json:"value"`
	Year       int     `json:"year,omitempty"`
	Dist       string  `json:"dist"`      // e.g. "triangular(2027, 2032, 2042)"; "fixed" when certain
	Uncertain  bool    `json:"uncertain"` // whether the value is sampled
	Lo         float64 `json:"lo"`        // design bounds: the support, or the 0.5% and 99.5% quantiles
	Hi         float64 `json:"hi"`
	Source     string  `json:"source"`
	Assumption bool    `json:"assumption"` // a stated assumption rather than a measurement
	Reason     string  `json:"reason,omitempty"`
	// ReplacedBy says which engine replaced the parameter, so that the run
	// did not use the value stated here (empty: the run used it).
	ReplacedBy string `json:"replaced_by,omitempty"`
}

// Base is a foreign military base placed on the map where its site is known.
type Base struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Host      string  `json:"host"`
	Operator  string  `json:"operator"`
	Kind      string  `json:"kind"`
	Site      string  `json:"site,omitempty"` // the facility or garrison drawn, when a base has several
	Lat       float64 `json:"lat"`
	Lon       float64 `json:"lon"`
	Located   bool    `json:"located"`             // false: no known coordinates, listed but not drawn
	Precision string  `json:"precision,omitempty"` // site, city (town point) or area-point
	LeaseEnd  float64 `json:"lease_end,omitempty"`
	Personnel float64 `json:"personnel,omitempty"`
	Source    string  `json:"source"`
}

// Line is an infrastructure link drawn on the map.
type Line struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Kind      string       `json:"kind"`
	Project   string       `json:"project,omitempty"`  // the project that adds it; empty for existing links
	Policies  []string     `json:"policies,omitempty"` // policies that schedule that project
	Coords    [][2]float64 `json:"coords"`             // [lon, lat] points
	Schematic bool         `json:"schematic"`          // drawn between country points, not along the route
	Note      string       `json:"note,omitempty"`
}

// Claim is a sentence of the argument the scenario encodes.
type Claim struct {
	ID     string   `json:"id"`
	Text   string   `json:"text"`
	Source string   `json:"source"`
	Fields []string `json:"fields"`
}

// Reproduce says how to rerun the run.
type Reproduce struct {
	Scenario string   `json:"scenario"`
	Seed     string   `json:"seed"`
	Draws    int      `json:"draws"`
	Policies []string `json:"policies"`
	Version  string   `json:"version"`
	Command  string   `json:"command"`
}

// Input is what BuildView reads.
type Input struct {
	Results     *results.Results
	World       *world.World // may be nil: the view then has no context beyond the results
	Assumptions []Assumption
	Version     string
	// ScenarioArg is how the scenario is named on the command line (an
	// embedded name or a file); default the results' scenario name.
	ScenarioArg string
}

// BuildView assembles the view of a run. gz places bases and
// infrastructure; nil leaves them unplaced.
func BuildView(in Input, gz *Gazetteer) *View {
	r := in.Results
	v := &View{Schema: ViewSchema, Title: r.Scenario, Results: r, Countries: []Country{}, Policies: []Policy{},
		Projects: []Project{}, Assumptions: nonNil(in.Assumptions), Bases: []Base{}, Infrastructure: []Line{}, Claims: []Claim{}}
	names := map[string]string{}
	w := in.World
	if w != nil {
		if w.Title != "" {
			v.Title = w.Title
		}
		for _, a := range w.Actors {
			names[a.ID] = a.Name
		}
		for _, p := range w.Policies {
			pol := Policy{ID: p.ID, Name: p.Name, Description: p.Description, Projects: []string{}}
			for _, pp := range p.Projects {
				pol.Projects = append(pol.Projects, pp.Project)
			}
			v.Policies = append(v.Policies, pol)
		}
		for _, p := range w.Projects {
			v.Projects = append(v.Projects, Project{ID: p.ID, Name: p.Name, Kind: p.Kind, Countries: nonNil(p.Countries),
				Financiers: nonNil(p.Financiers), CostUSD: p.CostUSD.V, DurationMonths: p.Duration.V, Source: p.Source, Note: p.Note})
		}
		for _, c := range w.Claims {
			v.Claims = append(v.Claims, Claim{ID: c.ID, Text: c.Text, Source: c.Source, Fields: nonNil(c.Fields)})
		}
		v.Bases = PlaceBases(w, gz)
		v.Infrastructure = PlaceInfrastructure(w, gz)
	}
	for _, c := range r.Countries {
		if c == results.Region {
			continue
		}
		n := names[c]
		if n == "" {
			n = c
		}
		v.Countries = append(v.Countries, Country{ID: c, Name: n})
	}
	if len(v.Policies) == 0 {
		for _, p := range r.Policies {
			v.Policies = append(v.Policies, Policy{ID: p, Name: p, Projects: []string{}})
		}
	} else {
		// Keep only the policies of this run, in results order.
		var kept []Policy
		for _, id := range r.Policies {
			for _, p := range v.Policies {
				if p.ID == id {
					kept = append(kept, p)
				}
			}
		}
		v.Policies = kept
	}
	arg := in.ScenarioArg
	if arg == "" {
		arg = r.Scenario
	}
	v.Reproduce = Reproduce{Scenario: arg, Seed: strconv.FormatUint(r.Seed, 10), Draws: r.Draws, Policies: slices.Clone(r.Policies),
		Version: in.Version, Command: ReproduceCommand(arg, r.Seed, r.Draws, r.Baseline, r.Policies)}
	return v
}

// ReproduceCommand returns the steppe command line that reruns a run: the
// baseline always runs, so only the other policies are named.
func ReproduceCommand(scenario string, seed uint64, draws int, baseline string, policies []string) string {
	cmd := fmt.Sprintf("steppe run --scenario %s --seed %d --draws %d", shellQuote(scenario), seed, draws)
	var others []string
	for _, p := range policies {
		if p != baseline {
			others = append(others, p)
		}
	}
	if len(others) > 0 {
		cmd += " --policy " + shellQuote(strings.Join(others, ","))
	}
	return cmd + " --json"
}

var shellSafe = regexp.MustCompile(`^[A-Za-z0-9_./,:=+-]+$`)

func shellQuote(s string) string {
	if shellSafe.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// nonNil returns s, or an empty slice for nil, which JSON writes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
