package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newReportCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newReportCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "report",
		Short: "Write a self-contained HTML report of a run",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("report: not implemented yet")
		},
	}
}
