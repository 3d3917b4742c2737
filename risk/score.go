package risk

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/steppe-dev/steppe/world"
)

// Scores are out-of-sample scores of probability forecasts p of binary
// outcomes y.
type Scores struct {
	N     int
	Brier float64 // mean (p − y)², lower is better
	Log   float64 // mean log p(y), higher is better (0 is perfect)
	AUROC float64 // NaN when y has one class only
	Bins  []Bin
}

// Bin is one reliability bin: forecasts in [Lo, Hi).
type Bin struct {
	Lo, Hi    float64
	N         int
	Mean      float64 // mean forecast
	Frequency float64 // observed frequency
}

// ReliabilityEdges are the bin edges of the reliability table.
var ReliabilityEdges = []float64{0, 0.1, 0.3, 0.6, 1.0000001}

// Score computes [Scores]. Probabilities are clipped to [1e-6, 1−1e-6] for
// the log score.
func Score(p []float64, y []int) Scores {
	s := Scores{N: len(p)}
	for i := range p {
		d := p[i] - float64(y[i])
		s.Brier += d * d
		q := math.Min(math.Max(p[i], 1e-6), 1-1e-6)
		if y[i] == 1 {
			s.Log += math.Log(q)
		} else {
			s.Log += math.Log(1 - q)
		}
	}
	s.Brier /= float64(len(p))
	s.Log /= float64(len(p))
	s.AUROC = auroc(p, y)
	for b := 0; b+1 < len(ReliabilityEdges); b++ {
		bin := Bin{Lo: ReliabilityEdges[b], Hi: math.Min(ReliabilityEdges[b+1], 1)}
		var sp, sy float64
		for i := range p {
			if p[i] >= ReliabilityEdges[b] && p[i] < ReliabilityEdges[b+1] {
				bin.N++
				sp += p[i]
				sy += float64(y[i])
			}
		}
		if bin.N > 0 {
			bin.Mean, bin.Frequency = sp/float64(bin.N), sy/float64(bin.N)
		}
		s.Bins = append(s.Bins, bin)
	}
	return s
}

// auroc is the Mann-Whitney estimate of the area under the ROC curve, ties
// counted one half.
func auroc(p []float64, y []int) float64 {
	var pos, neg []float64
	for i := range p {
		if y[i] == 1 {
			pos = append(pos, p[i])
		} else {
			neg = append(neg, p[i])
		}
	}
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN()
	}
	var s float64
	for _, a := range pos {
		for _, b := range neg {
			switch {
			case a > b:
				s++
			case a == b:
				s += 0.5
			}
		}
	}
	return s / float64(len(pos)*len(neg))
}

// Forecaster names the methods compared out of sample.
const (
	MethodModel    = "model"
	MethodBaseRate = "base rate"
	MethodRequest  = "request rule"
)

// baseRate is the smoothed training frequency (k + ½)/(n + 1) (the mean of
// the Jeffreys Beta(½, ½) posterior), so that no forecast is exactly 0 or 1.
func baseRate(train []Episode) float64 {
	var k float64
	for i := range train {
		k += b2f(train[i].Intervention())
	}
	return (k + 0.5) / (float64(len(train)) + 1)
}

// requestRule is the one-feature baseline: the smoothed training frequency
// of intervention among episodes with the same request value; a missing
// request uses the base rate.
func requestRule(train []Episode, e *Episode) float64 {
	if IsNA(e.Request) {
		return baseRate(train)
	}
	var k, n float64
	for i := range train {
		if train[i].Request == e.Request {
			n++
			k += b2f(train[i].Intervention())
		}
	}
	return (k + 0.5) / (n + 1)
}

// Evaluation holds the out-of-sample forecasts of one scheme.
type Evaluation struct {
	Scheme string
	Test   []int                // indices into the episode list
	P      map[string][]float64 // method → forecast per test episode
	Y      []int
	Scores map[string]Scores
}

// Methods returns the methods in print order.
func (ev *Evaluation) Methods() []string { return []string{MethodModel, MethodBaseRate, MethodRequest} }

// EvalOptions control the out-of-sample refits.
type EvalOptions struct {
	Fit     FitOptions
	Priors  Priors
	workers int
}

// DefaultEvalOptions are lighter than the full fit: each refit uses 2
// chains of 400 kept draws.
var DefaultEvalOptions = EvalOptions{Fit: FitOptions{Chains: 2, Warmup: 300, Draws: 400, Seed: 2, NoDiag: true}, Priors: DefaultPriors()}

// evaluate refits the model on each training set and forecasts the test
// episodes.
func evaluate(ctx context.Context, scheme string, fs []Feature, eps []Episode, folds [][2][]int, o EvalOptions) (*Evaluation, error) {
	ev := &Evaluation{Scheme: scheme, P: map[string][]float64{}}
	type result struct {
		p   []float64
		err error
	}
	res := make([]result, len(folds))
	err := forEach(ctx, len(folds), o.workers, func(fi int) {
		f := folds[fi]
		d := NewData(fs, pick(eps, f[0]))
		fo := o.Fit
		fo.Seed = o.Fit.Seed*1000003 + uint64(fi)
		fit, err := FitLogit(ctx, d, o.Priors, fo)
		if err != nil {
			res[fi].err = fmt.Errorf("%s fold %d: %w", scheme, fi, err)
			return
		}
		test := NewData(fs, pick(eps, f[1]))
		for k := range f[1] {
			res[fi].p = append(res[fi].p, fit.Predict(test.X[k]))
		}
	})
	if err != nil {
		return nil, err
	}
	for fi, f := range folds {
		if res[fi].err != nil {
			return nil, res[fi].err
		}
		train := pick(eps, f[0])
		for k, i := range f[1] {
			ev.Test = append(ev.Test, i)
			ev.Y = append(ev.Y, int(b2f(eps[i].Intervention())))
			ev.P[MethodModel] = append(ev.P[MethodModel], res[fi].p[k])
			ev.P[MethodBaseRate] = append(ev.P[MethodBaseRate], baseRate(train))
			ev.P[MethodRequest] = append(ev.P[MethodRequest], requestRule(train, &eps[i]))
		}
	}
	ev.Scores = map[string]Scores{}
	for m, p := range ev.P {
		ev.Scores[m] = Score(p, ev.Y)
	}
	return ev, nil
}

func pick(eps []Episode, idx []int) []Episode {
	out := make([]Episode, len(idx))
	for k, i := range idx {
		out[k] = eps[i]
	}
	return out
}

// LeaveOneOut refits the model once per episode without it and forecasts it.
func LeaveOneOut(ctx context.Context, fs []Feature, eps []Episode, o EvalOptions) (*Evaluation, error) {
	var folds [][2][]int
	for i := range eps {
		var train []int
		for j := range eps {
			if j != i {
				train = append(train, j)
			}
		}
		folds = append(folds, [2][]int{train, {i}})
	}
	return evaluate(ctx, "leave-one-episode-out", fs, eps, folds, o)
}

// TemporalSplit fits on episodes before split and forecasts the rest.
func TemporalSplit(ctx context.Context, fs []Feature, eps []Episode, split world.Month, o EvalOptions) (*Evaluation, error) {
	var train, test []int
	for i := range eps {
		if eps[i].Month < split {
			train = append(train, i)
		} else {
			test = append(test, i)
		}
	}
	if len(train) == 0 || len(test) == 0 {
		return nil, fmt.Errorf("temporal split at %v leaves an empty set (%d train, %d test)", split, len(train), len(test))
	}
	sort.Ints(test)
	return evaluate(ctx, fmt.Sprintf("temporal: fit before %v, score %v on", split, split), fs, eps, [][2][]int{{train, test}}, o)
}
