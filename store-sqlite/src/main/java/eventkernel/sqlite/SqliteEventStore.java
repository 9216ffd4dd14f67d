package eventkernel.sqlite;

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
import eventkernel.store.WrongExpectedVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The event store in one SQLite file. SQLite runs one write transaction at a time, so positions are
 * handed out in commit order and the global log is read simply by position.
 */
public final class SqliteEventStore implements EventStore, Snapshots {
  private static final String COLUMNS =
      "event_id, stream_id, version, position, type, payload, correlation_id, causation_id, who, recorded_at";

  private final SqliteDatabase db;
  private final boolean ownsDatabase;
  private final Clock clock;
  private final AppendSignal signal = new AppendSignal();

  public SqliteEventStore(SqliteDatabase db, Clock clock) {
    this(db, false, clock);
  }

  private SqliteEventStore(SqliteDatabase db, boolean ownsDatabase, Clock clock) {
    this.db = db;
    this.ownsDatabase = ownsDatabase;
    this.clock = clock;
    db.migrate("classpath:eventkernel/sqlite/migrations", "eventstore_schema_history");
  }

  /** A store that owns its database file and closes it with itself. */
  public static SqliteEventStore open(java.nio.file.Path file) {
    return new SqliteEventStore(SqliteDatabase.open(file), true, Clock.systemUTC());
  }

  public SqliteDatabase database() {
    return db;
  }

  @Override
  public AppendResult append(StreamId stream, ExpectedVersion expected, List<NewEvent> events) {
    return append(stream, expected, events, () -> {});
  }

  /** As {@link #append}, running {@code beforeCommit} inside the transaction once the events are written. */
  AppendResult append(StreamId stream, ExpectedVersion expected, List<NewEvent> events, Runnable beforeCommit) {
    if (events == null || events.isEmpty()) throw new InvalidAppend("nothing to append to stream " + stream);
    AppendResult result = db.write(c -> {
      Map<UUID, long[]> stored = alreadyStored(c, events);
      List<NewEvent> fresh = events.stream().filter(e -> !stored.containsKey(e.eventId())).toList();
      if (fresh.isEmpty()) {
        long[] last = stored.get(events.getLast().eventId());
        return new AppendResult(last[0], last[1], false);
      }
      long current = version(c, stream);
      if (!expected.matches(current)) throw new WrongExpectedVersion(stream, expected, current);
      long recordedAt = micros(clock.instant());
      try (PreparedStatement insert = c.prepareStatement("""
          INSERT INTO events (event_id, stream_id, version, type, payload, correlation_id, causation_id, who, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
        long version = current;
        for (NewEvent e : fresh) {
          insert.setString(1, e.eventId().toString());
          insert.setString(2, stream.value());
          insert.setLong(3, ++version);
          insert.setString(4, e.type());
          insert.setString(5, e.payload());
          insert.setString(6, e.metadata().correlationId());
          insert.setString(7, e.metadata().causationId());
          insert.setString(8, e.metadata().who());
          insert.setLong(9, recordedAt);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      beforeCommit.run();
      try (var s = c.createStatement(); var rs = s.executeQuery("SELECT last_insert_rowid()")) {
        rs.next();
        return new AppendResult(current + fresh.size(), rs.getLong(1), true);
      }
    });
    if (result.written()) signal.signal();
    return result;
  }

  /** event id → {version, position} of the given events that are already stored. */
  private static Map<UUID, long[]> alreadyStored(Connection c, List<NewEvent> events) throws SQLException {
    Map<UUID, long[]> found = new HashMap<>();
    for (int from = 0; from < events.size(); from += 500) {
      List<NewEvent> chunk = events.subList(from, Math.min(events.size(), from + 500));
      String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement q = c.prepareStatement("SELECT event_id, version, position FROM events WHERE event_id IN (" + marks + ")")) {
        for (int i = 0; i < chunk.size(); i++) q.setString(i + 1, chunk.get(i).eventId().toString());
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) found.put(UUID.fromString(rs.getString(1)), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    return found;
  }

  private static long version(Connection c, StreamId stream) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT coalesce(max(version), 0) FROM events WHERE stream_id = ?")) {
      q.setString(1, stream.value());
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public List<StoredEvent> readStream(StreamId stream, long fromVersion, long toVersion) {
    return db.read(c -> query(c,
        "SELECT " + COLUMNS + " FROM events WHERE stream_id = ? AND version BETWEEN ? AND ? ORDER BY version",
        stream.value(), fromVersion, toVersion));
  }

  @Override
  public List<StoredEvent> readStreamAsOf(StreamId stream, Instant asOf) {
    return db.read(c -> query(c,
        "SELECT " + COLUMNS + " FROM events WHERE stream_id = ? AND recorded_at <= ? ORDER BY version",
        stream.value(), micros(asOf)));
  }

  @Override
  public long streamVersion(StreamId stream) {
    return db.read(c -> version(c, stream));
  }

  @Override
  public List<StoredEvent> readAll(long afterPosition, int limit) {
    return db.read(c -> query(c,
        "SELECT " + COLUMNS + " FROM events WHERE position > ? ORDER BY position LIMIT ?", afterPosition, limit));
  }

  @Override
  public long positionAt(Instant instant) {
    return db.read(c -> single(c, "SELECT coalesce(max(position), 0) FROM events WHERE recorded_at <= ?", micros(instant)));
  }

  @Override
  public long headPosition() {
    return db.read(c -> single(c, "SELECT coalesce(max(position), 0) FROM events"));
  }

  @Override
  public boolean reached(long checkpoint, long position) {
    return position <= checkpoint;
  }

  @Override
  public AppendSignal appendSignal() {
    return signal;
  }

  @Override
  public Snapshots snapshots() {
    return this;
  }

  @Override
  public void save(Snapshot snapshot) {
    db.write(c -> {
      try (PreparedStatement upsert = c.prepareStatement("""
          INSERT INTO snapshots (stream_id, version, schema_version, state, taken_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, schema_version = excluded.schema_version,
            state = excluded.state, taken_at = excluded.taken_at
          WHERE excluded.version >= snapshots.version""")) {
        upsert.setString(1, snapshot.stream().value());
        upsert.setLong(2, snapshot.version());
        upsert.setInt(3, snapshot.schemaVersion());
        upsert.setString(4, snapshot.state());
        upsert.setLong(5, micros(snapshot.takenAt()));
        return upsert.executeUpdate();
      }
    });
  }

  @Override
  public Optional<Snapshot> load(StreamId stream, int schemaVersion) {
    return db.read(c -> {
      try (PreparedStatement q = c.prepareStatement(
          "SELECT version, schema_version, state, taken_at FROM snapshots WHERE stream_id = ?")) {
        q.setString(1, stream.value());
        try (ResultSet rs = q.executeQuery()) {
          if (!rs.next() || rs.getInt(2) != schemaVersion) return Optional.empty();
          return Optional.of(new Snapshot(stream, rs.getLong(1), rs.getInt(2), rs.getString(3), instant(rs.getLong(4))));
        }
      }
    });
  }

  private static List<StoredEvent> query(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
      try (ResultSet rs = q.executeQuery()) {
        List<StoredEvent> events = new ArrayList<>();
        while (rs.next()) {
          events.add(new StoredEvent(
              UUID.fromString(rs.getString(1)), new StreamId(rs.getString(2)), rs.getLong(3), rs.getLong(4),
              rs.getString(5), rs.getString(6), new Metadata(rs.getString(7), rs.getString(8), rs.getString(9)),
              instant(rs.getLong(10))));
        }
        return events;
      }
    }
  }

  private static long single(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  @Override
  public void close() {
    if (ownsDatabase) db.close();
  }
}
