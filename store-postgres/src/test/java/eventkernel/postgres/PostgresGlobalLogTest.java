package eventkernel.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import eventkernel.store.ExpectedVersion;
import eventkernel.store.LogFollower;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 2 on PostgreSQL: positions are taken at insert, commits land in any order, readers skip nothing. */
class PostgresGlobalLogTest {
  private final TestDatabase db = new TestDatabase();
  private PostgresEventStore store;

  @BeforeEach
  void open() {
    store = db.openStore();
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  static NewEvent event() {
    return new NewEvent(UUID.randomUUID(), "Happened", "{\"n\":1}", Metadata.NONE);
  }

  static StreamId stream() {
    return StreamId.of("thing", UUID.randomUUID());
  }

  /** An append whose transaction has written its events and now waits, open, until released. */
  private final class OpenTransaction implements AutoCloseable {
    final NewEvent event = event();
    final CountDownLatch written = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean rollBack = new AtomicBoolean();
    final Future<?> done;

    OpenTransaction(ExecutorService pool) throws InterruptedException {
      done = pool.submit(() -> {
        try {
          store.append(stream(), ExpectedVersion.any(), List.of(event), () -> {
            written.countDown();
            try {
              if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
            if (rollBack.get()) throw new RolledBack();
          });
        } catch (RolledBack expected) {
          // as asked
        }
        return null;
      });
      written.await();
    }

    void commit() throws Exception {
      release.countDown();
      done.get();
    }

    void rollBack() throws Exception {
      rollBack.set(true);
      commit();
    }

    /** Lets a test that failed half-way end without waiting for the transaction it left open. */
    @Override
    public void close() {
      release.countDown();
    }
  }

  private static final class RolledBack extends RuntimeException {}

  @Test
  void a_tailing_reader_does_not_pass_an_open_transaction_that_took_an_earlier_position() throws Exception {
    long checkpoint = store.append(stream(), ExpectedVersion.any(), List.of(event())).position();
    TestDatabase.awaitVisible(store, checkpoint);
    List<StoredEvent> seen = new CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newCachedThreadPool();
         LogFollower follower = new LogFollower(store, "gap", checkpoint, 100, Duration.ofMillis(20), seen::addAll).start();
         OpenTransaction a = new OpenTransaction(pool)) { // takes position p and stays open
      NewEvent b = event();
      long p1 = store.append(stream(), ExpectedVersion.any(), List.of(b)).position(); // p + 1, committed

      await("the reader waits while A, before B, is open").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(seen::isEmpty);
      assertThat(store.readAll(checkpoint, 100)).as("B has committed, but A before it may still commit").isEmpty();
      assertThat(store.headPosition()).isEqualTo(checkpoint);

      a.commit();

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2);
      assertThat(seen).extracting(StoredEvent::eventId).containsExactly(a.event.eventId(), b.eventId());
      assertThat(seen.getFirst().position()).isLessThan(p1);
      assertThat(store.headPosition()).isEqualTo(p1);
      assertThat(follower.failure()).isNull();
    }
  }

  @Test
  void a_tailing_reader_moves_on_once_the_open_transaction_rolls_back() throws Exception {
    long checkpoint = store.append(stream(), ExpectedVersion.any(), List.of(event())).position();
    TestDatabase.awaitVisible(store, checkpoint);
    List<StoredEvent> seen = new CopyOnWriteArrayList<>();
    try (ExecutorService pool = Executors.newCachedThreadPool();
         LogFollower follower = new LogFollower(store, "gap", checkpoint, 100, Duration.ofMillis(20), seen::addAll).start();
         OpenTransaction a = new OpenTransaction(pool)) {
      NewEvent b = event();
      store.append(stream(), ExpectedVersion.any(), List.of(b));

      await("the reader waits while A, before B, is open").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(seen::isEmpty);
      a.rollBack();

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
      assertThat(seen).extracting(StoredEvent::eventId).containsExactly(b.eventId());
      assertThat(follower.failure()).isNull();
    }
  }

  @Test
  void reached_and_the_head_follow_commit_order_not_position_order() throws Exception {
    try (ExecutorService pool = Executors.newCachedThreadPool(); OpenTransaction a = new OpenTransaction(pool)) {
      long b = store.append(stream(), ExpectedVersion.any(), List.of(event())).position();
      assertThat(store.headPosition()).isZero();
      a.commit();
      TestDatabase.awaitVisible(store, b);
      long p = store.readAll(0, 10).getFirst().position();

      assertThat(p).isLessThan(b);
      assertThat(store.reached(b, p)).isTrue();
      assertThat(store.reached(p, b)).isFalse();
      assertThat(store.reached(b, b)).isTrue();
      assertThat(store.reached(p, 0)).isTrue();
      assertThat(store.headPosition()).isEqualTo(b);
    }
  }

  @Test
  void reading_after_a_position_that_holds_no_event_is_refused() {
    long p = store.append(stream(), ExpectedVersion.any(), List.of(event())).position();

    assertThat(store.readAll(p, 10)).isEmpty();
    assertThatThrownBy(() -> store.readAll(p + 1000, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.reached(p + 1000, p)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_reader_tailing_sixteen_writers_with_late_commits_and_rollbacks_sees_the_log_in_transaction_order()
      throws Exception {
    int writers = 16;
    int perWriter = 2_000;
    Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
    Set<UUID> committed = ConcurrentHashMap.newKeySet();
    List<StoredEvent> seen = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean writing = new AtomicBoolean(true);
    try (ExecutorService pool = Executors.newFixedThreadPool(writers + 1)) {
      // a plain reader: read after the last position it got, as fast as it can
      Future<?> reader = pool.submit(() -> {
        long after = 0;
        long giveUp = Long.MAX_VALUE;
        while (writing.get() || seen.size() < committed.size()) {
          if (!writing.get() && giveUp == Long.MAX_VALUE) giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          if (System.nanoTime() > giveUp) break; // it skipped something: the assertions below say what
          long generation = store.appendSignal().generation();
          List<StoredEvent> page = store.readAll(after, 500);
          if (page.isEmpty()) {
            store.appendSignal().await(generation, Duration.ofMillis(5));
            continue;
          }
          seen.addAll(page);
          after = page.getLast().position();
        }
        return null;
      });
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(pool.submit(() -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          StreamId[] streams = {stream(), stream(), stream()};
          for (int written = 0; written < perWriter; ) {
            List<NewEvent> batch = new ArrayList<>();
            for (int i = Math.min(perWriter - written, 1 + random.nextInt(10)); i > 0; i--) batch.add(event());
            boolean rollBack = random.nextInt(100) < 5;
            long hold = random.nextInt(100) < 20 ? random.nextInt(8) : 0;
            try {
              store.append(streams[random.nextInt(3)], ExpectedVersion.any(), batch, () -> {
                if (hold > 0) sleep(hold);
                if (rollBack) throw new RolledBack();
              });
              batch.forEach(e -> committed.add(e.eventId()));
              written += batch.size();
            } catch (RolledBack expected) {
              batch.forEach(e -> rolledBack.add(e.eventId()));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
      writing.set(false);
      reader.get();
    }

    List<UUID> seenIds = seen.stream().map(StoredEvent::eventId).toList();
    assertThat(rolledBack).isNotEmpty();
    assertThat(new HashSet<>(seenIds)).as("no event seen twice").hasSize(seenIds.size());
    assertThat(seenIds).as("no rolled-back event").doesNotContainAnyElementsOf(rolledBack);
    Set<UUID> missed = new HashSet<>(committed);
    seenIds.forEach(missed::remove);
    assertThat(missed).as("committed events the reader skipped: %d of %d", missed.size(), committed.size()).isEmpty();
    assertThat(seenIds).as("only committed events").hasSameSizeAs(committed);
    assertThat(seenIds).as("in (tx_id, position) order, read straight from the table")
        .containsExactlyElementsOf(idsInTransactionOrder());
    assertThat(outOfPositionOrder(seen)).as("some commits really landed out of position order").isPositive();
  }

  private List<UUID> idsInTransactionOrder() throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT event_id FROM \"" + db.schema + "\".events ORDER BY tx_id, position")) {
      while (rs.next()) ids.add(rs.getObject(1, UUID.class));
    }
    return ids;
  }

  private static long outOfPositionOrder(List<StoredEvent> events) {
    long count = 0;
    for (int i = 1; i < events.size(); i++) if (events.get(i).position() < events.get(i - 1).position()) count++;
    return count;
  }

  @Test
  void reading_the_log_from_any_point_is_an_index_scan_in_order_without_a_sort() throws SQLException {
    db.execute("""
        DO $$ BEGIN FOR t IN 1..100 LOOP
          INSERT INTO {schema}.events (event_id, stream_id, version, type, payload)
          SELECT gen_random_uuid(), 's-' || t, i, 'Happened', '{"n":1}' FROM generate_series(1, 1000) i;
          COMMIT;
        END LOOP; END $$""");
    db.execute("ANALYZE {schema}.events");
    try (Connection c = TestDatabase.connect()) {
      for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
        try (Statement s = c.createStatement()) {
          s.execute("SET plan_cache_mode = " + mode);
        }
        for (long after : List.of(0L, 50_000L, 99_000L)) {
          String plan = explain(c, "EXPLAIN " + PostgresEventStore.READ_ALL.replace("{schema}", '"' + db.schema + '"'),
              after, after, after, 500);
          assertThat(plan).as(mode + " after " + after).contains("Index Scan using events_log_order").doesNotContain("Sort");
        }
        String head = explain(c, "EXPLAIN " + PostgresEventStore.HEAD.replace("{schema}", '"' + db.schema + '"'));
        assertThat(head).as(mode).contains("Backward using events_log_order").doesNotContain("Sort");
      }
    }
  }

  private static String explain(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      return plan.toString();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
