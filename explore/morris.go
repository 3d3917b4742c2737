package explore

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// MorrisOptions configures MorrisAnalyze.
type MorrisOptions struct {
	// Inputs name the D factors in column order of x.
	Inputs []string
	// Ranges scales each elementary effect to the input's full range
	// (Hi-Lo); nil uses the observed range of each input in x.
	Ranges []float64
	// Resamples for the bootstrap interval of mu* (default 1000; negative
	// turns it off) and its confidence level (default 0.95).
	Resamples int
	Conf      float64
	Seed      uint64
}

// MorrisInput holds the screening measures of one input.
type MorrisInput struct {
	Input string `json:"input"`
	// Mu is the mean elementary effect, MuStar the mean of absolute
	// effects (Campolongo et al. 2007), Sigma their standard deviation
	// (n-1 denominator; Morris 1991).
	Mu     float64 `json:"mu"`
	MuStar float64 `json:"mu_star"`
	Sigma  float64 `json:"sigma"`
	// MuStarLo and MuStarHi bound mu* by bootstrap over trajectories.
	MuStarLo float64 `json:"mu_star_lo"`
	MuStarHi float64 `json:"mu_star_hi"`
	// Range is the scale of the effects: an elementary effect is the
	// change in the outcome per step, divided by the step as a share of
	// this range, i.e. the change the input would cause across its range
	// if the model were linear.
	Range float64 `json:"range"`
}

// MorrisResult is the outcome of a Morris screening.
type MorrisResult struct {
	// Outcome names the outcome column screened, when known.
	Outcome string `json:"outcome,omitempty"`
	// Trajectories is the number of one-at-a-time trajectories (r).
	Trajectories int `json:"trajectories"`
	// Conf is the confidence level of the bootstrap intervals of mu*.
	Conf float64 `json:"conf"`
	// Effects holds the elementary-effect statistics of each input.
	Effects []MorrisInput `json:"effects"`
	// Warnings explain what makes the screening weak.
	Warnings []string `json:"warnings"`
}

// MorrisAnalyze computes Morris (1991) elementary effects from rows x (each
// of D inputs) and outcomes y laid out as trajectories of D+1 consecutive
// rows in which each step changes exactly one input. The elementary effect
// of input i at a step is (y' - y)/(x'_i - x_i) · R_i with R_i the input's
// range: for a uniform input on the design's grid this equals SALib's
// (y' - y)/Δ with Δ the step in unit scale. It reports mu, mu* and sigma.
func MorrisAnalyze(x [][]float64, y []float64, opt MorrisOptions) (*MorrisResult, error) {
	D := len(opt.Inputs)
	if D == 0 {
		return nil, errors.New("morris: no inputs")
	}
	if len(x) != len(y) {
		return nil, fmt.Errorf("morris: %d input rows, %d outcomes", len(x), len(y))
	}
	if len(y)%(D+1) != 0 {
		return nil, fmt.Errorf("morris: %d rows is not a multiple of D+1 = %d: not a set of Morris trajectories over %d inputs", len(y), D+1, D)
	}
	r := len(y) / (D + 1)
	if r < 2 {
		return nil, fmt.Errorf("morris: %d trajectory; need at least 2 (10 or more for stable measures)", r)
	}
	ranges := opt.Ranges
	if ranges == nil {
		ranges = make([]float64, D)
		for j := 0; j < D; j++ {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, row := range x {
				lo, hi = math.Min(lo, row[j]), math.Max(hi, row[j])
			}
			ranges[j] = hi - lo
		}
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("morris: outcome of row %d is %v", i+1, v)
		}
	}
	ee := make([][]float64, D) // ee[j][t]
	for j := range ee {
		ee[j] = make([]float64, r)
	}
	for t := 0; t < r; t++ {
		seen := make([]bool, D)
		for k := 0; k < D; k++ {
			a, b := t*(D+1)+k, t*(D+1)+k+1
			moved := -1
			for j := 0; j < D; j++ {
				if x[a][j] != x[b][j] {
					if moved >= 0 {
						return nil, fmt.Errorf("morris: rows %d and %d differ in %s and %s; a trajectory step changes one input", a+1, b+1, opt.Inputs[moved], opt.Inputs[j])
					}
					moved = j
				}
			}
			if moved < 0 {
				return nil, fmt.Errorf("morris: rows %d and %d have the same inputs; a trajectory step changes one input", a+1, b+1)
			}
			if seen[moved] {
				return nil, fmt.Errorf("morris: trajectory %d (rows %d-%d) moves %s twice", t+1, t*(D+1)+1, (t+1)*(D+1), opt.Inputs[moved])
			}
			seen[moved] = true
			ee[moved][t] = (y[b] - y[a]) / (x[b][moved] - x[a][moved]) * ranges[moved]
		}
	}
	if opt.Resamples == 0 {
		opt.Resamples = 1000
	}
	if opt.Conf == 0 {
		opt.Conf = 0.95
	}
	res := &MorrisResult{Trajectories: r, Conf: opt.Conf, Effects: make([]MorrisInput, D), Warnings: []string{}}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x3011))
	for j := 0; j < D; j++ {
		e := ee[j]
		mu, muStar := 0.0, 0.0
		for _, v := range e {
			mu += v
			muStar += math.Abs(v)
		}
		mu /= float64(r)
		muStar /= float64(r)
		ss := 0.0
		for _, v := range e {
			ss += (v - mu) * (v - mu)
		}
		in := MorrisInput{Input: opt.Inputs[j], Mu: mu, MuStar: muStar, Sigma: math.Sqrt(ss / float64(r-1)),
			MuStarLo: math.NaN(), MuStarHi: math.NaN(), Range: ranges[j]}
		if opt.Resamples > 0 {
			draws := make([]float64, opt.Resamples)
			for b := range draws {
				s := 0.0
				for k := 0; k < r; k++ {
					s += math.Abs(e[rng.IntN(r)])
				}
				draws[b] = s / float64(r)
			}
			in.MuStarLo, in.MuStarHi, _ = percentileInterval(draws, opt.Conf)
		}
		res.Effects[j] = in
	}
	if r < 10 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("only %d trajectories: Morris screening usually needs 10 to 50 (Campolongo et al. 2007); rankings may change with more", r))
	}
	allZero := true
	for _, e := range res.Effects {
		if e.MuStar != 0 {
			allZero = false
		}
	}
	if allZero {
		return nil, errors.New("morris: the outcome does not change along any trajectory (constant outcome): nothing to screen")
	}
	return res, nil
}

// Ranked returns the effects sorted by decreasing mu*.
func (r *MorrisResult) Ranked() []MorrisInput {
	out := append([]MorrisInput(nil), r.Effects...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].MuStar > out[b].MuStar })
	return out
}
