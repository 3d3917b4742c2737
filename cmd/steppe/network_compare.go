package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/network"
	"github.com/steppe-dev/steppe/world"
)

// loadProjectMap reads the project-to-feature map at path, or the bundled
// one when path is empty.
func loadProjectMap(path string) (*network.ProjectMap, error) {
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
	var m network.ProjectMap
	if err := json.Unmarshal(src, &m); err != nil {
		return nil, inputErrf("project map %s: %w", path, err)
	}
	return &m, nil
}

// policyProjects returns the project ids of policy name, from the scenario
// when it loads, else from the project map (network.ProjectMap.PolicyProjects).
func policyProjects(ctx context.Context, name, scenarioRef string, pm *network.ProjectMap) (projects []string, from string, notes []string, err error) {
	var w *world.World
	sc, serr := checkScenario(ctx, scenarioRef)
	if serr == nil {
		w = sc.World
	}
	projects, from, notes, err = pm.PolicyProjects(name, w, scenarioRef, serr)
	return projects, from, notes, inputErr(err)
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
			out := network.PolicyComparison{Policy: policy, Against: "base network (" + f.include + ")"}
			var feats []string
			if policy != "" {
				var notes []string
				out.Projects, out.ProjectsFrom, notes, err = policyProjects(cmd.Context(), policy, scen, pm)
				if err != nil {
					return err
				}
				out.Notes = append(out.Notes, notes...)
				var fn []string
				feats, fn = pm.Features(out.Projects)
				out.Notes = append(out.Notes, fn...)
			}
			feats = append(feats, splitList(add)...)
			base := l.base
			if against != "" {
				ap, _, notes, err := policyProjects(cmd.Context(), against, scen, pm)
				if err != nil {
					return err
				}
				out.Notes = append(out.Notes, notes...)
				out.BaseFeatures, _ = pm.Features(ap)
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
			return out.Write(cmd.OutOrStdout())
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
