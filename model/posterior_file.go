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
