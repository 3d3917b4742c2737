package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/rng"
	"github.com/steppe-dev/steppe/sim"
)

// newSimBenchCmd measures the simulation on the default scenario against
// the goal of issue 2 (10,000 draws, both policies, under 2 s on 2 cores)
// and against a reference measured in the same command: the cost of one
// counter-based uniform per country, trigger type and month, the least any
// Monte Carlo over monthly triggers must pay.
func newSimBenchCmd() *cobra.Command {
	var draws, workers int
	var scen string
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Benchmark the simulation (ns per country-month) against the 2-second goal",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if draws <= 0 {
				return inputErrf("--draws must be positive, got %d", draws)
			}
			w := cmd.OutOrStdout()
			t0 := time.Now()
			sc, err := loadScenario(scen)
			if err != nil {
				return err
			}
			eng, err := simEngines(sc.World)
			if err != nil {
				return err
			}
			m, err := sim.New(sc.World, eng)
			if err != nil {
				return err
			}
			load := time.Since(t0)
			if workers <= 0 {
				workers = runtime.GOMAXPROCS(0)
			}
			months := int(sc.World.Horizon-sc.World.Start) + 1
			np := len(m.Policies())
			cms := float64(draws) * float64(len(m.Countries())) * float64(months) * float64(np)
			timeRun := func(workers int) (time.Duration, error) {
				t := time.Now()
				_, err := m.Run(cmd.Context(), sim.Options{Draws: draws, Seed: 1, Workers: workers})
				return time.Since(t), err
			}
			one, err := timeRun(1)
			if err != nil {
				return err
			}
			all, err := timeRun(workers)
			if err != nil {
				return err
			}
			ref := uniformFloor(cmd.Context(), draws, len(m.Countries())*months*np*6)
			fmt.Fprintf(w, "scenario %s: %d draws x %d policies x %d countries x %d months (load %v)\n",
				sc.World.Name, draws, np, len(m.Countries()), months, load.Round(time.Millisecond))
			fmt.Fprintf(w, "  1 worker:   %8v  %6.1f ns/country-month\n", one.Round(time.Millisecond), float64(one.Nanoseconds())/cms)
			fmt.Fprintf(w, "  %d workers:  %8v  %6.1f ns/country-month  (speed-up %.2fx)\n", workers, all.Round(time.Millisecond), float64(all.Nanoseconds())/cms, float64(one)/float64(all))
			fmt.Fprintf(w, "  reference (one uniform per country, trigger type, month and policy, 1 worker): %v; simulation/reference = %.1f\n",
				ref.Round(time.Millisecond), float64(one)/float64(ref))
			goal := 2 * time.Second * time.Duration(draws) / 10000
			fmt.Fprintf(w, "  goal: 10,000 draws, all policies, under 2 s on 2 cores -> %v for %d draws; measured/goal = %.2f with %d workers\n",
				goal.Round(time.Millisecond), draws, float64(all+load)/float64(goal), workers)
			return nil
		},
	}
	cmd.Flags().IntVar(&draws, "draws", 10000, "Monte Carlo draws")
	cmd.Flags().IntVar(&workers, "workers", 0, "workers for the parallel run (0: all cores)")
	cmd.Flags().StringVar(&scen, "scenario", defaultScenario, "scenario file or embedded name")
	return cmd
}

// uniformFloor times draws*n counter-based uniforms on one goroutine.
func uniformFloor(ctx context.Context, draws, n int) time.Duration {
	t := time.Now()
	s := 0.0
	for d := 0; d < draws && ctx.Err() == nil; d++ {
		k := rng.Key(1, d, rng.Triggers)
		for i := 0; i < n; i++ {
			s += rng.U(k, uint64(i))
		}
	}
	if s < 0 {
		panic("unreachable")
	}
	return time.Since(t)
}
