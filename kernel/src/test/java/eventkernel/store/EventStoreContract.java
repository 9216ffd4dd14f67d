package eventkernel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventStore} promises. A store's test extends this and supplies a fresh, empty
 * store per test, plus a way to hold an append's transaction open (and roll it back) so the suite can
 * produce late commits and holes in the log the way real concurrent writers do.
 */
public abstract class EventStoreContract {

  /** A new store over empty storage. */
  protected abstract EventStore openStore();

  /**
   * Appends like {@link EventStore#append} with {@link ExpectedVersion#any()}, but keeps the transaction
   * open for {@code hold} after the events are written, then commits — or rolls back when
   * {@code rollBack}, in which case the events must never become visible.
   */
  protected abstract void appendHolding(EventStore store, StreamId stream, List<NewEvent> events, Duration hold, boolean rollBack);

  protected EventStore store;

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  static NewEvent event(String type) {
    return new NewEvent(UUID.randomUUID(), type, "{\"n\":" + ThreadLocalRandom.current().nextInt(1000) + "}", Metadata.NONE);
  }

  static List<NewEvent> events(int n) {
    List<NewEvent> list = new ArrayList<>();
    for (int i = 0; i < n; i++) list.add(event("Happened"));
    return list;
  }

  static StreamId stream() {
    return StreamId.of("thing", UUID.randomUUID());
  }

  @Nested
  class Appending {
    @Test
    void a_new_stream_numbers_its_events_from_version_one() {
      StreamId s = stream();
      AppendResult result = store.append(s, ExpectedVersion.noStream(), events(3));

      assertThat(result.version()).isEqualTo(3);
      assertThat(result.written()).isTrue();
      assertThat(store.readStream(s)).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L);
      assertThat(store.streamVersion(s)).isEqualTo(3);
    }

    @Test
    void an_append_at_the_expected_version_continues_the_stream_without_gaps() {
      StreamId s = stream();
      store.append(s, ExpectedVersion.noStream(), events(2));
      store.append(s, ExpectedVersion.exactly(2), events(2));

      assertThat(store.readStream(s)).extracting(StoredEvent::version).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void an_append_at_a_stale_version_is_a_typed_conflict_and_writes_nothing() {
      StreamId s = stream();
      awaitVisible(store.append(s, ExpectedVersion.noStream(), events(2)).position());
      long head = store.headPosition();

      assertThatThrownBy(() -> store.append(s, ExpectedVersion.exactly(1), events(1)))
          .isInstanceOfSatisfying(WrongExpectedVersion.class, e -> {
            assertThat(e.stream()).isEqualTo(s);
            assertThat(e.actual()).isEqualTo(2);
          });
      assertThat(store.streamVersion(s)).isEqualTo(2);
      assertThat(store.headPosition()).isEqualTo(head);
    }

    @Test
    void expecting_no_stream_fails_once_the_stream_exists() {
      StreamId s = stream();
      store.append(s, ExpectedVersion.noStream(), events(1));

      assertThatThrownBy(() -> store.append(s, ExpectedVersion.noStream(), events(1))).isInstanceOf(WrongExpectedVersion.class);
    }

    @Test
    void expecting_a_version_of_a_stream_that_does_not_exist_fails() {
      assertThatThrownBy(() -> store.append(stream(), ExpectedVersion.exactly(3), events(1)))
          .isInstanceOfSatisfying(WrongExpectedVersion.class, e -> assertThat(e.actual()).isZero());
    }

    @Test
    void expecting_any_version_appends_whatever_the_stream_holds() {
      StreamId s = stream();
      store.append(s, ExpectedVersion.any(), events(1));
      store.append(s, ExpectedVersion.any(), events(1));

      assertThat(store.streamVersion(s)).isEqualTo(2);
    }

    @Test
    void re_appending_an_event_id_already_stored_is_a_no_op() {
      StreamId s = stream();
      List<NewEvent> batch = events(2);
      AppendResult first = store.append(s, ExpectedVersion.noStream(), batch);
      awaitVisible(first.position());

      AppendResult again = store.append(s, ExpectedVersion.noStream(), batch);

      assertThat(again.written()).isFalse();
      assertThat(again.version()).isEqualTo(first.version());
      assertThat(again.position()).isEqualTo(first.position());
      assertThat(store.readStream(s)).hasSize(2);
      assertThat(store.readAll(0, 100)).hasSize(2);
    }

    @Test
    void an_empty_append_is_refused_and_writes_nothing() {
      assertThatThrownBy(() -> store.append(stream(), ExpectedVersion.any(), List.of())).isInstanceOf(InvalidAppend.class);
      assertThat(store.headPosition()).isZero();
    }

    @Test
    void an_invalid_stream_id_or_an_oversized_payload_never_reaches_the_store() {
      assertThatThrownBy(() -> StreamId.of("pet 1; drop table")).isInstanceOf(InvalidAppend.class);
      assertThatThrownBy(() -> StreamId.of("")).isInstanceOf(InvalidAppend.class);
      String big = "{\"x\":\"" + "a".repeat(NewEvent.MAX_PAYLOAD_BYTES) + "\"}";
      assertThatThrownBy(() -> new NewEvent(UUID.randomUUID(), "Big", big, Metadata.NONE))
          .isInstanceOf(InvalidAppend.class).hasMessageContaining("1 MiB");
      assertThat(store.headPosition()).isZero();
    }

    @Test
    void a_stored_event_carries_its_id_type_payload_metadata_and_when_it_was_recorded() {
      StreamId s = stream();
      NewEvent e = new NewEvent(UUID.randomUUID(), "Named", "{\"name\":\"Rex\",\"emoji\":\"🐕\"}",
          new Metadata("corr-1", "cause-1", "alice"));
      Instant before = Instant.now().minusSeconds(1);
      store.append(s, ExpectedVersion.any(), List.of(e));

      StoredEvent stored = store.readStream(s).getFirst();
      assertThat(stored.eventId()).isEqualTo(e.eventId());
      assertThat(stored.stream()).isEqualTo(s);
      assertThat(stored.type()).isEqualTo("Named");
      assertThat(stored.payload()).isEqualTo(e.payload());
      assertThat(stored.metadata()).isEqualTo(new Metadata("corr-1", "cause-1", "alice"));
      assertThat(stored.recordedAt()).isBetween(before, Instant.now().plusSeconds(1));
      assertThat(stored.position()).isPositive();
    }

    @Test
    void of_many_racing_writers_at_one_version_exactly_one_wins() throws Exception {
      StreamId s = stream();
      store.append(s, ExpectedVersion.noStream(), events(1));
      int writers = 16;
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger wins = new AtomicInteger();
      AtomicInteger conflicts = new AtomicInteger();
      try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
        for (int i = 0; i < writers; i++) {
          pool.submit(() -> {
            start.await();
            try {
              store.append(s, ExpectedVersion.exactly(1), events(1));
              wins.incrementAndGet();
            } catch (WrongExpectedVersion e) {
              conflicts.incrementAndGet();
            }
            return null;
          });
        }
        start.countDown();
      }
      assertThat(wins.get()).isEqualTo(1);
      assertThat(conflicts.get()).isEqualTo(writers - 1);
      assertThat(store.streamVersion(s)).isEqualTo(2);
    }
  }

  @Nested
  class ReadingStreams {
    @Test
    void a_stream_reads_from_a_version_and_up_to_a_version() {
      StreamId s = stream();
      store.append(s, ExpectedVersion.any(), events(5));

      assertThat(store.readStream(s, 3, Long.MAX_VALUE)).extracting(StoredEvent::version).containsExactly(3L, 4L, 5L);
      assertThat(store.readStream(s, 1, 2)).extracting(StoredEvent::version).containsExactly(1L, 2L);
      assertThat(store.readStream(stream())).isEmpty();
    }

    @Test
    void a_stream_reads_as_it_was_at_an_instant() throws InterruptedException {
      StreamId s = stream();
      store.append(s, ExpectedVersion.any(), events(2));
      Thread.sleep(20);
      Instant between = Instant.now();
      Thread.sleep(20);
      store.append(s, ExpectedVersion.any(), events(1));

      assertThat(store.readStreamAsOf(s, between)).extracting(StoredEvent::version).containsExactly(1L, 2L);
      assertThat(store.readStreamAsOf(s, Instant.now().plusSeconds(1))).hasSize(3);
      assertThat(store.readStreamAsOf(s, Instant.EPOCH)).isEmpty();
    }
  }

  @Nested
  class TheGlobalLog {
    @Test
    void reads_every_stream_interleaved_in_batches_from_a_position() {
      StreamId a = stream();
      StreamId b = stream();
      store.append(a, ExpectedVersion.any(), events(2));
      store.append(b, ExpectedVersion.any(), events(2));
      awaitVisible(store.append(a, ExpectedVersion.any(), events(1)).position());

      List<StoredEvent> all = readWholeLog(2);

      assertThat(all).hasSize(5);
      assertThat(all).extracting(StoredEvent::stream).containsExactly(a, a, b, b, a);
      assertThat(store.readAll(all.get(2).position(), 100)).containsExactlyElementsOf(all.subList(3, 5));
      assertThat(store.headPosition()).isEqualTo(all.getLast().position());
      assertThat(store.reached(all.get(3).position(), all.get(1).position())).isTrue();
      assertThat(store.reached(all.get(1).position(), all.get(3).position())).isFalse();
      assertThat(store.reached(0, all.getFirst().position())).isFalse();
    }

    @Test
    void finds_the_position_at_an_instant_for_replay_from_a_time() throws InterruptedException {
      assertThat(store.positionAt(Instant.now())).isZero();
      store.append(stream(), ExpectedVersion.any(), events(3));
      Thread.sleep(20);
      Instant between = Instant.now();
      Thread.sleep(20);
      awaitVisible(store.append(stream(), ExpectedVersion.any(), events(2)).position());

      List<StoredEvent> all = readWholeLog(100);
      assertThat(store.positionAt(between)).isEqualTo(all.get(2).position());
      assertThat(store.readAll(store.positionAt(between), 100)).containsExactlyElementsOf(all.subList(3, 5));
    }

    @Test
    void a_follower_is_woken_by_an_append_without_waiting_for_its_poll() {
      List<StoredEvent> seen = new CopyOnWriteArrayList<>();
      try (LogFollower follower = new LogFollower(store, "wake-test", 0, 100, Duration.ofMinutes(5), seen::addAll).start()) {
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(seen::isEmpty);
        store.append(stream(), ExpectedVersion.any(), events(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1);
      }
    }

    @Test
    void a_follower_whose_handler_fails_for_a_while_hands_over_the_same_batch_again_and_goes_on() {
      store.append(stream(), ExpectedVersion.any(), events(3));
      AtomicInteger calls = new AtomicInteger();
      List<StoredEvent> seen = new CopyOnWriteArrayList<>();
      LogFollower.Handler flaky = batch -> {
        if (calls.incrementAndGet() <= 2) throw new IllegalStateException("the broker is away");
        seen.addAll(batch);
      };
      try (LogFollower follower = new LogFollower(store, "flaky", 0, 100, Duration.ofMillis(200), flaky).start()) {
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3);
        store.append(stream(), ExpectedVersion.any(), events(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 5);
        assertThat(seen).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
        assertThat(follower.failure()).isNull();
      }
    }

    /** A handler's refusal for good, as a projection stopping on an event is. */
    static final class Refused extends RuntimeException implements LogFollower.Fatal {
      Refused() {
        super("refused for good");
      }
    }

    @Test
    void a_follower_stops_on_a_fatal_failure_and_says_why() {
      store.append(stream(), ExpectedVersion.any(), events(1));
      AtomicInteger calls = new AtomicInteger();
      try (LogFollower follower = new LogFollower(store, "fatal", 0, 100, Duration.ofMillis(200), batch -> {
        calls.incrementAndGet();
        throw new Refused();
      }).start()) {
        await().atMost(Duration.ofSeconds(30)).until(() -> follower.failure() != null);
        assertThat(follower.failure()).isInstanceOf(Refused.class);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 1);
      }
    }

    @Test
    void a_reader_tailing_sixteen_writers_with_rollbacks_and_late_commits_sees_each_committed_event_once_in_log_order()
        throws Exception {
      int writers = 16;
      int perWriter = 2_000;
      Set<UUID> rolledBack = ConcurrentHashMap.newKeySet();
      List<StoredEvent> seen = Collections.synchronizedList(new ArrayList<>());
      try (LogFollower follower = new LogFollower(store, "tail-test", 0, 500, Duration.ofMillis(200), seen::addAll).start();
           ExecutorService pool = Executors.newFixedThreadPool(writers)) {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          StreamId s = StreamId.of("writer", w + "-" + UUID.randomUUID());
          done.add(pool.submit(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int written = 0; written < perWriter; ) {
              List<NewEvent> batch = events(Math.min(perWriter - written, 1 + random.nextInt(4)));
              int roll = random.nextInt(100);
              if (roll < 5) {
                appendHolding(store, s, batch, Duration.ofMillis(random.nextInt(3)), true);
                batch.forEach(e -> rolledBack.add(e.eventId()));
                continue;
              } else if (roll < 15) {
                appendHolding(store, s, batch, Duration.ofMillis(1 + random.nextInt(5)), false);
              } else {
                store.append(s, ExpectedVersion.any(), batch);
              }
              written += batch.size();
            }
            return null;
          }));
        }
        for (Future<?> f : done) f.get();
        int committed = writers * perWriter;
        await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= committed);
        Thread.sleep(300);

        List<StoredEvent> log = readWholeLog(1_000);
        assertThat(log).hasSize(committed);
        assertThat(rolledBack).isNotEmpty();
        assertThat(log).extracting(StoredEvent::eventId).doesNotContainAnyElementsOf(rolledBack);
        List<UUID> seenIds;
        synchronized (seen) {
          seenIds = seen.stream().map(StoredEvent::eventId).toList();
        }
        assertThat(new HashSet<>(seenIds)).as("no event seen twice").hasSize(seenIds.size());
        assertThat(seenIds).as("every committed event, in log order").containsExactlyElementsOf(
            log.stream().map(StoredEvent::eventId).toList());
        assertThat(follower.failure()).isNull();
      }
    }
  }

  @Nested
  class SnapshotsOfStreams {
    @Test
    void a_saved_snapshot_loads_back_under_its_schema_version() {
      StreamId s = stream();
      store.snapshots().save(new Snapshot(s, 7, 1, "{\"state\":1}", Instant.now()));

      Optional<Snapshot> loaded = store.snapshots().load(s, 1);
      assertThat(loaded).get().satisfies(snap -> {
        assertThat(snap.version()).isEqualTo(7);
        assertThat(snap.state()).isEqualTo("{\"state\":1}");
      });
    }

    @Test
    void a_snapshot_of_another_schema_version_is_ignored() {
      StreamId s = stream();
      store.snapshots().save(new Snapshot(s, 7, 1, "{}", Instant.now()));

      assertThat(store.snapshots().load(s, 2)).isEmpty();
    }

    @Test
    void an_older_snapshot_never_replaces_a_newer_one() {
      StreamId s = stream();
      store.snapshots().save(new Snapshot(s, 9, 1, "{\"v\":9}", Instant.now()));
      store.snapshots().save(new Snapshot(s, 4, 1, "{\"v\":4}", Instant.now()));

      assertThat(store.snapshots().load(s, 1)).get().extracting(Snapshot::version).isEqualTo(9L);
    }
  }

  /**
   * Waits until log readers see the event at {@code position}. A committed append need not be visible at
   * once: PostgreSQL's readers stay below the oldest transaction still running anywhere in the cluster.
   */
  protected void awaitVisible(long position) {
    await().atMost(Duration.ofSeconds(30)).until(() -> store.reached(store.headPosition(), position));
  }

  protected List<StoredEvent> readWholeLog(int batch) {
    List<StoredEvent> all = new ArrayList<>();
    long after = 0;
    for (List<StoredEvent> page; !(page = store.readAll(after, batch)).isEmpty(); after = page.getLast().position()) {
      all.addAll(page);
    }
    return all;
  }
}
