package explore

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// RobustOptions configures Robustness.
type RobustOptions struct {
	// Minimize says smaller outcomes are better (a risk or a cost).
	Minimize bool
	// Percentile is the pessimistic quantile reported for each policy
	// (default 0.1: the 10th percentile of a good outcome, or the 90th of
	// a risk).
	Percentile float64
	// Threshold, when set, is the satisficing level: a scenario is
	// satisfactory when the outcome is at least it (at most it with
	// Minimize).
	Threshold *float64
}

// PolicyScore holds one policy's robustness metrics over the scenarios.
type PolicyScore struct {
	Policy    string  `json:"policy"`
	Scenarios int     `json:"scenarios"`
	Mean      float64 `json:"mean"`
	// Worst is the worst outcome across scenarios: the maximin criterion
	// (Wald 1950) ranks policies by it (minimax for a risk).
	Worst float64 `json:"worst"`
	// MaxRegret is the largest shortfall from the best policy in the same
	// scenario: the minimax-regret criterion (Savage 1951).
	MaxRegret float64 `json:"max_regret"`
	// Percentile is the pessimistic quantile of the outcome.
	Percentile float64 `json:"percentile"`
	// Satisficing is the share of scenarios in which the outcome meets the
	// threshold: Starr's (1963) domain criterion; null without a threshold.
	Satisficing *float64 `json:"satisficing,omitempty"`
}

// RobustResult compares policies across scenarios.
type RobustResult struct {
	Outcome    string        `json:"outcome,omitempty"`
	Minimize   bool          `json:"minimize"`
	Percentile float64       `json:"percentile_level"`
	Threshold  *float64      `json:"threshold,omitempty"`
	Policies   []PolicyScore `json:"policies"`
	// Best names the best policy under each criterion.
	Best     map[string]string `json:"best"`
	Warnings []string          `json:"warnings"`
}

// Robustness scores each policy over scenarios (McPhail et al. 2018 review
// these metrics). policy[i], scenario[i] and y[i] describe one experiment:
// the outcome of a policy in a scenario. Every scenario must be evaluated
// under every policy, exactly once, for regrets to be defined.
func Robustness(policy, scenario []string, y []float64, opt RobustOptions) (*RobustResult, error) {
	if len(policy) != len(y) || len(scenario) != len(y) {
		return nil, errors.New("robust: policy, scenario and outcome lengths differ")
	}
	if len(y) == 0 {
		return nil, errors.New("robust: no experiments")
	}
	if opt.Percentile == 0 {
		opt.Percentile = 0.1
	}
	if !(opt.Percentile > 0 && opt.Percentile < 1) {
		return nil, fmt.Errorf("robust: percentile %v; want between 0 and 1", opt.Percentile)
	}
	pIdx, sIdx := map[string]int{}, map[string]int{}
	var pols, scens []string
	for i := range y {
		if math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("robust: outcome of experiment %d is %v", i+1, y[i])
		}
		if _, ok := pIdx[policy[i]]; !ok {
			pIdx[policy[i]] = len(pols)
			pols = append(pols, policy[i])
		}
		if _, ok := sIdx[scenario[i]]; !ok {
			sIdx[scenario[i]] = len(scens)
			scens = append(scens, scenario[i])
		}
	}
	if len(pols) < 2 {
		return nil, fmt.Errorf("robust: only one policy (%q): robustness compares policies", pols[0])
	}
	P, S := len(pols), len(scens)
	grid := make([]float64, P*S)
	set := make([]bool, P*S)
	for i := range y {
		k := pIdx[policy[i]]*S + sIdx[scenario[i]]
		if set[k] {
			return nil, fmt.Errorf("robust: policy %q has two experiments for scenario %q", policy[i], scenario[i])
		}
		grid[k], set[k] = y[i], true
	}
	for p := range pols {
		for s := range scens {
			if !set[p*S+s] {
				return nil, fmt.Errorf("robust: policy %q was not evaluated in scenario %q; every policy needs every scenario", pols[p], scens[s])
			}
		}
	}
	better := func(a, b float64) bool { // a strictly better than b
		if opt.Minimize {
			return a < b
		}
		return a > b
	}
	best := make([]float64, S)
	for s := range scens {
		best[s] = grid[s]
		for p := 1; p < P; p++ {
			if better(grid[p*S+s], best[s]) {
				best[s] = grid[p*S+s]
			}
		}
	}
	res := &RobustResult{Minimize: opt.Minimize, Percentile: opt.Percentile, Threshold: opt.Threshold, Best: map[string]string{}, Warnings: []string{}}
	q := opt.Percentile
	if opt.Minimize {
		q = 1 - q
	}
	for p, name := range pols {
		row := append([]float64(nil), grid[p*S:(p+1)*S]...)
		sc := PolicyScore{Policy: name, Scenarios: S, Worst: row[0]}
		for s, v := range row {
			sc.Mean += v
			if better(sc.Worst, v) {
				sc.Worst = v
			}
			sc.MaxRegret = math.Max(sc.MaxRegret, math.Abs(best[s]-v))
		}
		sc.Mean /= float64(S)
		sort.Float64s(row)
		sc.Percentile = quantileSorted(row, q)
		if opt.Threshold != nil {
			ok := 0
			for _, v := range row {
				if (opt.Minimize && v <= *opt.Threshold) || (!opt.Minimize && v >= *opt.Threshold) {
					ok++
				}
			}
			f := float64(ok) / float64(S)
			sc.Satisficing = &f
		}
		res.Policies = append(res.Policies, sc)
	}
	pick := func(metric string, score func(PolicyScore) float64, higher bool) {
		bi := 0
		for i, sc := range res.Policies {
			a, b := score(sc), score(res.Policies[bi])
			if (higher && a > b) || (!higher && a < b) {
				bi = i
			}
		}
		res.Best[metric] = res.Policies[bi].Policy
	}
	good := !opt.Minimize
	pick("mean", func(s PolicyScore) float64 { return s.Mean }, good)
	if opt.Minimize {
		pick("minimax", func(s PolicyScore) float64 { return s.Worst }, false)
	} else {
		pick("maximin", func(s PolicyScore) float64 { return s.Worst }, true)
	}
	pick("minimax_regret", func(s PolicyScore) float64 { return s.MaxRegret }, false)
	pick("percentile", func(s PolicyScore) float64 { return s.Percentile }, good)
	if opt.Threshold != nil {
		pick("satisficing", func(s PolicyScore) float64 { return *s.Satisficing }, true)
	}
	if S < 30 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("only %d scenarios: worst cases and percentiles rest on few experiments", S))
	}
	return res, nil
}
