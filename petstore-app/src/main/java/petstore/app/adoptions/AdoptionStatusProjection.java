package petstore.app.adoptions;

import static eventkernel.sql.Jdbc.execute;

import eventkernel.projection.WriteOnlyProjection;
import eventkernel.projection.Tables;
import eventkernel.sql.BatchedWrites;
import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import petstore.adoption.AdoptionEvent;
import petstore.adoption.Step;
import petstore.app.codec.DomainEvents;
import petstore.pet.PetEvent;

/** Each adoption and where each of its eight steps stands, for GET /api/adoptions/{id}. */
public final class AdoptionStatusProjection implements WriteOnlyProjection {
  private final DomainEvents events;

  public AdoptionStatusProjection(DomainEvents events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "adoption_status";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<String> tables() {
    return List.of("adoptions", "adoption_steps");
  }

  @Override
  public void create(Connection c, Tables t) throws SQLException {
    execute(c, """
        CREATE TABLE %s (
          adoption_id          TEXT   PRIMARY KEY,
          pet_id               TEXT   NOT NULL,
          customer_id          TEXT   NOT NULL,
          status               TEXT   NOT NULL,
          certificate_url      TEXT,
          vet_appointment_date TEXT,
          reason               TEXT,
          created_at           BIGINT NOT NULL,
          finished_at          BIGINT)""".formatted(t.of("adoptions")), """
        CREATE TABLE %s (
          adoption_id TEXT    NOT NULL,
          step        TEXT    NOT NULL,
          status      TEXT    NOT NULL,
          attempts    INTEGER NOT NULL,
          last_error  TEXT,
          done_at     BIGINT,
          PRIMARY KEY (adoption_id, step))""".formatted(t.of("adoption_steps")));
  }

  @Override
  public void write(BatchedWrites w, Tables t, StoredEvent stored) throws SQLException {
    String adoptions = t.of("adoptions");
    String steps = t.of("adoption_steps");
    switch (events.decode(stored)) {
      case PetEvent.PetAdopted e -> {
        w.update("INSERT INTO " + adoptions + " (adoption_id, pet_id, customer_id, status, created_at) VALUES (?, ?, ?, 'processing', ?) "
            + "ON CONFLICT (adoption_id) DO NOTHING", e.adoption().toString(), e.pet().toString(), e.customer().toString(), e.at().toEpochMilli());
        for (Step s : Step.values()) {
          w.update("INSERT INTO " + steps + " (adoption_id, step, status, attempts) VALUES (?, ?, 'pending', 0) "
              + "ON CONFLICT (adoption_id, step) DO NOTHING", e.adoption().toString(), s.wireName());
        }
      }
      case AdoptionEvent.StepCompleted e -> w.update("UPDATE " + steps + " SET status = 'done', attempts = ?, done_at = ? "
          + "WHERE adoption_id = ? AND step = ?", e.attempts(), e.at().toEpochMilli(), e.adoption().toString(), e.step().wireName());
      case AdoptionEvent.StepAttemptFailed e -> w.update("UPDATE " + steps + " SET attempts = ?, last_error = ? "
          + "WHERE adoption_id = ? AND step = ? AND status <> 'done'", e.attempt(), e.error(), e.adoption().toString(), e.step().wireName());
      case AdoptionEvent.StepFailed e -> {
        w.update("UPDATE " + steps + " SET status = 'failed', attempts = ?, last_error = ? WHERE adoption_id = ? AND step = ? AND status <> 'done'",
            e.attempts(), e.error(), e.adoption().toString(), e.step().wireName());
        w.update("UPDATE " + adoptions + " SET status = 'failed', reason = ? WHERE adoption_id = ? AND status = 'processing'",
            e.step().wireName() + ": " + e.error(), e.adoption().toString());
      }
      case AdoptionEvent.StepRetryRequested e -> {
        w.update("UPDATE " + steps + " SET status = 'pending' WHERE adoption_id = ? AND step = ?", e.adoption().toString(), e.step().wireName());
        w.update("UPDATE " + adoptions + " SET status = 'processing', reason = NULL WHERE adoption_id = ? AND status = 'failed' "
            + "AND NOT EXISTS (SELECT 1 FROM " + steps + " WHERE adoption_id = ? AND status = 'failed')", e.adoption().toString(), e.adoption().toString());
      }
      case AdoptionEvent.AdoptionCompleted e -> w.update("UPDATE " + adoptions + " SET status = 'completed', certificate_url = ?, "
          + "vet_appointment_date = ?, finished_at = ? WHERE adoption_id = ?", e.certificateUrl(),
          e.vetAppointmentDate() == null ? null : e.vetAppointmentDate().toString(), e.at().toEpochMilli(), e.adoption().toString());
      case AdoptionEvent.AdoptionCancelled e -> w.update("UPDATE " + adoptions + " SET status = 'cancelled', reason = ?, finished_at = ? "
          + "WHERE adoption_id = ?", "pet returned: " + e.reason(), e.at().toEpochMilli(), e.adoption().toString());
      default -> { }
    }
  }
}
