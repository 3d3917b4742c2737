package model

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/gravity/ge"
	"github.com/steppe-dev/steppe/internal/fixture"
	"github.com/steppe-dev/steppe/internal/golden"
	"github.com/steppe-dev/steppe/world"
)

// Every file under prebuilt/ was made from the bundled data files as they
// are and decodes to what the current code makes from them; with -update
// (go generate ./model) the test rewrites the files that do not.
func TestPrebuiltCurrent(t *testing.T) {
	checkPrebuilt(t, bundledGraph)
	checkPrebuilt(t, bundledTrade)
	checkPrebuilt(t, bundledV2)
	checkSolutions(t)
}

// checkSolutions holds prebuilt/solutions.gob to a fresh solve of the
// embedded default scenario's trade engine at seed 1: the same solutions
// for the same draws and sampled inputs, bit for bit, with effects equal
// to within 1e-12 (relative). Go's math.Exp, which the solver reaches
// through math.Pow, uses fused multiply-adds where the CPU has them, so a
// machine without FMA solves to within a few units in the last place.
func checkSolutions(t *testing.T) {
	t.Helper()
	ti := defaultTrade(t, new(Cache))
	fresh := &savedSolutions{Scenario: defaultScenario + " (embedded), seed 1", Fixed: ti.g.Fixed()}
	var err error
	if fresh.Solutions, err = ti.g.SolveAll(1); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("prebuilt", solutionsFile)
	b, err := os.ReadFile(path)
	var got *savedSolutions
	if err == nil {
		got, err = decodeSolutions(b)
	}
	if err == nil {
		err = sameSolutions(got, fresh)
	}
	if err == nil {
		return
	}
	if *golden.Update {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(fresh); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is not current: %v; `go generate ./model` rewrites it", path, err)
}

// sameSolutions says how a and b differ beyond what solving on another CPU
// explains (see checkSolutions), or returns nil.
func sameSolutions(a, b *savedSolutions) error {
	if a.Scenario != b.Scenario || a.Fixed != b.Fixed || len(a.Solutions) != len(b.Solutions) {
		return fmt.Errorf("%w: scenario, digest or number of solutions", errFresh)
	}
	near := func(x, y float64) bool { return x == y || math.Abs(x-y) <= 1e-12*max(math.Abs(x), math.Abs(y)) }
	for i := range a.Solutions {
		x, y := &a.Solutions[i], &b.Solutions[i]
		if x.Seed != y.Seed || x.Draw != y.Draw || x.Done != y.Done || math.Float64bits(x.Theta) != math.Float64bits(y.Theta) ||
			!slices.Equal(x.Sizes, y.Sizes) || len(x.Effects) != len(y.Effects) {
			return fmt.Errorf("%w: solution %d (GE draw %d, projects %b) is for other inputs", errFresh, i, y.Draw, y.Done)
		}
		for c := range x.Effects {
			e, f := x.Effects[c], y.Effects[c]
			if !near(e.Income, f.Income) || !near(e.RealGDP, f.RealGDP) || !near(e.IntraRegional, f.IntraRegional) ||
				!near(e.ChinaShare, f.ChinaShare) || !near(e.RussiaShare, f.RussiaShare) {
				return fmt.Errorf("%w: solution %d (GE draw %d, projects %b), economy %d: %+v, fresh %+v", errFresh, i, y.Draw, y.Done, c, e, f)
			}
		}
	}
	return nil
}

// defaultTrade is the trade engine of the embedded default scenario
// assembled with c.
func defaultTrade(t *testing.T, c *Cache) *tradeIntegration {
	t.Helper()
	m, err := c.Assemble(fixture.Embedded(t, defaultScenario).World, Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range m.Engines.Integration {
		if ti, ok := in.(*tradeIntegration); ok {
			return ti
		}
	}
	t.Fatal("the default scenario has no trade engine")
	return nil
}

// The prebuilt solutions are taken for the default scenario at seed 1,
// and a run that takes them prints what a run that solves prints, byte
// for byte; a scenario whose trade inputs differ takes none.
func TestPrebuiltSolutions(t *testing.T) {
	sv := new(Cache).solutions()
	if sv == nil {
		t.Fatal("prebuilt/solutions.gob does not decode")
	}
	if n := defaultTrade(t, new(Cache)).g.Use(sv.Fixed, sv.Solutions); n != 0 {
		t.Errorf("a fresh engine took %d solutions again: Assemble should have taken them all", n)
	}
	solving := new(Cache)
	solving.solved = new(once[*savedSolutions])
	solving.solved.o.Do(func() {}) // no solutions: every solve at run time
	if n := defaultTrade(t, solving).g.Use(sv.Fixed, sv.Solutions); n != len(sv.Solutions) {
		t.Errorf("the default scenario's engine took %d of %d solutions", n, len(sv.Solutions))
	}
	run := func(c *Cache, seed uint64) []byte {
		m, err := c.Assemble(fixture.Embedded(t, defaultScenario).World, Config{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Run(context.Background(), Options{Draws: 500, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := res.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(run(new(Cache), 1), run(solving, 1)) {
		t.Error("the default run with the prebuilt solutions differs from the run that solves them")
	}

	w := fixture.Embedded(t, defaultScenario).World
	w.Projects[slices.IndexFunc(w.Projects, func(p world.Project) bool { return len(p.TradeCost) > 0 })].TradeCost[0].From = "RUS"
	m, err := new(Cache).Assemble(w, Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range m.Engines.Integration {
		if ti, ok := in.(*tradeIntegration); ok {
			if n := ti.g.Use(sv.Fixed, sv.Solutions); n != 0 {
				t.Errorf("an engine with another project route took %d solutions", n)
			}
		}
	}
}

func checkPrebuilt[T, S any](t *testing.T, p *prebuilt[T, S]) {
	t.Helper()
	fresh, err := p.build()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("prebuilt", p.file)
	b, err := os.ReadFile(path)
	var got T
	if err == nil {
		got, err = p.decode(bytes.NewReader(b))
	}
	if err == nil && reflect.DeepEqual(got, fresh) {
		return
	}
	if *golden.Update {
		b, err := p.encode(fresh)
		if err == nil {
			err = os.WriteFile(path, b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if err == nil {
		err = errFresh
	}
	t.Errorf("%s is not current: %v; `go generate ./model` rewrites it", path, err)
}

var errFresh = errors.New("it differs from a fresh build by the current code")

// A prebuilt file made from other data files, or one that does not
// decode, is not used: the input is built from the data files.
func TestPrebuiltStale(t *testing.T) {
	b, err := prebuiltFiles.ReadFile("prebuilt/" + bundledTrade.file)
	if err != nil {
		t.Fatal(err)
	}
	other := *bundledTrade
	other.inputs = []string{ge.BundledGDP, ge.BundledHMR}
	if _, err := other.decode(bytes.NewReader(b)); err == nil || !strings.Contains(err.Error(), "not from the bundled "+ge.BundledGDP) {
		t.Errorf("a file made from other data decoded: %v", err)
	}
	if _, err := bundledTrade.decode(bytes.NewReader(b[:len(b)/2])); err == nil {
		t.Error("a truncated file decoded")
	}
	missing := *bundledTrade
	missing.file = "missing.gob"
	got, errGot := missing.get()
	want, errWant := bundledTrade.get()
	if err := errors.Join(errGot, errWant); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || got.Year != DefaultSettings.TradeBaselineYear {
		t.Error("a trade baseline built afresh differs from the prebuilt one")
	}
}

// The v2 posterior's draws come back from the float64s after the gob
// value as they were; draws that do not fit the posterior, a file cut
// short or one with bytes after the draws are refused.
func TestPrebuiltV2Draws(t *testing.T) {
	p, err := readBundledV2()
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundledV2.encode(p)
	if err != nil {
		t.Fatal(err)
	}
	if p.Decision.Draws == nil || p.Hazards.Types[0].Mu == nil {
		t.Fatal("encoding took the draws out of the posterior")
	}
	got, err := bundledV2.decode(bytes.NewReader(b))
	if err != nil || !reflect.DeepEqual(got, p) {
		t.Fatalf("decoded posterior differs from the one encoded (%v)", err)
	}
	for name, b := range map[string][]byte{"a byte after the draws": append(slices.Clone(b), 0), "cut short": b[:len(b)-4]} {
		if _, err := bundledV2.decode(bytes.NewReader(b)); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	for name, edit := range map[string]func(s *savedV2){
		"a longer row":    func(s *savedV2) { s.Rows[0]++ },
		"a negative row":  func(s *savedV2) { s.Rows[1], s.Rows[2] = -1, s.Rows[2]+s.Rows[1]+1 },
		"a block too few": func(s *savedV2) { s.Blocks = s.Blocks[1:] },
		"negative blocks": func(s *savedV2) { s.Blocks[0], s.Blocks[1] = -1, s.Blocks[1]+s.Blocks[0]+1 },
	} {
		s, fl := saveV2(p)
		edit(&s)
		if _, err := restoreV2(s, fl); err == nil {
			t.Errorf("%s: restored", name)
		}
	}
	if _, err := readFloats(bytes.NewReader(nil), maxSavedFloats+1); err == nil {
		t.Error("a count over the bound was read")
	}
}

// sameSolutions accepts last-place differences in the effects and nothing
// else.
func TestSameSolutions(t *testing.T) {
	sv := new(Cache).solutions()
	if sv == nil {
		t.Fatal("prebuilt/solutions.gob does not decode")
	}
	edited := func(edit func(s *savedSolutions)) *savedSolutions {
		c := *sv
		c.Solutions = slices.Clone(sv.Solutions)
		for i := range c.Solutions {
			c.Solutions[i].Effects = slices.Clone(sv.Solutions[i].Effects)
		}
		edit(&c)
		return &c
	}
	i := len(sv.Solutions) - 1 // both trade projects done: non-zero effects
	for _, tc := range []struct {
		name string
		edit func(s *savedSolutions)
		same bool
	}{
		{"unchanged", func(*savedSolutions) {}, true},
		{"last place", func(s *savedSolutions) { s.Solutions[i].Effects[1].Income *= 1 + 1e-15 }, true},
		{"effect", func(s *savedSolutions) { s.Solutions[i].Effects[1].Income *= 1 + 1e-9 }, false},
		{"theta", func(s *savedSolutions) { s.Solutions[i].Theta = math.Nextafter(s.Solutions[i].Theta, 10) }, false},
		{"digest", func(s *savedSolutions) { s.Fixed = "x" }, false},
		{"one fewer", func(s *savedSolutions) { s.Solutions = s.Solutions[1:] }, false},
	} {
		if err := sameSolutions(edited(tc.edit), sv); (err == nil) != tc.same {
			t.Errorf("%s: sameSolutions = %v, want same %v", tc.name, err, tc.same)
		}
	}
}
