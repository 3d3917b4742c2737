package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/steppe-dev/steppe/store"
)

// Runs is the persistent store of runs and uploaded scenarios, in the
// store's record types. [store.Store] implements it; tests use a fake. Its
// methods return errors wrapping [store.ErrNotFound], [store.ErrExists] and
// [store.ErrState] so that the server can answer with the right status.
type Runs interface {
	// CreateRun stores a new queued run; ErrExists if the ID is taken.
	CreateRun(ctx context.Context, r store.Run) error
	// Run returns a run or ErrNotFound.
	Run(ctx context.Context, id string) (store.Run, error)
	// Runs lists up to limit runs, newest first; ScenarioSource and
	// Resolved may be left empty.
	Runs(ctx context.Context, limit int) ([]store.Run, error)
	// DeleteRun removes a run and its artifacts; ErrNotFound if absent.
	DeleteRun(ctx context.Context, id string) error
	// MarkRunning moves a queued run to running; ErrState otherwise.
	MarkRunning(ctx context.Context, id string, at time.Time) error
	// Finish records the outcome and all artifacts in one transaction;
	// ErrState if the run is already final.
	Finish(ctx context.Context, id string, o store.Outcome) error
	// Artifact returns a stored output of a run, or ErrNotFound.
	Artifact(ctx context.Context, id, name string) (store.Artifact, error)
	// PutScenario stores an uploaded scenario; ErrExists if the name is taken.
	PutScenario(ctx context.Context, sc store.Scenario) error
	// Scenario returns an uploaded scenario, or ErrNotFound.
	Scenario(ctx context.Context, name string) (store.Scenario, error)
	// Scenarios lists the uploaded scenarios by name; Source may be empty.
	Scenarios(ctx context.Context) ([]store.Scenario, error)
}

var _ Runs = (*store.Store)(nil)

// Resolver returns the source of the scenario a scenario names in its
// `extend` field: an embedded scenario or an earlier upload, by name only.
// It returns an error wrapping [store.ErrNotFound] for any other name.
type Resolver func(name string) ([]byte, error)

// Problem is one validation problem of a scenario, at file:line:column.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// String formats p as file:line:column: field: message.
func (p Problem) String() string {
	s := fmt.Sprintf("%s:%d:%d: ", p.File, p.Line, p.Column)
	if p.Field != "" {
		s += p.Field + ": "
	}
	return s + p.Message
}

// Checked is what validating a scenario found.
type Checked struct {
	Problems []Problem // empty when the scenario is valid
	Policies []string  // the policies it defines, baseline first
	Draws    int       // its default draw count
	Seed     uint64    // its default seed
}

// Job is one run for a [Runner].
type Job struct {
	RunID    string
	File     string // name used in positions, e.g. "central-asia.yaml"
	Source   []byte
	Resolve  Resolver
	Policies []string // the policies to run; never empty
	Draws    int
	Seed     uint64
	// Set fixes parameters in every draw, by path, as `steppe run --set`
	// does; [Runner.Admit] checks them as the scenario's own values are.
	Set map[string]float64
}

// Budget is the most one run may cost, as its Runner estimates it before
// the run is accepted.
type Budget struct {
	Bytes float64       // peak memory
	CPU   time.Duration // CPU time of the simulation
}

// RequestError is a problem with a field of a run request other than its
// scenario (a parameter set out of its range, a run over the budget): the
// server answers it with 422, Field then Msg.
type RequestError struct {
	Field string // the request's field, e.g. "set" or "draws"
	Msg   string
}

func (e *RequestError) Error() string { return e.Field + ": " + e.Msg }

// Progress is how far a run has come.
type Progress struct {
	Done  int64  `json:"done"`
	Total int64  `json:"total"`
	Stage string `json:"stage,omitempty"`
}

// Output is what a finished run produced. Files must include
// "results.json", "results.csv" and "view.json" (the dashboard view); their
// SHA256 is filled in when they are stored.
type Output struct {
	Resolved []byte
	Files    []store.Artifact
}

// Runner validates and runs scenarios. Implementations must reach other
// scenarios only through the Resolver they are given.
type Runner interface {
	// Validate checks src (named file) and reports its problems; the error
	// is for failures other than problems in the scenario.
	Validate(ctx context.Context, file string, src []byte, resolve Resolver) (Checked, error)
	// Admit checks a job of a valid scenario before it is queued: its Set
	// as the scenario file's values are checked (the parameter exists, the
	// value is in the range the file format states for it), and its
	// estimated cost against the budget. A problem of the request is a
	// *RequestError; the error is for other failures.
	Admit(ctx context.Context, job Job, budget Budget) error
	// Run runs job, calling progress from time to time (from any
	// goroutine, not concurrently), and stops early with ctx.Err() when
	// ctx is cancelled.
	Run(ctx context.Context, job Job, progress func(Progress)) (Output, error)
}

// Seed is a uint64 that encodes as a JSON string (JavaScript numbers lose
// precision above 2^53) and decodes from a JSON string or number.
type Seed uint64

// MarshalJSON implements json.Marshaler.
func (s Seed) MarshalJSON() ([]byte, error) {
	return json.Marshal(strconv.FormatUint(uint64(s), 10))
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Seed) UnmarshalJSON(b []byte) error {
	var str string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &str); err != nil {
			return err
		}
	} else {
		str = string(b)
	}
	v, err := strconv.ParseUint(str, 10, 64)
	if err != nil {
		return fmt.Errorf("seed must be an integer from 0 to 2^64-1, got %s", b)
	}
	*s = Seed(v)
	return nil
}
