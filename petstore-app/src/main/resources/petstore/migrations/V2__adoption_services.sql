-- The services' own tables. Each is written only in the transaction that records the message in the
-- service's inbox, so a redelivered message changes nothing twice.
CREATE TABLE inventory (
  shelter_id TEXT    NOT NULL,
  species    TEXT    NOT NULL,
  available  INTEGER NOT NULL,
  adopted    INTEGER NOT NULL,
  PRIMARY KEY (shelter_id, species)
);

CREATE TABLE certificates (
  adoption_id TEXT   PRIMARY KEY,
  pdf_base64  TEXT   NOT NULL,
  created_at  BIGINT NOT NULL
);

-- One appointment per slot of one vet, whoever races for it.
CREATE TABLE vet_appointments (
  vet         TEXT   NOT NULL,
  slot_start  BIGINT NOT NULL,
  adoption_id TEXT   NOT NULL UNIQUE,
  pet_id      TEXT   NOT NULL,
  booked_at   BIGINT NOT NULL,
  PRIMARY KEY (vet, slot_start)
);

CREATE TABLE shipments (
  adoption_id     TEXT   PRIMARY KEY,
  customer_id     TEXT   NOT NULL,
  tracking_number TEXT   NOT NULL,
  status          TEXT   NOT NULL,
  created_at      BIGINT NOT NULL
);

CREATE TABLE adoption_analytics (
  day         TEXT             NOT NULL,
  species     TEXT             NOT NULL,
  adoptions   INTEGER          NOT NULL,
  waited_days DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (day, species)
);
