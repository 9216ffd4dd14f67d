package eventkernel.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import eventkernel.sql.Database;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * One SQLite file shared by the event store and whatever else keeps tables beside it (read models).
 * SQLite admits one writer at a time; writers here queue on a fair lock in this JVM instead of
 * spinning in SQLite's busy handler, and each write transaction starts IMMEDIATE.
 */
public final class SqliteDatabase implements Database {

  private final HikariDataSource dataSource;
  private final ReentrantLock writeLock = new ReentrantLock(true);

  private SqliteDatabase(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens (and creates) the database file; its folder is created when missing. */
  public static SqliteDatabase open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the folder for " + file + ": " + e.getMessage(), e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
    config.setPoolName("sqlite");
    config.setMaximumPoolSize(8);
    // WAL lets readers run beside the writer; NORMAL sync in WAL survives a killed process (not a power cut).
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "NORMAL");
    config.addDataSourceProperty("busy_timeout", "10000");
    config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    config.addDataSourceProperty("foreign_keys", "true");
    return new SqliteDatabase(new HikariDataSource(config));
  }

  @Override
  public Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void migrate(String location, String historyTable) {
    Flyway.configure().dataSource(dataSource).locations(location).table(historyTable)
        .baselineOnMigrate(true).baselineVersion("0").load().migrate();
  }

  @Override
  public <T> T write(Work<T> work) {
    writeLock.lock();
    try {
      return Database.inTransaction(dataSource, work);
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new IllegalStateException("SQLite read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
