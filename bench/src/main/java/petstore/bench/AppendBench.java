package petstore.bench;

import com.zaxxer.hikari.HikariDataSource;
import eventkernel.postgres.PostgresEventStore;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.EventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.DomainEventMessage;
import petstore.app.codec.PetStoreJson;
import petstore.bench.axon.AxonEvents;
import petstore.bench.axon.AxonStore;
import petstore.pet.PetEvent;
import petstore.pet.PetId;

/**
 * Suite 1, appends: W writers each appending E events per append (each append checked against the stream's
 * version it expects, as a command would), for a fixed time. The kernel's PostgreSQL store, Axon's
 * JdbcEventStorageEngine and plain JDBC batch inserts of the same rows share one database and one pool
 * setting; the SQLite store (the embedded default) runs beside them on its own file.
 */
public final class AppendBench {
  /** One append of {@code n} events, by writer {@code writer}; returns how many events it wrote. */
  interface Appender extends AutoCloseable {
    void append(int writer, int n) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  private static final int STREAMS_PER_WRITER = 64;
  private static final PetStoreJson JSON = new PetStoreJson();

  public static void main(String[] args) throws Exception {
    Harness h = new Harness("append", args);
    Duration round = h.quick ? Duration.ofMillis(800) : Duration.ofMillis(2500);
    Duration warmup = h.quick ? Duration.ofMillis(600) : Duration.ofMillis(1500);
    String url = Postgres.freshDatabase("bench_append");
    Path sqliteDir = Files.createTempDirectory("bench-append-sqlite");
    Postgres.execute(Postgres.pool(url, "setup", 1), "CREATE SCHEMA axon", "CREATE SCHEMA plain", """
        CREATE TABLE plain.events (
          position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, event_id uuid NOT NULL, stream_id text NOT NULL,
          version bigint NOT NULL, type text NOT NULL, payload json NOT NULL, correlation_id text, causation_id text,
          who text, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())""");
    h.say("PostgreSQL %s, SQLite under %s; rounds of %s after a %s warm-up, %d rounds", url, sqliteDir, round, warmup, h.rounds);

    try (Results results = new Results("append");
         PostgresEventStore kernel = new PostgresEventStore(Postgres.pool(url, "kernel", 16), "kernel");
         AxonStore axon = new AxonStore(Postgres.pool(url + "&currentSchema=axon", "axon", 16), 500, true);
         HikariDataSource plain = Postgres.pool(url, "plain", 16);
         SqliteEventStore sqlite = SqliteEventStore.open(sqliteDir.resolve("events.db"))) {
      List<String> impls = List.of("kernel-postgres", "axon-jdbc", "plain-jdbc", "kernel-sqlite");
      for (int writers : new int[] {1, 16}) {
        for (int perAppend : new int[] {1, 10}) {
          String kase = writers + "w x " + perAppend + "ev";
          List<Appender> appenders = List.of(
              kernelAppender(kernel, writers), axonAppender(axon, writers), plainAppender(plain), kernelAppender(sqlite, writers));
          for (int i = 0; i < impls.size(); i++) run(h, appenders.get(i), writers, perAppend, warmup);
          for (int r = 1; r <= h.rounds; r++) {
            for (int i = 0; i < impls.size(); i++) {
              double load = Harness.load();
              Measured m = run(h, appenders.get(i), writers, perAppend, round);
              results.row(kase, impls.get(i), r, m.events, m.seconds, m.latencies.millis(0.5), m.latencies.millis(0.99), load);
              h.say("%-12s %-16s round %d: %10s  append p50 %.2f ms p99 %.2f ms  (load %.2f)", kase, impls.get(i), r,
                  Harness.rate(m.events / m.seconds), m.latencies.millis(0.5), m.latencies.millis(0.99), load);
            }
          }
        }
      }
    } finally {
      Postgres.drop("bench_append");
    }
  }

  record Measured(long events, double seconds, Latencies latencies) {}

  static Measured run(Harness h, Appender appender, int writers, int perAppend, Duration length) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong events = new AtomicLong();
    Latencies latencies = new Latencies();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
        Latencies mine = new Latencies();
        try {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            appender.append(writer, perAppend);
            mine.add(System.nanoTime() - t0);
            events.addAndGet(perAppend);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
        latencies.addAll(mine);
      }));
    }
    Thread.sleep(length);
    stop.set(true);
    long stopped = System.nanoTime();
    for (Thread t : threads) t.join();
    if (!failures.isEmpty()) throw new IllegalStateException("a writer failed", failures.getFirst());
    // appends still running at the stop count: they started inside the window; the time is up to the last end
    double seconds = (Math.max(stopped, System.nanoTime()) - start) / 1e9;
    return new Measured(events.get(), seconds, latencies);
  }

  static String renamePayload(PetId pet, long n) {
    return JSON.petEvents().payloadOf(new PetEvent.PetNameChanged(pet, "Rex " + n, Instant.now()));
  }

  /** Each writer owns its streams and the versions they reached, so appends never race: the peers' best case. */
  static Appender kernelAppender(EventStore store, int writers) {
    PetId[][] pets = new PetId[writers][STREAMS_PER_WRITER];
    long[][] versions = new long[writers][STREAMS_PER_WRITER];
    int[] next = new int[writers];
    for (PetId[] row : pets) for (int i = 0; i < row.length; i++) row[i] = new PetId(UUID.randomUUID());
    return (writer, n) -> {
      int s = next[writer]++ % STREAMS_PER_WRITER;
      PetId pet = pets[writer][s];
      List<NewEvent> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        PetEvent e = new PetEvent.PetNameChanged(pet, "Rex " + (versions[writer][s] + i), Instant.now());
        events.add(JSON.petEvents().encode(e, new Metadata(null, null, "bench")));
      }
      store.append(StreamId.of("pet", pet), ExpectedVersion.exactly(versions[writer][s]), events);
      versions[writer][s] += n;
    };
  }

  static Appender axonAppender(AxonStore axon, int writers) {
    String[][] ids = new String[writers][STREAMS_PER_WRITER];
    long[][] next = new long[writers][STREAMS_PER_WRITER];
    int[] turn = new int[writers];
    for (String[] row : ids) for (int i = 0; i < row.length; i++) row[i] = UUID.randomUUID().toString();
    return (writer, n) -> {
      int s = turn[writer]++ % STREAMS_PER_WRITER;
      String id = ids[writer][s];
      List<DomainEventMessage<?>> events = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long seq = next[writer][s] + i;
        events.add(AxonStore.event(id, seq, new AxonEvents.PetRenamed(id, "Rex " + seq, Instant.now().toString())));
      }
      axon.append(events);
      next[writer][s] += n;
    };
  }

  /** The limit: the same rows, one JDBC batch per append in one transaction, no version check, no unique index. */
  static Appender plainAppender(HikariDataSource pool) {
    return (writer, n) -> {
      PetId pet = new PetId(UUID.randomUUID());
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("""
            INSERT INTO plain.events (event_id, stream_id, version, type, payload, correlation_id, causation_id, who)
            VALUES (?, ?, ?, ?, ?::json, ?, ?, ?)""")) {
          for (int i = 0; i < n; i++) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, "pet-" + pet);
            insert.setLong(3, i + 1);
            insert.setString(4, "PetNameChanged");
            insert.setString(5, renamePayload(pet, i));
            insert.setString(6, null);
            insert.setString(7, null);
            insert.setString(8, "bench");
            insert.addBatch();
          }
          insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
      }
    };
  }
}
