package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newServeBenchCmd is a placeholder until the benchmark lands.
func newServeBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Benchmark the serve engine",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("bench serve: not implemented yet")
		},
	}
}
