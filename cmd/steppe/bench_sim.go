package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/rng"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// newSimBenchCmd measures the simulation on the default scenario against
// the goal of issue 2 (10,000 draws, both policies, under 2 s on 2 cores)
// and against references measured in the same command: the scenario's
// stated models without engines, and the cost of one counter-based uniform
// per country, trigger type, month and policy, the least any Monte Carlo over
// monthly triggers must pay.
func newSimBenchCmd() *cobra.Command {
	var draws, workers int
	var scen string
	cmd := &cobra.Command{
		Use:     "sim",
		Short:   "Benchmark the simulation (ns per country-month) against the 2-second goal",
		Args:    cobra.NoArgs,
		PreRunE: checkFlags(atLeast("draws", 1), atLeast("workers", 0)),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			w := cmd.OutOrStdout()
			t0 := time.Now()
			sc, err := loadScenario(scen)
			if err != nil {
				return err
			}
			load := time.Since(t0)
			if workers <= 0 {
				workers = runtime.GOMAXPROCS(0)
			}
			// Each timed run gets fresh engines, so that caches (GE solves)
			// filled by one run do not flatter the next.
			fresh := func(withEngines bool) (*sim.Model, time.Duration, error) {
				t := time.Now()
				m, err := new(model.Cache).Assemble(sc.World, model.Config{Stated: !withEngines})
				if err != nil {
					return nil, 0, err
				}
				return m.Sim, time.Since(t), nil
			}
			timeRun := func(m *sim.Model, workers int) (time.Duration, error) {
				t := time.Now()
				_, err := m.Run(ctx, sim.Options{Draws: draws, Seed: 1, Workers: workers})
				return time.Since(t), err
			}
			m1, setup, err := fresh(true)
			if err != nil {
				return err
			}
			one, err := timeRun(m1, 1)
			if err != nil {
				return err
			}
			mW, _, err := fresh(true)
			if err != nil {
				return err
			}
			all, err := timeRun(mW, workers)
			if err != nil {
				return err
			}
			warm, err := timeRun(mW, workers)
			if err != nil {
				return err
			}
			ms, _, err := fresh(false)
			if err != nil {
				return err
			}
			stated, err := timeRun(ms, 1)
			if err != nil {
				return err
			}
			months := int(sc.World.Horizon-sc.World.Start) + 1
			np := len(m1.Policies())
			cms := float64(draws) * float64(len(m1.Countries())) * float64(months) * float64(np)
			ns := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / cms }
			ref := uniformFloor(ctx, draws, len(m1.Countries())*months*np*int(world.NumTriggerTypes))
			fmt.Fprintf(w, "scenario %s: %d draws x %d policies x %d countries x %d months (load %v, engines setup %v)\n",
				sc.World.Name, draws, np, len(m1.Countries()), months, load.Round(time.Millisecond), setup.Round(time.Millisecond))
			fmt.Fprintf(w, "  with engines, 1 worker:            %8v  %7.1f ns/country-month\n", one.Round(time.Millisecond), ns(one))
			fmt.Fprintf(w, "  with engines, %d workers:           %8v  %7.1f ns/country-month  (speed-up %.2fx)\n", workers, all.Round(time.Millisecond), ns(all), float64(one)/float64(all))
			fmt.Fprintf(w, "  same, engine caches warm:          %8v  %7.1f ns/country-month\n", warm.Round(time.Millisecond), ns(warm))
			fmt.Fprintf(w, "  stated models only, 1 worker:      %8v  %7.1f ns/country-month  (engines cost %.1fx)\n", stated.Round(time.Millisecond), ns(stated), float64(one)/float64(stated))
			fmt.Fprintf(w, "  reference, one uniform per country, trigger type, month and policy: %v (stated sim / reference = %.1f)\n",
				ref.Round(time.Millisecond), float64(stated)/float64(ref))
			goal := 2 * time.Second * time.Duration(draws) / 10000
			fmt.Fprintf(w, "  goal: 10,000 draws under 2 s on 2 cores = %v for %d draws; (load + setup + %d-worker run)/goal = %.2f\n",
				goal.Round(time.Millisecond), draws, workers, float64(load+setup+all)/float64(goal))
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
