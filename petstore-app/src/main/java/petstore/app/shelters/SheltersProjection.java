package petstore.app.shelters;

import static eventkernel.sql.Jdbc.execute;

import eventkernel.projection.WriteOnlyProjection;
import eventkernel.projection.Tables;
import eventkernel.sql.BatchedWrites;
import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import petstore.app.codec.DomainEvents;
import petstore.shelter.ShelterEvent;

/** The shelters, with where their webhook goes and the secret that signs it (never shown by a query). */
public final class SheltersProjection implements WriteOnlyProjection {
  private final DomainEvents events;

  public SheltersProjection(DomainEvents events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "shelters";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<String> tables() {
    return List.of("shelters");
  }

  @Override
  public void create(Connection c, Tables t) throws SQLException {
    execute(c, """
        CREATE TABLE %s (
          shelter_id     TEXT   PRIMARY KEY,
          name           TEXT   NOT NULL,
          city           TEXT   NOT NULL,
          webhook_url    TEXT,
          webhook_secret TEXT,
          registered_at  BIGINT NOT NULL)""".formatted(t.of("shelters")));
  }

  @Override
  public void write(BatchedWrites w, Tables t, StoredEvent stored) throws SQLException {
    if (events.decode(stored) instanceof ShelterEvent.ShelterRegistered e) {
      w.update("INSERT INTO " + t.of("shelters") + " (shelter_id, name, city, webhook_url, webhook_secret, registered_at) "
              + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shelter_id) DO NOTHING",
          e.shelter().toString(), e.name(), e.city(), e.webhookUrl(), e.webhookSecret(), e.at().toEpochMilli());
    }
  }
}
