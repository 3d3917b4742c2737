package rng

import (
	"math"
	"testing"
)

func TestDeterministicAndDistinct(t *testing.T) {
	a, b := New(1, 5, Params), New(1, 5, Params)
	for i := 0; i < 10; i++ {
		if a.Uint64() != b.Uint64() {
			t.Fatal("same key, different streams")
		}
	}
	keys := map[uint64]bool{}
	for seed := uint64(0); seed < 4; seed++ {
		for d := 0; d < 100; d++ {
			for _, p := range []Purpose{Params, Shocks, Triggers, Decision} {
				k := Key(seed, d, p)
				if keys[k] {
					t.Fatalf("key collision at seed %d draw %d purpose %d", seed, d, p)
				}
				keys[k] = true
			}
		}
	}
}

func TestStreamReset(t *testing.T) {
	s := NewStream()
	s.Reset(3, 7, Shocks)
	x := s.Float64()
	s.Float64()
	s.Reset(3, 7, Shocks)
	if s.Float64() != x || New(3, 7, Shocks).Float64() != x {
		t.Error("Reset does not restart the stream")
	}
	if n := testing.AllocsPerRun(100, func() { s.Reset(3, 8, Shocks); s.Float64() }); n != 0 {
		t.Errorf("Reset allocates %g times", n)
	}
}

// TestUUniform: the counter-based uniforms have mean 1/2 and variance 1/12
// within 5 standard errors over 10^6 values, and lie in [0, 1).
func TestUUniform(t *testing.T) {
	k := Key(1, 0, Triggers)
	const n = 1000000
	s, ss := 0.0, 0.0
	for i := uint64(0); i < n; i++ {
		u := U(k, i)
		if u < 0 || u >= 1 {
			t.Fatalf("U = %g", u)
		}
		s += u
		ss += u * u
	}
	m := s / n
	if math.Abs(m-0.5) > 5*math.Sqrt(1.0/12/n) {
		t.Errorf("mean %g", m)
	}
	if v := ss/n - m*m; math.Abs(v-1.0/12) > 0.001 {
		t.Errorf("variance %g", v)
	}
	if U(k, 42) != U(k, 42) {
		t.Error("U not a function of its arguments")
	}
}
