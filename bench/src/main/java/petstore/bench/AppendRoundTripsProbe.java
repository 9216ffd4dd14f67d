package petstore.bench;

import com.zaxxer.hikari.HikariDataSource;
import eventkernel.postgres.PostgresEventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A probe behind a finding in BENCHMARKS.md, not part of the suite: where the PostgreSQL store's append
 * loses to Axon and to plain JDBC. Three ways to make the same checked append, 16 writers, interleaved:
 * the store itself; the store's two statements (read the version and the ids, then insert) without the
 * store around them (no NOTIFY); and one guarded statement that inserts only if the stream holds the expected
 * version ({@code WHERE EXISTS}), leaving a unique violation to mean "moved or already stored", as the store's
 * retry path already reads it. Run: java -cp 'bench/target/bench.jar:bench/target/lib/*'
 * petstore.bench.AppendRoundTripsProbe [events per append]
 */
public final class AppendRoundTripsProbe {
  interface Op {
    void run(int writer) throws Exception;
  }

  static final String INSERT = """
      INSERT INTO kernel.events (event_id, stream_id, version, type, payload, correlation_id, causation_id, who)
      SELECT e.event_id, ?, e.version, e.type, e.payload::json, e.correlation_id, e.causation_id, e.who
      FROM unnest(?::uuid[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
        AS e (event_id, version, type, payload, correlation_id, causation_id, who)
      %s
      ORDER BY e.version
      RETURNING position""";

  public static void main(String[] args) throws Exception {
    int per = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    String url = Postgres.freshDatabase("bench_probe");
    String payload = "{\"pet\":\"" + UUID.randomUUID() + "\",\"newName\":\"Rex 12345\",\"at\":\"2026-11-28T13:19:45.123456Z\"}";
    try (HikariDataSource storePool = Postgres.pool(url, "store", 16);
         PostgresEventStore store = new PostgresEventStore(storePool, "kernel");
         HikariDataSource pool = Postgres.pool(url, "probe", 16)) {
      Map<String, Op> ops = new LinkedHashMap<>();
      ops.put("store.append", streams(16, (stream, version, w) -> {
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < per; i++) events.add(new NewEvent("PetNameChanged", payload));
        store.append(StreamId.of(stream), ExpectedVersion.exactly(version), events);
      }, per));
      ops.put("same SQL, no NOTIFY", streams(16, (stream, version, w) -> sql(pool, stream, version, per, payload, false), per));
      ops.put("one guarded INSERT", streams(16, (stream, version, w) -> sql(pool, stream, version, per, payload, true), per));
      for (int round = 0; round < 4; round++) {
        for (var op : ops.entrySet()) {
          AtomicLong n = new AtomicLong();
          AtomicBoolean stop = new AtomicBoolean();
          List<Thread> threads = new ArrayList<>();
          long t0 = System.nanoTime();
          for (int w = 0; w < 16; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().start(() -> {
              try {
                while (!stop.get()) {
                  op.getValue().run(writer);
                  n.addAndGet(per);
                }
              } catch (Exception e) {
                e.printStackTrace();
              }
            }));
          }
          Thread.sleep(3000);
          stop.set(true);
          for (Thread t : threads) t.join();
          System.out.printf("%s%-22s %2d/append %,8.0f events/s  (load %.2f)%n", round == 0 ? "warm-up " : "", op.getKey(), per,
              n.get() / ((System.nanoTime() - t0) / 1e9), Harness.load());
        }
      }
    } finally {
      Postgres.drop("bench_probe");
    }
  }

  interface Append {
    void append(String stream, long version, int writer) throws Exception;
  }

  /** Each writer owns 64 streams and their versions, as in the append suite. */
  static Op streams(int writers, Append append, int per) {
    String[][] streams = new String[writers][64];
    long[][] versions = new long[writers][64];
    int[] turn = new int[writers];
    for (String[] row : streams) for (int i = 0; i < row.length; i++) row[i] = "pet-" + UUID.randomUUID();
    return w -> {
      int s = turn[w]++ % 64;
      append.append(streams[w][s], versions[w][s], w);
      versions[w][s] += per;
    };
  }

  static void sql(HikariDataSource pool, String stream, long version, int per, String payload, boolean guarded) throws Exception {
    Object[] ids = new Object[per];
    Object[] versions = new Object[per];
    Object[] types = new Object[per];
    Object[] payloads = new Object[per];
    Object[] nulls = new Object[per];
    Object[] who = new Object[per];
    for (int i = 0; i < per; i++) {
      ids[i] = UUID.randomUUID();
      versions[i] = version + 1 + i;
      types[i] = "PetNameChanged";
      payloads[i] = payload;
      who[i] = "bench";
    }
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      if (!guarded) {
        try (PreparedStatement q = c.prepareStatement("""
            SELECT NULL::uuid, coalesce(max(version), 0), NULL::bigint FROM kernel.events WHERE stream_id = ?
            UNION ALL
            SELECT event_id, version, position FROM kernel.events WHERE event_id = ANY (?)""")) {
          q.setString(1, stream);
          q.setArray(2, c.createArrayOf("uuid", ids));
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) rs.getLong(2);
          }
        }
      }
      try (PreparedStatement insert = c.prepareStatement(INSERT.formatted(guarded
          ? "WHERE ?::int8 = 0 OR EXISTS (SELECT 1 FROM kernel.events WHERE stream_id = ? AND version = ?)" : ""))) {
        insert.setString(1, stream);
        insert.setArray(2, c.createArrayOf("uuid", ids));
        insert.setArray(3, c.createArrayOf("int8", versions));
        insert.setArray(4, c.createArrayOf("text", types));
        insert.setArray(5, c.createArrayOf("text", payloads));
        insert.setArray(6, c.createArrayOf("text", nulls));
        insert.setArray(7, c.createArrayOf("text", nulls));
        insert.setArray(8, c.createArrayOf("text", who));
        if (guarded) {
          insert.setLong(9, version);
          insert.setString(10, stream);
          insert.setLong(11, version);
        }
        int rows = 0;
        try (ResultSet rs = insert.executeQuery()) {
          while (rs.next()) rows++;
        }
        if (rows != per) throw new IllegalStateException("the guard refused an append at the expected version");
      }
      c.commit();
      c.setAutoCommit(true);
    }
  }
}
