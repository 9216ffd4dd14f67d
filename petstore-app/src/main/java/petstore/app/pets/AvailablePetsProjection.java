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
import petstore.shelter.ShelterEvent;

/**
 * The pets a customer can adopt, with their shelter's name, and since when each is available. It keeps
 * every pet (a returned pet comes back with what it had) and its own copy of shelter names, so it never
 * waits on another projection.
 */
public final class AvailablePetsProjection implements WriteOnlyProjection {
  private final DomainEvents events;

  public AvailablePetsProjection(DomainEvents events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "available_pets";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<String> tables() {
    return List.of("available_pets", "available_pets_shelters");
  }

  @Override
  public void create(Connection c, Tables t) throws SQLException {
    execute(c, """
        CREATE TABLE %s (
          pet_id          TEXT    PRIMARY KEY,
          name            TEXT    NOT NULL,
          species         TEXT    NOT NULL,
          age             INTEGER NOT NULL,
          shelter_id      TEXT    NOT NULL,
          photo_url       TEXT,
          available       INTEGER NOT NULL,
          available_since BIGINT  NOT NULL)""".formatted(t.of("available_pets")),
        "CREATE INDEX %s ON %s (available, available_since, pet_id)".formatted(t.of("available_pets_by_since"), t.of("available_pets")),
        "CREATE TABLE %s (shelter_id TEXT PRIMARY KEY, name TEXT NOT NULL)".formatted(t.of("available_pets_shelters")));
  }

  @Override
  public void write(BatchedWrites w, Tables t, StoredEvent stored) throws SQLException {
    switch (events.decode(stored)) {
      case ShelterEvent.ShelterRegistered e -> w.update("INSERT INTO " + t.of("available_pets_shelters") + " (shelter_id, name) VALUES (?, ?) ON CONFLICT (shelter_id) DO NOTHING",
          e.shelter().toString(), e.name());
      case PetEvent.PetRegistered e -> w.update("INSERT INTO " + t.of("available_pets") + " (pet_id, name, species, age, shelter_id, available, available_since) "
              + "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (pet_id) DO NOTHING",
          e.pet().toString(), e.name(), e.species().wireName(), e.age(), e.shelter().toString(), e.at().toEpochMilli());
      case PetEvent.PetAdopted e -> w.update("UPDATE " + t.of("available_pets") + " SET available = 0 WHERE pet_id = ?", e.pet().toString());
      case PetEvent.PetReturned e -> w.update("UPDATE " + t.of("available_pets") + " SET available = 1, available_since = ? WHERE pet_id = ?",
          e.at().toEpochMilli(), e.pet().toString());
      case PetEvent.PetNameChanged e -> w.update("UPDATE " + t.of("available_pets") + " SET name = ? WHERE pet_id = ?", e.newName(), e.pet().toString());
      default -> { }
    }
  }
}
