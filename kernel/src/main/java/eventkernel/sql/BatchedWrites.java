package eventkernel.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes of one transaction sent to the database in as few round trips as their order allows: each run
 * of the same statement with different arguments goes as one JDBC batch, sent when another statement
 * comes and on {@link #flush}. The database applies them in the order they were given. {@link #close}
 * drops what was not sent, so that a failure half-way through sends nothing more.
 *
 * <p>Only for writes whose outcome the caller does not read back before the batch is sent: nothing here
 * answers how many rows a statement changed, and a read through the same connection does not see a
 * write still waiting in the batch. A failing statement fails the batch's send, so the caller knows
 * which batch failed, not which statement.
 */
public final class BatchedWrites implements AutoCloseable {
  private final Connection connection;
  private PreparedStatement pending;
  private String pendingSql;

  public BatchedWrites(Connection connection) {
    this.connection = connection;
  }

  /** Queues one execution of {@code sql} with {@code args}; sends what was queued first if it was another statement. */
  public void update(String sql, Object... args) throws SQLException {
    if (!sql.equals(pendingSql)) {
      flush();
      pending = connection.prepareStatement(sql);
      pendingSql = sql;
    }
    Jdbc.bind(pending, args);
    pending.addBatch();
  }

  /** Sends what is queued. */
  public void flush() throws SQLException {
    if (pending == null) return;
    PreparedStatement statement = pending;
    pending = null;
    pendingSql = null;
    try (statement) {
      statement.executeBatch();
    }
  }

  /** Drops what was queued and not sent. */
  @Override
  public void close() throws SQLException {
    PreparedStatement statement = pending;
    pending = null;
    pendingSql = null;
    if (statement != null) statement.close();
  }
}
