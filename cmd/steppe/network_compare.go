package main

import (
	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/network"
)

func newNetworkCompareCmd(f *networkFlags) *cobra.Command {
	var r network.CompareRequest
	var scen, mapPath string
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
		PreRunE: func(*cobra.Command, []string) error {
			if r.Policy == "" && r.Add == "" {
				return inputErrf("give --policy NAME or --add FEATURE,...")
			}
			return nil
		},
		RunE: answer(f, func(cmd *cobra.Command, l *network.Loaded, _ []string) (*network.PolicyComparison, error) {
			var err error
			if r.Projects, err = network.LoadProjectMap(data.FS(), mapPath); err != nil {
				return nil, err
			}
			if r.Policy != "" || r.Against != "" {
				sc, serr := checkScenario(cmd.Context(), scen)
				if r.ScenarioRef, r.LoadErr = scen, serr; serr == nil {
					r.World = sc.World
				}
			}
			r.Include = f.Include
			return l.Compare(r)
		}, (*network.PolicyComparison).Write),
	}
	cmd.Flags().StringVar(&r.Policy, "policy", "", "policy id in the scenario, e.g. fast-track-integration")
	cmd.Flags().StringVar(&r.Against, "against", "", "compare with this policy's network instead of the base network")
	cmd.Flags().StringVar(&scen, "scenario", defaultScenario, "scenario file or embedded name holding the policies")
	cmd.Flags().StringVar(&mapPath, "projects", "", "project-to-feature map JSON (default: bundled data/network/projects.json)")
	cmd.Flags().StringVar(&r.Add, "add", "", "also add these line features (comma list of ids)")
	return cmd
}
