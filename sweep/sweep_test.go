package sweep

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/results"
	"github.com/steppe-dev/steppe/scenario"
)

// The tests run the embedded default scenario (data/scenarios) with few
// draws, through the local path (model.Model.Run, explore.Run, as the
// command line calls them) and through a sweep, and compare bytes.

var (
	cacheOnce sync.Once
	cache     *model.Cache
)

func testCache() *model.Cache {
	cacheOnce.Do(func() { cache = new(model.Cache) })
	return cache
}

// loadScenario reads the scenario ref as the command line does: a file,
// or else an embedded scenario by name ("": the default), with its
// resolved text.
func loadScenario(t testing.TB, ref string) *scenario.Scenario {
	t.Helper()
	if !scenario.IsFileRef(ref) {
		sc, err := scenario.LoadEmbeddedUnder(data.FS(), "scenarios", cmp.Or(ref, "central-asia"))
		noErr(t, err)
		return sc
	}
	src, err := os.ReadFile(ref)
	noErr(t, err)
	sc, err := scenario.LoadContext(context.Background(), ref, src, scenario.FilesOrEmbedded(data.FS()))
	noErr(t, err)
	return sc
}

// localRun is `steppe run --json` and `--csv` on one machine, of the
// scenario that s.ScenarioName names with s's model and options.
func localRun(t testing.TB, s Sweep) []byte {
	t.Helper()
	sc, r := loadScenario(t, s.ScenarioName), s.Run
	cfg := model.Config{Stated: s.Model.Stated, Set: s.Model.Set}
	if s.Model.Posterior != nil {
		noErr(t, cfg.ReadPosterior(s.Model.Posterior, s.Model.PosteriorFile))
	}
	m, err := testCache().Assemble(sc.World, cfg)
	noErr(t, err)
	return encode(t)(m.Run(context.Background(), model.Options{Draws: r.Draws, Seed: r.Seed, Policies: r.Policies, Paths: r.Paths, PilotValues: r.PilotValues}))
}

// encode returns a function that writes results as `steppe run --json`
// and `--csv` do, one after the other.
func encode(t testing.TB) func(*results.Results, error) []byte {
	return func(res *results.Results, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := res.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if err := res.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
}

// runHeader is the header of run sweep s, with the resolved text of the
// scenario that s.ScenarioName names.
func runHeader(t testing.TB, s Sweep) []byte {
	t.Helper()
	sc := loadScenario(t, s.ScenarioName)
	s.Kind, s.Scenario = KindRun, string(sc.Resolved)
	if scenario.IsFileRef(s.ScenarioName) {
		// On another machine: where the file and what it extends are not.
		s.ScenarioName = filepath.Join("elsewhere", filepath.Base(s.ScenarioName))
	}
	h, err := s.Encode()
	noErr(t, err)
	return h
}

// gather runs a sweep to the end: each phase's pending tasks are computed
// by `executors` concurrent workers, and their partials are added in an
// order that `deliver` chooses (it may repeat some).
func gather(t testing.TB, header []byte, executors int, deliver func([][]byte) [][]byte) *Coordinator {
	t.Helper()
	ctx := context.Background()
	c, err := NewCoordinator(ctx, testCache(), header)
	if err != nil {
		t.Fatal(err)
	}
	workers := make([]*Worker, executors)
	for i := range workers {
		workers[i] = &Worker{Cache: testCache(), Workers: 1}
	}
	for phase := 1; !c.Done(); phase++ {
		if c.Phase() != phase {
			t.Fatalf("phase %d, want %d", c.Phase(), phase)
		}
		tasks := c.Pending()
		parts := make([][]byte, len(tasks))
		errs := make([]error, len(tasks))
		var wg sync.WaitGroup
		for k, w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := k; i < len(tasks); i += len(workers) {
					parts[i], errs[i] = w.Execute(ctx, header, tasks[i].Encode())
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, p := range deliver(parts) {
			info, err := Inspect(p)
			if err != nil {
				t.Fatal(err)
			}
			added, err := c.Add(p)
			if err != nil {
				t.Fatal(err)
			}
			if added == seen[info.Task.Key()] {
				t.Fatalf("task %s: Add said new = %v, after %v", info.Task.Key(), added, seen[info.Task.Key()])
			}
			seen[info.Task.Key()] = true
		}
		if phase > 64 {
			t.Fatal("phases do not end")
		}
	}
	return c
}

func inOrder(p [][]byte) [][]byte { return p }

// shuffled delivers every partial in a random order, and some twice.
func shuffled(seed uint64) func([][]byte) [][]byte {
	return func(p [][]byte) [][]byte {
		r := rand.New(rand.NewPCG(seed, 1))
		out := append([][]byte(nil), p...)
		for _, x := range p {
			if r.IntN(2) == 0 {
				out = append(out, x)
			}
		}
		r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
}

func TestRunByteIdentical(t *testing.T) {
	v1, err := data.ReadFile("posterior/posterior.json") // as `steppe run --posterior`
	noErr(t, err)
	cases := map[string]Sweep{
		// One phase: 200 draws in blocks of 128 (the last one short).
		"one-phase": {BlockDraws: 128, Run: &RunSpec{Draws: 200, Seed: 3}},
		// Draws beyond the pilot (at least 1,024 draws): histogram passes.
		"passes": {BlockDraws: 256, Model: ModelConfig{Stated: true, Set: map[string]float64{"shocks.sanctions_growth_cost": 2.2}},
			Run: &RunSpec{Draws: 1100, Seed: 5, Policies: []string{"fast-track-integration"}, PilotValues: 1}},
		"paths": {BlockDraws: 64, Model: ModelConfig{Stated: true}, Run: &RunSpec{Draws: 100, Seed: 9, Paths: true}},
		// A posterior file (the bundled v1 one) travels in the header.
		"posterior": {BlockDraws: 64, Model: ModelConfig{Posterior: v1, PosteriorFile: "v1.json"}, Run: &RunSpec{Draws: 70, Seed: 4}},
		// A scenario file that extends the embedded one travels resolved.
		"extends": {ScenarioName: "testdata/extends.yaml", BlockDraws: 64, Model: ModelConfig{Stated: true}, Run: &RunSpec{Draws: 100, Seed: 2}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want := localRun(t, tc)
			h := runHeader(t, tc)
			for i, d := range []func([][]byte) [][]byte{inOrder, shuffled(1), shuffled(2)} {
				c := gather(t, h, i+1, d)
				// A lowered pilot makes the summary take passes.
				if multi := tc.Run.PilotValues > 0; (c.Phase() > 1) != multi {
					t.Errorf("%d phases with pilot bound %d", c.Phase(), tc.Run.PilotValues)
				}
				if got := encode(t)(c.Results()); !bytes.Equal(got, want) {
					t.Fatalf("%d executors, delivery %d: merged results differ from the local run's:\n%s", i+1, i, firstDiff(got, want))
				}
			}
		})
	}
}

// noErr stops the test at an error.
func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return fmt.Sprintf("at byte %d:\n got %q\nwant %q", i, a[lo:min(i+80, len(a))], b[lo:min(i+80, len(b))])
}

// exploreCase is a small design over a few parameters (and the policy
// factor, or every policy in each experiment), with its local results file (explore.Run as `steppe explore run`
// calls it).
func exploreCase(t testing.TB, draws, blockDraws int, policyFactor bool) (header, want []byte) {
	t.Helper()
	sc := loadScenario(t, "")
	m, err := testCache().Assemble(sc.World, model.Config{Stated: true})
	noErr(t, err)
	fs, err := m.Factors(model.FactorOptions{Params: []string{"shocks", "actors.KGZ"}, Policy: policyFactor})
	noErr(t, err)
	d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.LatinHypercube, N: 7, Seed: 4})
	noErr(t, err)
	e := d.Experiments()
	o := model.OutcomeOptions{Draws: draws, Seed: 2, Countries: []string{"KGZ", "REGION"}, Years: []int{2030, 2042}}
	names, eval, err := m.Evaluator(e.Factors, o)
	noErr(t, err)
	f, err := os.Create(filepath.Join(t.TempDir(), "local.csv"))
	noErr(t, err)
	defer f.Close()
	if _, err := explore.Run(context.Background(), e, names, eval, f, explore.RunOptions{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	if want, err = os.ReadFile(f.Name()); err != nil {
		t.Fatal(err)
	}
	s := &Sweep{Kind: KindExplore, ScenarioName: sc.World.Name, Scenario: string(sc.Resolved), Model: ModelConfig{Stated: true}, BlockDraws: blockDraws,
		Explore: &ExploreSpec{Comments: e.Comments, Factors: e.Factors, Cells: e.Cells, X: e.X, Outcomes: o}}
	if header, err = s.Encode(); err != nil {
		t.Fatal(err)
	}
	return header, want
}

func TestExploreByteIdentical(t *testing.T) {
	// Whole experiments, three a block (3, 3, 1); then each experiment's
	// draws split into blocks of 64 (64, 64, 22), with a policy factor
	// and without.
	for k, c := range [][3]int{{40, 128, 3}, {150, 64, 21}, {150, 64, 21}} {
		h, want := exploreCase(t, c[0], c[1], k < 2)
		for i, d := range []func([][]byte) [][]byte{inOrder, shuffled(3), shuffled(4)} {
			co := gather(t, h, i+1, d)
			if _, total := co.Progress(); total != c[2] {
				t.Fatalf("%d blocks, want %d", total, c[2])
			}
			f, err := os.Create(filepath.Join(t.TempDir(), "sweep.csv"))
			noErr(t, err)
			noErr(t, co.WriteResults(context.Background(), f))
			f.Close()
			got, err := os.ReadFile(f.Name())
			noErr(t, err)
			if !bytes.Equal(got, want) {
				t.Fatalf("%d draws in blocks of %d, %d executors: merged results file differs from explore.Run's:\n%s", c[0], c[1], i+1, firstDiff(got, want))
			}
			if !strings.Contains(string(got), "delta.") {
				t.Fatal("no delta outcome in the results: the case does not exercise them")
			}
		}
	}
}
