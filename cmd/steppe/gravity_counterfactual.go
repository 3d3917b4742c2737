package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newGravityCounterfactualCmd is the hook for `steppe gravity counterfactual`
// (general-equilibrium counterfactuals, package gravity/ge). It is a
// placeholder owned by the GE work and fails loudly until that lands.
func newGravityCounterfactualCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "counterfactual",
		Short: "General-equilibrium counterfactuals from gravity estimates",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("gravity counterfactual: not implemented yet")
		},
	}
}
