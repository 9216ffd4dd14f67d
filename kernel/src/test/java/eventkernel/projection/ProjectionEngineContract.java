package eventkernel.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eventkernel.sql.BatchedWrites;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the projection engine promises on every database it runs on. */
public abstract class ProjectionEngineContract {

  /** A store and its database over empty storage; called once per test. */
  protected abstract EventStore openStore();

  protected abstract Database database(EventStore store);

  private final List<AutoCloseable> open = new ArrayList<>();

  /** Called after each test once its engines and store are closed: where an implementation drops what it made. */
  protected void cleanUp() {}

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) c.close();
    cleanUp();
  }

  /** Counts events per stream; refuses events of type "Poison". */
  static final class CountsPerStream implements Projection {
    private final int version;

    CountsPerStream(int version) {
      this.version = version;
    }

    @Override
    public String name() {
      return "counts";
    }

    @Override
    public int version() {
      return version;
    }

    @Override
    public List<String> tables() {
      return List.of("counts");
    }

    @Override
    public void create(Connection c, Tables t) throws SQLException {
      try (var s = c.createStatement()) {
        s.execute("CREATE TABLE " + t.of("counts") + " (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL, last_type TEXT NOT NULL)");
      }
    }

    @Override
    public void apply(Connection c, Tables t, StoredEvent e) throws SQLException {
      if (e.type().equals("Poison")) throw new IllegalArgumentException("cannot digest " + e.eventId());
      try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + t.of("counts") + " (stream_id, events, last_type) VALUES (?, 1, ?) "
          + "ON CONFLICT (stream_id) DO UPDATE SET events = " + t.of("counts") + ".events + 1, last_type = excluded.last_type")) {
        upsert.setString(1, e.stream().value());
        upsert.setString(2, e.type());
        upsert.executeUpdate();
      }
    }
  }

  /**
   * The same counts, written through {@link BatchedWrites} so the engine sends a batch's writes together;
   * the database itself refuses an event of type "Refused" (a CHECK constraint), inside a batch.
   */
  static final class CountsPerStreamInBatches implements WriteOnlyProjection {
    @Override
    public String name() {
      return "counts";
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public List<String> tables() {
      return List.of("counts");
    }

    @Override
    public void create(Connection c, Tables t) throws SQLException {
      try (var s = c.createStatement()) {
        s.execute("CREATE TABLE " + t.of("counts") + " (stream_id TEXT PRIMARY KEY, events BIGINT NOT NULL, "
            + "last_type TEXT NOT NULL CHECK (last_type <> 'Refused'))");
      }
    }

    @Override
    public void write(BatchedWrites writes, Tables t, StoredEvent e) throws SQLException {
      if (e.type().equals("Poison")) throw new IllegalArgumentException("cannot digest " + e.eventId());
      writes.update("INSERT INTO " + t.of("counts") + " (stream_id, events, last_type) VALUES (?, 1, ?) "
          + "ON CONFLICT (stream_id) DO UPDATE SET events = " + t.of("counts") + ".events + 1, last_type = excluded.last_type",
          e.stream().value(), e.type());
    }
  }

  private EventStore store;

  private EventStore store() {
    if (store == null) {
      store = openStore();
      open.add(store);
    }
    return store;
  }

  private ProjectionEngine engine(Projection... projections) {
    ProjectionEngine engine = new ProjectionEngine(store(), database(store()), List.of(projections), Clock.systemUTC(), 100, Duration.ofMillis(200)).start();
    open.add(engine);
    return engine;
  }

  private long append(StreamId stream, String type, int n) {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < n; i++) events.add(new NewEvent(UUID.randomUUID(), type, "{}", Metadata.NONE));
    return store().append(stream, ExpectedVersion.any(), events).position();
  }

  private Map<String, Long> counts() {
    return database(store()).read(c -> {
      Map<String, Long> rows = new TreeMap<>();
      try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT stream_id, events FROM counts")) {
        while (rs.next()) rows.put(rs.getString(1), rs.getLong(2));
      }
      return rows;
    });
  }

  @Test
  void a_projection_catches_up_on_the_log_then_follows_it_live() throws InterruptedException {
    StreamId a = StreamId.of("a-1");
    append(a, "Happened", 250);
    ProjectionEngine engine = engine(new CountsPerStream(1));

    long last = append(StreamId.of("b-1"), "Happened", 3);

    assertThat(engine.awaitPosition(last, Duration.ofSeconds(10))).isTrue();
    assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of("a-1", 250L, "b-1", 3L));
    assertThat(engine.statuses()).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(ProjectionStatus.State.LIVE);
      assertThat(s.lagEvents()).isZero();
    });
  }

  @Test
  void a_restarted_projection_resumes_from_its_checkpoint_and_applies_nothing_twice() throws InterruptedException {
    append(StreamId.of("a-1"), "Happened", 40);
    ProjectionEngine first = engine(new CountsPerStream(1));
    assertThat(first.awaitPosition(store().headPosition(), Duration.ofSeconds(10))).isTrue();
    first.close();

    long last = append(StreamId.of("a-1"), "Happened", 2);
    ProjectionEngine second = engine(new CountsPerStream(1));

    assertThat(second.awaitPosition(last, Duration.ofSeconds(10))).isTrue();
    assertThat(counts()).containsEntry("a-1", 42L);
  }

  @Test
  void a_rebuild_produces_tables_equal_to_the_live_ones_and_queries_answer_meanwhile() throws Exception {
    for (int i = 0; i < 30; i++) append(StreamId.of("s-" + i), "Happened", 1 + i % 4);
    ProjectionEngine engine = engine(new CountsPerStream(1));
    assertThat(engine.awaitPosition(store().headPosition(), Duration.ofSeconds(10))).isTrue();
    Map<String, Long> live = counts();

    var rebuilt = engine.rebuild("counts");
    assertThat(counts()).as("the old tables still answer").isNotEmpty();
    rebuilt.get();

    assertThat(counts()).isEqualTo(live);
    long last = append(StreamId.of("s-0"), "Happened", 1);
    assertThat(engine.awaitPosition(last, Duration.ofSeconds(10))).isTrue();
    assertThat(counts()).containsEntry("s-0", live.get("s-0") + 1);
  }

  @Test
  void a_new_projection_version_rebuilds_from_the_start() throws InterruptedException {
    append(StreamId.of("a-1"), "Happened", 5);
    ProjectionEngine v1 = engine(new CountsPerStream(1));
    assertThat(v1.awaitPosition(store().headPosition(), Duration.ofSeconds(10))).isTrue();
    v1.close();
    database(store()).write(c -> c.createStatement().executeUpdate("UPDATE counts SET events = 999"));

    ProjectionEngine v2 = engine(new CountsPerStream(2));

    await().atMost(Duration.ofSeconds(10)).until(() -> Long.valueOf(5).equals(counts().get("a-1")));
    assertThat(v2.awaitPosition(store().headPosition(), Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void a_projection_that_throws_stops_on_that_event_with_its_error_and_skips_nothing() throws InterruptedException {
    append(StreamId.of("a-1"), "Happened", 2);
    long poison = append(StreamId.of("a-1"), "Poison", 1);
    append(StreamId.of("a-1"), "Happened", 2);

    ProjectionEngine engine = engine(new CountsPerStream(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> engine.statuses().getFirst().state() == ProjectionStatus.State.FAILED);
    ProjectionStatus status = engine.statuses().getFirst();
    assertThat(status.failedAt()).isEqualTo(poison);
    assertThat(status.error()).contains("Poison").contains("cannot digest");
    assertThat(status.lagEvents()).isPositive();
    assertThat(engine.awaitPosition(store().headPosition(), Duration.ofMillis(300))).isFalse();
    assertThat(counts()).as("the events before the poison are kept, none after it").containsEntry("a-1", 2L);
    assertThat(status.position()).isLessThan(poison);
    assertThat(store().reached(status.position(), poison)).isFalse();
  }

  @Test
  void a_projection_written_in_batches_keeps_every_event_in_log_order_live_and_rebuilt() throws Exception {
    for (int round = 0; round < 30; round++) {
      append(StreamId.of("a-" + round % 7), "Happened", 1 + round % 4);
      append(StreamId.of("b-" + round % 3), "Happened", 2);
    }
    ProjectionEngine engine = engine(new CountsPerStreamInBatches());
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.awaitPosition(store().headPosition(), Duration.ofMillis(100)));
    Map<String, Long> expected = new TreeMap<>();
    for (int round = 0; round < 30; round++) {
      expected.merge("a-" + round % 7, (long) (1 + round % 4), Long::sum);
      expected.merge("b-" + round % 3, 2L, Long::sum);
    }
    assertThat(counts()).isEqualTo(expected);

    engine.rebuild("counts").get(30, TimeUnit.SECONDS);
    append(StreamId.of("a-0"), "Happened", 3);
    expected.merge("a-0", 3L, Long::sum);
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.awaitPosition(store().headPosition(), Duration.ofMillis(100)));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(counts()).isEqualTo(expected));
  }

  @Test
  void a_batch_the_database_refuses_is_applied_again_event_by_event_and_stops_on_the_refused_one() throws InterruptedException {
    append(StreamId.of("a-1"), "Happened", 3);
    append(StreamId.of("b-1"), "Happened", 2);
    long refused = append(StreamId.of("a-1"), "Refused", 1);
    append(StreamId.of("b-1"), "Happened", 2);

    ProjectionEngine engine = engine(new CountsPerStreamInBatches());

    await().atMost(Duration.ofSeconds(10)).until(() -> engine.statuses().getFirst().state() == ProjectionStatus.State.FAILED);
    ProjectionStatus status = engine.statuses().getFirst();
    assertThat(status.failedAt()).as("the event the database refused, not the batch").isEqualTo(refused);
    assertThat(status.error()).contains("Refused");
    assertThat(counts()).as("the events before the refused one are kept, none after it")
        .isEqualTo(Map.of("a-1", 3L, "b-1", 2L));
    assertThat(status.position()).isLessThan(refused);
  }
}
