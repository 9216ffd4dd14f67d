package petstore.app.pets;

import static eventkernel.sql.Jdbc.execute;

import eventkernel.projection.WriteOnlyProjection;
import eventkernel.projection.Tables;
import eventkernel.sql.BatchedWrites;
import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import petstore.app.codec.DomainEvents;
import petstore.pet.PetEvent;

/** Every adoption and return of every pet: who, when, why. */
public final class AdoptionHistoryProjection implements WriteOnlyProjection {
  private final DomainEvents events;

  public AdoptionHistoryProjection(DomainEvents events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "adoption_history";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<String> tables() {
    return List.of("adoption_history");
  }

  @Override
  public void create(Connection c, Tables t) throws SQLException {
    execute(c, """
        CREATE TABLE %s (
          event_id    TEXT   PRIMARY KEY,
          pet_id      TEXT   NOT NULL,
          pet_version BIGINT NOT NULL,
          kind        TEXT   NOT NULL,
          adoption_id TEXT   NOT NULL,
          customer_id TEXT,
          reason      TEXT,
          at          BIGINT NOT NULL)""".formatted(t.of("adoption_history")),
        "CREATE INDEX %s ON %s (pet_id, pet_version)".formatted(t.of("adoption_history_by_pet"), t.of("adoption_history")));
  }

  @Override
  public void write(BatchedWrites w, Tables t, StoredEvent stored) throws SQLException {
    String insert = "INSERT INTO " + t.of("adoption_history")
        + " (event_id, pet_id, pet_version, kind, adoption_id, customer_id, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    switch (events.decode(stored)) {
      case PetEvent.PetAdopted e -> w.update(insert, stored.eventId().toString(), e.pet().toString(), stored.version(),
          "adopted", e.adoption().toString(), e.customer().toString(), null, e.at().toEpochMilli());
      case PetEvent.PetReturned e -> w.update(// the one who returns the pet is the customer of the adoption it ends
          "INSERT INTO " + t.of("adoption_history") + " (event_id, pet_id, pet_version, kind, adoption_id, customer_id, reason, at) "
              + "SELECT ?, ?, ?, 'returned', ?, (SELECT customer_id FROM " + t.of("adoption_history")
              + " WHERE adoption_id = ? AND kind = 'adopted'), ?, ?",
          stored.eventId().toString(), e.pet().toString(), stored.version(), e.adoption().toString(),
          e.adoption().toString(), e.reason(), e.at().toEpochMilli());
      default -> { }
    }
  }
}
