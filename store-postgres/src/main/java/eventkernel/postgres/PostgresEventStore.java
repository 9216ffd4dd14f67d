package eventkernel.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import eventkernel.store.AppendResult;
import eventkernel.store.AppendSignal;
import eventkernel.store.EventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.InvalidAppend;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.Snapshot;
import eventkernel.store.Snapshots;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The event store on PostgreSQL, in one schema of its own choosing.
 *
 * <p>Positions come from a sequence and are taken at insert, not at commit, so the global log is ordered
 * by (writer's transaction id, position) and read only below the oldest transaction still running:
 * every event in that range has committed or never will, so a reader that checkpoints the last position
 * it got never skips an event that commits late, and never waits on a timeout for a gap to fill. The
 * price: any long transaction that holds a transaction id anywhere in the cluster (even one not touching
 * events, even in another database) holds readers back until it ends. They lag; they never skip.
 *
 * <p>Appends that arrive while others are being written go to PostgreSQL together, one statement and one
 * commit for the group, each still checked and answered on its own ({@link GroupCommit}).
 */
public final class PostgresEventStore implements EventStore, Snapshots {
  public static final String DEFAULT_SCHEMA = "public";
  private static final String MIGRATIONS = "classpath:eventkernel/postgres/migrations";
  private static final String HISTORY_TABLE = "eventstore_schema_history";
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  /** An append at {@code any()} loses a race only to an append that was written: retrying makes progress. */
  private static final int MAX_ATTEMPTS = 200;
  private static final String COLUMNS =
      "event_id, stream_id, version, position, type, payload, correlation_id, causation_id, who, recorded_at";
  /** timestamptz ends in year 294276; an instant past any recorded event answers the same as this one. */
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final String schema;
  private final String qualifiedSchema;
  private final AppendSignal signal = new AppendSignal();
  private final AppendNotifications notifications;
  private final GroupCommit groups;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A store in the {@value #DEFAULT_SCHEMA} schema over the caller's pool, which the caller closes. */
  public PostgresEventStore(DataSource dataSource) {
    this(dataSource, DEFAULT_SCHEMA);
  }

  /**
   * A store in {@code schema} (created if missing) over the caller's pool, which the caller closes.
   * Migrates the schema on open, keeping its own Flyway history table so the application's migrations
   * can keep theirs.
   */
  public PostgresEventStore(DataSource dataSource, String schema) {
    this(dataSource, schema, null);
  }

  private PostgresEventStore(DataSource dataSource, String schema, HikariDataSource ownedPool) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.ownedPool = ownedPool;
    this.schema = checkedSchema(schema);
    this.qualifiedSchema = '"' + this.schema + '"';
    Flyway.configure(PostgresEventStore.class.getClassLoader())
        .dataSource(dataSource)
        .schemas(this.schema).defaultSchema(this.schema).createSchemas(true)
        .table(HISTORY_TABLE).locations(MIGRATIONS)
        .baselineOnMigrate(true).baselineVersion("0")
        .load().migrate();
    this.notifications = new AppendNotifications(ownConnections(dataSource, this.schema), this.schema, signal);
    this.groups = new GroupCommit("eventstore-append-" + this.schema, group -> autoCommitted(c -> GroupCommit.run(c, this::sql, group)));
  }

  /** A store in the {@value #DEFAULT_SCHEMA} schema with a connection pool of its own, closed with it. */
  public static PostgresEventStore open(String jdbcUrl) {
    return open(jdbcUrl, DEFAULT_SCHEMA);
  }

  /** A store in {@code schema} with a connection pool of its own, closed with it. */
  public static PostgresEventStore open(String jdbcUrl, String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("eventstore-" + checkedSchema(schema));
    HikariDataSource pool = new HikariDataSource(config);
    try {
      return new PostgresEventStore(pool, schema, pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static String checkedSchema(String schema) {
    if (schema == null || !SCHEMA_NAME.matcher(schema).matches()) {
      throw new IllegalArgumentException("schema must be a lower-case SQL identifier, got " + schema);
    }
    return schema;
  }

  /**
   * The notifier and the listener each hold a connection for as long as the store is open, so they should
   * not be the pool's: from a HikariCP pool with a JDBC URL they open their own. Any other data source is
   * asked for them, which gives dedicated connections from a non-pooling source such as
   * {@code PGSimpleDataSource} (and two held connections from another pool).
   */
  private static AppendNotifications.OwnConnections ownConnections(DataSource dataSource, String schema) {
    if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
      String url = hikari.getJdbcUrl();
      Properties properties = new Properties();
      properties.putAll(hikari.getDataSourceProperties());
      if (hikari.getUsername() != null) properties.setProperty("user", hikari.getUsername());
      if (hikari.getPassword() != null) properties.setProperty("password", hikari.getPassword());
      properties.setProperty("ApplicationName", "eventstore-notifications " + schema);
      return () -> DriverManager.getConnection(url, properties);
    }
    return dataSource::getConnection;
  }

  /** The schema holding this store's tables. */
  public String schema() {
    return schema;
  }

  private String sql(String text) {
    return text.replace("{schema}", qualifiedSchema);
  }

  // ---------------------------------------------------------------------------------------------- append

  @Override
  public AppendResult append(StreamId stream, ExpectedVersion expected, List<NewEvent> events) {
    return append(stream, expected, events, null);
  }

  /**
   * As {@link #append}, running {@code beforeCommit} inside the transaction once the events are written:
   * lets tests hold a transaction open (a late commit) or roll it back by throwing.
   */
  AppendResult append(StreamId stream, ExpectedVersion expected, List<NewEvent> events, Runnable beforeCommit) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(expected, "expected");
    if (events == null || events.isEmpty()) throw new InvalidAppend("nothing to append to stream " + stream);
    Set<UUID> ids = new HashSet<>();
    for (NewEvent e : events) {
      if (!ids.add(e.eventId())) throw new InvalidAppend("event " + e.eventId() + " twice in one append to stream " + stream);
    }
    GroupCommit.Append request = new GroupCommit.Append(stream, expected, List.copyOf(events));
    if (beforeCommit == null) {
      GroupCommit.Answer grouped = groups.append(request);
      if (grouped != null) return written(grouped.resultFor(request));
      // the group it was in failed as a whole: written alone, below, with the retries and errors of one
    }
    Work<AppendResult> append = c -> {
      AppendResult result = GroupCommit.run(c, this::sql, List.of(request)).getFirst().resultFor(request);
      if (beforeCommit != null && result.written()) beforeCommit.run();
      return result;
    };
    for (int attempt = 1; ; attempt++) {
      AppendResult result;
      try {
        // one statement is one transaction by itself: no BEGIN, no COMMIT round trip
        result = beforeCommit == null ? autoCommitted(append) : transaction(append);
      } catch (SQLException e) {
        if (isUniqueViolation(e, "events_stream_version_key") || isUniqueViolation(e, "events_event_id_key")
            || "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())) {
          // A concurrent append committed first: it took these versions, or stored these very events, or
          // crossed ours (serialization failure, deadlock). Nothing of ours was written. The next attempt
          // reads again and answers as if it had come second: the idempotent no-op when our events are
          // stored now, WrongExpectedVersion with the actual version when the stream moved, or, at any(),
          // the append after the winner's. Which unique index fires first does not matter.
        } else if (e.getSQLState() != null && e.getSQLState().startsWith("22")) {
          throw new InvalidAppend("stream " + stream + ": " + e.getMessage());
        } else {
          throw new DatabaseFailure("append to stream " + stream + " failed", e);
        }
        if (attempt == MAX_ATTEMPTS) throw new DatabaseFailure("append to stream " + stream + " lost " + attempt + " races", e);
        continue;
      }
      return written(result);
    }
  }

  private AppendResult written(AppendResult result) {
    if (result.written()) {
      signal.signal();
      notifications.committed();
    }
    return result;
  }

  private static boolean isUniqueViolation(SQLException e, String constraint) {
    if (!"23505".equals(e.getSQLState())) return false;
    ServerErrorMessage detail = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
    return detail != null && constraint.equals(detail.getConstraint());
  }

  // ------------------------------------------------------------------------------------------ streams

  @Override
  public List<StoredEvent> readStream(StreamId stream, long fromVersion, long toVersion) {
    return read("read stream " + stream, c -> events(c, sql("""
        SELECT %s FROM {schema}.events
        WHERE stream_id = ? AND version BETWEEN ? AND ?
        ORDER BY version""".formatted(COLUMNS)), stream.value(), fromVersion, toVersion));
  }

  @Override
  public List<StoredEvent> readStreamAsOf(StreamId stream, Instant asOf) {
    return read("read stream " + stream + " as of " + asOf, c -> events(c, sql("""
        SELECT %s FROM {schema}.events
        WHERE stream_id = ? AND recorded_at <= ?
        ORDER BY version""".formatted(COLUMNS)), stream.value(), timestamp(asOf)));
  }

  @Override
  public long streamVersion(StreamId stream) {
    return read("read the version of stream " + stream, c -> single(c, sql("""
        SELECT coalesce(max(version), 0) FROM {schema}.events WHERE stream_id = ?"""), stream.value()));
  }

  // ------------------------------------------------------------------------------------- the global log

  /**
   * The events after the one at {@code afterPosition} in (tx_id, position) order, below the horizon
   * {@code pg_snapshot_xmin(pg_current_snapshot())}: the oldest transaction still running. No event can
   * ever appear below it again, so what this returns is final and nothing can slip in before it later.
   * The condition is one row comparison, served in order by the (tx_id, position) index: no sort, however
   * long the log (checked by a test with EXPLAIN, custom and generic plans alike).
   * Parameters: after position (0 = from the start) three times, then the limit.
   */
  static final String READ_ALL = """
      SELECT %s FROM {schema}.events
      WHERE (tx_id, position) > (CASE WHEN ?::int8 = 0 THEN '0'::xid8
                                      ELSE (SELECT tx_id FROM {schema}.events WHERE position = ?) END, ?)
        AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY tx_id, position
      LIMIT ?""".formatted(COLUMNS);

  @Override
  public List<StoredEvent> readAll(long afterPosition, int limit) {
    if (afterPosition < 0) throw new IllegalArgumentException("position must be 0 or positive, got " + afterPosition);
    if (limit < 0) throw new IllegalArgumentException("limit must be 0 or positive, got " + limit);
    if (limit == 0) return List.of();
    return read("read the log after position " + afterPosition, c -> {
      List<StoredEvent> events = events(c, sql(READ_ALL), afterPosition, afterPosition, afterPosition, limit);
      // the position's own transaction id comes from a sub-select: an unknown position reads as nothing
      if (events.isEmpty() && afterPosition > 0) requireStored(c, afterPosition);
      return events;
    });
  }

  /** The last event in log order below the horizon (see {@link #READ_ALL}); 0 when none. */
  static final String HEAD = """
      SELECT coalesce((SELECT position FROM {schema}.events
                       WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
                       ORDER BY tx_id DESC, position DESC
                       LIMIT 1), 0)""";

  @Override
  public long headPosition() {
    return read("read the head of the log", c -> single(c, sql(HEAD)));
  }

  @Override
  public boolean reached(long checkpoint, long position) {
    if (checkpoint < 0 || position < 0) throw new IllegalArgumentException("positions are 0 or positive");
    if (position == 0) return true;
    if (checkpoint == 0) return false;
    return read("compare positions " + position + " and " + checkpoint, c -> {
      try (PreparedStatement q = c.prepareStatement(sql("""
          SELECT (p.tx_id, p.position) <= (c.tx_id, c.position)
          FROM {schema}.events p, {schema}.events c
          WHERE p.position = ? AND c.position = ?"""))) {
        q.setLong(1, position);
        q.setLong(2, checkpoint);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) {
            requireStored(c, checkpoint);
            requireStored(c, position);
          }
          return rs.getBoolean(1);
        }
      }
    });
  }

  @Override
  public long positionAt(Instant instant) {
    return read("find the position at " + instant, c -> single(c, sql("""
        SELECT coalesce((SELECT position FROM {schema}.events
                         WHERE recorded_at <= ?
                         ORDER BY tx_id DESC, position DESC
                         LIMIT 1), 0)"""), timestamp(instant)));
  }

  private void requireStored(Connection c, long position) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql("SELECT 1 FROM {schema}.events WHERE position = ?"))) {
      q.setLong(1, position);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) throw new IllegalArgumentException("no stored event has position " + position);
      }
    }
  }

  @Override
  public AppendSignal appendSignal() {
    return signal;
  }

  // -------------------------------------------------------------------------------------- snapshots

  @Override
  public Snapshots snapshots() {
    return this;
  }

  @Override
  public void save(Snapshot snapshot) {
    try {
      transaction(c -> {
        try (PreparedStatement upsert = c.prepareStatement(sql("""
            INSERT INTO {schema}.snapshots AS s (stream_id, version, schema_version, state, taken_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (stream_id) DO UPDATE
              SET version = excluded.version, schema_version = excluded.schema_version,
                  state = excluded.state, taken_at = excluded.taken_at
              WHERE excluded.version >= s.version"""))) {
          upsert.setString(1, snapshot.stream().value());
          upsert.setLong(2, snapshot.version());
          upsert.setInt(3, snapshot.schemaVersion());
          upsert.setString(4, snapshot.state());
          upsert.setObject(5, timestamp(snapshot.takenAt()));
          return upsert.executeUpdate();
        }
      });
    } catch (SQLException e) {
      throw new DatabaseFailure("save the snapshot of stream " + snapshot.stream(), e);
    }
  }

  @Override
  public Optional<Snapshot> load(StreamId stream, int schemaVersion) {
    return read("load the snapshot of stream " + stream, c -> {
      try (PreparedStatement q = c.prepareStatement(sql("""
          SELECT version, state, taken_at FROM {schema}.snapshots WHERE stream_id = ? AND schema_version = ?"""))) {
        q.setString(1, stream.value());
        q.setInt(2, schemaVersion);
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next()) return Optional.empty();
          return Optional.of(new Snapshot(stream, rs.getLong(1), schemaVersion, rs.getString(2),
              rs.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
    });
  }

  // ------------------------------------------------------------------------------------------- JDBC

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction on a pooled connection, leaving its auto-commit as it was. */
  private <T> T transaction(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (Throwable e) {
        try {
          c.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        if (autoCommit) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException broken) {
            // the connection broke; the pool evicts it, and whatever happened was already reported
          }
        }
      }
    }
  }

  /** Runs {@code work} with auto-commit on, each statement its own transaction, restoring the connection after. */
  private <T> T autoCommitted(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (!autoCommit) c.setAutoCommit(true);
      try {
        return work.run(c);
      } finally {
        if (!autoCommit) {
          try {
            c.setAutoCommit(false);
          } catch (SQLException broken) {
            // the connection broke; the pool evicts it, and whatever happened was already reported
          }
        }
      }
    }
  }

  private <T> T read(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new DatabaseFailure(what, e);
    }
  }

  private static List<StoredEvent> events(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      bind(q, args);
      try (ResultSet rs = q.executeQuery()) {
        List<StoredEvent> events = new ArrayList<>();
        StreamId stream = null; // a stream's events often come in a row: check its name once
        while (rs.next()) {
          String name = rs.getString(2);
          if (stream == null || !stream.value().equals(name)) stream = new StreamId(name);
          events.add(new StoredEvent(
              rs.getObject(1, UUID.class), stream, rs.getLong(3), rs.getLong(4),
              rs.getString(5), rs.getString(6), new Metadata(rs.getString(7), rs.getString(8), rs.getString(9)),
              rs.getObject(10, OffsetDateTime.class).toInstant()));
        }
        return events;
      }
    }
  }

  private static long single(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      bind(q, args);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void bind(PreparedStatement q, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
  }

  /**
   * PostgreSQL keeps microseconds and rounds to them; flooring first keeps "recorded at or before" exact.
   * Instants beyond what any event can carry are clamped to ones that answer the same.
   */
  private static OffsetDateTime timestamp(Instant instant) {
    Instant clamped = instant.isAfter(LATEST) ? LATEST : instant.isBefore(EARLIEST) ? EARLIEST : instant;
    return clamped.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  /** Stops the listener and the notifier (sending the NOTIFY still owed), and closes the pool if it is ours. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      groups.close();
      notifications.close();
    } finally {
      if (ownedPool != null) ownedPool.close();
    }
  }

  /** The server process the cross-process listener is connected to, 0 while it has none. */
  int listenerBackendPid() {
    return notifications.listenerBackendPid();
  }
}
