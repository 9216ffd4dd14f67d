package eventkernel.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.store.AppendResult;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.InvalidAppend;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import eventkernel.store.WrongExpectedVersion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit: appends that arrive together share a transaction, and each still gets the answer it
 * would have had alone: written at its own versions, WrongExpectedVersion, or the idempotent no-op.
 */
class PostgresGroupCommitTest {
  static final int WRITERS = 16;
  static final int APPENDS = 60;

  private final TestDatabase db = new TestDatabase();
  private PostgresEventStore store;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    store = db.openStore();
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    store.close();
    db.close();
  }

  static List<NewEvent> events(int n) {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) events.add(new NewEvent(UUID.randomUUID(), "Happened", "{\"n\":" + i + "}", Metadata.NONE));
    return events;
  }

  @Test
  void appends_arriving_together_share_commits_and_each_gets_its_own_answer() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger written = new AtomicInteger();
    Map<StreamId, Long> versions = new ConcurrentHashMap<>();
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      StreamId stream = StreamId.of("writer-" + w);
      writers.add(pool.submit(() -> {
        start.await();
        long version = 0;
        List<NewEvent> last = null;
        AppendResult lastResult = null;
        for (int i = 1; i <= APPENDS; i++) {
          if (i % 5 == 0) {
            long stale = version - 1;
            try {
              store.append(stream, ExpectedVersion.exactly(stale), events(1));
              throw new AssertionError("an append at a stale version " + stale + " of " + stream + " was written");
            } catch (WrongExpectedVersion expected) {
              assertThat(expected.actual()).isEqualTo(version);
            }
          } else if (i % 7 == 0 && last != null) {
            AppendResult again = store.append(stream, ExpectedVersion.exactly(version - last.size()), last);
            assertThat(again.written()).as("the same events again are a no-op").isFalse();
            assertThat(again.position()).isEqualTo(lastResult.position());
            assertThat(again.version()).isEqualTo(version);
          } else {
            last = events(1 + i % 3);
            lastResult = store.append(stream, version == 0 ? ExpectedVersion.noStream() : ExpectedVersion.exactly(version), last);
            assertThat(lastResult.written()).isTrue();
            assertThat(lastResult.version()).isEqualTo(version + last.size());
            version = lastResult.version();
            written.incrementAndGet();
          }
        }
        versions.put(stream, version);
        return null;
      }));
    }
    start.countDown();
    for (Future<?> w : writers) w.get(60, TimeUnit.SECONDS);

    for (var stream : versions.entrySet()) {
      List<StoredEvent> stored = store.readStream(stream.getKey(), 1, Long.MAX_VALUE);
      assertThat(stored).extracting(StoredEvent::version)
          .as("%s holds each version once, in order", stream.getKey())
          .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, stream.getValue()).boxed().toList());
    }
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(DISTINCT tx_id) FROM \"" + db.schema + "\".events")) {
      rs.next();
      assertThat(rs.getInt(1)).as("transactions for %d appends written by %d writers at once", written.get(), WRITERS)
          .isLessThan(written.get());
    }
  }

  @Test
  void a_bad_append_among_others_fails_alone_and_the_others_are_written() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AppendResult>> good = new ArrayList<>();
    List<Future<?>> bad = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      for (int w = 0; w < WRITERS - 1; w++) {
        StreamId stream = StreamId.of("good-" + round + "-" + w);
        good.add(pool.submit(() -> {
          start.await();
          return store.append(stream, ExpectedVersion.noStream(), events(3));
        }));
      }
      StreamId broken = StreamId.of("bad-" + round);
      bad.add(pool.submit(() -> {
        start.await();
        return store.append(broken, ExpectedVersion.noStream(), List.of(new NewEvent("Happened", "{not json")));
      }));
    }
    start.countDown();
    for (Future<AppendResult> g : good) assertThat(g.get(60, TimeUnit.SECONDS).version()).isEqualTo(3);
    for (Future<?> b : bad) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> b.get(60, TimeUnit.SECONDS)))
          .hasCauseInstanceOf(InvalidAppend.class);
    }
    for (int round = 0; round < 10; round++) {
      assertThat(store.streamVersion(StreamId.of("bad-" + round))).isZero();
    }
  }

  @Test
  void groups_appending_to_the_same_streams_at_once_never_deadlock() throws Exception {
    // Groups take the streams' index locks in the order of their appends; two groups holding crossing
    // streams would wait on each other until PostgreSQL broke the deadlock, a second later.
    List<StreamId> shared = new ArrayList<>();
    for (int i = 0; i < 6; i++) shared.add(StreamId.of("shared-" + i));
    long deadlocksBefore = deadlocks();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      writers.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < 40; i++) store.append(shared.get((writer + i * 5) % shared.size()), ExpectedVersion.any(), events(2));
        return null;
      }));
    }
    start.countDown();
    for (Future<?> w : writers) w.get(120, TimeUnit.SECONDS);

    long stored = 0;
    for (StreamId s : shared) stored += store.streamVersion(s);
    assertThat(stored).isEqualTo(WRITERS * 40 * 2L);
    // A backend reports its counts to the statistics at most once a second, and when it exits.
    store.close();
    Thread.sleep(1_500);
    assertThat(deadlocks() - deadlocksBefore).as("deadlocks PostgreSQL broke in this database").isZero();
  }

  private static long deadlocks() throws Exception {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet rs = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
