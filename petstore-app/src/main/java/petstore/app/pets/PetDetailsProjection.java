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

/** Every pet as it is now: a row per pet for lists and look-ups that need no replay. */
public final class PetDetailsProjection implements WriteOnlyProjection {
  private final DomainEvents events;

  public PetDetailsProjection(DomainEvents events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "pet_details";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<String> tables() {
    return List.of("pet_details");
  }

  @Override
  public void create(Connection c, Tables t) throws SQLException {
    execute(c, """
        CREATE TABLE %s (
          pet_id        TEXT    PRIMARY KEY,
          name          TEXT    NOT NULL,
          species       TEXT    NOT NULL,
          age           INTEGER NOT NULL,
          shelter_id    TEXT    NOT NULL,
          status        TEXT    NOT NULL,
          adoption_id   TEXT,
          customer_id   TEXT,
          registered_at BIGINT  NOT NULL,
          changed_at    BIGINT  NOT NULL,
          version       BIGINT  NOT NULL)""".formatted(t.of("pet_details")));
  }

  @Override
  public void write(BatchedWrites w, Tables t, StoredEvent stored) throws SQLException {
    String table = t.of("pet_details");
    switch (events.decode(stored)) {
      case PetEvent.PetRegistered e -> w.update("INSERT INTO " + table + " (pet_id, name, species, age, shelter_id, status, registered_at, changed_at, version) "
              + "VALUES (?, ?, ?, ?, ?, 'available', ?, ?, ?) ON CONFLICT (pet_id) DO NOTHING",
          e.pet().toString(), e.name(), e.species().wireName(), e.age(), e.shelter().toString(),
          e.at().toEpochMilli(), e.at().toEpochMilli(), stored.version());
      case PetEvent.PetAdopted e -> w.update("UPDATE " + table + " SET status = 'adopted', adoption_id = ?, customer_id = ?, changed_at = ?, version = ? WHERE pet_id = ?",
          e.adoption().toString(), e.customer().toString(), e.at().toEpochMilli(), stored.version(), e.pet().toString());
      case PetEvent.PetReturned e -> w.update("UPDATE " + table + " SET status = 'available', adoption_id = NULL, customer_id = NULL, changed_at = ?, version = ? WHERE pet_id = ?",
          e.at().toEpochMilli(), stored.version(), e.pet().toString());
      case PetEvent.PetNameChanged e -> w.update("UPDATE " + table + " SET name = ?, changed_at = ?, version = ? WHERE pet_id = ?",
          e.newName(), e.at().toEpochMilli(), stored.version(), e.pet().toString());
      default -> { }
    }
  }
}
