package eventkernel.projection;

import eventkernel.sql.BatchedWrites;
import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A projection that only writes as it applies events, never reading its tables in between: the writes
 * of a whole run of the log then go to the database as a few batches instead of a round trip each,
 * which is most of the time a rebuild or a busy live projection spends.
 */
public interface WriteOnlyProjection extends Projection {
  /** Queues the writes one event makes; events the projection does not care about are ignored. */
  void write(BatchedWrites writes, Tables tables, StoredEvent event) throws SQLException;

  @Override
  default void apply(Connection c, Tables tables, StoredEvent event) throws SQLException {
    applyAll(c, tables, List.of(event));
  }

  @Override
  default void applyAll(Connection c, Tables tables, List<StoredEvent> events) throws SQLException {
    try (BatchedWrites writes = new BatchedWrites(c)) {
      for (StoredEvent event : events) write(writes, tables, event);
      writes.flush();
    }
  }
}
