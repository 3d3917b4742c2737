package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/network"
)

// projectMap says which network line features each scenario project adds
// (data/network/projects.json), for projects whose scenario entry states
// no network_features.
type projectMap struct {
	Projects map[string]projectEntry `json:"projects"`
	Policies map[string][]string     `json:"policies"`
}

type projectEntry struct {
	Features []string `json:"features"`
	Note     string   `json:"note"`
}

func loadProjectMap(path string) (*projectMap, error) {
	var src []byte
	var err error
	if path == "" {
		src, err = data.ReadFile("network/projects.json")
		if err != nil {
			return nil, fmt.Errorf("bundled project map: %w", err)
		}
	} else if src, err = os.ReadFile(path); err != nil {
		return nil, inputErrf("project map: %w", err)
	}
	var m projectMap
	if err := json.Unmarshal(src, &m); err != nil {
		return nil, inputErrf("project map %s: %w", path, err)
	}
	return &m, nil
}

// policyProjects returns the project ids of policy name: from the scenario
// when it loads, else from the map's fallback list (with a note saying so).
// When the scenario loads, the network_features its projects state replace
// their entries in pm.
func policyProjects(name, scenarioRef string, pm *projectMap) (projects []string, from string, notes []string, err error) {
	sc, serr := loadScenario(scenarioRef)
	if serr == nil {
		w := sc.World
		p, ok := w.Policy(name)
		if !ok {
			return nil, "", nil, inputErrf("scenario %s has no policy %q (policies: %v)", scenarioRef, name, w.PolicyIDs())
		}
		for _, pp := range p.Projects {
			projects = append(projects, pp.Project)
		}
		// The scenario's network_features win over the map's entries.
		if pm.Projects == nil {
			pm.Projects = map[string]projectEntry{}
		}
		for _, pr := range w.Projects {
			if len(pr.NetworkFeatures) > 0 {
				pm.Projects[pr.ID] = projectEntry{Features: pr.NetworkFeatures, Note: "network_features of scenario " + scenarioRef}
			}
		}
		return projects, "scenario " + scenarioRef, nil, nil
	}
	list, ok := pm.Policies[name]
	if !ok {
		return nil, "", nil, inputErrf("policy %q: scenario %s did not load (%v) and the project map has no such policy", name, scenarioRef, serr)
	}
	return list, "project map (fallback)", []string{fmt.Sprintf("scenario %s did not load (%v); projects taken from the project map", scenarioRef, serr)}, nil
}

// projectFeatures maps project ids to network features.
func projectFeatures(projects []string, pm *projectMap) (features []string, notes []string) {
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

// networkComparison is the JSON of `steppe network compare`.
type networkComparison struct {
	Policy       string   `json:"policy"`
	Against      string   `json:"against"`
	ProjectsFrom string   `json:"projects_from"`
	Projects     []string `json:"projects"`
	BaseFeatures []string `json:"against_features"`
	Notes        []string `json:"notes"`
	*network.Comparison
}

func newNetworkCompareCmd(f *networkFlags) *cobra.Command {
	var policy, against, scen, mapPath, add string
	cmd := &cobra.Command{
		Use:   "compare --policy NAME",
		Short: "Change in every measure when a policy's projects are added to the network",
		Long: `Adds the network edges of a policy's projects to the base network (the
statuses in --include, by default the lines that exist) and reports every
route, corridor, linkage and dependence figure that changes. Projects come
from the scenario (--scenario, default the embedded central-asia scenario);
data/network/projects.json says which line features each project adds.
--against POLICY compares with another policy's network instead of the base;
--add FEATURE,... adds line features by id (e.g. rail-transafghan). The
comparison is of end states: every project complete.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if policy == "" && add == "" {
				return inputErrf("give --policy NAME or --add FEATURE,...")
			}
			l, err := f.load()
			if err != nil {
				return err
			}
			pm, err := loadProjectMap(mapPath)
			if err != nil {
				return err
			}
			out := networkComparison{Policy: policy, Against: "base network (" + f.include + ")"}
			var feats []string
			if policy != "" {
				var notes []string
				out.Projects, out.ProjectsFrom, notes, err = policyProjects(policy, scen, pm)
				if err != nil {
					return err
				}
				out.Notes = append(out.Notes, notes...)
				var fn []string
				feats, fn = projectFeatures(out.Projects, pm)
				out.Notes = append(out.Notes, fn...)
			}
			feats = append(feats, splitList(add)...)
			base := l.base
			if against != "" {
				ap, _, notes, err := policyProjects(against, scen, pm)
				if err != nil {
					return err
				}
				out.Notes = append(out.Notes, notes...)
				out.BaseFeatures, _ = projectFeatures(ap, pm)
				if base, err = l.g.View(includeOf(f.include), out.BaseFeatures); err != nil {
					return inputErr(err)
				}
				out.Against = "policy " + against
			}
			for _, x := range feats {
				if len(l.g.FeatureEdges(x)) == 0 {
					return inputErrf("feature %q is not a line of %s (see `steppe network summary --json` for the features)", x, l.name)
				}
			}
			name := policy
			if name == "" {
				name = "added features"
			}
			c, err := network.Compare(base, name, feats, l.cfg)
			if err != nil {
				return inputErr(err)
			}
			out.Comparison = c
			if f.json {
				return writeJSON(cmd.OutOrStdout(), out)
			}
			return writeCompare(cmd.OutOrStdout(), &out)
		},
	}
	cmd.Flags().StringVar(&policy, "policy", "", "policy id in the scenario, e.g. fast-track-integration")
	cmd.Flags().StringVar(&against, "against", "", "compare with this policy's network instead of the base network")
	cmd.Flags().StringVar(&scen, "scenario", defaultScenario, "scenario file or embedded name holding the policies")
	cmd.Flags().StringVar(&mapPath, "projects", "", "project-to-feature map JSON (default: bundled data/network/projects.json)")
	cmd.Flags().StringVar(&add, "add", "", "also add these line features (comma list of ids)")
	return cmd
}

func includeOf(s string) []network.Status {
	var out []network.Status
	for _, x := range splitList(s) {
		out = append(out, network.Status(x))
	}
	return out
}
