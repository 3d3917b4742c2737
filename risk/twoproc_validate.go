package risk

import (
	"context"
	"fmt"
	"sort"

	"github.com/steppe-dev/steppe/world"
)

// Out-of-sample validation of the intervention model v2: leave one episode
// out, leave one conflict out, and temporal splits, each scoring the event
// "intervention (peacekeeping or above)" per crisis against the training
// base rate and the training sub-regional base rate.

// MethodSubregionRate is the sub-regional base-rate baseline.
const MethodSubregionRate = "sub-regional base rate"

// TwoProcessEvalOptions control the out-of-sample refits.
type TwoProcessEvalOptions struct {
	Priors TwoProcessPriors
	// Fit are the sampler settings of each refit. Fold f of a scheme uses
	// seed Fit.Seed·1000003 + key·10007 + f, with key 1 for leave one
	// episode out, 2 for leave one conflict out and 3 + the split month
	// for a temporal split, so results do not depend on Workers or on
	// which function runs the scheme.
	Fit FitOptions
	// Workers refits this many folds at once (0 or 1: one at a time).
	Workers int
}

// DefaultTwoProcessEvalFit are the settings of each out-of-sample refit:
// one chain of 200 warm-up and 400 kept sweeps, no diagnostics. A refit
// only needs the posterior mean of a probability, whose Monte Carlo error
// with 400 draws is far below the differences between the forecasts
// compared; the full fit ([DefaultTwoProcessFit]) is the one whose
// convergence is checked.
var DefaultTwoProcessEvalFit = FitOptions{Chains: 1, Warmup: 200, Draws: 400, Seed: 3, NoDiag: true}

// DefaultTwoProcessEvalOptions are the default priors and refit settings,
// two folds at a time.
func DefaultTwoProcessEvalOptions() TwoProcessEvalOptions {
	return TwoProcessEvalOptions{Priors: DefaultTwoProcessPriors(), Fit: DefaultTwoProcessEvalFit, Workers: 2}
}

// TwoProcessEvalRow is the out-of-sample forecast of one crisis.
type TwoProcessEvalRow struct {
	ID        string
	Conflict  string
	Country   string
	Subregion string
	Month     world.Month
	Request   int     // observed request
	Observed  int     // 1 if Russia intervened (peacekeeping or above)
	P         float64 // model: posterior mean P(intervention)
	PRequest  float64 // model: posterior mean P(request)
	PBase     float64 // training base rate
	PSub      float64 // training sub-regional base rate
}

// TwoProcessEval holds the forecasts and scores of one validation scheme.
type TwoProcessEval struct {
	Scheme string
	NTrain int // training rows (the largest fold's for leave-out schemes)
	Rows   []TwoProcessEvalRow
	Scores map[string]Scores // by method
}

// Methods returns the methods in print order.
func (ev *TwoProcessEval) Methods() []string {
	return []string{MethodModel, MethodBaseRate, MethodSubregionRate}
}

type tpFold struct {
	scheme      int    // index of the evaluation it belongs to
	seedKey     uint64 // scheme's seed key: 1 LOO, 2 LOCO, 3 + split month for a temporal split
	index       int
	train, test []int
}

// jeffreysRate is (k + ½)/(n + 1), the mean of the Beta(½, ½) posterior.
func jeffreysRate(k, n int) float64 { return (float64(k) + 0.5) / (float64(n) + 1) }

// runFolds refits the model on every fold (up to o.Workers at once) and
// returns one evaluation per scheme.
func runFolds(ctx context.Context, cs []Crisis, names []string, folds []tpFold, o TwoProcessEvalOptions) ([]*TwoProcessEval, error) {
	type result struct {
		rows []TwoProcessEvalRow
		ntr  int
		err  error
	}
	res := make([]result, len(folds))
	if err := forEach(ctx, len(folds), o.Workers, func(fi int) {
		f := folds[fi]
		train := make([]Crisis, len(f.train))
		var k int
		subN, subK := map[string]int{}, map[string]int{}
		for t, i := range f.train {
			train[t] = cs[i]
			y := int(b2f(cs[i].Intervention()))
			k += y
			subN[cs[i].Subregion]++
			subK[cs[i].Subregion] += y
		}
		fo := TwoProcessOptions{Priors: o.Priors, Fit: o.Fit}
		fo.Fit.Seed = o.Fit.Seed*1000003 + f.seedKey*10007 + uint64(f.index)
		fo.Fit.Workers = 1
		post, err := FitTwoProcess(ctx, train, fo)
		if err != nil {
			res[fi].err = fmt.Errorf("%s fold %d: %w", names[f.scheme], f.index, err)
			return
		}
		res[fi].ntr = len(train)
		base := jeffreysRate(k, len(train))
		for _, i := range f.test {
			c := &cs[i]
			pr, _, _, pi := post.PredictCrisis(c)
			sub := base
			if n := subN[c.Subregion]; n > 0 {
				sub = jeffreysRate(subK[c.Subregion], n)
			}
			res[fi].rows = append(res[fi].rows, TwoProcessEvalRow{
				ID: c.ID, Conflict: c.Conflict, Country: c.Country, Subregion: c.Subregion, Month: c.Month,
				Request: c.Request, Observed: int(b2f(c.Intervention())),
				P: pi, PRequest: pr, PBase: base, PSub: sub,
			})
		}
	}); err != nil {
		return nil, err
	}
	evs := make([]*TwoProcessEval, len(names))
	for s, n := range names {
		evs[s] = &TwoProcessEval{Scheme: n}
	}
	for fi, f := range folds {
		if res[fi].err != nil {
			return nil, res[fi].err
		}
		ev := evs[f.scheme]
		ev.Rows = append(ev.Rows, res[fi].rows...)
		ev.NTrain = max(ev.NTrain, res[fi].ntr)
	}
	for _, ev := range evs {
		if len(ev.Rows) == 0 {
			return nil, fmt.Errorf("%s: no test crises", ev.Scheme)
		}
		idx := map[string]int{}
		for i := range cs {
			idx[cs[i].ID] = i
		}
		sort.SliceStable(ev.Rows, func(a, b int) bool { return idx[ev.Rows[a].ID] < idx[ev.Rows[b].ID] })
		p := map[string][]float64{}
		var y []int
		for _, r := range ev.Rows {
			p[MethodModel] = append(p[MethodModel], r.P)
			p[MethodBaseRate] = append(p[MethodBaseRate], r.PBase)
			p[MethodSubregionRate] = append(p[MethodSubregionRate], r.PSub)
			y = append(y, r.Observed)
		}
		ev.Scores = map[string]Scores{}
		for m, v := range p {
			ev.Scores[m] = Score(v, y)
		}
	}
	return evs, nil
}

// Names of the validation schemes.
const (
	SchemeLOO      = "leave-one-episode-out"
	SchemeLOCO     = "leave-one-conflict-out"
	schemeTemporal = "temporal: fit before %v, score from %v"
)

// TemporalSplits are the splits of [ValidateTwoProcess]: fit on crises
// before 2014-01 and score those from 2014-01; fit before 2022-01 and score
// from 2022-01.
var TemporalSplits = []world.Month{world.MonthOf(2014, 1), world.MonthOf(2022, 1)}

func looFolds(cs []Crisis, scheme int) []tpFold {
	var folds []tpFold
	for i := range cs {
		f := tpFold{scheme: scheme, seedKey: 1, index: i, test: []int{i}}
		for j := range cs {
			if j != i {
				f.train = append(f.train, j)
			}
		}
		folds = append(folds, f)
	}
	return folds
}

func locoFolds(cs []Crisis, scheme int) []tpFold {
	conflicts := sortedLabels(cs, func(c *Crisis) string { return c.Conflict })
	var folds []tpFold
	for fi, k := range conflicts {
		f := tpFold{scheme: scheme, seedKey: 2, index: fi}
		for i := range cs {
			if cs[i].Conflict == k {
				f.test = append(f.test, i)
			} else {
				f.train = append(f.train, i)
			}
		}
		folds = append(folds, f)
	}
	return folds
}

func temporalFold(cs []Crisis, split world.Month, scheme int) (tpFold, error) {
	f := tpFold{scheme: scheme, seedKey: 3 + uint64(split)}
	for i := range cs {
		if cs[i].Month < split {
			f.train = append(f.train, i)
		} else {
			f.test = append(f.test, i)
		}
	}
	if len(f.train) == 0 || len(f.test) == 0 {
		return f, fmt.Errorf("temporal split at %v leaves an empty set (%d train, %d test)", split, len(f.train), len(f.test))
	}
	return f, nil
}

// TwoProcessLeaveOneOut refits the model once per crisis without it and
// forecasts it.
func TwoProcessLeaveOneOut(ctx context.Context, cs []Crisis, o TwoProcessEvalOptions) (*TwoProcessEval, error) {
	evs, err := runFolds(ctx, cs, []string{SchemeLOO}, looFolds(cs, 0), o)
	if err != nil {
		return nil, err
	}
	return evs[0], nil
}

// TwoProcessLeaveConflictOut refits the model once per conflict without
// any of its crises and forecasts them: the forecast of a crisis then
// never uses its own conflict's random intercept or its sibling rows.
func TwoProcessLeaveConflictOut(ctx context.Context, cs []Crisis, o TwoProcessEvalOptions) (*TwoProcessEval, error) {
	evs, err := runFolds(ctx, cs, []string{SchemeLOCO}, locoFolds(cs, 0), o)
	if err != nil {
		return nil, err
	}
	return evs[0], nil
}

// TwoProcessTemporal fits on crises before split and forecasts the rest.
func TwoProcessTemporal(ctx context.Context, cs []Crisis, split world.Month, o TwoProcessEvalOptions) (*TwoProcessEval, error) {
	f, err := temporalFold(cs, split, 0)
	if err != nil {
		return nil, err
	}
	evs, err := runFolds(ctx, cs, []string{fmt.Sprintf(schemeTemporal, split, split)}, []tpFold{f}, o)
	if err != nil {
		return nil, err
	}
	return evs[0], nil
}

// ValidateTwoProcess runs every scheme (leave one episode out, leave one
// conflict out, then each of [TemporalSplits]) with all folds in one pool of
// o.Workers, and returns the evaluations in that order. The results are
// the same as those of the single-scheme functions.
func ValidateTwoProcess(ctx context.Context, cs []Crisis, o TwoProcessEvalOptions) ([]*TwoProcessEval, error) {
	names := []string{SchemeLOO, SchemeLOCO}
	var folds []tpFold
	folds = append(folds, looFolds(cs, 0)...)
	folds = append(folds, locoFolds(cs, 1)...)
	for _, m := range TemporalSplits {
		f, err := temporalFold(cs, m, len(names))
		if err != nil {
			return nil, err
		}
		names = append(names, fmt.Sprintf(schemeTemporal, m, m))
		folds = append(folds, f)
	}
	// Temporal folds are the largest single refits: start them first.
	sort.SliceStable(folds, func(a, b int) bool { return folds[a].scheme >= 2 && folds[b].scheme < 2 })
	return runFolds(ctx, cs, names, folds, o)
}
