package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newGravityBenchCmd is a placeholder until the benchmark lands.
func newGravityBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "gravity",
		Short: "Benchmark the gravity engine",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("bench gravity: not implemented yet")
		},
	}
}
