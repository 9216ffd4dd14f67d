package eventkernel.projection;

import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A read model kept from the global log. The engine calls {@link #apply} inside the transaction that
 * also moves the projection's checkpoint, so each event lands exactly once.
 */
public interface Projection {
  String name();

  /** Bump when the tables or the way events fill them change: the engine then rebuilds from the start. */
  int version();

  /** Creates the projection's tables and indexes under the names {@code tables} gives. */
  void create(Connection c, Tables tables) throws SQLException;

  /** The base names of the tables {@link #create} makes, so a rebuild can swap them. */
  List<String> tables();

  /** Applies one event; events the projection does not care about are ignored. */
  void apply(Connection c, Tables tables, StoredEvent event) throws SQLException;

  /**
   * Applies a run of the log in order, in one transaction. A projection may do it faster than event by
   * event (see {@link WriteOnlyProjection}); when it fails, the engine applies the run again event by
   * event, to find the one that fails.
   */
  default void applyAll(Connection c, Tables tables, List<StoredEvent> events) throws SQLException {
    for (StoredEvent event : events) apply(c, tables, event);
  }
}
