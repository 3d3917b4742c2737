-- A run keeps what it needs to be run again after a restart: the file name
-- its scenario's positions are reported under, and the parameters its
-- request fixed (a JSON object of path to number, as steppe run --set).
ALTER TABLE runs ADD COLUMN file TEXT NOT NULL DEFAULT '';
ALTER TABLE runs ADD COLUMN overrides TEXT NOT NULL DEFAULT '{}';
