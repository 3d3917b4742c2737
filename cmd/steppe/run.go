package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newRunCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newRunCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "run",
		Short: "Run a scenario and print intervention risk by country and year",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("run: not implemented yet")
		},
	}
}
