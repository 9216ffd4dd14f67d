package eventkernel.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readers in one process are woken by appends in another, through LISTEN/NOTIFY. */
class PostgresWakeupTest {
  private final TestDatabase db = new TestDatabase();
  private final List<AutoCloseable> open = new ArrayList<>();

  private PostgresEventStore store(TestDatabase where) {
    PostgresEventStore store = where.openStore();
    open.add(store);
    return store;
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) c.close();
    db.close();
  }

  static List<NewEvent> oneEvent() {
    return List.of(new NewEvent(UUID.randomUUID(), "Happened", "{\"n\":1}", Metadata.NONE));
  }

  @Test
  void an_append_through_another_store_on_the_same_schema_wakes_this_ones_readers() throws InterruptedException {
    PostgresEventStore here = store(db);
    PostgresEventStore elsewhere = store(db);
    long generation = here.appendSignal().generation();

    long p = elsewhere.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent()).position();

    assertThat(here.appendSignal().await(generation, Duration.ofSeconds(5))).isTrue();
    TestDatabase.awaitVisible(here, p);
    assertThat(here.readAll(0, 10)).hasSize(1);
  }

  @Test
  void an_append_to_a_store_in_another_schema_wakes_no_one_here() throws InterruptedException {
    PostgresEventStore here = store(db);
    TestDatabase other = new TestDatabase();
    open.add(other);
    PostgresEventStore elsewhere = store(other);
    long generation = here.appendSignal().generation();

    elsewhere.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent());

    assertThat(here.appendSignal().await(generation, Duration.ofMillis(700))).isFalse();
  }

  /** A transaction that holds a transaction id, as any writer elsewhere in the cluster does while it runs. */
  private static Connection olderTransaction() throws SQLException {
    Connection c = TestDatabase.connect();
    c.setAutoCommit(false);
    try (PreparedStatement q = c.prepareStatement("SELECT pg_current_xact_id()")) {
      q.execute();
    }
    return c;
  }

  @Test
  void a_reader_woken_for_a_commit_it_cannot_read_yet_is_woken_again_once_it_can() throws Exception {
    PostgresEventStore here = store(db);
    try (Connection older = olderTransaction()) {
      long p = here.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent()).position();
      long generation = here.appendSignal().generation(); // the wake-up at commit has happened

      assertThat(here.readAll(0, 10)).as("an older transaction is still running").isEmpty();
      assertThat(here.appendSignal().await(generation, Duration.ofMillis(700))).as("no wake-up while unreadable").isFalse();

      older.commit();
      assertThat(here.appendSignal().await(generation, Duration.ofSeconds(5))).isTrue();
      assertThat(here.readAll(0, 10)).extracting(e -> e.position()).containsExactly(p);
    }
  }

  @Test
  void another_process_hears_of_an_append_once_it_can_read_it() throws Exception {
    PostgresEventStore here = store(db);
    PostgresEventStore elsewhere = store(db);
    try (Connection older = olderTransaction()) {
      long generation = here.appendSignal().generation();
      long p = elsewhere.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent()).position();

      assertThat(here.appendSignal().await(generation, Duration.ofMillis(700))).as("no wake-up while unreadable").isFalse();

      older.rollback();
      assertThat(here.appendSignal().await(generation, Duration.ofSeconds(5))).isTrue();
      assertThat(here.readAll(0, 10)).extracting(e -> e.position()).containsExactly(p);
    }
  }

  @Test
  void the_listener_reconnects_when_its_connection_is_cut_and_hears_appends_again() throws Exception {
    PostgresEventStore here = store(db);
    PostgresEventStore elsewhere = store(db);
    int cut = here.listenerBackendPid();
    assertThat(cut).isPositive();

    terminate(cut);
    await("a new listener connection").atMost(Duration.ofSeconds(10))
        .until(() -> here.listenerBackendPid() != 0 && here.listenerBackendPid() != cut);

    long generation = here.appendSignal().generation();
    elsewhere.append(StreamId.of("thing-1"), ExpectedVersion.any(), oneEvent());
    assertThat(here.appendSignal().await(generation, Duration.ofSeconds(5))).isTrue();
  }

  private static void terminate(int pid) throws SQLException {
    try (Connection c = TestDatabase.connect(); PreparedStatement q = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      q.setInt(1, pid);
      q.execute();
    }
  }
}
