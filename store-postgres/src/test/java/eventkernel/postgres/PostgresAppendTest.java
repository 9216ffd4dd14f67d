package eventkernel.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import eventkernel.store.AppendResult;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.InvalidAppend;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import eventkernel.store.WrongExpectedVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invariant 1 on PostgreSQL: what the unique indexes decide when appends race. */
class PostgresAppendTest {
  private final TestDatabase db = new TestDatabase();
  private PostgresEventStore store;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    store = db.openStore();
    pool = Executors.newCachedThreadPool();
  }

  @AfterEach
  void close() {
    pool.shutdownNow();
    store.close();
    db.close();
  }

  static NewEvent event() {
    return new NewEvent(UUID.randomUUID(), "Happened", "{\"n\":1}", Metadata.NONE);
  }

  static StreamId stream() {
    return StreamId.of("thing", UUID.randomUUID());
  }

  /**
   * Runs {@code first} until its events are written and its transaction waits open, starts {@code second}
   * and waits until it blocks on a unique index behind the first, then lets the first commit.
   */
  private <T> Future<T> secondBlockedBehindFirst(StreamId stream, ExpectedVersion firstExpected, List<NewEvent> firstEvents,
      java.util.concurrent.Callable<T> second) throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<AppendResult> first = pool.submit(() -> store.append(stream, firstExpected, firstEvents, () -> {
      written.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }));
    try {
      assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
      Future<T> result = pool.submit(second);
      await("the second append waits on the first's row lock").atMost(Duration.ofSeconds(10)).until(this::anAppendWaitsOnALock);
      return result;
    } finally {
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
    }
  }

  private boolean anAppendWaitsOnALock() throws SQLException {
    try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement("""
        SELECT count(*) FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND position('"' || ? || '".append_events' IN query) > 0""")) {
      q.setString(1, db.schema);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  @Test
  void a_writer_that_loses_the_race_at_the_unique_index_learns_the_version_the_winner_wrote() throws Exception {
    StreamId s = stream();
    store.append(s, ExpectedVersion.noStream(), List.of(event()));

    Future<AppendResult> loser = secondBlockedBehindFirst(s, ExpectedVersion.exactly(1), List.of(event(), event()),
        () -> store.append(s, ExpectedVersion.exactly(1), List.of(event())));

    assertThat(catching(loser)).isInstanceOfSatisfying(WrongExpectedVersion.class, e -> {
      assertThat(e.actual()).isEqualTo(3);
      assertThat(e.expected()).isEqualTo(ExpectedVersion.exactly(1));
    });
    assertThat(store.readStream(s)).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
  }

  @Test
  void an_append_at_any_version_that_loses_the_race_lands_after_the_winner() throws Exception {
    StreamId s = stream();
    store.append(s, ExpectedVersion.noStream(), List.of(event()));

    Future<AppendResult> second = secondBlockedBehindFirst(s, ExpectedVersion.any(), List.of(event(), event()),
        () -> store.append(s, ExpectedVersion.any(), List.of(event())));

    assertThat(second.get().version()).isEqualTo(4);
    assertThat(store.readStream(s)).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void a_concurrent_append_of_the_same_events_answers_as_the_idempotent_no_op() throws Exception {
    StreamId s = stream();
    List<NewEvent> events = List.of(event(), event());

    Future<AppendResult> twin = secondBlockedBehindFirst(s, ExpectedVersion.noStream(), events,
        () -> store.append(s, ExpectedVersion.noStream(), events));

    AppendResult again = twin.get();
    assertThat(again.written()).isFalse();
    assertThat(again.version()).isEqualTo(2);
    assertThat(again.position()).isEqualTo(store.readStream(s).getLast().position());
    TestDatabase.awaitVisible(store, again.position());
    assertThat(store.readAll(0, 100)).hasSize(2);
  }

  @Test
  void of_writers_racing_round_after_round_at_the_version_they_read_exactly_one_wins_each_round() throws Exception {
    StreamId s = stream();
    int writers = 8;
    int rounds = 40;
    AtomicInteger wins = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    AtomicLong stale = new AtomicLong();
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      done.add(pool.submit(() -> {
        for (int r = 0; r < rounds; r++) {
          long read = store.streamVersion(s);
          try {
            store.append(s, ExpectedVersion.exactly(read), List.of(event(), event(), event()));
            wins.incrementAndGet();
          } catch (WrongExpectedVersion e) {
            conflicts.incrementAndGet();
            if (e.actual() <= read) stale.incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) f.get();

    assertThat(wins.get() + conflicts.get()).isEqualTo(writers * rounds);
    assertThat(stale.get()).as("a conflict reports a version past the one the writer read").isZero();
    List<StoredEvent> stream = store.readStream(s);
    assertThat(stream).hasSize(3 * wins.get());
    for (int i = 0; i < stream.size(); i++) {
      assertThat(stream.get(i).version()).isEqualTo(i + 1);
      if (i > 0) assertThat(stream.get(i).position()).isGreaterThan(stream.get(i - 1).position());
    }
  }

  @Test
  void re_appending_stored_events_answers_where_they_stand_without_checking_the_expectation() {
    StreamId s = stream();
    List<NewEvent> batch = List.of(event(), event());
    AppendResult first = store.append(s, ExpectedVersion.noStream(), batch);
    store.append(s, ExpectedVersion.exactly(2), List.of(event()));

    AppendResult again = store.append(s, ExpectedVersion.exactly(1), batch);

    assertThat(again).isEqualTo(new AppendResult(2, first.position(), false));
    assertThat(store.streamVersion(s)).isEqualTo(3);
  }

  @Test
  void a_re_append_with_some_new_events_writes_only_those() {
    StreamId s = stream();
    NewEvent stored = event();
    store.append(s, ExpectedVersion.noStream(), List.of(stored));
    NewEvent fresh = event();

    AppendResult result = store.append(s, ExpectedVersion.exactly(1), List.of(stored, fresh));

    assertThat(result.written()).isTrue();
    assertThat(result.version()).isEqualTo(2);
    assertThat(store.readStream(s)).extracting(StoredEvent::eventId).containsExactly(stored.eventId(), fresh.eventId());
  }

  @Test
  void the_same_event_twice_in_one_append_is_refused() {
    NewEvent e = event();

    assertThatThrownBy(() -> store.append(stream(), ExpectedVersion.any(), List.of(e, e))).isInstanceOf(InvalidAppend.class);
    assertThat(store.headPosition()).isZero();
  }

  @Test
  void a_payload_that_is_not_json_is_refused_and_nothing_of_its_append_is_written() {
    List<NewEvent> events = List.of(event(), new NewEvent(UUID.randomUUID(), "Broken", "{not json", Metadata.NONE));

    assertThatThrownBy(() -> store.append(stream(), ExpectedVersion.any(), events)).isInstanceOf(InvalidAppend.class);
    assertThat(store.headPosition()).isZero();
  }

  @Test
  void the_payload_comes_back_byte_for_byte_as_the_client_sent_it() {
    StreamId s = stream();
    String payload = "{ \"b\" : 1,\n  \"a\":\"\\u00e9\", \"a\": 2, \"n\": 1.50 }";
    store.append(s, ExpectedVersion.any(), List.of(new NewEvent(UUID.randomUUID(), "Raw", payload, Metadata.NONE)));

    assertThat(store.readStream(s).getFirst().payload()).isEqualTo(payload);
  }

  @Test
  void a_large_append_is_one_transaction_with_positions_in_version_order() {
    StreamId s = stream();
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) events.add(new NewEvent(UUID.randomUUID(), "Happened", "{\"i\":" + i + "}", Metadata.NONE));

    AppendResult result = store.append(s, ExpectedVersion.noStream(), events);

    TestDatabase.awaitVisible(store, result.position());
    List<StoredEvent> stored = store.readAll(0, 5_000);
    assertThat(stored).extracting(StoredEvent::eventId).containsExactlyElementsOf(events.stream().map(NewEvent::eventId).toList());
    assertThat(stored).extracting(StoredEvent::version).isSorted();
    assertThat(stored).extracting(StoredEvent::position).isSorted().doesNotHaveDuplicates();
    assertThat(result).isEqualTo(new AppendResult(2_000, stored.getLast().position(), true));
  }

  private static Throwable catching(Future<?> f) throws InterruptedException {
    try {
      f.get();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }
}
