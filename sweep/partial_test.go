package sweep

import (
	"context"
	"encoding/binary"
	"math"
	"testing"
)

// sparse floats read back bit for bit: zeros left out (+0 only), −0, NaN
// payloads and infinities kept; a damaged bitmap or a short payload is
// refused.
func TestSparseRoundTrip(t *testing.T) {
	nan := math.Float64frombits(0x7ff8_0000_dead_beef)
	for _, x := range [][]float64{nil, {0}, {1}, {0, 0, 0, 0, 0, 0, 0, 0, 0}, {math.Copysign(0, -1), 0, nan, math.Inf(-1), 2.5, 0, 0, 0, 1e-300, 0}} {
		p := &partial{}
		p.sparse(x)
		r := &reader{b: p.b}
		got := r.sparse("x", len(x))
		if r.err != nil || len(r.b) != 0 {
			t.Fatalf("%v: %v, %d bytes left", x, r.err, len(r.b))
		}
		for i := range x {
			if math.Float64bits(got[i]) != math.Float64bits(x[i]) {
				t.Errorf("%v: value %d reads back as %v", x, i, got[i])
			}
		}
		zeros := 0
		for _, v := range x {
			if math.Float64bits(v) == 0 {
				zeros++
			}
		}
		if want := 1 + (len(x)+7)/8 + 8*(len(x)-zeros); len(p.b) != want {
			t.Errorf("%v: %d bytes, want %d", x, len(p.b), want)
		}
	}
	p := &partial{}
	p.sparse([]float64{1, 0, 3})
	for name, c := range map[string]struct {
		b    []byte
		want int
	}{
		"count":       {p.b, 4},
		"short":       {p.b[:len(p.b)-1], 3},
		"stray bit":   {append([]byte{3, 0b1000_0101}, p.b[2:]...), 3},
		"marked zero": {append([]byte{3, 0b0000_0111}, append(p.b[2:], make([]byte, 8)...)...), 3},
	} {
		r := &reader{b: c.b}
		if r.sparse("x", c.want); r.err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A run block's partial carries, per draw, the cells' probabilities and
// each policy's region onsets, and the sums (sparse) in phase 1 only: in
// a sweep whose lowered pilot makes the summary take passes, a phase-2
// partial is exactly those values and its framing.
func TestRunPartialCarriesWhatTheSummaryReads(t *testing.T) {
	s := Sweep{Kind: KindRun, Model: ModelConfig{Stated: true}, BlockDraws: 128, Run: &RunSpec{Draws: 300, Seed: 5, PilotValues: 1}}
	h := runHeader(t, s)
	c, err := NewCoordinator(context.Background(), testCache(), h)
	noErr(t, err)
	cells, npol := c.cells, len(c.out.Policies)
	w := &Worker{Cache: testCache(), Workers: 1}
	for _, tc := range []struct{ phase, block, draws int }{{2, 0, 128}, {3, 2, 44}} {
		p, err := w.Execute(context.Background(), h, Task{Phase: tc.phase, Block: tc.block}.Encode())
		noErr(t, err)
		lo, hi := s.Range(tc.block)
		want := len(partialMagic) + 16 + uvarintLen(tc.phase) + uvarintLen(tc.block) + uvarintLen(lo) + uvarintLen(hi) +
			uvarintLen((tc.draws+63)/64) + uvarintLen(cells) + uvarintLen(c.nco) + sumSize
		for d := tc.draws; d > 0; d -= 64 {
			n := min(d, 64)
			want += 1 + uvarintLen(n*cells) + 8*n*cells + uvarintLen(n*npol) + 8*n*npol
		}
		if len(p) != want {
			t.Errorf("phase %d, block %d: %d bytes, want %d (%d per draw)", tc.phase, tc.block, len(p), want, 8*(cells+npol))
		}
	}
	// phase 1 also carries the sums, of which the zeros are left out
	p1, err := w.Execute(context.Background(), h, Task{Phase: 1, Block: 0}.Encode())
	noErr(t, err)
	p2, err := w.Execute(context.Background(), h, Task{Phase: 2, Block: 0}.Encode())
	noErr(t, err)
	if extra, full := len(p1)-len(p2), 2*8*len(c.total); extra <= 0 || extra >= full {
		t.Errorf("phase 1's sums take %d bytes, want some and under %d (two sim blocks of %d sums)", extra, full, len(c.total))
	}
}

func uvarintLen(v int) int { return len(binary.AppendUvarint(nil, uint64(v))) }
