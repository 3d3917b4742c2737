package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newVersionCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("version: not implemented yet")
		},
	}
}
