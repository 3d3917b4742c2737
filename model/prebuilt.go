package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/network"
)

// Prebuilt engine inputs.
//
// Every model assembled from the bundled data needs three inputs that do
// not depend on the scenario and that are costly to make from the data
// files: the infrastructure network (network.Build over the GeoJSON and the
// country boundaries), the trade baseline projected to
// DefaultSettings.TradeBaselineYear (ge.CentralAsiaBaseline: a RAS
// balancing of the 2006 table) and the v2 posterior (2 MB of JSON). A
// Cache builds each once, but `steppe run` is one process per run and paid
// about 0.2 s of CPU for them every time, a fifth of the default run.
//
// The files under prebuilt/ hold them already made, encoded with
// encoding/gob beside the SHA-256 of each data file they were made from.
// A Cache uses such a file only when those digests equal the bundled data
// files' (checked on every load: about 2 ms for the 4 MB they make), and
// builds afresh otherwise, so a changed data file never meets a stale copy;
// a file that does not decode is also rebuilt. TestPrebuiltCurrent holds
// every file to a fresh build by the current code, and `go generate
// ./model` rewrites those that differ.
//
//go:generate go test -run TestPrebuiltCurrent -update .
//go:embed prebuilt
var prebuiltFiles embed.FS

// prebuilt is an engine input made from bundled data files and kept made
// in prebuilt/<file>, as S.
type prebuilt[T, S any] struct {
	file    string            // under prebuilt/
	inputs  []string          // bundled data files it is made from
	build   func() (T, error) // makes it from the data files
	save    func(T) S         // what the file holds
	restore func(S) (T, error)
}

// savedInput is a data file a prebuilt file was made from.
type savedInput struct {
	File, SHA256 string
}

// saved is the content of a prebuilt file.
type saved[S any] struct {
	Inputs []savedInput
	Value  S
}

// get returns the input from its prebuilt file where the file is current,
// else builds it from the data files.
func (p *prebuilt[T, S]) get() (T, error) {
	if f, err := prebuiltFiles.Open("prebuilt/" + p.file); err == nil {
		v, err := p.decode(f)
		f.Close()
		if err == nil {
			return v, nil
		}
	}
	return p.build()
}

// decode decodes a prebuilt file; it fails when r does not decode or was
// made from data files other than the bundled ones.
func (p *prebuilt[T, S]) decode(r io.Reader) (T, error) {
	var zero T
	var s saved[S]
	if err := gob.NewDecoder(bufio.NewReader(r)).Decode(&s); err != nil {
		return zero, fmt.Errorf("prebuilt/%s: %w", p.file, err)
	}
	in, err := p.digests()
	if err != nil {
		return zero, err
	}
	if len(in) != len(s.Inputs) {
		return zero, fmt.Errorf("prebuilt/%s: made from %d data files, want %d", p.file, len(s.Inputs), len(in))
	}
	for i := range in {
		if in[i] != s.Inputs[i] {
			return zero, fmt.Errorf("prebuilt/%s: made from %s (SHA-256 %s), not from the bundled %s (SHA-256 %s)", p.file, s.Inputs[i].File, s.Inputs[i].SHA256, in[i].File, in[i].SHA256)
		}
	}
	return p.restore(s.Value)
}

// encode is the prebuilt file of v, made from the bundled data files.
func (p *prebuilt[T, S]) encode(v T) ([]byte, error) {
	in, err := p.digests()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(saved[S]{Inputs: in, Value: p.save(v)}); err != nil {
		return nil, fmt.Errorf("prebuilt/%s: %w", p.file, err)
	}
	return b.Bytes(), nil
}

// digests are the SHA-256 of the bundled data files p is made from.
func (p *prebuilt[T, S]) digests() ([]savedInput, error) {
	out := make([]savedInput, len(p.inputs))
	for i, name := range p.inputs {
		f, err := data.FS().Open(name)
		if err != nil {
			return nil, fmt.Errorf("prebuilt/%s: %w", p.file, err)
		}
		h := sha256.New()
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("prebuilt/%s: %s: %w", p.file, name, err)
		}
		out[i] = savedInput{File: name, SHA256: hex.EncodeToString(h.Sum(nil))}
	}
	return out, nil
}

// networkParts are what a built network is restored from.
type networkParts struct {
	Nodes []network.Node
	Edges []network.Edge
}

// bundledGraph is the bundled infrastructure network.
var bundledGraph = &prebuilt[*network.Network, networkParts]{
	file:    "network.gob",
	inputs:  []string{NetworkFile, BoundariesFile},
	build:   buildNetwork,
	save:    func(g *network.Network) networkParts { return networkParts{g.Nodes, g.Edges} },
	restore: func(s networkParts) (*network.Network, error) { return network.Restore(s.Nodes, s.Edges) },
}

// bundledTrade is the bundled trade baseline projected to
// DefaultSettings.TradeBaselineYear; other years are built when asked for.
var bundledTrade = &prebuilt[*ge.Flows, *ge.Flows]{
	file:    "trade-baseline.gob",
	inputs:  []string{ge.BundledHMR, ge.BundledGDP},
	build:   func() (*ge.Flows, error) { return buildTradeBaseline(DefaultSettings.TradeBaselineYear) },
	save:    func(f *ge.Flows) *ge.Flows { return f },
	restore: func(f *ge.Flows) (*ge.Flows, error) { return f, nil },
}

// bundledV2 is the bundled v2 posterior.
var bundledV2 = &prebuilt[*V2Posterior, *V2Posterior]{
	file:    "v2.gob",
	inputs:  []string{V2File},
	build:   readBundledV2,
	save:    func(p *V2Posterior) *V2Posterior { return p },
	restore: func(p *V2Posterior) (*V2Posterior, error) { return p, p.check() },
}
