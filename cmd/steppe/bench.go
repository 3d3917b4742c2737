package main

import "github.com/spf13/cobra"

// newBenchCmd groups the benchmarks that compare steppe's engines with
// reference tools or goals. Each prints ratios against a reference measured
// in the same command; none asserts on time.
func newBenchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Benchmarks against reference tools and goals",
	}
	cmd.AddCommand(
		newSimBenchCmd(),
		newGravityBenchCmd(),
		newNetworkBenchCmd(),
		newServeBenchCmd(),
		newQueueBenchCmd(),
	)
	return cmd
}
