package network

import (
	"fmt"
	"slices"
	"sort"

	"github.com/steppe-dev/steppe/world"
)

// PolicyComparison is a policy's [Comparison] with where its projects and
// lines come from: the JSON of `steppe network compare`.
type PolicyComparison struct {
	Policy       string   `json:"policy"`
	Against      string   `json:"against"`
	ProjectsFrom string   `json:"projects_from"`
	Projects     []string `json:"projects"`
	BaseFeatures []string `json:"against_features"`
	Notes        []string `json:"notes"`
	*Comparison
}

// PolicyProjects returns the project ids of policy name: from the world w
// of scenario scenarioRef when it loaded (loadErr nil), else from the map's
// fallback list of policies, with a note saying so. When the world is at
// hand, the network_features its projects state replace their entries in
// pm.
func (pm *ProjectMap) PolicyProjects(name string, w *world.World, scenarioRef string, loadErr error) (projects []string, from string, notes []string, err error) {
	if loadErr == nil {
		p, ok := w.Policy(name)
		if !ok {
			return nil, "", nil, fmt.Errorf("scenario %s has no policy %q (policies: %v)", scenarioRef, name, w.PolicyIDs())
		}
		for _, pp := range p.Projects {
			projects = append(projects, pp.Project)
		}
		// The scenario's network_features win over the map's entries.
		if pm.Projects == nil {
			pm.Projects = map[string]ProjectLines{}
		}
		for _, pr := range w.Projects {
			if len(pr.NetworkFeatures) > 0 {
				pm.Projects[pr.ID] = ProjectLines{Features: pr.NetworkFeatures, Note: "network_features of scenario " + scenarioRef}
			}
		}
		return projects, "scenario " + scenarioRef, nil, nil
	}
	list, ok := pm.Policies[name]
	if !ok {
		return nil, "", nil, fmt.Errorf("policy %q: scenario %s did not load (%v) and the project map has no such policy", name, scenarioRef, loadErr)
	}
	return list, "project map (fallback)", []string{fmt.Sprintf("scenario %s did not load (%v); projects taken from the project map", scenarioRef, loadErr)}, nil
}

// Features maps project ids to the line features they add, each once in
// order, with a note for each project that is not in the map or adds none.
func (pm *ProjectMap) Features(projects []string) (features []string, notes []string) {
	seen := map[string]bool{}
	for _, p := range projects {
		e, ok := pm.Projects[p]
		if !ok {
			notes = append(notes, fmt.Sprintf("project %s: not in the project map; it adds no network edges", p))
			continue
		}
		if len(e.Features) == 0 {
			notes = append(notes, fmt.Sprintf("project %s: %s", p, e.Note))
		}
		for _, f := range e.Features {
			if !seen[f] {
				seen[f] = true
				features = append(features, f)
			}
		}
	}
	return features, notes
}

// Rerank orders items by one measure (disconnected, linkage, linkage-noru,
// dependence or hours), descending, keeping the composite order among
// ties, and renumbers the ranks.
func Rerank(items []Criticality, by string) error {
	var key func(c *Criticality) float64
	switch by {
	case "disconnected":
		key = func(c *Criticality) float64 { return float64(c.Disconnected) }
	case "linkage":
		key = func(c *Criticality) float64 { return float64(c.LinkageLoss) }
	case "linkage-noru":
		key = func(c *Criticality) float64 { return float64(c.LinkageLossNoRU) }
	case "dependence":
		key = func(c *Criticality) float64 { return c.DependenceRise }
	case "hours":
		key = func(c *Criticality) float64 { return c.AddedHours }
	case "betweenness":
		key = func(c *Criticality) float64 { return c.Betweenness }
	default:
		return fmt.Errorf("rank by %q: want disconnected, linkage, linkage-noru, dependence, hours or betweenness", by)
	}
	sort.SliceStable(items, func(i, j int) bool { return key(&items[i]) > key(&items[j]) })
	for i := range items {
		items[i].Rank = i + 1
	}
	return nil
}

// CriticalReport is the JSON of `steppe network critical`: how many
// elements were scored, and the items shown.
type CriticalReport struct {
	Scored int           `json:"scored"`
	Items  []Criticality `json:"items"`
}

// Select keeps the items of the given kinds (all when kinds is empty), in
// order, at most top of them (all when top is 0).
func Select(items []Criticality, kinds []string, top int) []Criticality {
	var out []Criticality
	for _, c := range items {
		if len(kinds) == 0 || slices.Contains(kinds, c.Kind) {
			out = append(out, c)
		}
	}
	if top > 0 && len(out) > top {
		out = out[:top]
	}
	return out
}

// RegionTradeDependence is [View.TradeDependence] on layer for each state
// of cfg.Region that trade holds.
func (v *View) RegionTradeDependence(trade map[string]map[string]float64, layer Layer, cfg Config) []TradeDependence {
	var td []TradeDependence
	for _, c := range cfg.Region {
		if t, ok := trade[c]; ok {
			td = append(td, v.TradeDependence(c, layer, t, cfg))
		}
	}
	return td
}
