package queue

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sweep"
)

// The default scenario run through the queue with few draws and small
// blocks gives the bytes of the local run: `steppe run --json` and
// `--csv` (model.Model.Run), and explore.Run's results file.

func defaultScenario(t testing.TB) *scenario.Scenario {
	t.Helper()
	name, src, err := scenario.Embedded(data.FS())("central-asia", "")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.LoadContext(context.Background(), name, src, scenario.FilesOrEmbedded(data.FS()))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// onQueue gathers the sweep s through the queue at url and returns the
// coordinator.
func onQueue(t *testing.T, url string, s *sweep.Sweep, cache *model.Cache) *sweep.Coordinator {
	t.Helper()
	co, err := gatherSweep(t, url, s, cache)
	if err != nil {
		t.Fatal(err)
	}
	return co
}

// gatherSweep gathers the sweep s through the queue at url.
func gatherSweep(t *testing.T, url string, s *sweep.Sweep, cache *model.Cache) (*sweep.Coordinator, error) {
	t.Helper()
	header, err := s.Encode()
	if err != nil {
		return nil, err
	}
	co, err := sweep.NewCoordinator(context.Background(), cache, header)
	if err != nil {
		return nil, err
	}
	return co, connect(t, url).RunSweep(context.Background(), co, header, RunOptions{QueueOptions: fast}, nil)
}

// sweepWorkers starts n in-process workers on the sweep package's Job.
func sweepWorkers(t *testing.T, url string, n int, cache *model.Cache) func() {
	return startWorkers(t, url, n, SweepOpener(&sweep.Worker{Cache: cache, Workers: 1}))
}

// latinHypercube is a design of n experiments (a Latin hypercube of the
// given seed) over the default scenario's uncertain parameters, with the
// scenario, the model and the cache that assembled it.
func latinHypercube(t testing.TB, n int, seed uint64) (*scenario.Scenario, *model.Cache, *model.Model, *explore.Experiments) {
	t.Helper()
	sc := defaultScenario(t)
	cache := new(model.Cache)
	m, err := cache.Assemble(sc.World, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := m.Factors(model.FactorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := explore.NewDesign(fs, explore.DesignSpec{Kind: explore.LatinHypercube, N: n, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	return sc, cache, m, d.Experiments()
}

func TestSweepOnQueueIsTheLocalRun(t *testing.T) {
	sc := defaultScenario(t)
	cache := new(model.Cache)
	m, err := cache.Assemble(sc.World, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, "")
	for _, c := range []struct {
		workers int
		run     sweep.RunSpec
	}{
		{1, sweep.RunSpec{Draws: 200, Seed: 3}},
		{2, sweep.RunSpec{Draws: 200, Seed: 3}},
		// more than one pass over the draws (the summary's histograms)
		{3, sweep.RunSpec{Draws: 1100, Seed: 5, PilotValues: 1}},
	} {
		t.Run(fmt.Sprintf("%d workers, pilot %d", c.workers, c.run.PilotValues), func(t *testing.T) {
			stop := sweepWorkers(t, s.URL(), c.workers, cache)
			defer stop()
			local, err := m.Run(context.Background(), model.Options{Draws: c.run.Draws, Seed: c.run.Seed, PilotValues: c.run.PilotValues})
			if err != nil {
				t.Fatal(err)
			}
			co := onQueue(t, s.URL(), &sweep.Sweep{Kind: sweep.KindRun, ScenarioName: "central-asia", Scenario: string(sc.Resolved), BlockDraws: 256, Run: &c.run}, cache)
			res, err := co.Results()
			if err != nil {
				t.Fatal(err)
			}
			var want, got bytes.Buffer
			if err := local.WriteJSON(&want); err != nil {
				t.Fatal(err)
			}
			if err := local.WriteCSV(&want); err != nil {
				t.Fatal(err)
			}
			if err := res.WriteJSON(&got); err != nil {
				t.Fatal(err)
			}
			if err := res.WriteCSV(&got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("results through the queue differ from the local run's (%d vs %d bytes)", got.Len(), want.Len())
			}
			if c.run.PilotValues > 0 && co.Phase() < 2 {
				t.Errorf("pilot %d: %d phases, want more than one", c.run.PilotValues, co.Phase())
			}
		})
	}
}

// An explore sweep on worker processes writes explore.Run's results file.
func TestExploreOnWorkerProcessesIsTheLocalRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	sc, cache, m, e := latinHypercube(t, 6, 2)
	o := model.OutcomeOptions{Draws: 64, Seed: 1}
	names, eval, err := m.Evaluator(e.Factors, o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	want := filepath.Join(dir, "local.csv")
	fh, err := os.Create(want)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := explore.Run(context.Background(), e, names, eval, fh, explore.RunOptions{Workers: 1}); err != nil {
		t.Fatal(err)
	}
	fh.Close()

	s := serve(t, "")
	for range 3 {
		startChild(t, s.URL(), "sweep")
	}
	co := onQueue(t, s.URL(), &sweep.Sweep{Kind: sweep.KindExplore, ScenarioName: "central-asia", Scenario: string(sc.Resolved), BlockDraws: 128,
		Explore: &sweep.ExploreSpec{Comments: e.Comments, Factors: e.Factors, Cells: e.Cells, X: e.X, Outcomes: o}}, cache)
	got := filepath.Join(dir, "queue.csv")
	gh, err := os.Create(got)
	if err != nil {
		t.Fatal(err)
	}
	defer gh.Close()
	if err := co.WriteResults(context.Background(), gh); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(want)
	b, _ := os.ReadFile(got)
	if !bytes.Equal(a, b) || len(a) == 0 {
		t.Errorf("results file through worker processes (%d bytes) differs from explore.Run's (%d bytes)", len(b), len(a))
	}
}

// A poisoned block's error names what it holds.
func TestBlockName(t *testing.T) {
	run := &sweep.Sweep{Kind: sweep.KindRun, BlockDraws: 2048, Run: &sweep.RunSpec{Draws: 5000}}
	ex := &sweep.Sweep{Kind: sweep.KindExplore, BlockDraws: 2048, Explore: &sweep.ExploreSpec{X: make([][]float64, 5), Outcomes: model.OutcomeOptions{Draws: 1000}}}
	split := &sweep.Sweep{Kind: sweep.KindExplore, BlockDraws: 2048, Explore: &sweep.ExploreSpec{X: make([][]float64, 5), Outcomes: model.OutcomeOptions{Draws: 3000}}}
	for _, c := range []struct {
		s    *sweep.Sweep
		t    sweep.Task
		want string
	}{
		{run, sweep.Task{Phase: 1, Block: 0}, "draws 0-2047 (block 0)"},
		{run, sweep.Task{Phase: 2, Block: 2}, "draws 4096-4999 (block 2, pass 2)"},
		{ex, sweep.Task{Phase: 1, Block: 0}, "experiments 0-1 (block 0)"},
		{ex, sweep.Task{Phase: 1, Block: 2}, "experiment 4 (block 2)"},
		{split, sweep.Task{Phase: 1, Block: 5}, "experiment 2, draws 2048-2999 (block 5)"},
	} {
		if got := BlockName(c.s, c.t); got != c.want {
			t.Errorf("BlockName(%s, %+v) = %q, want %q", c.s.Kind, c.t, got, c.want)
		}
	}
}

// A block that every worker refuses (here: built by another version)
// stops the sweep with an error naming the block and the workers' reason.
func TestRefusedSweepNamesTheBlock(t *testing.T) {
	sc := defaultScenario(t)
	s := serve(t, "")
	defer startWorkers(t, s.URL(), 2, SweepOpener(&sweep.Worker{Build: "steppe 2"}))()
	sw := &sweep.Sweep{Kind: sweep.KindRun, Build: "steppe 1", ScenarioName: "central-asia", Scenario: string(sc.Resolved), BlockDraws: 64, Run: &sweep.RunSpec{Draws: 64}}
	_, err := gatherSweep(t, s.URL(), sw, nil)
	if err == nil || !strings.Contains(err.Error(), "draws 0-63 (block 0) failed on all 3 deliveries") || !strings.Contains(err.Error(), "another build") {
		t.Errorf("error %v, want one naming draws 0-63 (block 0), 3 deliveries and the build", err)
	}
}
