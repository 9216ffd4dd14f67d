package petstore.app.customers;

import static eventkernel.sql.Jdbc.execute;

import eventkernel.projection.WriteOnlyProjection;
import eventkernel.projection.Tables;
import eventkernel.sql.BatchedWrites;
import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import petstore.app.codec.DomainEvents;
import petstore.customer.CustomerEvent;

/** The customers and where to write to them. */
public final class CustomersProjection implements WriteOnlyProjection {
  private final DomainEvents events;

  public CustomersProjection(DomainEvents events) {
    this.events = events;
  }

  @Override
  public String name() {
    return "customers";
  }

  @Override
  public int version() {
    return 1;
  }

  @Override
  public List<String> tables() {
    return List.of("customers");
  }

  @Override
  public void create(Connection c, Tables t) throws SQLException {
    execute(c, """
        CREATE TABLE %s (
          customer_id   TEXT   PRIMARY KEY,
          name          TEXT   NOT NULL,
          email         TEXT   NOT NULL,
          registered_at BIGINT NOT NULL)""".formatted(t.of("customers")));
  }

  @Override
  public void write(BatchedWrites w, Tables t, StoredEvent stored) throws SQLException {
    if (events.decode(stored) instanceof CustomerEvent.CustomerRegistered e) {
      w.update("INSERT INTO " + t.of("customers") + " (customer_id, name, email, registered_at) VALUES (?, ?, ?, ?) "
              + "ON CONFLICT (customer_id) DO NOTHING",
          e.customer().toString(), e.name(), e.email(), e.at().toEpochMilli());
    }
  }
}
