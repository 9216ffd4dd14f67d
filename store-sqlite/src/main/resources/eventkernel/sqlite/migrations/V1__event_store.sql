-- One writer at a time (SQLite's own write lock), so positions are handed out in commit order:
-- a reader tailing by position can never skip an event that commits late.
CREATE TABLE events (
  position       INTEGER PRIMARY KEY,
  event_id       TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  version        INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  payload        TEXT    NOT NULL,
  correlation_id TEXT,
  causation_id   TEXT,
  who            TEXT,
  recorded_at    INTEGER NOT NULL, -- microseconds since the epoch
  UNIQUE (stream_id, version)
);

CREATE INDEX events_recorded_at ON events (recorded_at);

CREATE TABLE snapshots (
  stream_id      TEXT    PRIMARY KEY,
  version        INTEGER NOT NULL,
  schema_version INTEGER NOT NULL,
  state          TEXT    NOT NULL,
  taken_at       INTEGER NOT NULL
);
