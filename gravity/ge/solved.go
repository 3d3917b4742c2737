package ge

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"slices"
	"strings"
)

// Solved is an [Integration]'s effects for one run seed, GE draw and set of
// completed projects, kept with the draw's sampled inputs they were solved
// for, so that a later process can use them instead of solving again
// ([Integration.Use]).
type Solved struct {
	Seed uint64
	Draw int    // GE draw, 0 to the Integration's draws - 1
	Done uint64 // completed projects with trade-cost changes (bit i: project i)
	// Theta and Sizes are what [Study.SampleInputs] gave for the seed and
	// draw: the trade elasticity and every project's measure sizes, in
	// project order.
	Theta   float64
	Sizes   []float64
	Effects []Effect
}

// Fixed is the hex SHA-256 of everything that an Integration's effects
// depend on besides a draw's sampled inputs: the baseline's economies and
// flows; the study's balance, tolerance and reported economies; each
// project's measures (names, kinds, pairs, old tariffs, route hours), in
// project order. Two Integrations with the same Fixed and the same sampled
// inputs for a draw solve the same problem with the same code, so they
// have the same effects. It is "" when the study has a solver of its own
// (Study.Solve), which cannot be digested.
func (g *Integration) Fixed() string {
	s := g.study
	if s.Solve != nil {
		return ""
	}
	d := digest{sha256.New()}
	d.str("steppe ge.Integration/1")
	d.strs(s.Baseline.Countries)
	d.word(uint64(len(s.Baseline.X)))
	for _, x := range s.Baseline.X {
		d.num(x)
	}
	d.word(uint64(s.Balance))
	d.num(s.Tol)
	d.strs(s.Focus)
	d.strs(s.Group)
	d.strs(s.Partners)
	d.word(g.tradeMask)
	d.word(uint64(len(g.projects)))
	for _, ms := range g.projects {
		d.word(uint64(len(ms)))
		for _, m := range ms {
			d.measure(m)
		}
	}
	return hex.EncodeToString(d.h.Sum(nil))
}

// digest writes values to a hash unambiguously: fixed-width words, and
// lengths before strings and lists.
type digest struct{ h hash.Hash }

func (d digest) word(x uint64) { d.h.Write(binary.LittleEndian.AppendUint64(nil, x)) }
func (d digest) num(x float64) { d.word(math.Float64bits(x)) }
func (d digest) str(v string)  { d.word(uint64(len(v))); d.h.Write([]byte(v)) }
func (d digest) pair(p Pair)   { d.str(p.Exporter); d.str(p.Importer) }
func (d digest) strs(v []string) {
	d.word(uint64(len(v)))
	for _, x := range v {
		d.str(x)
	}
}

// measure writes what a measure's shock depends on besides its size.
func (d digest) measure(m Measure) {
	d.str(m.Name)
	d.word(uint64(m.Kind))
	d.strs(m.Pairs.Members)
	d.word(uint64(len(m.Pairs.List)))
	for _, p := range m.Pairs.List {
		d.pair(p)
	}
	sym := uint64(0)
	if m.Pairs.Symmetric {
		sym = 1
	}
	d.word(sym)
	d.num(m.Old)
	pairs := make([]Pair, 0, len(m.Hours))
	for p := range m.Hours {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b Pair) int {
		return cmp.Or(strings.Compare(a.Exporter, b.Exporter), strings.Compare(a.Importer, b.Importer))
	})
	d.word(uint64(len(pairs)))
	for _, p := range pairs {
		d.pair(p)
		d.num(m.Hours[p][0])
		d.num(m.Hours[p][1])
	}
}

// SolveAll solves, for a run with the given seed, every GE draw and every
// set of the projects with trade-cost changes (at most 2^8 sets), as the
// simulation would one at a time; go generate uses it to prebuild a
// scenario's solutions.
func (g *Integration) SolveAll(seed uint64) ([]Solved, error) {
	var sets []uint64
	for done := uint64(0); ; done = (done - g.tradeMask) & g.tradeMask { // every subset of tradeMask
		sets = append(sets, done)
		if len(sets) > 256 {
			return nil, fmt.Errorf("ge: more than 256 sets of projects with trade-cost changes")
		}
		if done == g.tradeMask {
			break
		}
	}
	var out []Solved
	for d := 0; d < g.draws; d++ {
		theta, sizes := g.study.SampleInputs(g.all, seed, d)
		for _, done := range sets {
			eff, err := g.compute(intKey{seed, d, done})
			if err != nil {
				return nil, err
			}
			out = append(out, Solved{Seed: seed, Draw: d, Done: done, Theta: theta, Sizes: sizes, Effects: eff})
		}
	}
	return out, nil
}

// Use takes into g's cache the solutions sols that were solved for an
// Integration with the given Fixed digest, where it equals g's, and whose
// sampled inputs equal what g samples for their seed and draw (bit for
// bit); it returns how many it took. The effects g then returns are those
// it would solve, since both depend on nothing else (see
// [Integration.Fixed]).
func (g *Integration) Use(fixed string, sols []Solved) int {
	if fixed == "" || fixed != g.Fixed() {
		return 0
	}
	type drawKey struct {
		seed uint64
		draw int
	}
	same := map[drawKey]bool{}
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for i := range sols {
		s := &sols[i]
		if s.Draw < 0 || s.Draw >= g.draws || s.Done&^g.tradeMask != 0 || len(s.Effects) != len(g.study.Focus) {
			continue
		}
		dk := drawKey{s.Seed, s.Draw}
		ok, seen := same[dk]
		if !seen {
			theta, sizes := g.study.SampleInputs(g.all, s.Seed, s.Draw)
			ok = math.Float64bits(theta) == math.Float64bits(s.Theta) && len(sizes) == len(s.Sizes)
			for k := 0; ok && k < len(sizes); k++ {
				ok = math.Float64bits(sizes[k]) == math.Float64bits(s.Sizes[k])
			}
			same[dk] = ok
		}
		k := intKey{s.Seed, s.Draw, s.Done}
		if _, have := g.cache[k]; !ok || have {
			continue
		}
		e := &intEntry{eff: slices.Clone(s.Effects)}
		e.once.Do(func() {})
		g.cache[k] = e
		n++
	}
	return n
}
