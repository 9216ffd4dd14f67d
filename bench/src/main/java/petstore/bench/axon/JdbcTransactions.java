package petstore.bench.axon;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's transactions on a plain pool, outside Spring: what Spring's DataSourceTransactionManager with
 * SpringDataSourceConnectionProvider does for an Axon application. A transaction binds one pooled connection
 * to the thread; the storage engine, the token store and a handler all get that connection while it runs,
 * so a tracking processor's writes and its token commit together (as the kernel's projections do).
 */
public final class JdbcTransactions implements TransactionManager, ConnectionProvider {
  private final DataSource pool;
  private final ThreadLocal<Connection> bound = new ThreadLocal<>();

  public JdbcTransactions(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Transaction startTransaction() {
    if (bound.get() != null) {
      return new Transaction() { // joins the transaction already running
        @Override public void commit() {}
        @Override public void rollback() {}
      };
    }
    Connection c;
    try {
      c = pool.getConnection();
      c.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot begin a transaction: " + e.getMessage(), e);
    }
    bound.set(c);
    return new Transaction() {
      @Override
      public void commit() {
        finish(c, true);
      }

      @Override
      public void rollback() {
        finish(c, false);
      }
    };
  }

  private void finish(Connection c, boolean commit) {
    bound.remove();
    try {
      if (commit) c.commit();
      else c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end a transaction: " + e.getMessage(), e);
    } finally {
      try {
        c.close();
      } catch (SQLException ignored) {
        // back to the pool or evicted by it
      }
    }
  }

  /** The transaction's connection (closing it leaves it open), or a pooled one in auto-commit outside any. */
  @Override
  public Connection getConnection() throws SQLException {
    Connection c = bound.get();
    if (c != null) return ConnectionWrapperFactory.wrap(c, new ConnectionWrapperFactory.NoOpCloseHandler());
    return pool.getConnection();
  }
}
