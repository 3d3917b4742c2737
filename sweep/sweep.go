package sweep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/steppe-dev/steppe/data"
	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/scenario"
	"github.com/steppe-dev/steppe/sim"
)

// Format identifies the header encoding; a header of another format is
// refused.
const Format = "steppe.sweep/v1"

// DefaultBlockDraws is the draws of one block when Sweep.BlockDraws is 0:
// 2,048 draws (32 of sim's blocks of [sim.BlockSize] = 64 draws), about a
// quarter of a second of one core on the default scenario, so that a
// block's queue round trip is small against its work.
const DefaultBlockDraws = 2048

// Kinds of sweep.
const (
	KindRun     = "run"     // one Monte Carlo run, as `steppe run`
	KindExplore = "explore" // an experiment design, as `steppe explore run`
)

// Sweep is everything a worker needs to compute any of a sweep's blocks:
// it travels as the header ([Sweep.Encode]), and its content hash is the
// sweep's id, so the same sweep submitted again has the same id and the
// same task ids (a resumed sweep recomputes nothing already stored).
type Sweep struct {
	// Kind is KindRun or KindExplore.
	Kind string `json:"kind"`
	// Build, when set, is the steppe build that submits the sweep (its
	// version string); a [Worker] whose Build is set and differs refuses
	// the sweep, since another build may compute other numbers.
	Build string `json:"build,omitempty"`
	// ScenarioName names the scenario in messages (the file or embedded
	// name it was loaded from); Scenario is its resolved YAML text
	// (scenario.Scenario.Resolved), so a worker needs no other file.
	ScenarioName string `json:"scenario_name"`
	Scenario     string `json:"scenario"`
	// Model is how the model is assembled besides the scenario.
	Model ModelConfig `json:"model"`
	// BlockDraws is the partition: a run's draws are cut into blocks of
	// BlockDraws draws (a multiple of sim.BlockSize); an explore sweep
	// puts BlockDraws/draws per experiment whole experiments in a block,
	// or, when an experiment's draws exceed BlockDraws, cuts each
	// experiment's draws into blocks of BlockDraws. 0 means
	// DefaultBlockDraws. It never depends on the workers.
	BlockDraws int `json:"block_draws"`
	// Run is set for KindRun, Explore for KindExplore.
	Run     *RunSpec     `json:"run,omitempty"`
	Explore *ExploreSpec `json:"explore,omitempty"`
}

// ModelConfig is the part of model.Config a sweep carries.
type ModelConfig struct {
	// Stated and NoIntegration are as in model.Config.
	Stated        bool `json:"stated,omitempty"`
	NoIntegration bool `json:"no_integration,omitempty"`
	// Set fixes parameters in every draw (`steppe run --set`).
	Set map[string]float64 `json:"set,omitempty"`
	// Posterior is the content of a posterior file (`steppe run
	// --posterior`, read with model.Config.ReadPosterior) and
	// PosteriorFile its name; empty means the bundled posteriors.
	Posterior     []byte `json:"posterior,omitempty"`
	PosteriorFile string `json:"posterior_file,omitempty"`
}

// RunSpec is a `steppe run`: its options as in model.Options.
type RunSpec struct {
	Draws    int      `json:"draws"`
	Seed     uint64   `json:"seed"`
	Policies []string `json:"policies,omitempty"` // nil: all
	Paths    bool     `json:"paths,omitempty"`
	// PilotValues is results.Accumulator.PilotValues: the per-draw values
	// the summary keeps before it turns to histogram passes; 0 means
	// results.DefaultPilotValues (what `steppe run` uses). Tests lower it
	// to exercise several phases with few draws.
	PilotValues int `json:"pilot_values,omitempty"`
}

// ExploreSpec is a `steppe explore run`: the design's rows and the
// outcome options (model.OutcomeOptions) of every experiment.
type ExploreSpec struct {
	Comments []string    `json:"comments"`
	Factors  []string    `json:"factors"`
	Cells    [][]string  `json:"cells"`
	X        [][]float64 `json:"x"`
	// Outcomes are the draws per experiment, the simulation's seed (the
	// same in every experiment) and the outcomes' countries and years.
	Outcomes model.OutcomeOptions `json:"outcomes"`
}

// Task is one block of one phase of a sweep. Its encoding ([Task.Encode])
// is what a queue carries beside the header; [Task.Key] is unique within
// the sweep, so ID(header)+"."+Key is a message id that makes a duplicate
// publish harmless.
type Task struct {
	// Phase counts from 1. A run needs one phase when its draws' values
	// fit the summary's pilot, else more (see the package doc); an explore
	// sweep has one.
	Phase int `json:"phase"`
	// Block is the block's index in the sweep's partition, from 0 to
	// Sweep.Blocks()−1: see Sweep.Range and Sweep.DrawRange.
	Block int `json:"block"`
}

// Key is the task's name within its sweep, "p<phase>.b<block>", usable
// as a NATS subject token.
func (t Task) Key() string { return "p" + strconv.Itoa(t.Phase) + ".b" + strconv.Itoa(t.Block) }

// Encode returns the task's bytes.
func (t Task) Encode() []byte {
	b, _ := json.Marshal(t) // two ints: cannot fail
	return b
}

// DecodeTask parses a task's bytes.
func DecodeTask(b []byte) (Task, error) {
	var t Task
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&t); err != nil {
		return Task{}, fmt.Errorf("sweep: task: %w", err)
	}
	if d.More() {
		return Task{}, errors.New("sweep: task: data after the task")
	}
	if t.Phase < 1 || t.Block < 0 {
		return Task{}, fmt.Errorf("sweep: task: phase %d, block %d out of range", t.Phase, t.Block)
	}
	return t, nil
}

// Encode checks s and returns its header: JSON with a fixed field order
// and sorted map keys, so the same sweep always gives the same bytes.
func (s *Sweep) Encode() ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(Format)
	buf.WriteByte('\n')
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("sweep: header: %w", err)
	}
	return buf.Bytes(), nil
}

// Decode parses and checks a header written by [Sweep.Encode].
func Decode(header []byte) (*Sweep, error) {
	body, ok := bytes.CutPrefix(header, []byte(Format+"\n"))
	if !ok {
		line, _, _ := bytes.Cut(header, []byte("\n"))
		if len(line) > 40 {
			line = line[:40]
		}
		return nil, fmt.Errorf("sweep: header: format %q, want %q", line, Format)
	}
	var s Sweep
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(&s); err != nil {
		return nil, fmt.Errorf("sweep: header: %w", err)
	}
	if d.More() {
		return nil, errors.New("sweep: header: data after the sweep")
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return &s, nil
}

// ID is the sweep's id: the first 16 bytes of the header's SHA-256, in
// hex (32 characters, usable as a NATS subject token).
func ID(header []byte) string {
	h := sha256.Sum256(header)
	return hex.EncodeToString(h[:16])
}

// blockDraws is s's block size with the default applied.
func (s *Sweep) blockDraws() int {
	if s.BlockDraws == 0 {
		return DefaultBlockDraws
	}
	return s.BlockDraws
}

// Blocks is the number of blocks in s's partition (in every phase).
func (s *Sweep) Blocks() int {
	switch s.Kind {
	case KindRun:
		n := s.blockDraws()
		return (s.Run.Draws + n - 1) / n
	case KindExplore:
		if parts := s.parts(); parts > 1 {
			return len(s.Explore.X) * parts
		}
		k := s.perBlock()
		return (len(s.Explore.X) + k - 1) / k
	}
	return 0
}

// perBlock is the whole experiments in one block of an explore sweep
// whose experiments fit a block.
func (s *Sweep) perBlock() int { return max(1, s.blockDraws()/s.Explore.Outcomes.Draws) }

// parts is the blocks an explore sweep's experiment is split into: 1
// when its draws fit a block.
func (s *Sweep) parts() int {
	n := s.blockDraws()
	return (s.Explore.Outcomes.Draws + n - 1) / n
}

// Range is the half-open range of block b: draws of a run, experiments of
// an explore sweep (one, when an experiment's draws are split into
// several blocks; see DrawRange).
func (s *Sweep) Range(b int) (lo, hi int) {
	switch s.Kind {
	case KindRun:
		n := s.blockDraws()
		return b * n, min((b+1)*n, s.Run.Draws)
	case KindExplore:
		if parts := s.parts(); parts > 1 {
			return b / parts, b/parts + 1
		}
		k := s.perBlock()
		return b * k, min((b+1)*k, len(s.Explore.X))
	}
	return 0, 0
}

// DrawRange is the half-open range of the draws block b computes: a
// run's, as Range; an explore block's, in each of its experiments (all of
// them, unless the experiment's draws exceed BlockDraws and are split
// into blocks of BlockDraws).
func (s *Sweep) DrawRange(b int) (lo, hi int) {
	if s.Kind == KindRun {
		return s.Range(b)
	}
	if s.Kind != KindExplore {
		return 0, 0
	}
	d, parts := s.Explore.Outcomes.Draws, s.parts()
	if parts == 1 {
		return 0, d
	}
	n, part := s.blockDraws(), b%parts
	return part * n, min((part+1)*n, d)
}

// maxDraws bounds draws and block sizes, so that no block arithmetic
// overflows, even where int has 32 bits: 2^30 draws of the default
// scenario are about 37 core-hours (125 µs a draw, issue 19).
const maxDraws = 1 << 30

// check reports the first problem of s, naming the field.
func (s *Sweep) check() error {
	bad := func(field, format string, a ...any) error {
		return fmt.Errorf("sweep: header: %s: %s", field, fmt.Sprintf(format, a...))
	}
	if s.Scenario == "" {
		return bad("scenario", "empty")
	}
	if s.BlockDraws < 0 || s.BlockDraws > maxDraws || s.BlockDraws%sim.BlockSize != 0 {
		return bad("block_draws", "%d is not a positive multiple of %d (sim's block of draws) up to %d", s.BlockDraws, sim.BlockSize, maxDraws)
	}
	for k, v := range s.Model.Set {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return bad("model.set."+k, "%v is not a finite number", v)
		}
	}
	if len(s.Model.Posterior) > 0 && s.Model.PosteriorFile == "" {
		return bad("model.posterior_file", "empty with a posterior given")
	}
	switch s.Kind {
	case KindRun:
		if s.Run == nil || s.Explore != nil {
			return bad("run", "a run sweep needs run and no explore")
		}
		if s.Run.Draws <= 0 || s.Run.Draws > maxDraws {
			return bad("run.draws", "%d: need 1 to %d", s.Run.Draws, maxDraws)
		}
		if s.Run.PilotValues < 0 {
			return bad("run.pilot_values", "%d is negative", s.Run.PilotValues)
		}
	case KindExplore:
		e := s.Explore
		if e == nil || s.Run != nil {
			return bad("explore", "an explore sweep needs explore and no run")
		}
		if e.Outcomes.Draws <= 0 || e.Outcomes.Draws > maxDraws {
			return bad("explore.outcomes.Draws", "%d: need 1 to %d", e.Outcomes.Draws, maxDraws)
		}
		if len(e.Factors) == 0 || len(e.X) == 0 {
			return bad("explore", "no factors or no experiments")
		}
		if n := len(e.X); s.parts() > maxDraws/n {
			return bad("explore", "%d experiments of %d draws make more than %d blocks of %d draws", n, e.Outcomes.Draws, maxDraws, s.blockDraws())
		}
		if len(e.Cells) != len(e.X) {
			return bad("explore.cells", "%d rows for %d experiments", len(e.Cells), len(e.X))
		}
		for i, x := range e.X {
			if len(x) != len(e.Factors) || len(e.Cells[i]) != len(e.Factors) {
				return bad("explore.x", "experiment %d has %d values and %d cells for %d factors", i, len(x), len(e.Cells[i]), len(e.Factors))
			}
			for j, v := range x {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return bad("explore.x", "experiment %d, factor %s: %v is not a finite number", i, e.Factors[j], v)
				}
			}
		}
	default:
		return bad("kind", "%q, want %s or %s", s.Kind, KindRun, KindExplore)
	}
	return nil
}

// load is a sweep's model, assembled from its header.
type load struct {
	id string
	s  *Sweep
	m  *model.Model
	// An explore sweep's outcome columns and evaluator; when its
	// experiments are split into blocks, the cells its outcomes read and
	// the function that runs a range of an experiment's draws.
	outcomes []string
	eval     explore.EvalFunc
	cells    []model.OutcomeCell
	draws    func(ctx context.Context, i int, x []float64, first, n int, each func(*sim.Block) error) error
}

// terms are the cells whose per-draw values a split experiment's block
// carries: each outcome's cell, then, for a delta, the baseline's.
func (l *load) terms() int {
	n := len(l.cells)
	for _, c := range l.cells {
		if c.Delta {
			n++
		}
	}
	return n
}

// assemble decodes header and compiles its model.
func assemble(ctx context.Context, cache *model.Cache, header []byte) (*load, error) {
	s, err := Decode(header)
	if err != nil {
		return nil, err
	}
	sc, err := scenario.CheckContext(ctx, s.ScenarioName, []byte(s.Scenario), scenario.FilesOrEmbedded(data.FS()))
	if err != nil {
		return nil, fmt.Errorf("sweep: scenario: %w", err)
	}
	cfg := model.Config{Stated: s.Model.Stated, NoIntegration: s.Model.NoIntegration, Set: s.Model.Set}
	if len(s.Model.Posterior) > 0 {
		if err := cfg.ReadPosterior(s.Model.Posterior, s.Model.PosteriorFile); err != nil {
			return nil, fmt.Errorf("sweep: posterior %s: %w", s.Model.PosteriorFile, err)
		}
	}
	if cache == nil {
		cache = new(model.Cache)
	}
	m, err := cache.Assemble(sc.World, cfg)
	if err != nil {
		return nil, fmt.Errorf("sweep: model: %w", err)
	}
	l := &load{id: ID(header), s: s, m: m}
	if e := s.Explore; e != nil {
		if l.outcomes, l.eval, err = m.Evaluator(e.Factors, e.Outcomes); err != nil {
			return nil, fmt.Errorf("sweep: explore: %w", err)
		}
		if s.parts() > 1 {
			if l.cells, l.draws, err = m.ExperimentDraws(e.Factors, e.Outcomes); err != nil {
				return nil, fmt.Errorf("sweep: explore: %w", err)
			}
		}
		// The evaluator takes a policy factor's value as an index (a
		// design file's cells are checked against the levels when read).
		if j := slices.Index(e.Factors, model.PolicyFactor); j >= 0 {
			n := len(m.Sim.Policies())
			for i, x := range e.X {
				if v := x[j]; v != math.Trunc(v) || v < 0 || v >= float64(n) {
					return nil, fmt.Errorf("sweep: header: explore.x: experiment %d, factor %s: %v is not a policy index (0 to %d)", i, model.PolicyFactor, v, n-1)
				}
			}
		}
	}
	return l, nil
}

// runOptions are the sim options of a run sweep's draws lo ≤ d < hi.
func (l *load) runOptions(lo, hi, workers int) sim.Options {
	r := l.s.Run
	return sim.Options{First: lo, Draws: hi - lo, Seed: r.Seed, Workers: workers, Policies: r.Policies,
		Paths: r.Paths, Overrides: l.s.Model.Set}
}

// Worker computes blocks. It keeps the model of the last sweep it saw,
// so that consecutive tasks of one sweep assemble the model once. A
// Worker is safe for concurrent use.
type Worker struct {
	// Cache shares assembled engines between sweeps; nil makes one.
	Cache *model.Cache
	// Workers is the goroutines one block runs on (sim.Options.Workers,
	// or experiments at a time; 0: all cores). The partial does not
	// depend on it.
	Workers int
	// Build, when set, must equal a header's Build (when that is set).
	Build string

	mu   sync.Mutex
	last *load
	// lastHeader is last's header, so that the next task of the same
	// sweep is recognised by comparing bytes (a few µs for the default
	// scenario's 83 kB header) instead of hashing them (about 50 µs).
	lastHeader []byte
}

// model returns the sweep of header, assembling it unless it is the last.
func (w *Worker) model(ctx context.Context, header []byte) (*load, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.last != nil && bytes.Equal(header, w.lastHeader) {
		return w.last, nil
	}
	if w.Cache == nil {
		w.Cache = new(model.Cache)
	}
	l, err := assemble(ctx, w.Cache, header)
	if err != nil {
		return nil, err
	}
	if w.Build != "" && l.s.Build != "" && w.Build != l.s.Build {
		return nil, fmt.Errorf("sweep %s: submitted by %s, this worker is %s: another build may compute other numbers", l.id, l.s.Build, w.Build)
	}
	w.last, w.lastHeader = l, bytes.Clone(header)
	return l, nil
}

// maxPhases bounds a task's phase: a run needs at most 10 passes (the
// pilot, the second pass and up to 8 narrowing histograms, see package
// results), with margin.
const maxPhases = 64

// Execute computes one task of the sweep whose header is given and
// returns the partial's bytes: a pure function of (header, task), with a
// deterministic encoding, so a duplicate is detectable by comparing bytes.
// Problems with the header or task are errors that name them; a failing
// experiment's error names it.
func (w *Worker) Execute(ctx context.Context, header, task []byte) ([]byte, error) {
	t, err := DecodeTask(task)
	if err != nil {
		return nil, err
	}
	l, err := w.model(ctx, header)
	if err != nil {
		return nil, err
	}
	if n := l.s.Blocks(); t.Block >= n || t.Phase > maxPhases || l.s.Kind == KindExplore && t.Phase != 1 {
		return nil, fmt.Errorf("sweep %s: task %s is not in the sweep (%d blocks)", l.id, t.Key(), n)
	}
	lo, hi := l.s.Range(t.Block)
	var p *partial
	switch {
	case l.s.Kind == KindRun:
		p, err = w.runBlock(ctx, l, t, lo, hi)
	case l.draws != nil:
		p, err = splitBlock(ctx, l, t, lo)
	default:
		p, err = w.exploreBlock(ctx, l, t, lo, hi)
	}
	if err != nil {
		return nil, err
	}
	return p.close(), nil
}

// start begins the partial of task t, for blocks lo ≤ i < hi, with
// room for n floats.
func (l *load) start(t Task, lo, hi, n int) *partial {
	p := newPartial(l.id, t, 8*n+64)
	p.uvarint(uint64(lo))
	p.uvarint(uint64(hi))
	return p
}

// runBlock computes a run block's partial: for each of sim's blocks in
// it, in order, the block's sums (phase 1 only; none after; sparse, as a
// third of them are zero) and its draws' values that the summary reads
// (every cell's probability, and of the onsets only each policy's
// region's), written as sim hands the blocks over.
func (w *Worker) runBlock(ctx context.Context, l *load, t Task, lo, hi int) (*partial, error) {
	o := l.runOptions(lo, hi, w.Workers)
	var p *partial
	var region []float64
	o.Each = func(b *sim.Block) error {
		nco, npol := len(b.Onsets)/b.Draws(), len(b.Run.Policies)
		if p == nil {
			nsub := (hi - lo + sim.BlockSize - 1) / sim.BlockSize
			perDraw := len(b.PAny)/b.Draws() + npol + 1
			p = l.start(t, lo, hi, nsub*(len(b.Sums)+3)+(hi-lo)*perDraw)
			p.uvarint(uint64(nsub))
			p.uvarint(uint64(b.Cells))
			p.uvarint(uint64(nco))
		}
		if t.Phase == 1 {
			p.sparse(b.Sums)
		} else {
			p.sparse(nil)
		}
		p.floats(b.PAny)
		region = regionOnsets(region[:0], b.Onsets, nco, npol)
		p.floats(region)
		return nil
	}
	if _, err := l.m.Sim.Run(ctx, o); err != nil {
		return nil, fmt.Errorf("sweep %s: draws %d-%d: %w", l.id, lo, hi-1, err)
	}
	return p, nil
}

// regionOnsets appends to dst, draw by draw, each policy's onsets in the
// region (the last of its len(Countries)+1 columns): the only onsets
// results.Accumulator reads (its implied rates).
func regionOnsets(dst, onsets []float64, nco, npol int) []float64 {
	nc1 := nco / npol
	for d := 0; d < len(onsets); d += nco {
		for pol := range npol {
			dst = append(dst, onsets[d+pol*nc1+nc1-1])
		}
	}
	return dst
}

// exploreBlock writes the outcome rows of experiments lo ≤ i < hi,
// evaluated up to w.Workers at a time.
func (w *Worker) exploreBlock(ctx context.Context, l *load, t Task, lo, hi int) (*partial, error) {
	rows := make([][]float64, hi-lo)
	errs := make([]error, hi-lo)
	workers := w.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, hi-lo) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= hi-lo {
					return
				}
				y, err := l.eval(ctx, lo+i, l.s.Explore.X[lo+i])
				if err == nil && len(y) != len(l.outcomes) {
					err = fmt.Errorf("%d outcomes, want %d", len(y), len(l.outcomes))
				}
				rows[i], errs[i] = y, err
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("sweep %s: experiment %d: %w", l.id, lo+i, err)
		}
	}
	p := l.start(t, lo, hi, (hi-lo)*(len(l.outcomes)+2))
	p.uvarint(uint64(len(l.outcomes)))
	for _, y := range rows {
		p.floats(y)
	}
	return p, nil
}

// splitBlock computes the partial of a block of experiment i's draws:
// each draw's value of every term, in draw order.
func splitBlock(ctx context.Context, l *load, t Task, i int) (*partial, error) {
	lo, hi := l.s.DrawRange(t.Block)
	nt := l.terms()
	p := l.start(t, i, i+1, (hi-lo)*nt+4)
	p.uvarint(uint64(lo))
	p.uvarint(uint64(hi))
	p.uvarint(uint64(nt))
	p.uvarint(uint64((hi - lo) * nt))
	vals := make([]float64, 0, nt)
	each := func(b *sim.Block) error {
		last := len(b.Run.Policies) - 1 // the experiment's policy, with a policy factor
		for d := range b.Draws() {
			pany := b.PAny[d*b.Cells : (d+1)*b.Cells]
			vals = vals[:0]
			for _, c := range l.cells {
				pol := c.Policy
				if pol < 0 {
					pol = last
				}
				vals = append(vals, pany[b.Run.Index(pol, c.Country, c.Year)])
				if c.Delta {
					vals = append(vals, pany[b.Run.Index(0, c.Country, c.Year)])
				}
			}
			p.values(vals)
		}
		return nil
	}
	if err := l.draws(ctx, i, l.s.Explore.X[i], lo, hi-lo, each); err != nil {
		return nil, fmt.Errorf("sweep %s: experiment %d: %w", l.id, i, err)
	}
	return p, nil
}

// Execute is [Worker.Execute] with a Worker of its own around cache.
func Execute(ctx context.Context, cache *model.Cache, header, task []byte) ([]byte, error) {
	return (&Worker{Cache: cache}).Execute(ctx, header, task)
}
