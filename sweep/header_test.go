package sweep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/steppe-dev/steppe/model"
)

// tinySweep is a header's worth of fields, with no real scenario: enough
// for the encoding's tests.
func tinySweep() *Sweep {
	return &Sweep{Kind: KindRun, ScenarioName: "t.yaml", Scenario: "name: t\n", Build: "steppe test",
		Model: ModelConfig{Set: map[string]float64{"b.x": 2, "a.y": 1}, Posterior: []byte("{}"), PosteriorFile: "p.json"},
		Run:   &RunSpec{Draws: 10, Seed: 1, Policies: []string{"p"}}}
}

func TestHeaderDeterministic(t *testing.T) {
	a, b := tinySweep(), tinySweep()
	b.Model.Set = map[string]float64{}
	for _, k := range []string{"a.y", "b.x"} { // the other insertion order
		b.Model.Set[k] = a.Model.Set[k]
	}
	ha, err := a.Encode()
	noErr(t, err)
	hb, err := b.Encode()
	noErr(t, err)
	if !bytes.Equal(ha, hb) || ID(ha) != ID(hb) {
		t.Fatalf("one sweep, two headers:\n%s\n%s", ha, hb)
	}
	d, err := Decode(ha)
	noErr(t, err)
	if hd, err := d.Encode(); err != nil || !bytes.Equal(hd, ha) {
		t.Fatalf("decoded and encoded again: %v\n%s\n%s", err, hd, ha)
	}
	if sum := sha256.Sum256(ha); ID(ha) != hex.EncodeToString(sum[:16]) || len(ID(ha)) != 32 {
		t.Fatalf("ID %s is not the header's hash", ID(ha))
	}
	a.BlockDraws = 128
	if h2, _ := a.Encode(); ID(h2) == ID(ha) {
		t.Fatal("another partition, the same id")
	}
	if a.Blocks() != 1 || d.Blocks() != 1 {
		t.Fatalf("blocks %d and %d, want 1", a.Blocks(), d.Blocks())
	}
	if k := (Task{Phase: 2, Block: 31}).Key(); k != "p2.b31" {
		t.Fatalf("key %q", k)
	}
}

func TestHeaderRefuses(t *testing.T) {
	cases := []struct {
		change func(s *Sweep)
		want   string
	}{
		{func(s *Sweep) { s.Kind = "sweep" }, `kind: "sweep", want run or explore`},
		{func(s *Sweep) { s.Scenario = "" }, "scenario: empty"},
		{func(s *Sweep) { s.BlockDraws = 100 }, "block_draws: 100 is not a positive multiple of 64 (sim's block of draws) up to 1073741824"},
		{func(s *Sweep) { s.BlockDraws = -64 }, "block_draws: -64"},
		{func(s *Sweep) { s.Model.Set["a.y"] = math.Inf(1) }, "model.set.a.y: +Inf is not a finite number"},
		{func(s *Sweep) { s.Model.PosteriorFile = "" }, "model.posterior_file: empty"},
		{func(s *Sweep) { s.Run.Draws = 0 }, "run.draws: 0: need 1 to 1073741824"},
		{func(s *Sweep) { s.Run.PilotValues = -1 }, "run.pilot_values: -1 is negative"},
		{func(s *Sweep) { s.Explore = &ExploreSpec{} }, "run: a run sweep needs run and no explore"},
		{func(s *Sweep) { s.Kind = KindExplore }, "explore: an explore sweep needs explore and no run"},
		{func(s *Sweep) { s.Kind, s.Run, s.Explore = KindExplore, nil, &ExploreSpec{} }, "explore.outcomes.Draws: 0"},
		{func(s *Sweep) {
			s.Kind, s.Run = KindExplore, nil
			s.Explore = &ExploreSpec{Factors: []string{"f"}, X: [][]float64{{1}}, Outcomes: model.OutcomeOptions{Draws: 1}}
		}, "explore.cells: 0 rows for 1 experiments"},
		{func(s *Sweep) {
			s.Kind, s.Run = KindExplore, nil
			s.Explore = &ExploreSpec{Factors: []string{"f"}, Cells: [][]string{{"1"}}, X: [][]float64{{math.NaN()}}, Outcomes: model.OutcomeOptions{Draws: 1}}
		}, "explore.x: experiment 0, factor f: NaN is not a finite number"},
	}
	for _, tc := range cases {
		s := tinySweep()
		tc.change(s)
		if _, err := s.Encode(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Encode = %v, want an error with %q", err, tc.want)
		}
	}
	for _, h := range []string{"", "steppe.sweep/v1\n", "steppe.sweep/v1\n{}", "steppe.sweep/v1\n{\"kind\":\"run\",\"nope\":1}", "steppe.sweep/v1\n{} {}"} {
		if _, err := Decode([]byte(h)); err == nil {
			t.Errorf("Decode(%q) took it", h)
		}
	}
}

func FuzzDecodeHeader(f *testing.F) {
	h, err := tinySweep().Encode()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(h)
	f.Add([]byte("steppe.sweep/v1\n{\"kind\":\"explore\",\"scenario\":\"x\",\"explore\":{\"factors\":[\"a\"],\"cells\":[[\"1\"]],\"x\":[[1]],\"outcomes\":{\"Draws\":3}}}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			return
		}
		// What Decode takes encodes, and decodes to the same encoding.
		h, err := s.Encode()
		if err != nil {
			t.Fatalf("decoded, but does not encode: %v", err)
		}
		s2, err := Decode(h)
		if err != nil {
			t.Fatal(err)
		}
		if h2, _ := s2.Encode(); !bytes.Equal(h, h2) {
			t.Fatalf("encoding not stable:\n%s\n%s", h, h2)
		}
		for b := range min(s.Blocks(), 3) {
			if lo, hi := s.Range(b); lo >= hi {
				t.Fatalf("block %d is empty: %d-%d", b, lo, hi)
			}
		}
	})
}

func FuzzDecodeTask(f *testing.F) {
	f.Add(Task{Phase: 1, Block: 3}.Encode())
	f.Add([]byte(`{"phase":2,"block":0}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		task, err := DecodeTask(b)
		if err != nil {
			return
		}
		if t2, err := DecodeTask(task.Encode()); err != nil || t2 != task {
			t.Fatalf("%+v encodes and decodes to %+v, %v", task, t2, err)
		}
	})
}

var (
	fuzzOnce    sync.Once
	fuzzHeaders [][]byte
	fuzzParts   [][]byte
)

// FuzzPartial frames arbitrary payloads as partials of small sweeps (a
// run, and an explore sweep whose experiments are split into blocks; the
// payload's first byte picks), with a valid checksum, so that the payload
// decoders see them: Add must refuse them with an error or take them,
// never panic, and a refusal leaves the pending tasks as they were.
func FuzzPartial(f *testing.F) {
	fuzzOnce.Do(func() {
		_, run := smallRun(f, 11)
		split, _ := exploreCase(f, 100, 64, false)
		fuzzHeaders = [][]byte{run, split}
		for _, h := range fuzzHeaders {
			fuzzParts = append(fuzzParts, partials(f, h)...)
		}
	})
	for _, p := range fuzzParts {
		which := byte(0)
		if info, _ := Inspect(p); info.Sweep != ID(fuzzHeaders[0]) {
			which = 1
		}
		f.Add(append([]byte{which}, p[len(partialMagic)+16:len(p)-sumSize]...))
	}
	f.Add([]byte{0, 1, 0, 0, 64, 1, 0xff, 0xff, 0xff, 0xff, 0x0f})
	var cs []*Coordinator
	for _, h := range fuzzHeaders {
		c, err := NewCoordinator(context.Background(), testCache(), h)
		if err != nil {
			f.Fatal(err)
		}
		cs = append(cs, c)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) == 0 {
			return
		}
		c := cs[int(in[0])%len(cs)]
		id, _ := hex.DecodeString(c.ID())
		p := (&partial{b: append(append([]byte(partialMagic), id...), in[1:]...)}).close()
		before := len(c.Pending())
		if _, err := Inspect(p); err != nil {
			if _, err2 := c.Add(p); err2 == nil {
				t.Fatal("Add took what Inspect refused")
			}
			return
		}
		if added, err := c.Add(p); err != nil && len(c.Pending()) != before {
			t.Fatalf("a refused partial changed the pending tasks: %v", err)
		} else if err == nil && !added && len(c.Pending()) != before {
			t.Fatal("a duplicate changed the pending tasks")
		}
	})
}
