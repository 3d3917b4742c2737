package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
)

// groupSpecs resolves --groups and --group into group specs; nil means no
// grouping (one group per factor).
func (f *exDesignFlags) groupSpecs(m *model.Model) ([]explore.GroupSpec, error) {
	var specs []explore.GroupSpec
	switch f.groups {
	case "", "none":
	case "default":
		specs = model.DefaultGroups(m.Sim.Countries())
	default:
		fh, err := os.Open(f.groups)
		if err != nil {
			return nil, inputErr(fmt.Errorf("--groups: %w", err))
		}
		defer fh.Close()
		if specs, err = explore.ReadGroupSpecs(fh, f.groups); err != nil {
			return nil, inputErr(err)
		}
	}
	for _, g := range f.group {
		s, err := explore.ParseGroupSpec(g)
		if err != nil {
			return nil, inputErrf("--group: %v", err)
		}
		// A --group given with --groups default refines it: it is matched first.
		specs = append([]explore.GroupSpec{s}, specs...)
	}
	if len(specs) > 0 && explore.DesignKind(f.design) != explore.SobolSaltelli {
		return nil, inputErrf("--groups/--group apply to --design sobol only")
	}
	return specs, nil
}

// exWarnIgnored prints the factors the engines ignore.
func exWarnIgnored(w io.Writer, ignored []string) {
	if len(ignored) == 0 {
		return
	}
	fmt.Fprintf(w, "warning: the engines of this run ignore %d of the design's factors; varying them cannot change any outcome, so their indices are zero by construction, not evidence that the quantities they stand for do not matter:\n", len(ignored))
	for _, s := range ignored {
		fmt.Fprintf(w, "  %s\n", s)
	}
}

func exNonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func exNonNilGroups(g []explore.Group) []explore.Group {
	if g == nil {
		return []explore.Group{}
	}
	return g
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
			m, err := loadExploreModel(df.scenario, df.stated)
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
			names := make([]string, len(fs))
			for j, f := range fs {
				names[j] = f.Name
			}
			groups, unmatched, unused, err := explore.AssignGroups(names, specs)
			if err != nil {
				return inputErr(err)
			}
			unused = slices.DeleteFunc(unused, func(s string) bool { return s == exPolicyFactor && df.groups == "default" })
			ignored := m.IgnoredFactors(names)
			rows := explore.SobolRowsPerBase(len(groups), df.secondOrder) * df.n
			if asJSON {
				return exWriteJSON(cmd.OutOrStdout(), map[string]any{"groups": groups, "factors": len(names), "unmatched": exNonNil(unmatched),
					"unused_groups": exNonNil(unused), "n": df.n, "rows": rows, "ignored_factors": exNonNil(ignored)})
			}
			out := cmd.OutOrStdout()
			ig := map[string]bool{}
			for _, s := range ignored {
				p, _, _ := strings.Cut(s, ":")
				ig[p] = true
			}
			tw := exNewTab(out)
			fmt.Fprintln(tw, "group\tfactors\tignored by engines")
			for _, g := range groups {
				k := 0
				for _, m := range g.Members {
					if ig[m] {
						k++
					}
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\n", g.Name, len(g.Members), k)
			}
			tw.Flush()
			fmt.Fprintf(out, "\n%d factors in %d groups: a Sobol' design with N = %d base samples has %d experiments\n", len(names), len(groups), df.n, rows)
			if len(unmatched) > 0 {
				fmt.Fprintf(out, "not matched by any group (in %q): %s\n", explore.OtherGroup, strings.Join(unmatched, ", "))
			}
			if len(unused) > 0 {
				fmt.Fprintf(out, "groups matching no parameter (left out): %s\n", strings.Join(unused, ", "))
			}
			exWarnIgnored(out, ignored)
			return nil
		},
	}
	df.register(c)
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return c
}
