package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newGravityBenchCmd is `steppe bench gravity` and `steppe gravity bench`.
// Placeholder until the benchmark panel generator lands.
func newGravityBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "gravity",
		Short: "Benchmark the gravity engine",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("bench gravity: not implemented yet")
		},
	}
}
