package petstore.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A database of the bench's own per suite, made fresh each run, and pools on it configured alike for every peer. */
final class Postgres {
  private Postgres() {}

  static String url(String database) {
    return String.format(Harness.PG, database);
  }

  /** Drops and creates {@code database}; returns its JDBC URL. */
  static String freshDatabase(String database) {
    try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make database " + database + " (is PostgreSQL up at 127.0.0.1:5432?): " + e.getMessage(), e);
    }
    return url(database);
  }

  static void drop(String database) {
    try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (SQLException e) {
      System.err.println("bench: could not drop database " + database + ": " + e.getMessage());
    }
  }

  /** The same HikariCP pool for every peer: {@code size} connections, prepared statements cached by the driver. */
  static HikariDataSource pool(String url, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    return new HikariDataSource(config);
  }

  static void execute(javax.sql.DataSource ds, String... statements) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static long count(javax.sql.DataSource ds, String sql) {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
