package bench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/rng"
	"github.com/steppe-dev/steppe/sim"
	"github.com/steppe-dev/steppe/world"
)

// SimConfig is what [Sim] measures: the world to run, the draws, the
// workers of the parallel run (0: all cores), and the time the caller took to
// load the scenario (part of the goal).
type SimConfig struct {
	World   *world.World
	Draws   int
	Workers int
	Load    time.Duration
}

// SimReport is [Sim]'s measurement.
type SimReport struct {
	Scenario               string
	Draws, Workers         int
	Policies, Countries    int
	Months                 int
	Load, Setup            time.Duration
	One, All, Warm, Stated time.Duration // runs: engines 1 worker, all workers, warm caches, stated models 1 worker
	Reference              time.Duration // one uniform per country, trigger type, month and policy
	// Bernoulli is the bare per-month Bernoulli loop: one uniform and one
	// comparison per draw, policy, country and month, on Workers workers.
	Bernoulli time.Duration
}

// Sim times the model on cfg.World: with engines on one worker and on all
// workers, again with the engine caches warm, and with the scenario's
// stated models only; and two references: the uniform-draw floor, and a
// bare Bernoulli trial per country-month on all workers. Each
// cold run gets freshly assembled engines, so that caches (GE solves)
// filled by one run do not flatter the next.
func Sim(ctx context.Context, cfg SimConfig) (*SimReport, error) {
	r := &SimReport{Scenario: cfg.World.Name, Draws: cfg.Draws, Workers: cfg.Workers, Load: cfg.Load}
	if r.Workers <= 0 {
		r.Workers = runtime.GOMAXPROCS(0)
	}
	fresh := func(withEngines bool) (*sim.Model, time.Duration, error) {
		t := time.Now()
		m, err := new(model.Cache).Assemble(cfg.World, model.Config{Stated: !withEngines})
		if err != nil {
			return nil, 0, err
		}
		return m.Sim, time.Since(t), nil
	}
	timeRun := func(m *sim.Model, workers int) (time.Duration, error) {
		t := time.Now()
		_, err := m.Run(ctx, sim.Options{Draws: cfg.Draws, Seed: 1, Workers: workers})
		return time.Since(t), err
	}
	m1, setup, err := fresh(true)
	if err != nil {
		return nil, err
	}
	r.Setup = setup
	if r.One, err = timeRun(m1, 1); err != nil {
		return nil, err
	}
	mW, _, err := fresh(true)
	if err != nil {
		return nil, err
	}
	if r.All, err = timeRun(mW, r.Workers); err != nil {
		return nil, err
	}
	if r.Warm, err = timeRun(mW, r.Workers); err != nil {
		return nil, err
	}
	ms, _, err := fresh(false)
	if err != nil {
		return nil, err
	}
	if r.Stated, err = timeRun(ms, 1); err != nil {
		return nil, err
	}
	r.Months = int(cfg.World.Horizon-cfg.World.Start) + 1
	r.Policies = len(m1.Policies())
	r.Countries = len(m1.Countries())
	r.Reference = uniformFloor(ctx, cfg.Draws, r.Countries*r.Months*r.Policies*int(world.NumTriggerTypes))
	r.Bernoulli = bernoulliLoop(ctx, cfg.Draws, r.Countries*r.Months*r.Policies, r.Workers)
	return r, nil
}

// Write prints the report: each run's time and nanoseconds per
// country-month, the speed-up and the engines' cost, the ratio to the
// reference, and the ratio to the goal.
func (r *SimReport) Write(w io.Writer) {
	cms := float64(r.Draws) * float64(r.Countries) * float64(r.Months) * float64(r.Policies)
	ns := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / cms }
	fmt.Fprintf(w, "scenario %s: %d draws x %d policies x %d countries x %d months (load %v, engines setup %v)\n",
		r.Scenario, r.Draws, r.Policies, r.Countries, r.Months, r.Load.Round(time.Millisecond), r.Setup.Round(time.Millisecond))
	fmt.Fprintf(w, "  with engines, 1 worker:            %8v  %7.1f ns/country-month\n", r.One.Round(time.Millisecond), ns(r.One))
	fmt.Fprintf(w, "  with engines, %d workers:           %8v  %7.1f ns/country-month  (speed-up %.2fx)\n", r.Workers, r.All.Round(time.Millisecond), ns(r.All), float64(r.One)/float64(r.All))
	fmt.Fprintf(w, "  same, engine caches warm:          %8v  %7.1f ns/country-month\n", r.Warm.Round(time.Millisecond), ns(r.Warm))
	fmt.Fprintf(w, "  stated models only, 1 worker:      %8v  %7.1f ns/country-month  (engines cost %.1fx)\n", r.Stated.Round(time.Millisecond), ns(r.Stated), float64(r.One)/float64(r.Stated))
	fmt.Fprintf(w, "  reference, one uniform per country, trigger type, month and policy: %v (stated sim / reference = %.1f)\n",
		r.Reference.Round(time.Millisecond), float64(r.Stated)/float64(r.Reference))
	run := r.Load + r.Setup + r.All
	fmt.Fprintf(w, "  reference, a bare Bernoulli trial per country-month and policy, %d workers: %v; (load + setup + %d-worker run)/reference = %.1f\n",
		r.Workers, r.Bernoulli.Round(time.Millisecond), r.Workers, float64(run)/float64(r.Bernoulli))
	goal := SimGoal * time.Duration(r.Draws) / 10000
	fmt.Fprintf(w, "  goal: 10,000 draws under %v on 2 cores = %v for %d draws; (load + setup + %d-worker run)/goal = %.2f\n",
		SimGoal, goal.Round(time.Millisecond), r.Draws, r.Workers, float64(run)/float64(goal))
}

// SimGoal is the wall time `steppe run` should take on the default
// scenario (10,000 draws, both policies) on 2 cores (issue 15).
const SimGoal = 500 * time.Millisecond

// bernoulliLoop times draws·n Bernoulli trials, one counter-based uniform
// compared with a probability each, split by draws over workers: the
// least a Monte Carlo that samples each country-month must pay.
func bernoulliLoop(ctx context.Context, draws, n, workers int) time.Duration {
	t := time.Now()
	var wg sync.WaitGroup
	hits := make([]int, workers)
	for wk := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := wk; d < draws && ctx.Err() == nil; d += workers {
				k := rng.Key(1, d, rng.Triggers)
				for i := 0; i < n; i++ {
					if rng.U(k, uint64(i)) < 0.01 {
						hits[wk]++
					}
				}
			}
		}()
	}
	wg.Wait()
	if hits[0] < 0 {
		panic("unreachable")
	}
	return time.Since(t)
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
