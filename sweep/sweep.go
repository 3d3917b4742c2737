package sweep

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/steppe-dev/steppe/explore"
	"github.com/steppe-dev/steppe/model"
	"github.com/steppe-dev/steppe/results"
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
	// puts max(1, BlockDraws/draws per experiment) whole experiments in a
	// block. 0 means DefaultBlockDraws. It never depends on the workers.
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
	// Draws per experiment and the simulation's seed, the same in every
	// experiment; Countries and Years choose the outcomes.
	Draws     int      `json:"draws"`
	Seed      uint64   `json:"seed"`
	Countries []string `json:"countries,omitempty"`
	Years     []int    `json:"years,omitempty"`
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
	// Block is the block's index in the sweep's partition: draws
	// [Block·BlockDraws, (Block+1)·BlockDraws) of a run, or the experiments
	// of block Block of an explore sweep.
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
		k := s.perBlock()
		return (len(s.Explore.X) + k - 1) / k
	}
	return 0
}

// perBlock is the experiments in one block of an explore sweep.
func (s *Sweep) perBlock() int { return max(1, s.blockDraws()/s.Explore.Draws) }

// Range is the half-open range of block b: draws of a run, experiments of
// an explore sweep.
func (s *Sweep) Range(b int) (lo, hi int) {
	switch s.Kind {
	case KindRun:
		n := s.blockDraws()
		return b * n, min((b+1)*n, s.Run.Draws)
	case KindExplore:
		k := s.perBlock()
		return b * k, min((b+1)*k, len(s.Explore.X))
	}
	return 0, 0
}

// check reports the first problem of s, naming the field.
func (s *Sweep) check() error {
	bad := func(field, format string, a ...any) error {
		return fmt.Errorf("sweep: header: %s: %s", field, fmt.Sprintf(format, a...))
	}
	if s.Scenario == "" {
		return bad("scenario", "empty")
	}
	if s.BlockDraws < 0 || s.BlockDraws%sim.BlockSize != 0 {
		return bad("block_draws", "%d is not a positive multiple of %d (sim's block of draws)", s.BlockDraws, sim.BlockSize)
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
		if s.Run.Draws <= 0 {
			return bad("run.draws", "%d: need at least 1", s.Run.Draws)
		}
		if s.Run.PilotValues < 0 {
			return bad("run.pilot_values", "%d is negative", s.Run.PilotValues)
		}
	case KindExplore:
		e := s.Explore
		if e == nil || s.Run != nil {
			return bad("explore", "an explore sweep needs explore and no run")
		}
		if e.Draws <= 0 {
			return bad("explore.draws", "%d: need at least 1", e.Draws)
		}
		if len(e.Factors) == 0 || len(e.X) == 0 {
			return bad("explore", "no factors or no experiments")
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

// errNotYet marks what the first, API-only commit does not do yet.
var errNotYet = errors.New("sweep: not implemented yet")

// Worker computes blocks. It keeps the model of the last sweep it saw,
// so that consecutive tasks of one sweep assemble the model once. A
// Worker is safe for concurrent use.
type Worker struct {
	// Cache shares assembled engines between sweeps; nil makes one.
	Cache *model.Cache
	// Workers is the goroutines one block's draws run on (sim.Options
	// .Workers; 0: all cores). The partial does not depend on it.
	Workers int
	// Build, when set, must equal a header's Build (when that is set).
	Build string
}

// Execute computes one task of the sweep whose header is given and
// returns the partial's bytes: a pure function of (header, task), with a
// deterministic encoding, so a duplicate is detectable by comparing bytes.
// Problems with the header or task are errors that name them; a failing
// experiment's error names it.
func (w *Worker) Execute(ctx context.Context, header, task []byte) ([]byte, error) {
	return nil, errNotYet
}

// Execute is [Worker.Execute] with a Worker of its own around cache.
func Execute(ctx context.Context, cache *model.Cache, header, task []byte) ([]byte, error) {
	return (&Worker{Cache: cache}).Execute(ctx, header, task)
}

// PartialInfo is what a partial says about itself ([Inspect]).
type PartialInfo struct {
	Sweep string // the sweep's ID
	Task  Task
}

// Inspect checks a partial's framing and checksum and returns its sweep
// id and task, without the sweep's header: a transport uses it to file a
// partial (for example under the subject of its sweep).
func Inspect(partial []byte) (PartialInfo, error) {
	return PartialInfo{}, errNotYet
}

// Coordinator gathers a sweep's partials and merges them. It lists the
// tasks still needed ([Coordinator.Pending]); a run whose draws do not fit
// the summary's pilot needs more than one phase, and Pending lists the
// next phase's tasks once the current one is merged. It is not safe for
// concurrent use: a transport calls it from one goroutine.
type Coordinator struct {
	s *Sweep
}

// NewCoordinator decodes header and assembles the sweep's model (cache
// as in [Worker]).
func NewCoordinator(ctx context.Context, cache *model.Cache, header []byte) (*Coordinator, error) {
	return nil, errNotYet
}

// ID is the sweep's id, [ID] of its header.
func (c *Coordinator) ID() string { return "" }

// Sweep is the decoded header.
func (c *Coordinator) Sweep() *Sweep { return c.s }

// Phase is the phase being gathered (from 1); after Done, the last one.
func (c *Coordinator) Phase() int { return 0 }

// Pending lists the current phase's tasks whose partials have not been
// added, in block order; empty once Done.
func (c *Coordinator) Pending() []Task { return nil }

// Progress is the current phase's blocks added and its total blocks.
func (c *Coordinator) Progress() (done, total int) { return 0, 0 }

// Next is the task whose partial the merge waits for (the lowest block of
// the phase not yet merged), and false once Done. A transport that stores
// partials can feed them in this order to keep the Coordinator's memory to
// one partial; one that does not can Add in any order: partials that
// arrive early are kept until their turn.
func (c *Coordinator) Next() (Task, bool) { return Task{}, false }

// Add takes one partial, in any order. It returns true when the partial
// was new, false for a copy of one already taken (it must be byte-
// identical, else Add returns a *ConflictError: the computation is not
// deterministic). A corrupted partial, one of another sweep or one of a
// phase that is not (yet) being gathered is refused with an error and
// changes nothing.
func (c *Coordinator) Add(partial []byte) (bool, error) { return false, errNotYet }

// Done reports whether every phase is merged.
func (c *Coordinator) Done() bool { return false }

// Results is a run sweep's results once Done: byte for byte (in every
// encoding) what model.Model.Run gives for the same scenario, config and
// options.
func (c *Coordinator) Results() (*results.Results, error) { return nil, errNotYet }

// Outcomes are an explore sweep's outcome columns (model.Model.Evaluator).
func (c *Coordinator) Outcomes() []string { return nil }

// WriteResults writes an explore sweep's results file once Done: the
// bytes explore.Run writes for the same design and outcomes (it is
// explore.Run, fed the merged rows; a file holding a prefix of them is
// resumed as explore.Run resumes it).
func (c *Coordinator) WriteResults(ctx context.Context, f explore.ResultsFile) error {
	return errNotYet
}

// ConflictError is a partial that differs from the one already taken for
// the same task.
type ConflictError struct {
	Sweep string
	Task  Task
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("sweep %s: task %s: two different partials for one block (a worker is not deterministic, or runs another build)", e.Sweep, e.Task.Key())
}

// keep the imports of the API commit in use.
var _ = binary.LittleEndian
var _ = strings.Cut
