package risk

import (
	"context"
	"fmt"
	"math"

	"github.com/steppe-dev/steppe/world"
)

// Inputs are the data a calibration reads.
type Inputs struct {
	Episodes []Episode
	Events   []TriggerEvent
	Growth   Growth
	// Countries are the focus states' decision features as at the backtest
	// origin (December 2021).
	Countries []CountryFeatures
	// SHA256 of each input file, recorded in the posterior.
	SHA256 map[string]string
}

// Options configure [Calibrate].
type Options struct {
	Features     []Feature
	Priors       Priors
	Fit          FitOptions  // full-data fits
	Eval         EvalOptions // out-of-sample refits
	Split        world.Month // temporal split: fit before, score from
	HazardPriors HazardPriors
	// Workers bounds the goroutines of the out-of-sample refits (results do
	// not depend on it); 0 means 1.
	Workers int
	// Skip parts that a command does not print.
	NoEval, NoHazards bool
}

// DefaultOptions are those of steppe calibrate.
func DefaultOptions() Options {
	return Options{
		Features:     DefaultFeatures(),
		Priors:       DefaultPriors(),
		Fit:          DefaultFitOptions,
		Eval:         DefaultEvalOptions,
		Split:        world.Month(2014 * 12),
		HazardPriors: DefaultHazardPriors(),
		Workers:      1,
	}
}

// AllData, as the until argument of [FitAllHazards], uses every event in
// the windows.
const AllData = world.Month(math.MaxInt32)

// Hazard windows: the observation windows of the trigger types.
var HazardWindows = []struct {
	Type     world.TriggerType
	From, To world.Month
	Growth   bool
}{
	{world.TriggerProtest, world.Month(1992 * 12), world.Month(2019*12 + 11), true},
	{world.TriggerBorder, world.Month(1992 * 12), world.Month(2024*12 + 11), false},
	{world.TriggerInsurgent, world.Month(1992 * 12), world.Month(2024*12 + 11), false},
}

// Calibration is the result of [Calibrate].
type Calibration struct {
	Inputs   *Inputs
	Options  Options
	Data     *Data
	Logit    *Logit
	Ordinal  *Ordinal
	LOO      *Evaluation
	Temporal *Evaluation
	Hazards  []*Hazards
}

// Calibrate fits the decision models to all episodes, scores them out of
// sample, and fits the trigger hazards.
func Calibrate(ctx context.Context, in *Inputs, o Options) (*Calibration, error) {
	c := &Calibration{Inputs: in, Options: o}
	c.Data = NewData(o.Features, in.Episodes)
	o.Fit.Workers = max(o.Fit.Workers, o.Workers)
	var err error
	if c.Logit, err = FitLogit(ctx, c.Data, o.Priors, o.Fit); err != nil {
		return nil, fmt.Errorf("logistic fit: %w", err)
	}
	if c.Ordinal, err = FitOrdinal(ctx, c.Data, o.Priors, o.Fit); err != nil {
		return nil, fmt.Errorf("ordinal fit: %w", err)
	}
	if !o.NoEval {
		eo := o.Eval
		eo.Priors = o.Priors
		eo.workers = o.Workers
		if c.LOO, err = LeaveOneOut(ctx, o.Features, in.Episodes, eo); err != nil {
			return nil, err
		}
		if c.Temporal, err = TemporalSplit(ctx, o.Features, in.Episodes, o.Split, eo); err != nil {
			return nil, err
		}
	}
	if !o.NoHazards {
		if c.Hazards, err = FitAllHazards(ctx, in, o, AllData); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// FitAllHazards fits the hazard of every type in [HazardWindows], using
// events up to and including month until.
func FitAllHazards(ctx context.Context, in *Inputs, o Options, until world.Month) ([]*Hazards, error) {
	var out []*Hazards
	for _, w := range HazardWindows {
		to := min(w.To, until)
		var g Growth
		if w.Growth {
			g = in.Growth
		}
		hd := NewHazardData(in.Events, w.Type, FocusStates, w.From, to, g)
		h, err := FitHazards(ctx, hd, o.HazardPriors, o.Fit, nil)
		if err != nil {
			return nil, fmt.Errorf("%v hazards: %w", w.Type, err)
		}
		out = append(out, h)
	}
	return out, nil
}

// posteriorDraws is the number of draws kept in a posterior file.
const posteriorDraws = 1000

func thin[T any](all []T, n int) []T {
	if len(all) <= n {
		return all
	}
	out := make([]T, n)
	for i := range out {
		out[i] = all[i*len(all)/n]
	}
	return out
}

func round6(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			out[i] = x
			continue
		}
		e := math.Pow(10, 5-math.Floor(math.Log10(math.Abs(x))))
		out[i] = math.Round(x*e) / e
	}
	return out
}

// Posterior returns the thinned posterior (at most 1,000 draws per part),
// with values rounded to 6 significant digits.
func (c *Calibration) Posterior(command string) (*Posterior, error) {
	p := &Posterior{Schema: PosteriorSchema, Command: command, DataSHA256: c.Inputs.SHA256, Seed: c.Options.Fit.Seed,
		Features: c.Options.Features, Priors: c.Options.Priors}
	for _, d := range thin(c.Logit.Draws(), posteriorDraws) {
		p.Logit = append(p.Logit, round6(d))
	}
	nb := len(c.Options.Features) - 1
	for _, d := range thin(c.Ordinal.Draws(), posteriorDraws) {
		p.OrdinalBeta = append(p.OrdinalBeta, round6(d[:nb]))
		p.OrdinalCut = append(p.OrdinalCut, round6(d[nb:]))
	}
	for i, h := range c.Hazards {
		w := HazardWindows[i]
		hp := HazardPosterior{Type: h.Type.String(), Window: fmt.Sprintf("%v..%v", w.From, w.To), Countries: h.Countries}
		idx := thin(seq(len(h.Lambda)), posteriorDraws)
		for _, s := range idx {
			hp.Lambda = append(hp.Lambda, round6(h.Lambda[s]))
			if h.UseGrowth {
				hp.Growth = append(hp.Growth, round6([]float64{h.Gamma[s]})[0])
			}
		}
		p.Hazards = append(p.Hazards, hp)
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	return p, nil
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Refit returns a posterior like p whose decision-model draws are fitted
// anew to in.Episodes under priors pr, with p's features and the fit
// options o. The trigger hazards are p's: the decision priors do not enter
// them. The result records the digests of in.SHA256 and, for other inputs,
// p's. command records how the result was produced. It is what steppe run
// does when a scenario states priors other than those of the bundled
// posterior; it skips the out-of-sample scores of [Calibrate].
func Refit(ctx context.Context, p *Posterior, in *Inputs, pr Priors, o FitOptions, command string) (*Posterior, error) {
	c := &Calibration{
		Inputs:  &Inputs{Episodes: in.Episodes, SHA256: map[string]string{}},
		Options: Options{Features: p.Features, Priors: pr, Fit: o},
		Data:    NewData(p.Features, in.Episodes),
	}
	for k, v := range p.DataSHA256 {
		if k != "priors.json" { // the priors are recorded in the result itself
			c.Inputs.SHA256[k] = v
		}
	}
	for k, v := range in.SHA256 {
		c.Inputs.SHA256[k] = v
	}
	var err error
	if c.Logit, err = FitLogit(ctx, c.Data, pr, o); err != nil {
		return nil, fmt.Errorf("logistic fit: %w", err)
	}
	if c.Ordinal, err = FitOrdinal(ctx, c.Data, pr, o); err != nil {
		return nil, fmt.Errorf("ordinal fit: %w", err)
	}
	q, err := c.Posterior(command)
	if err != nil {
		return nil, err
	}
	q.Hazards = p.Hazards
	if err := q.Check(); err != nil {
		return nil, err
	}
	return q, nil
}
