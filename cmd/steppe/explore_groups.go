package main

import (
	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
)

// groupSpecs resolves --groups and --group into group specs
// (model.GroupSpecs); nil means no grouping (one group per factor).
func (f *exDesignFlags) groupSpecs(m *model.Model) ([]explore.GroupSpec, error) {
	specs, err := model.GroupSpecs(m, f.groups, f.group, explore.DesignKind(f.design))
	return specs, modelErr(err)
}

// exNonNil makes a nil list an empty one, so that JSON prints [] not null.
func exNonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// newExploreGroupsCmd is `steppe explore groups`: the grouping a grouped
// Sobol' design would use, and the factors the engines ignore.
func newExploreGroupsCmd() *cobra.Command {
	var (
		df     exDesignFlags
		asJSON bool
	)
	c := &cobra.Command{
		Use:   "groups",
		Short: "Show how a scenario's uncertain parameters are grouped for grouped Sobol' indices",
		Long: `Prints the groups that 'steppe explore sweep --design sobol --groups ...' would
switch together (default: steppe's grouping by model part), the number of
experiments the design needs, and the parameters the engines ignore.

Groups file format, one group per line (first matching group wins; '*'
matches one path segment; unmatched parameters form the group "other"):
  macro.KGZ: actors.KGZ
  unrest:    triggers.hazard.*.protest, triggers.hazard.*.ethnic`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if df.groups == "" && len(df.group) == 0 {
				df.groups = "default"
			}
			df.design = "sobol"
			m, err := df.assemble(cmd.Context())
			if err != nil {
				return err
			}
			fs, err := df.factors(m)
			if err != nil {
				return err
			}
			specs, err := df.groupSpecs(m)
			if err != nil {
				return err
			}
			plan, err := m.PlanGroups(fs, specs, df.groups == "default", df.n, df.secondOrder)
			if err != nil {
				return inputErr(err)
			}
			return printAs(cmd.OutOrStdout(), asJSON, plan, plan.WriteText)
		},
	}
	df.register(c)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
