package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newGravityCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newGravityCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "gravity",
		Short: "Structural gravity: PPML estimation and counterfactuals",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("gravity: not implemented yet")
		},
	}
}
