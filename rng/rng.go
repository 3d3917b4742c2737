// Package rng derives deterministic random streams from a run's seed, a
// Monte Carlo draw index and a purpose.
//
// Two properties of steppe's results rest on this package:
//
//   - Worker-count independence: every draw's randomness is a function of
//     (seed, draw, purpose) alone, never of which worker ran it or in which
//     order, so the same seed gives byte-identical results for any number of
//     workers.
//   - Common random numbers (CRN) across policies: a policy does not own any
//     stream; the same draw index gives the same parameter sample, the same
//     economic shocks and the same trigger uniforms under every policy, so a
//     policy's difference from baseline is not drowned in Monte Carlo noise
//     (Glasserman and Yao 1992, "Some guidelines and guarantees for common
//     random numbers", Management Science 38(6)).
//
// Keys are mixed with the SplitMix64 finaliser (Steele, Lea and Flood 2014,
// "Fast splittable pseudorandom number generators", OOPSLA); streams are
// math/rand/v2's PCG (O'Neill 2014) seeded with two mixed words. Counter
// access (U) gives the i-th uniform of a keyed sequence in O(1) without
// state, which lets the simulation draw a trigger's uniform only when needed
// while keeping it identical across policies.
package rng

import "math/rand/v2"

// Purpose names what a stream is used for, so that streams for different
// purposes never overlap. Values are part of the reproducibility contract:
// never renumber them.
type Purpose uint64

// Purposes used by steppe. Engines that need their own streams should add a
// constant here rather than reuse one.
const (
	Params    Purpose = 1 // sampling a draw's uncertain parameters
	Shocks    Purpose = 2 // yearly economic shocks (growth, fuel price, Russian growth)
	Triggers  Purpose = 3 // monthly trigger uniforms (event-path mode)
	Decision  Purpose = 4 // decision and outcome-type uniforms (event-path mode)
	Explore   Purpose = 5 // experiment designs (package explore)
	Posterior Purpose = 6 // choosing a posterior draw for a Monte Carlo draw
)

// Mix is the SplitMix64 finaliser: a bijective, well-avalanched 64-bit hash.
func Mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Key returns the key of the stream for (seed, draw, purpose).
func Key(seed uint64, draw int, p Purpose) uint64 {
	return Mix(Mix(Mix(seed)^uint64(draw)) ^ uint64(p)*0xd1342543de82ef95)
}

// Sub derives a sub-key of k for an index i (a country, a trigger type, ...).
func Sub(k uint64, i uint64) uint64 { return Mix(k ^ Mix(i+0x632be59bd9b4e019)) }

// New returns a generator for the stream (seed, draw, purpose).
func New(seed uint64, draw int, p Purpose) *rand.Rand {
	k := Key(seed, draw, p)
	return rand.New(rand.NewPCG(k, Mix(k)))
}

// Stream is a reusable generator: Reset reseeds it in place without
// allocating, so a worker can keep one Stream per purpose for all its draws.
type Stream struct {
	pcg rand.PCG
	*rand.Rand
}

// NewStream returns a Stream; call Reset before use.
func NewStream() *Stream {
	s := &Stream{}
	s.Rand = rand.New(&s.pcg)
	return s
}

// Reset positions s at the start of the stream (seed, draw, purpose).
func (s *Stream) Reset(seed uint64, draw int, p Purpose) { s.ResetKey(Key(seed, draw, p)) }

// ResetKey positions s at the start of the stream with key k.
func (s *Stream) ResetKey(k uint64) { s.pcg.Seed(k, Mix(k)) }

// U returns the i-th uniform in [0, 1) of the counter-based sequence with key
// k. It has no state: U(k, i) is the same wherever and whenever it is called.
func U(k uint64, i uint64) float64 {
	return float64(Mix(k^Mix(i))>>11) * (1.0 / (1 << 53))
}
