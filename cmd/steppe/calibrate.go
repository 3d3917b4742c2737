package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCalibrateCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newCalibrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "calibrate",
		Short: "Fit the intervention model to historical episodes and score it",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("calibrate: not implemented yet")
		},
	}
}
