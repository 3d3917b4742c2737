package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newNetworkCmd is a placeholder until the verb lands; it fails loudly rather
// than pretending to work.
func newNetworkCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "network",
		Short: "Infrastructure network: routes, redundancy, criticality",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("network: not implemented yet")
		},
	}
}
