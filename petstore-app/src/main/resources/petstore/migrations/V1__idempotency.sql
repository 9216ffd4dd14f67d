-- The first answer to each Idempotency-Key, so a client's retry gets it again and appends nothing.
CREATE TABLE idempotency_keys (
  idempotency_key TEXT    PRIMARY KEY,
  request_hash    TEXT    NOT NULL,
  status          INTEGER NOT NULL,
  body            TEXT    NOT NULL,
  created_at      BIGINT  NOT NULL
);
