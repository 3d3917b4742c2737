package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Status is the life-cycle state of a run.
type Status string

// The statuses a run moves through: Queued → Running → one of Done, Failed,
// Cancelled. A queued run may also go straight to Failed or Cancelled.
const (
	Queued    Status = "queued"
	Running   Status = "running"
	Done      Status = "done"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
)

// Final reports whether s is a terminal status.
func (s Status) Final() bool { return s == Done || s == Failed || s == Cancelled }

// ErrNotFound is returned when a run, artifact or scenario does not exist.
var ErrNotFound = errors.New("not found")

// ErrState is returned when a run is not in a status that allows the
// requested change (for example finishing a run that is already done).
var ErrState = errors.New("run is not in a state that allows this")

// ErrExists is returned when creating a run or scenario whose key is taken.
var ErrExists = errors.New("already exists")

// InterruptedMessage is the error recorded by [Store.Recover] on runs that a
// previous process left running.
const InterruptedMessage = "interrupted: the server stopped before the run finished; start it again"

// Run is one simulation run as stored.
type Run struct {
	ID             string
	Name           string // optional label given by the user
	ScenarioName   string // embedded or uploaded scenario name, or the upload's file name
	File           string // the name the scenario's positions are reported under, e.g. "central-asia.yaml"
	ScenarioSource string // the scenario text the run was started from
	Resolved       string // the resolved scenario (defaults and extends applied), set by Finish
	Policies       []string
	Draws          int
	Seed           uint64
	Set            map[string]float64 // parameters fixed in every draw, by path
	Version        string             // steppe version that ran it
	Status         Status
	Error          string
	Created        time.Time
	Started        time.Time // zero until running
	Finished       time.Time // zero until final
}

// Artifact is one output file of a run.
type Artifact struct {
	Name        string // e.g. "results.json"
	ContentType string
	SHA256      string // hex digest of Data, computed by Finish
	Data        []byte
}

// Scenario is an uploaded scenario that later uploads may extend.
type Scenario struct {
	Name    string
	Source  string
	Created time.Time
}

// Store is a handle on the database. It is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// Open opens (creating if needed) the database file at path and applies any
// pending migrations. The directory must exist.
func Open(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate") // writers take the lock up front: no upgrade deadlocks
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &Store{db: db}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// SchemaVersion returns the number of migrations applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

func (s *Store) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	cur, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if cur > len(names) {
		return fmt.Errorf("database schema version %d is newer than this steppe (%d); use a newer steppe", cur, len(names))
	}
	for i := cur; i < len(names); i++ {
		src, err := migrations.ReadFile(names[i])
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(src)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(i+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
	}
	return nil
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}

// CreateRun inserts r. Its status must be Queued and its ID unused.
func (s *Store) CreateRun(ctx context.Context, r Run) error {
	if r.Status != Queued {
		return fmt.Errorf("create run %s: status %q, want %q", r.ID, r.Status, Queued)
	}
	pol, err := json.Marshal(nonNil(r.Policies))
	if err != nil {
		return err
	}
	set := []byte("{}")
	if len(r.Set) > 0 {
		if set, err = json.Marshal(r.Set); err != nil {
			return fmt.Errorf("create run %s: set: %w", r.ID, err)
		}
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO runs
		(id, name, scenario_name, file, scenario_source, resolved, policies, draws, seed, overrides, version, status, error, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Name, r.ScenarioName, r.File, r.ScenarioSource, r.Resolved, string(pol), r.Draws, int64(r.Seed),
		string(set), r.Version, string(r.Status), r.Error, fmtTime(r.Created))
	if err != nil {
		if duplicateKey(err) {
			return fmt.Errorf("create run %s: %w", r.ID, ErrExists)
		}
		return fmt.Errorf("create run %s: %w", r.ID, err)
	}
	return nil
}

// duplicateKey reports whether err is SQLite's refusal of a row whose
// primary or unique key is taken, by its extended result code
// (sqlite.org/rescode.html#constraint_primarykey).
func duplicateKey(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const runCols = `id, name, scenario_name, file, scenario_source, resolved, policies, draws, seed, overrides, version, status, error, created_at, started_at, finished_at`

type scanner interface{ Scan(...any) error }

func scanRun(sc scanner) (Run, error) {
	var (
		r                 Run
		pol, set, st      string
		seed              int64
		created, sta, fin string
	)
	if err := sc.Scan(&r.ID, &r.Name, &r.ScenarioName, &r.File, &r.ScenarioSource, &r.Resolved, &pol, &r.Draws, &seed,
		&set, &r.Version, &st, &r.Error, &created, &sta, &fin); err != nil {
		return Run{}, err
	}
	if set != "{}" {
		if err := json.Unmarshal([]byte(set), &r.Set); err != nil {
			return Run{}, fmt.Errorf("run %s set: %w", r.ID, err)
		}
	}
	r.Seed = uint64(seed)
	r.Status = Status(st)
	if err := json.Unmarshal([]byte(pol), &r.Policies); err != nil {
		return Run{}, fmt.Errorf("run %s policies: %w", r.ID, err)
	}
	var err error
	if r.Created, err = parseTime(created); err != nil {
		return Run{}, err
	}
	if r.Started, err = parseTime(sta); err != nil {
		return Run{}, err
	}
	if r.Finished, err = parseTime(fin); err != nil {
		return Run{}, err
	}
	return r, nil
}

// Run returns the run with the given id, or ErrNotFound.
func (s *Store) Run(ctx context.Context, id string) (Run, error) {
	r, err := scanRun(s.db.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, fmt.Errorf("run %s: %w", id, ErrNotFound)
	}
	return r, err
}

// listCols are runCols without the scenario texts, which a listing does
// not need and which can be tens of kilobytes a run.
const listCols = `id, name, scenario_name, file, '', '', policies, draws, seed, overrides, version, status, error, created_at, started_at, finished_at`

// Runs returns up to limit runs, newest first (limit <= 0 means 100),
// without their ScenarioSource and Resolved texts (use Run for those).
func (s *Store) Runs(ctx context.Context, limit int) ([]Run, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+listCols+` FROM runs ORDER BY created_at DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	out := []Run{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteRun removes a run and its artifacts, or returns ErrNotFound.
func (s *Store) DeleteRun(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM runs WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete run %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("delete run %s: %w", id, ErrNotFound)
	}
	return nil
}

// MarkRunning moves a queued run to Running at time t. It returns ErrState
// if the run is not queued (for example it was cancelled while waiting).
func (s *Store) MarkRunning(ctx context.Context, id string, t time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE runs SET status = 'running', started_at = ? WHERE id = ? AND status = 'queued'`,
		fmtTime(t), id)
	if err != nil {
		return fmt.Errorf("start run %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return s.stateErr(ctx, id, "start")
	}
	return nil
}

func (s *Store) stateErr(ctx context.Context, id, what string) error {
	r, err := s.Run(ctx, id)
	if err != nil {
		return fmt.Errorf("%s run %s: %w", what, id, err)
	}
	return fmt.Errorf("%s run %s (status %s): %w", what, id, r.Status, ErrState)
}

// Outcome is how a run ended.
type Outcome struct {
	Status    Status // Done, Failed or Cancelled
	Error     string // why it failed or was cancelled
	Resolved  string // the resolved scenario, if known
	Artifacts []Artifact
	At        time.Time
}

// Finish records the end of a queued or running run: its final status and,
// in the same transaction, all of its artifacts. Either everything is
// stored or nothing is. It returns ErrState if the run is already final and
// ErrNotFound if it does not exist.
func (s *Store) Finish(ctx context.Context, id string, o Outcome) error {
	if !o.Status.Final() {
		return fmt.Errorf("finish run %s: status %q is not final", id, o.Status)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("finish run %s: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, error = ?, resolved = CASE WHEN ? = '' THEN resolved ELSE ? END, finished_at = ?
		WHERE id = ? AND status IN ('queued', 'running')`,
		string(o.Status), o.Error, o.Resolved, o.Resolved, fmtTime(o.At), id)
	if err != nil {
		return fmt.Errorf("finish run %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		tx.Rollback()
		return s.stateErr(ctx, id, "finish")
	}
	for _, a := range o.Artifacts {
		sum := sha256.Sum256(a.Data)
		if _, err := tx.ExecContext(ctx, `INSERT INTO artifacts (run_id, name, content_type, sha256, data) VALUES (?, ?, ?, ?, ?)`,
			id, a.Name, a.ContentType, hex.EncodeToString(sum[:]), a.Data); err != nil {
			return fmt.Errorf("finish run %s: artifact %s: %w", id, a.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("finish run %s: commit: %w", id, err)
	}
	return nil
}

// Artifact returns the named artifact of a run, or ErrNotFound.
func (s *Store) Artifact(ctx context.Context, runID, name string) (Artifact, error) {
	a := Artifact{Name: name}
	err := s.db.QueryRowContext(ctx, `SELECT content_type, sha256, data FROM artifacts WHERE run_id = ? AND name = ?`, runID, name).
		Scan(&a.ContentType, &a.SHA256, &a.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return Artifact{}, fmt.Errorf("run %s artifact %s: %w", runID, name, ErrNotFound)
	}
	if err != nil {
		return Artifact{}, fmt.Errorf("run %s artifact %s: %w", runID, name, err)
	}
	return a, nil
}

// ArtifactNames lists the artifacts stored for a run, sorted.
func (s *Store) ArtifactNames(ctx context.Context, runID string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM artifacts WHERE run_id = ? ORDER BY name`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Recover marks every run left running by a previous process as failed
// with InterruptedMessage, and returns how many it marked and the runs
// left queued, oldest first, for the caller to run. A run that was running
// is not started again: it may be what stopped the process (out of
// memory), and would stop the next one too. Call Recover once at
// start-up, before accepting new runs.
func (s *Store) Recover(ctx context.Context, at time.Time) (failed int, queued []Run, err error) {
	res, err := s.db.ExecContext(ctx, `UPDATE runs SET status = 'failed', error = ?, finished_at = ? WHERE status = 'running'`,
		InterruptedMessage, fmtTime(at))
	if err != nil {
		return 0, nil, fmt.Errorf("recover interrupted runs: %w", err)
	}
	n, _ := res.RowsAffected()
	rows, err := s.db.QueryContext(ctx, `SELECT `+runCols+` FROM runs WHERE status = 'queued' ORDER BY created_at, id`)
	if err != nil {
		return 0, nil, fmt.Errorf("recover queued runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return 0, nil, fmt.Errorf("recover queued runs: %w", err)
		}
		queued = append(queued, r)
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("recover queued runs: %w", err)
	}
	return int(n), queued, nil
}

// PutScenario stores an uploaded scenario under a new name.
func (s *Store) PutScenario(ctx context.Context, sc Scenario) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO scenarios (name, source, created_at) VALUES (?, ?, ?)`,
		sc.Name, sc.Source, fmtTime(sc.Created))
	if err != nil {
		if duplicateKey(err) {
			return fmt.Errorf("scenario %q: %w", sc.Name, ErrExists)
		}
		return fmt.Errorf("store scenario %q: %w", sc.Name, err)
	}
	return nil
}

// Scenario returns an uploaded scenario, or ErrNotFound.
func (s *Store) Scenario(ctx context.Context, name string) (Scenario, error) {
	sc := Scenario{Name: name}
	var created string
	err := s.db.QueryRowContext(ctx, `SELECT source, created_at FROM scenarios WHERE name = ?`, name).Scan(&sc.Source, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Scenario{}, fmt.Errorf("scenario %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Scenario{}, fmt.Errorf("scenario %q: %w", name, err)
	}
	sc.Created, err = parseTime(created)
	return sc, err
}

// Scenarios lists uploaded scenarios by name (without their source).
func (s *Store) Scenarios(ctx context.Context) ([]Scenario, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, created_at FROM scenarios ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	defer rows.Close()
	out := []Scenario{}
	for rows.Next() {
		var sc Scenario
		var created string
		if err := rows.Scan(&sc.Name, &created); err != nil {
			return nil, err
		}
		if sc.Created, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error listing the
// problems unless SQLite answers "ok".
func (s *Store) IntegrityCheck(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return err
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return fmt.Errorf("integrity check: %s", strings.Join(msgs, "; "))
}

// Consistency checks steppe's own invariants: every artifact's digest matches
// its data, and only runs with status done have artifacts. It returns an
// error naming the first violations.
func (s *Store) Consistency(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT a.run_id, a.name, a.sha256, a.data, r.status FROM artifacts a JOIN runs r ON r.id = a.run_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var bad []string
	for rows.Next() {
		var id, name, sum, st string
		var data []byte
		if err := rows.Scan(&id, &name, &sum, &data, &st); err != nil {
			return err
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			bad = append(bad, fmt.Sprintf("run %s artifact %s: digest mismatch", id, name))
		}
		if Status(st) != Done {
			bad = append(bad, fmt.Sprintf("run %s (status %s) has artifact %s", id, st, name))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "; "))
	}
	return nil
}
