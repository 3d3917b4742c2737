package model

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"slices"

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
// encoding/gob beside the SHA-256 of each data file they were made from
// (the v2 posterior's draws follow the gob value as plain little-endian
// float64s: gob decodes them one by one, row by row, at about three times
// the cost).
// A Cache uses such a file only when those digests equal the bundled data
// files' (checked on every load: about 2 ms for the 4 MB they make), and
// builds afresh otherwise, so a changed data file never meets a stale copy;
// a file that does not decode is also rebuilt. TestPrebuiltCurrent holds
// every file to a fresh build by the current code, and `go generate
// ./model` rewrites those that differ.
//
// One more file is not an input made from data but a cache of results:
// solutions.gob holds the general-equilibrium solutions of the embedded
// default scenario's trade engine for a run with seed 1 (`steppe run`'s
// default): every GE draw and every set of its projects that change
// trade costs. They were 10% of the default run's work. The trade engine
// takes a solution only where everything it depends on is the same now
// (ge.Integration.Use: the digest of the baseline, the study and the
// projects' measures, and the draw's sampled inputs, bit for bit), so an
// edited scenario, another seed or another baseline solves afresh.
// TestPrebuiltCurrent holds it, too, to a fresh solve by the current code.
//
//go:generate go test -run TestPrebuiltCurrent -update .
//go:embed prebuilt
var prebuiltFiles embed.FS

// prebuilt is an engine input made from bundled data files and kept made
// in prebuilt/<file>, as S.
type prebuilt[T, S any] struct {
	file    string                 // under prebuilt/
	inputs  []string               // bundled data files it is made from
	build   func() (T, error)      // makes it from the data files
	save    func(T) (S, []float64) // what the file holds: a gob value and float64s after it
	restore func(S, []float64) (T, error)
}

// savedInput is a data file a prebuilt file was made from.
type savedInput struct {
	File, SHA256 string
}

// saved is the gob value of a prebuilt file.
type saved[S any] struct {
	Inputs []savedInput
	Value  S
	Floats int // float64s after the gob value, little-endian
}

// maxSavedFloats bounds the float64s a prebuilt file may say it holds, so
// that a corrupt count fails instead of allocating: 32 MB, ten times the
// v2 posterior's.
const maxSavedFloats = 1 << 22

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
	br := bufio.NewReader(r) // a ByteReader: gob reads no further than its value
	if err := gob.NewDecoder(br).Decode(&s); err != nil {
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
	fl, err := readFloats(br, s.Floats)
	if err != nil {
		return zero, fmt.Errorf("prebuilt/%s: %w", p.file, err)
	}
	return p.restore(s.Value, fl)
}

// readFloats reads the n little-endian float64s that end r.
func readFloats(r io.Reader, n int) ([]float64, error) {
	if n < 0 || n > maxSavedFloats {
		return nil, fmt.Errorf("%d float64s", n)
	}
	out := make([]float64, n)
	var buf [4096]byte
	for i := 0; i < n; {
		k := min(len(buf)/8, n-i)
		if _, err := io.ReadFull(r, buf[:8*k]); err != nil {
			return nil, fmt.Errorf("float64s: %w", err)
		}
		for j := range k {
			out[i+j] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*j:]))
		}
		i += k
	}
	if m, _ := r.Read(buf[:1]); m > 0 {
		return nil, fmt.Errorf("bytes after the %d float64s", n)
	}
	return out, nil
}

// encode is the prebuilt file of v, made from the bundled data files.
func (p *prebuilt[T, S]) encode(v T) ([]byte, error) {
	in, err := p.digests()
	if err != nil {
		return nil, err
	}
	sv, fl := p.save(v)
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(saved[S]{Inputs: in, Value: sv, Floats: len(fl)}); err != nil {
		return nil, fmt.Errorf("prebuilt/%s: %w", p.file, err)
	}
	for _, x := range fl {
		b.Write(binary.LittleEndian.AppendUint64(nil, math.Float64bits(x)))
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
	save:    func(g *network.Network) (networkParts, []float64) { return networkParts{g.Nodes, g.Edges}, nil },
	restore: func(s networkParts, _ []float64) (*network.Network, error) { return network.Restore(s.Nodes, s.Edges) },
}

// bundledTrade is the bundled trade baseline projected to
// DefaultSettings.TradeBaselineYear; other years are built when asked for.
var bundledTrade = &prebuilt[*ge.Flows, *ge.Flows]{
	file:    "trade-baseline.gob",
	inputs:  []string{ge.BundledHMR, ge.BundledGDP},
	build:   func() (*ge.Flows, error) { return buildTradeBaseline(DefaultSettings.TradeBaselineYear) },
	save:    func(f *ge.Flows) (*ge.Flows, []float64) { return f, nil },
	restore: func(f *ge.Flows, _ []float64) (*ge.Flows, error) { return f, nil },
}

// bundledV2 is the bundled v2 posterior.
var bundledV2 = &prebuilt[*V2Posterior, savedV2]{
	file:    "v2.gob",
	inputs:  []string{V2File},
	build:   readBundledV2,
	save:    saveV2,
	restore: restoreV2,
}

// savedV2 is a v2 posterior as its prebuilt file holds it: the posterior
// without its draws, which follow as float64s, and the length of each of
// their rows. The rows are the decision draws, then each trigger type's
// monthly rates and its population means (one row); Blocks counts the rows
// of each of these.
type savedV2 struct {
	Posterior *V2Posterior
	Blocks    []int
	Rows      []int
}

// saveV2 splits p's draws from the rest; p is not changed.
func saveV2(p *V2Posterior) (savedV2, []float64) {
	dec, hz, q := *p.Decision, *p.Hazards, *p
	hz.Types = slices.Clone(hz.Types)
	q.Decision, q.Hazards = &dec, &hz
	s := savedV2{Posterior: &q}
	var fl []float64
	add := func(rows [][]float64) {
		s.Blocks = append(s.Blocks, len(rows))
		for _, r := range rows {
			s.Rows = append(s.Rows, len(r))
			fl = append(fl, r...)
		}
	}
	add(dec.Draws)
	dec.Draws = nil
	for k := range hz.Types {
		t := &hz.Types[k]
		add(t.Lambda)
		add([][]float64{t.Mu})
		t.Lambda, t.Mu = nil, nil
	}
	return s, fl
}

// restoreV2 puts the draws fl back into the posterior saveV2 split them
// from, each row a slice of fl that cannot grow into the next.
func restoreV2(s savedV2, fl []float64) (*V2Posterior, error) {
	p := s.Posterior
	rows, vals, neg := 0, 0, false
	for _, n := range s.Blocks {
		rows, neg = rows+n, neg || n < 0
	}
	for _, n := range s.Rows {
		vals, neg = vals+n, neg || n < 0
	}
	if p == nil || p.Decision == nil || p.Hazards == nil || len(s.Blocks) != 1+2*len(p.Hazards.Types) ||
		neg || rows != len(s.Rows) || vals != len(fl) {
		return nil, fmt.Errorf("v2 posterior: the prebuilt draws do not fit the posterior")
	}
	var b, r, at int
	next := func() [][]float64 {
		out := make([][]float64, s.Blocks[b])
		for i := range out {
			out[i] = fl[at : at+s.Rows[r] : at+s.Rows[r]]
			at += s.Rows[r]
			r++
		}
		b++
		return out
	}
	p.Decision.Draws = next()
	for k := range p.Hazards.Types {
		t := &p.Hazards.Types[k]
		t.Lambda = next()
		if mu := next(); len(mu) == 1 {
			t.Mu = mu[0]
		}
	}
	return p, p.check()
}

// solutionsFile holds the trade engine's solutions for the embedded
// default scenario at seed 1 (see the comment on prebuiltFiles).
const solutionsFile = "solutions.gob"

// savedSolutions is the gob value of solutionsFile.
type savedSolutions struct {
	Scenario  string // the scenario they were solved for, for people
	Fixed     string // ge.Integration.Fixed of its trade engine
	Solutions []ge.Solved
}

// solutions returns the prebuilt trade solutions, or nil when the file is
// missing or does not decode (then every solve is made at run time).
func (c *Cache) solutions() *savedSolutions {
	s, _ := entry(c, &c.solved).get(func() (*savedSolutions, error) {
		b, err := prebuiltFiles.ReadFile("prebuilt/" + solutionsFile)
		if err != nil {
			return nil, err
		}
		return decodeSolutions(b)
	})
	return s
}

func decodeSolutions(b []byte) (*savedSolutions, error) {
	var s savedSolutions
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&s); err != nil {
		return nil, fmt.Errorf("prebuilt/%s: %w", solutionsFile, err)
	}
	return &s, nil
}
