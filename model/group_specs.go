package model

import (
	"fmt"
	"os"

	"github.com/steppe-dev/steppe/explore"
)

// GroupSpecs are the groups of a grouped Sobol' design over m's factors:
// groups "default" (DefaultGroups), "" or "none" (no grouping, nil: one
// group per factor) or a groups file (explore.ReadGroupSpecs), refined by
// the specs extra (explore.ParseGroupSpec), which are matched first. Only
// a Sobol' design takes groups. Errors are *InputErrors naming the flag
// (--groups, --group).
func GroupSpecs(m *Model, groups string, extra []string, design explore.DesignKind) ([]explore.GroupSpec, error) {
	var specs []explore.GroupSpec
	switch groups {
	case "", "none":
	case "default":
		specs = DefaultGroups(m.Sim.Countries())
	default:
		fh, err := os.Open(groups)
		if err != nil {
			return nil, inputErr(fmt.Errorf("--groups: %w", err))
		}
		defer fh.Close()
		if specs, err = explore.ReadGroupSpecs(fh, groups); err != nil {
			return nil, inputErr(err)
		}
	}
	for _, g := range extra {
		s, err := explore.ParseGroupSpec(g)
		if err != nil {
			return nil, inputErrf("--group: %v", err)
		}
		// A --group given with --groups default refines it: it is matched first.
		specs = append([]explore.GroupSpec{s}, specs...)
	}
	if len(specs) > 0 && design != explore.SobolSaltelli {
		return nil, inputErrf("--groups/--group apply to --design sobol only")
	}
	return specs, nil
}
