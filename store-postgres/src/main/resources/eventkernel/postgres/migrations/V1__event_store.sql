-- Positions come from a sequence, so they are handed out in insert order, not commit order: a writer
-- can take position 7 and commit after another took 8. The log is therefore ordered by the writer's
-- transaction id first, and readers only read below the oldest transaction still running
-- (pg_snapshot_xmin), where no event can appear any more. See PostgresEventStore.readAll.
CREATE TABLE events (
  position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
  event_id       uuid        NOT NULL,
  stream_id      text        NOT NULL,
  version        bigint      NOT NULL CHECK (version >= 1),
  type           text        NOT NULL,
  payload        json        NOT NULL, -- json, not jsonb: keeps the client's bytes as they came
  correlation_id text,
  causation_id   text,
  who            text,
  recorded_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);

CREATE INDEX events_log_order ON events (tx_id, position);
CREATE INDEX events_recorded_at ON events (recorded_at);

CREATE TABLE snapshots (
  stream_id      text        PRIMARY KEY,
  version        bigint      NOT NULL,
  schema_version integer     NOT NULL,
  state          text        NOT NULL,
  taken_at       timestamptz NOT NULL
);
