package portfolio

import (
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/internal/userinput"
	"github.com/steppe-dev/steppe/world"
)

// Request is an optimisation as the command line asks for it; its fields
// are the flags of `steppe optimize`, whose help explains them.
type Request struct {
	Objective         string   // Risk or Income
	Budgets           []string // FINANCIER=USD, replacing the scenario's
	Year              int      // of the objective; 0: the scenario's horizon
	States            []string // focus states; none: the region
	Draws, ResimDraws int
	Seed              uint64
	Workers           int
}

// Check refuses the request's impossible values and budgets before the
// scenario is loaded; its errors name the flag and are the user's.
func (r Request) Check() error {
	switch {
	case r.Objective != Risk && r.Objective != Income:
		return userinput.Errorf("--objective %q: want risk or income", r.Objective)
	case r.Draws < 2:
		return userinput.Errorf("--draws must be at least 2, got %d", r.Draws)
	case r.ResimDraws < r.Draws:
		return userinput.Errorf("--resim-draws %d: must be at least --draws %d", r.ResimDraws, r.Draws)
	case r.Workers < 0:
		return userinput.Errorf("--workers must not be negative, got %d", r.Workers)
	}
	_, err := ParseBudgets(r.Budgets)
	return err
}

// Options are the options of Optimize for the request on the scenario
// world w (named ref in errors), which must have a portfolio section.
func (r Request) Options(w *world.World, ref string) (Options, error) {
	if err := r.Check(); err != nil {
		return Options{}, err
	}
	if w.Portfolio == nil {
		return Options{}, userinput.Errorf("scenario %s has no portfolio section: nothing to optimise (docs/portfolio.md)", ref)
	}
	year := r.Year
	if year == 0 {
		year = w.Horizon.Year()
	}
	budgets, _ := ParseBudgets(r.Budgets) // checked above
	return Options{Objective: r.Objective, Target: Target{Countries: r.States, Year: year},
		Budgets: budgets, BudgetFlag: "budget", Draws: r.Draws, ResimDraws: r.ResimDraws, Seed: r.Seed, Workers: r.Workers}, nil
}

// ParseBudgets reads FINANCIER=USD values: finite, non-negative amounts
// under non-empty financier ids.
func ParseBudgets(kvs []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.TrimSpace(k) == "" {
			return nil, userinput.Errorf("--budget %q: want FINANCIER=USD", kv)
		}
		if x < 0 {
			return nil, userinput.Errorf("--budget %q: a budget must not be negative", kv)
		}
		out[strings.TrimSpace(k)] = x
	}
	return out, nil
}
