package model

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
	"github.com/steppe-dev/steppe/world"
)

// V2File is the bundled posterior of the intervention model v2 and its
// crisis hazards, written by `steppe calibrate --out`.
const V2File = "posterior/v2.json"

// V2Schema names the JSON format of [V2Posterior].
const V2Schema = "steppe.posterior.v2/v1"

// V2Posterior is what the intervention model v2 needs in a run: the
// decision posterior (request, accept, uninvited, outcome mix) and the
// crisis hazards, both fitted on the episode set v2 over the same window.
type V2Posterior struct {
	Schema   string                    `json:"schema"`
	Command  string                    `json:"command"`
	Decision *risk.TwoProcessPosterior `json:"decision"`
	Hazards  *risk.CrisisHazards       `json:"hazards"`
	// Validation are the decision model's out-of-sample scores against
	// its baselines, which `steppe calibrate --out` computes and records
	// ([V2Validation]); nil in a posterior fitted during a run.
	Validation *results.Validation `json:"validation,omitempty"`
}

// V2Draws is the number of posterior draws kept in a v2 posterior file.
const V2Draws = 1000

// FitV2 fits the intervention model v2 and the crisis hazards to crises
// with onset before `before` (all when zero), with the sampler settings of
// risk.DefaultTwoProcessFit and seed, under priors (nil: the defaults). It
// keeps V2Draws draws of each.
func FitV2(ctx context.Context, crises []risk.Crisis, before world.Month, seed uint64, priors *risk.TwoProcessPriors, data, digest, command string) (*V2Posterior, error) {
	o := risk.DefaultTwoProcessOptions()
	if priors != nil {
		o.Priors = *priors
	}
	o.Fit.Seed = seed
	o.Fit.Workers = runtime.GOMAXPROCS(0)
	o.Before, o.Data, o.DataSHA256 = before, data, digest
	dec, err := risk.FitTwoProcess(ctx, crises, o)
	if err != nil {
		return nil, err
	}
	if n := len(dec.Draws); n > V2Draws {
		kept := make([][]float64, V2Draws)
		for i := range kept {
			kept[i] = dec.Draws[i*n/V2Draws]
		}
		dec.Draws = kept
	}
	to := risk.CrisisTo
	if before != 0 {
		to = before - 1
	}
	ho := risk.FitOptions{Chains: 4, Warmup: 500, Draws: 1000, Seed: seed, Workers: o.Fit.Workers}
	hz, err := risk.FitCrisisHazards(ctx, crises, risk.CrisisFrom, to, ho, V2Draws)
	if err != nil {
		return nil, err
	}
	hz.Data, hz.DataSHA256 = data, digest
	return &V2Posterior{Schema: V2Schema, Command: command, Decision: dec, Hazards: hz}, nil
}

// Write writes p as JSON.
func (p *V2Posterior) Write(w io.Writer) error {
	var dec, hz bytes.Buffer
	if err := p.Decision.Write(&dec); err != nil {
		return err
	}
	if err := p.Hazards.Write(&hz); err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(struct {
		Schema     string              `json:"schema"`
		Command    string              `json:"command"`
		Decision   json.RawMessage     `json:"decision"`
		Hazards    json.RawMessage     `json:"hazards"`
		Validation *results.Validation `json:"validation,omitempty"`
	}{p.Schema, p.Command, dec.Bytes(), hz.Bytes(), p.Validation})
}

// V2Validation turns the out-of-sample evaluations of
// risk.ValidateTwoProcess into the scores a posterior file records and a
// run's results carry: per scheme, the model's Brier, log score and AUROC,
// then each baseline's Brier and log score (their AUROC is left out, as
// steppe calibrate prints it: a leave-out base rate is lower exactly when
// the held-out crisis is an intervention, so its AUROC is near 0 by
// construction). source names the crises scored; command reproduces the
// scores.
func V2Validation(evs []*risk.TwoProcessEval, source, command string) *results.Validation {
	v := &results.Validation{Model: "intervention model v2", Source: source, Command: command,
		Event: "Russia intervened (peacekeeping or above) after a crisis of the episode record", Schemes: []results.ValidationScheme{}}
	for _, ev := range evs {
		s := results.ValidationScheme{Scheme: ev.Scheme, Forecasts: len(ev.Rows), Training: ev.NTrain}
		for _, r := range ev.Rows {
			s.Interventions += r.Observed
		}
		for _, m := range ev.Methods() {
			sc := ev.Scores[m]
			ms := results.MethodScore{Method: m, Brier: sc.Brier, Log: sc.Log}
			if m == risk.MethodModel && !math.IsNaN(sc.AUROC) {
				ms.AUROC = &sc.AUROC
			}
			s.Scores = append(s.Scores, ms)
		}
		v.Schemes = append(v.Schemes, s)
	}
	return v
}

// ReadV2Posterior reads what [V2Posterior.Write] writes, decoding it once
// and strictly (unknown fields are errors at any depth).
func ReadV2Posterior(r io.Reader) (*V2Posterior, error) {
	var p V2Posterior
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("v2 posterior: %w", err)
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	return &p, nil
}

// check checks p as read, and makes what its parts derive from their
// fields.
func (p *V2Posterior) check() error {
	if p.Schema != V2Schema {
		return fmt.Errorf("v2 posterior: schema %q, want %q", p.Schema, V2Schema)
	}
	if p.Decision == nil || p.Hazards == nil {
		return fmt.Errorf("v2 posterior: want both a decision posterior and hazards")
	}
	if err := p.Decision.Check(); err != nil {
		return err
	}
	return p.Hazards.Check()
}

// V2 returns the bundled v2 posterior.
func (c *Cache) V2() (*V2Posterior, error) {
	c = c.orNew()
	return entry(c, &c.v2).get(bundledV2.get)
}

// readBundledV2 reads the bundled v2 posterior from its JSON.
func readBundledV2() (*V2Posterior, error) {
	b, err := data.ReadFile(V2File)
	if err != nil {
		return nil, fmt.Errorf("v2 posterior: %w", err)
	}
	return ReadV2Posterior(bytes.NewReader(b))
}

// V2Priors returns the default priors of the model v2 with w's
// decision.priors.v2 laid over them, and a description of those that the
// scenario states ("" when none). An unknown name is an input error at its
// position.
func V2Priors(w *world.World) (*risk.TwoProcessPriors, string, error) {
	stated := w.Decision.Priors.V2
	if len(stated) == 0 {
		return nil, "", nil
	}
	pr := risk.DefaultTwoProcessPriors()
	var names, desc []string
	for name := range stated {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		q := stated[name]
		var err error
		if pr, err = pr.With(name, risk.Prior{Mean: q.Mean, SD: q.SD, Source: q.Source + q.Reason}); err != nil {
			return nil, "", inputErr(fmt.Errorf("%s: decision.priors.v2.%s: %w", q.At, name, err))
		}
		desc = append(desc, fmt.Sprintf("%s normal(%g, %g)", name, q.Mean, q.SD))
	}
	return &pr, strings.Join(desc, ", "), nil
}

// v2For returns the v2 posterior for w: the bundled one, or, when w states
// priors of the model v2, the model refitted to the bundled episode set
// under them (once per set of priors and cache).
func (c *Cache) v2For(w *world.World) (p *V2Posterior, src string, err error) {
	pr, desc, err := V2Priors(w)
	if err != nil {
		return nil, "", err
	}
	if pr == nil {
		p, err = c.V2()
		return p, "data/" + V2File, err
	}
	bundled, err := c.V2()
	if err != nil {
		return nil, "", err
	}
	p, err = keyed(c, &c.v2refits, desc).get(func() (*V2Posterior, error) {
		cr, err := c.Crises()
		if err != nil {
			return nil, err
		}
		return FitV2(context.Background(), cr, 0, bundled.Decision.Fit.Seed, pr, "data/"+CrisesFile, bundled.Decision.DataSHA256,
			"steppe run under the scenario's decision.priors.v2")
	})
	if err != nil {
		return nil, "", fmt.Errorf("refit the model v2 under the scenario's priors: %w", err)
	}
	return p, fmt.Sprintf("refitted to data/%s under the scenario's decision.priors.v2: %s", CrisesFile, desc), nil
}
