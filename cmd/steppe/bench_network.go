package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newNetworkBenchCmd is a placeholder until the benchmark lands.
func newNetworkBenchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "network",
		Short: "Benchmark the network engine",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("bench network: not implemented yet")
		},
	}
}
