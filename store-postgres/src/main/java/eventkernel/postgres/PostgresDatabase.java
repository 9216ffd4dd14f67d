package eventkernel.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import eventkernel.sql.Database;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A PostgreSQL database shared by the event store, read models, inboxes and checkpoints. */
public final class PostgresDatabase implements Database {
  private final HikariDataSource dataSource;
  private final String schema;

  private PostgresDatabase(HikariDataSource dataSource, String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /**
   * Opens a pool on {@code jdbcUrl}; its {@code currentSchema} parameter, when present, names the schema
   * the PetStore keeps its tables in (created when missing), else {@code public}.
   */
  public static PostgresDatabase open(String jdbcUrl, int poolSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("postgres");
    config.setMaximumPoolSize(poolSize);
    String schema = schemaOf(jdbcUrl);
    if (!schema.equals("public")) {
      // The schema must exist before a connection can use it as its search path.
      try (var c = java.sql.DriverManager.getConnection(jdbcUrl); var s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema.replace("\"", "") + "\"");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot reach PostgreSQL at " + redact(jdbcUrl) + ": " + e.getMessage(), e);
      }
    }
    try {
      return new PostgresDatabase(new HikariDataSource(config), schema);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot reach PostgreSQL at " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
  }

  static String schemaOf(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    if (q < 0) return "public";
    for (String pair : jdbcUrl.substring(q + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals("currentSchema") && !kv[1].isBlank()) return kv[1].split(",")[0];
    }
    return "public";
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  public String schema() {
    return schema;
  }

  @Override
  public <T> T write(Work<T> work) {
    return Database.inTransaction(dataSource, work);
  }

  /**
   * Derived state does not wait for its commit to reach the disk: most of a command's commits are
   * projections, cursors and the bus following the one that appended its events, and waiting for each
   * flush made the WAL the wall. Commits still reach the WAL in order, so a later durable commit (an
   * append, an inbox row) carries every derived commit before it.
   */
  @Override
  public <T> T writeDerived(Work<T> work) {
    return Database.inTransaction(dataSource, c -> {
      try (var s = c.createStatement()) {
        s.execute("SET LOCAL synchronous_commit = off");
      }
      return work.run(c);
    });
  }

  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  public void migrate(String location, String historyTable) {
    Flyway.configure().dataSource(dataSource).schemas(schema).locations(location).table(historyTable)
        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
