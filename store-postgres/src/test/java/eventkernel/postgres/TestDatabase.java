package eventkernel.postgres;

import static org.awaitility.Awaitility.await;

import eventkernel.store.EventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** A fresh schema in the test database, dropped on close, so test runs never see each other's events. */
final class TestDatabase implements AutoCloseable {
  static final String URL =
      System.getenv().getOrDefault("PETSTORE_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  final String schema = "eventstore_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  PostgresEventStore openStore() {
    return PostgresEventStore.open(URL, schema);
  }

  /**
   * Waits until readers of the log see the event at {@code position}. Committed is not yet visible: any
   * older transaction still running anywhere in the cluster (another test run sharing the server, say)
   * holds the horizon below it for as long as it runs.
   */
  static void awaitVisible(EventStore store, long position) {
    await("position " + position + " visible to readers").atMost(Duration.ofSeconds(30))
        .until(() -> store.reached(store.headPosition(), position));
  }

  /** A plain connection outside any store, for what the tests do behind the store's back. */
  static Connection connect() {
    try {
      return DriverManager.getConnection(URL);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + URL
          + " (set PETSTORE_TEST_POSTGRES to a JDBC URL of a database the tests may create schemas in): " + e.getMessage(), e);
    }
  }

  void execute(String sql) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql.replace("{schema}", '"' + schema + '"'));
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS {schema} CASCADE");
  }
}
