-- Runs, their artifacts (results JSON/CSV, dashboard view) and uploaded
-- scenarios. Artifacts are written only together with the run's final
-- status, in one transaction (see Store.Finish).
CREATE TABLE runs (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL DEFAULT '',
    scenario_name   TEXT NOT NULL,
    scenario_source TEXT NOT NULL,
    resolved        TEXT NOT NULL DEFAULT '',
    policies        TEXT NOT NULL DEFAULT '[]',
    draws           INTEGER NOT NULL CHECK (draws > 0),
    seed            INTEGER NOT NULL,
    version         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    error           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    started_at      TEXT NOT NULL DEFAULT '',
    finished_at     TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX runs_by_created ON runs (created_at DESC, id);

CREATE TABLE artifacts (
    run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    PRIMARY KEY (run_id, name)
) STRICT;

CREATE TABLE scenarios (
    name       TEXT PRIMARY KEY,
    source     TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
