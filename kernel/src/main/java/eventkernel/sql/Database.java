package eventkernel.sql;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The relational database the store lives in, shared with read models, inboxes and checkpoints so a
 * consumer's writes and its checkpoint commit together.
 */
public interface Database extends AutoCloseable {
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} in one write transaction: committed when it returns, rolled back when it throws. */
  <T> T write(Work<T> work);

  /**
   * As {@link #write}, for state derived from the log (read models with their checkpoints, cursors, the
   * embedded bus): a crash of the database server may lose the last few such commits, all together and
   * in order, and they are derived again from the log. Events and anything with an effect outside the
   * log are written with {@link #write}. By default the same as {@code write}.
   */
  default <T> T writeDerived(Work<T> work) {
    return write(work);
  }

  /**
   * The transaction every implementation runs {@code write} in: on a connection of {@code dataSource},
   * committed when {@code work} returns, rolled back when it throws, the connection left in auto-commit.
   */
  static <T> T inTransaction(DataSource dataSource, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Throwable e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("database write failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  <T> T read(Work<T> work);

  DataSource dataSource();

  /** Applies the Flyway migrations under {@code location}, keeping their history in {@code historyTable}. */
  void migrate(String location, String historyTable);

  /** Which SQL the tables are written in; kept to what both dialects share wherever possible. */
  Dialect dialect();

  enum Dialect { SQLITE, POSTGRESQL }

  @Override
  void close();
}
