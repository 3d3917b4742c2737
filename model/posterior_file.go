package model

import (
	"bytes"
	"context"

	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/risk"
)

// ReadPosterior sets the configuration's decision posterior from the bytes
// of a file written by `steppe calibrate --out`, named name: an intervention
// model v2 posterior (schema [V2Schema] in its first 200 bytes) or a v1
// posterior of package risk.
func (cfg *Config) ReadPosterior(b []byte, name string) error {
	var err error
	if bytes.Contains(b[:min(len(b), 200)], []byte(V2Schema)) {
		cfg.V2, err = ReadV2Posterior(bytes.NewReader(b))
		cfg.V2File = name
	} else {
		cfg.Posterior, err = risk.ReadPosterior(bytes.NewReader(b))
		cfg.PosteriorFile = name
	}
	return err
}

// DecomposePolicies adds to res, run with opt, the decomposition by channel
// of each policy's effect (but the baseline's) on the probability of an
// intervention by year ([Model.Decompose]).
func (m *Model) DecomposePolicies(ctx context.Context, opt Options, res *results.Results, year int) error {
	for _, p := range res.Policies[1:] {
		d, err := m.Decompose(ctx, opt, p, year)
		if err != nil {
			return err
		}
		res.Decompositions = append(res.Decompositions, *d)
	}
	return nil
}

// Validation returns the out-of-sample scores of the decision model m
// decides with, as its posterior file records them, with the file named; a
// model whose posterior records none (the model v1, stated models, a refit
// under the scenario's priors or before a hindcast's start) gets no
// scores and a note saying why.
func (m *Model) Validation() *results.Validation {
	cd, ok := m.Engines.Decision.(*crisisDecision)
	switch {
	case !ok:
		return &results.Validation{Schemes: []results.ValidationScheme{},
			Note: "The run does not decide with the intervention model v2, whose out-of-sample scores the bundled posterior records; steppe calibrate --model v1 prints the model v1's."}
	case cd.validation == nil:
		return &results.Validation{Model: "intervention model v2", Source: cd.src, Schemes: []results.ValidationScheme{},
			Note: "The run's posterior (" + cd.src + ") records no out-of-sample scores: it was fitted during the run or written before steppe calibrate recorded them. steppe calibrate scores the default priors' fit."}
	}
	v := *cd.validation
	v.Source = cd.src
	return &v
}
