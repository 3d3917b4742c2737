package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSimBenchCmd is a placeholder until the benchmark lands.
func newSimBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "sim",
		Short: "Benchmark the sim engine",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("bench sim: not implemented yet")
		},
	}
}
