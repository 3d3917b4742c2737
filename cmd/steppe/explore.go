package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newExploreCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newExploreCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explore",
		Short: "Sensitivity analysis and scenario discovery",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("explore: not implemented yet")
		},
	}
}
