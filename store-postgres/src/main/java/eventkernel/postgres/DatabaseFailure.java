package eventkernel.postgres;

import java.sql.SQLException;

/**
 * PostgreSQL failed in a way the store cannot answer for: unreachable, out of connections, a commit
 * whose outcome is unknown. An append that failed like this may or may not have been written; appending
 * the same events again (same ids) is safe.
 */
public final class DatabaseFailure extends RuntimeException {
  DatabaseFailure(String what, SQLException cause) {
    super(what + ": " + cause.getMessage(), cause);
  }

  /** The SQLSTATE PostgreSQL or the driver reported, or null. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
