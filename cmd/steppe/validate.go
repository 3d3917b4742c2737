package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newValidateCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate",
		Short: "Check a scenario file and report every problem",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("validate: not implemented yet")
		},
	}
}
