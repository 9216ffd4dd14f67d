package petstore.bench;

import com.zaxxer.hikari.HikariDataSource;
import eventkernel.postgres.PostgresDatabase;
import eventkernel.postgres.PostgresEventStore;
import eventkernel.projection.ProjectionEngine;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.EventStore;
import eventkernel.store.Metadata;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.PostgresTokenTableFactory;
import org.axonframework.messaging.MetaData;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.app.pets.AvailablePetsProjection;
import petstore.bench.axon.AxonEvents;
import petstore.bench.axon.AxonStore;
import petstore.pet.PetEvent;
import petstore.pet.PetId;
import petstore.pet.Species;
import petstore.shelter.ShelterId;

/**
 * Suites 2 and 4 on one data set: N PetRegistered events (each pet its own stream), loaded with COPY into the
 * kernel's PostgreSQL store and into Axon's JDBC store (each payload serialized by the store's own serializer),
 * and with one batch transaction into the SQLite store. Then: reading the whole global log, and rebuilding
 * the available-pets read model from it, each beside its peer and its limit.
 */
public final class LogBench {
  private static final PetStoreJson JSON = new PetStoreJson();
  private static final int PAGE = 500;

  public static void main(String[] args) throws Exception {
    Harness h = new Harness("log", args);
    int n = Integer.getInteger("bench.log.events", h.quick ? 100_000 : 1_000_000);
    String url = Postgres.freshDatabase("bench_log");
    Path sqliteDir = Files.createTempDirectory("bench-log-sqlite");
    Postgres.execute(Postgres.pool(url, "setup", 1), "CREATE SCHEMA axon", "CREATE SCHEMA rm_kernel", "CREATE SCHEMA rm_axon");
    try (Results read = new Results("read");
         Results rebuild = new Results("rebuild");
         HikariDataSource kernelPool = Postgres.pool(url, "kernel", 4);
         PostgresEventStore kernel = new PostgresEventStore(kernelPool, "kernel");
         AxonStore axon = new AxonStore(Postgres.pool(url + "&currentSchema=axon", "axon", 4), PAGE, true);
         SqliteEventStore sqlite = SqliteEventStore.open(sqliteDir.resolve("events.db"))) {
      h.say("loading %,d PetRegistered events into each store (COPY on PostgreSQL, one transaction on SQLite)", n);
      long t0 = System.nanoTime();
      loadKernel(kernelPool, n);
      h.say("  kernel store: %.1f s", (System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      loadAxon(axon, n);
      h.say("  axon store: %.1f s", (System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      loadSqlite(sqliteDir.resolve("events.db"), n);
      h.say("  sqlite store: %.1f s", (System.nanoTime() - t0) / 1e9);
      Postgres.execute(kernelPool, "VACUUM ANALYZE kernel.events", "VACUUM ANALYZE axon.domainevententry");

      List<String> impls = List.of("kernel-postgres", "plain-select-postgres", "axon-jdbc", "kernel-sqlite", "plain-select-sqlite");
      List<Reader> readers = List.of(
          () -> readAll(kernel),
          () -> plainSelect(kernelPool::getConnection, "kernel.events", true),
          () -> axonStream(axon),
          () -> readAll(sqlite),
          () -> plainSelect(() -> DriverManager.getConnection("jdbc:sqlite:" + sqliteDir.resolve("events.db")), "events", false));
      h.say("read: warm-up (two full reads each), then %d rounds", h.rounds);
      for (int w = 0; w < 2; w++) for (Reader r : readers) r.read();
      for (int round = 1; round <= h.rounds; round++) {
        for (int i = 0; i < impls.size(); i++) {
          double load = Harness.load();
          long start = System.nanoTime();
          long got = readers.get(i).read();
          double s = (System.nanoTime() - start) / 1e9;
          if (got != n) throw new IllegalStateException(impls.get(i) + " read " + got + " events, not " + n);
          read.row("log of " + n, impls.get(i), round, got, s, Double.NaN, Double.NaN, load);
          h.say("read %-22s round %d: %10s (load %.2f)", impls.get(i), round, Harness.rate(got / s), load);
        }
      }

      PostgresDatabase rmKernel = PostgresDatabase.open(url + "&currentSchema=rm_kernel", 4);
      HikariDataSource rmAxon = Postgres.pool(url, "rm-axon", 4);
      Postgres.execute(rmAxon, """
          CREATE TABLE rm_kernel.projection_checkpoints (
            name TEXT PRIMARY KEY, position BIGINT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL)""",
          """
          CREATE TABLE rm_axon.available_pets (
            pet_id TEXT PRIMARY KEY, name TEXT NOT NULL, species TEXT NOT NULL, age INTEGER NOT NULL,
            shelter_id TEXT NOT NULL, photo_url TEXT, available INTEGER NOT NULL, available_since BIGINT NOT NULL)""",
          "CREATE INDEX available_pets_by_since ON rm_axon.available_pets (available, available_since, pet_id)");
      JdbcTokenStore tokens = JdbcTokenStore.builder().connectionProvider(axon.transactions())
          .serializer(axon.serializer()).build();
      tokens.createSchema(PostgresTokenTableFactory.INSTANCE);
      int warm = Math.min(n, 100_000);
      h.say("rebuild: a warm-up over the first %,d events each, then %d rounds of %,d events", warm, h.rounds, n);
      for (int round = 0; round <= h.rounds; round++) {
        double load = Harness.load();
        double s = round == 0 ? rebuildKernel(capped(kernel, warm), rmKernel, rmAxon, warm) : rebuildKernel(kernel, rmKernel, rmAxon, n);
        if (round > 0) rebuild.row("rebuild of " + n, "kernel-projection-engine", round, n, s, Double.NaN, Double.NaN, load);
        h.say("rebuild kernel %s: %10s (load %.2f)", round == 0 ? "warm-up" : "round " + round, Harness.rate((round == 0 ? warm : n) / s), load);
        load = Harness.load();
        s = rebuildAxon(axon, tokens, rmAxon, round == 0 ? warm : n, "rebuild-" + round);
        if (round > 0) rebuild.row("rebuild of " + n, "axon-tracking-processor", round, n, s, Double.NaN, Double.NaN, load);
        h.say("rebuild axon   %s: %10s (load %.2f)", round == 0 ? "warm-up" : "round " + round, Harness.rate((round == 0 ? warm : n) / s), load);
      }
      rmKernel.close();
      rmAxon.close();
    } finally {
      Postgres.drop("bench_log");
    }
  }

  @FunctionalInterface
  interface Reader {
    long read() throws Exception;
  }

  @FunctionalInterface
  interface Connect {
    Connection open() throws Exception;
  }

  // ------------------------------------------------------------------------------------------- loading

  static PetEvent.PetRegistered registered(long i) {
    return new PetEvent.PetRegistered(new PetId(new UUID(0xBE7C0000L, i)), "Pet " + i, Species.values()[(int) (i % 4)],
        (int) (i % 20), new ShelterId(new UUID(0x5E17E5L, i % 100)), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i));
  }

  private static String copyText(String s) {
    if (s == null) return "\\N";
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
  }

  static void loadKernel(HikariDataSource pool, int n) throws Exception {
    int chunk = 50_000;
    for (int from = 0; from < n; from += chunk) {
      StringBuilder rows = new StringBuilder(chunk * 300);
      for (int i = from; i < Math.min(n, from + chunk); i++) {
        PetEvent.PetRegistered e = registered(i);
        rows.append(UUID.randomUUID()).append('\t').append("pet-").append(e.pet()).append('\t').append(1).append('\t')
            .append("PetRegistered").append('\t').append(copyText(JSON.petEvents().payloadOf(e))).append("\t\\N\t\\N\tbench\n");
      }
      try (Connection c = pool.getConnection()) {
        new CopyManager(c.unwrap(BaseConnection.class)).copyIn(
            "COPY kernel.events (event_id, stream_id, version, type, payload, correlation_id, causation_id, who) FROM STDIN",
            new StringReader(rows.toString()));
      }
    }
  }

  static void loadAxon(AxonStore axon, int n) throws Exception {
    HexFormat hex = HexFormat.of();
    String metaData = "\\\\x" + hex.formatHex(axon.serializer().serialize(MetaData.emptyInstance(), byte[].class).getData());
    String payloadType = AxonEvents.PetRegistered.class.getName();
    int chunk = 50_000;
    for (int from = 0; from < n; from += chunk) {
      StringBuilder rows = new StringBuilder(chunk * 600);
      for (int i = from; i < Math.min(n, from + chunk); i++) {
        PetEvent.PetRegistered e = registered(i);
        var payload = new AxonEvents.PetRegistered(e.pet().toString(), e.name(), e.species().wireName(), e.age(),
            e.shelter().toString(), e.at().toString());
        byte[] bytes = axon.serializer().serialize(payload, byte[].class).getData();
        rows.append(UUID.randomUUID()).append('\t').append(e.pet()).append("\t0\t").append(AxonStore.AGGREGATE_TYPE).append('\t')
            .append(Instant.now()).append('\t').append(payloadType).append("\t\\N\t\\\\x").append(hex.formatHex(bytes))
            .append('\t').append(metaData).append('\n');
      }
      try (Connection c = axon.pool().getConnection()) {
        new CopyManager(c.unwrap(BaseConnection.class)).copyIn("""
            COPY domainevententry (eventidentifier, aggregateidentifier, sequencenumber, type, timestamp, payloadtype,
                                   payloadrevision, payload, metadata) FROM STDIN""", new StringReader(rows.toString()));
      }
    }
  }

  static void loadSqlite(Path file, int n) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("""
          INSERT INTO events (event_id, stream_id, version, type, payload, correlation_id, causation_id, who, recorded_at)
          VALUES (?, ?, 1, 'PetRegistered', ?, NULL, NULL, 'bench', ?)""")) {
        long micros = System.currentTimeMillis() * 1000;
        for (int i = 0; i < n; i++) {
          PetEvent.PetRegistered e = registered(i);
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, "pet-" + e.pet());
          insert.setString(3, JSON.petEvents().payloadOf(e));
          insert.setLong(4, micros);
          insert.addBatch();
          if (i % 10_000 == 9_999) insert.executeBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    }
  }

  // ------------------------------------------------------------------------------------------- reading

  /** The store's own paged read of the global log, as a projection or the relay reads it. */
  static long readAll(EventStore store) {
    long count = 0;
    long after = 0;
    for (List<StoredEvent> page; !(page = store.readAll(after, PAGE)).isEmpty(); after = page.getLast().position()) {
      count += page.size();
    }
    return count;
  }

  /** The limit: one SELECT of the same columns in log order, streamed with a fetch size, into the same records. */
  static long plainSelect(Connect connect, String table, boolean postgres) throws Exception {
    try (Connection c = connect.open()) {
      c.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
      try (Statement s = c.createStatement()) {
        s.setFetchSize(PAGE * 2);
        long count = 0;
        try (ResultSet rs = s.executeQuery("SELECT event_id, stream_id, version, position, type, payload, correlation_id, "
            + "causation_id, who, recorded_at FROM " + table + " ORDER BY position")) {
          while (rs.next()) {
            StoredEvent e = new StoredEvent(
                postgres ? rs.getObject(1, UUID.class) : UUID.fromString(rs.getString(1)), new StreamId(rs.getString(2)),
                rs.getLong(3), rs.getLong(4), rs.getString(5), rs.getString(6),
                new Metadata(rs.getString(7), rs.getString(8), rs.getString(9)),
                postgres ? rs.getObject(10, OffsetDateTime.class).toInstant() : Instant.EPOCH.plusNanos(rs.getLong(10) * 1000));
            if (e.position() > 0) count++;
          }
        }
        c.commit();
        return count;
      }
    }
  }

  /** Axon's stream of the whole log from the tail, as a tracking processor consumes it. */
  static long axonStream(AxonStore axon) {
    try (Stream<? extends TrackedEventMessage<?>> events = axon.engine().readEvents(null, false)) {
      return events.filter(m -> m.getIdentifier() != null).count();
    }
  }

  // ------------------------------------------------------------------------------------------- rebuilding

  /** The store as if its log ended after {@code events} events (positions 1..n, as loaded): for a shorter warm-up. */
  static EventStore capped(EventStore store, long events) {
    return (EventStore) java.lang.reflect.Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
        (proxy, method, args) -> {
          try {
            Object result = method.invoke(store, args);
            if (method.getName().equals("readAll")) {
              return ((List<StoredEvent>) result).stream().filter(e -> e.position() <= events).toList();
            }
            return result;
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  static double rebuildKernel(EventStore store, PostgresDatabase rm, HikariDataSource check, int n) throws Exception {
    Postgres.execute(check, "DROP TABLE IF EXISTS rm_kernel.available_pets", "DROP TABLE IF EXISTS rm_kernel.available_pets_shelters",
        "DELETE FROM rm_kernel.projection_checkpoints");
    var projection = new AvailablePetsProjection(new DomainEvents(JSON));
    try (ProjectionEngine engine = new ProjectionEngine(store, rm, List.of(projection), Clock.systemUTC(), PAGE, Duration.ofSeconds(1))) {
      long start = System.nanoTime();
      engine.rebuild(projection.name()).join();
      double s = (System.nanoTime() - start) / 1e9;
      long rows = Postgres.count(check, "SELECT count(*) FROM rm_kernel.available_pets");
      if (rows != n && n == Postgres.count(check, "SELECT count(*) FROM kernel.events")) throw new IllegalStateException("kernel rebuild made " + rows + " rows, not " + n);
      return s;
    }
  }

  static double rebuildAxon(AxonStore axon, JdbcTokenStore tokens, HikariDataSource check, int n, String name) throws Exception {
    Postgres.execute(check, "TRUNCATE rm_axon.available_pets");
    AtomicLong handled = new AtomicLong();
    EventMessageHandler handler = new EventMessageHandler() {
      @Override
      public Object handle(EventMessage<?> event) throws Exception {
        if (event.getPayload() instanceof AxonEvents.PetRegistered e) {
          try (Connection c = axon.transactions().getConnection();
               PreparedStatement insert = c.prepareStatement("""
                   INSERT INTO rm_axon.available_pets (pet_id, name, species, age, shelter_id, available, available_since)
                   VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (pet_id) DO NOTHING""")) {
            insert.setString(1, e.petId());
            insert.setString(2, e.name());
            insert.setString(3, e.species());
            insert.setInt(4, e.age());
            insert.setString(5, e.shelterId());
            insert.setLong(6, Instant.parse(e.at()).toEpochMilli());
            insert.executeUpdate();
          }
        }
        handled.incrementAndGet();
        return null;
      }
    };
    TrackingEventProcessor processor = TrackingEventProcessor.builder()
        .name(name)
        .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
        .messageSource(axon.eventStore())
        .tokenStore(tokens)
        .transactionManager(axon.transactions())
        .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(PAGE))
        .build();
    long start = System.nanoTime();
    processor.start();
    try {
      while (handled.get() < n) Thread.sleep(5);
      // the last batch's rows and token commit together right after its last event was handled
      while (Postgres.count(check, "SELECT count(*) FROM rm_axon.available_pets") < n) Thread.sleep(5);
      // (a warm-up stops part way: the processor is shut down with the log not yet read to its end)
      return (System.nanoTime() - start) / 1e9;
    } finally {
      processor.shutDown();
    }
  }
}
