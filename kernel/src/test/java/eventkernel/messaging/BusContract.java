package eventkernel.messaging;

import static eventkernel.sql.Jdbc.query;
import static eventkernel.sql.Jdbc.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eventkernel.sql.Database;
import eventkernel.sql.Jdbc;
import eventkernel.store.EventStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every bus promises a consumer: each message handled once (the inbox absorbs redeliveries), in
 * order per key, a failing message retried with backoff and then dead-lettered with its reason while
 * the others flow, and replay from a position.
 */
public abstract class BusContract {
  protected static final JsonMapper MAPPER = JsonMapper.builder().build();
  protected static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200));

  /** A store and its database over empty storage. */
  protected abstract EventStore openStore();

  protected abstract Database database(EventStore store);

  /** A bus over {@code db} (and whatever broker the implementation talks to), fresh for this test. */
  protected abstract Bus openBus(Database db, String testName);

  protected EventStore store;
  protected Database db;
  protected Bus bus;
  protected final List<AutoCloseable> open = new ArrayList<>();
  private final String testName = "t" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void openAll() {
    store = openStore();
    db = database(store);
    MessagingTables.create(db);
    db.write(c -> {
      Jdbc.execute(c, "CREATE TABLE IF NOT EXISTS handled (consumer TEXT NOT NULL, event_id TEXT NOT NULL, msg_key TEXT NOT NULL, n INTEGER NOT NULL, at_order BIGINT NOT NULL)");
      return null;
    });
    bus = openBus(db, testName);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) c.close();
    if (bus != null) bus.close();
    if (store != null) store.close();
  }

  /** Records each message it handles in {@code handled}; fails as {@code failuresPerKey} says, and always on {@code poison}. */
  protected final class Recorder implements MessageHandler<Void> {
    final String consumer;
    final Map<String, Integer> failuresPerKey;
    final Set<Integer> poison;
    final AtomicInteger acts = new AtomicInteger();
    final AtomicInteger order = new AtomicInteger();
    final Map<UUID, AtomicInteger> attemptsSeen = new ConcurrentHashMap<>();

    Recorder(String consumer, Map<String, Integer> failuresPerKey) {
      this(consumer, failuresPerKey, Set.of());
    }

    Recorder(String consumer, Map<String, Integer> failuresPerKey, Set<Integer> poison) {
      this.consumer = consumer;
      this.failuresPerKey = failuresPerKey;
      this.poison = poison;
    }

    @Override
    public Void act(Message m) {
      acts.incrementAndGet();
      int attempt = attemptsSeen.computeIfAbsent(m.id(), id -> new AtomicInteger()).incrementAndGet();
      if (poison.contains(m.data().path("n").asInt())) throw new IllegalStateException("induced failure: poison " + m.data().path("n").asInt());
      if (attempt <= failuresPerKey.getOrDefault(m.key(), 0)) throw new IllegalStateException("induced failure " + attempt + " for " + m.key());
      return null;
    }

    @Override
    public Outcome record(Message m, Void acted, int attempt, Connection tx) throws SQLException {
      update(tx, "INSERT INTO handled (consumer, event_id, msg_key, n, at_order) VALUES (?, ?, ?, ?, ?)",
          consumer, m.id().toString(), m.key(), m.data().path("n").asInt(), order.incrementAndGet());
      return Outcome.NONE;
    }
  }

  protected Consumer consumer(String name, MessageHandler<?> handler, RetryPolicy policy, MessageValidator validator) {
    return new Consumer(name, db, store, handler, policy, validator, MAPPER, Clock.systemUTC());
  }

  protected AutoCloseable subscribe(Consumer consumer) {
    AutoCloseable s = bus.subscribe(consumer, Set.of("thing.happened"));
    open.add(s);
    return s;
  }

  protected static Message message(String key, int n, long sourcePosition) {
    return new Message("thing.happened", UUID.randomUUID(), Instant.now(), key, MAPPER.createObjectNode().put("n", n), sourcePosition);
  }

  /** Messages n = 1..count spread over {@code keys} keys, in publishing order. */
  protected static List<Message> messages(int count, int keys) {
    List<Message> list = new ArrayList<>();
    for (int n = 1; n <= count; n++) list.add(message("key-" + (n % keys), n, n));
    return list;
  }

  protected List<Map<String, Object>> handled(String consumer) {
    return db.read(c -> query(c, "SELECT event_id, msg_key, n FROM handled WHERE consumer = ? ORDER BY at_order", rs -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", rs.getString(1));
      row.put("key", rs.getString(2));
      row.put("n", rs.getInt(3));
      return row;
    }, consumer));
  }

  private static void assertOrderPerKey(List<Map<String, Object>> rows) {
    Map<String, Integer> last = new HashMap<>();
    for (Map<String, Object> row : rows) {
      int n = (Integer) row.get("n");
      Integer before = last.put((String) row.get("key"), n);
      if (before != null) assertThat(n).as("order within key " + row.get("key")).isGreaterThan(before);
    }
  }

  @Test
  void every_message_is_handled_once_in_order_per_key() throws Exception {
    subscribe(consumer("svc", new Recorder("svc", Map.of()), FAST, MessageValidator.NONE));
    List<Message> sent = messages(300, 7);
    bus.publish(sent.subList(0, 150));
    bus.publish(sent.subList(150, 300));

    await().atMost(Duration.ofSeconds(30)).until(() -> handled("svc").size() >= 300);
    List<Map<String, Object>> rows = handled("svc");
    assertThat(rows).extracting(r -> r.get("id")).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(m -> m.id().toString()).toList());
    assertOrderPerKey(rows);
  }

  @Test
  void a_message_published_twice_is_handled_once() throws Exception {
    Recorder recorder = new Recorder("svc", Map.of());
    subscribe(consumer("svc", recorder, FAST, MessageValidator.NONE));
    Message m = message("k", 1, 1);
    bus.publish(List.of(m));
    bus.publish(List.of(m));
    bus.publish(List.of(message("k", 2, 2)));

    await().atMost(Duration.ofSeconds(20)).until(() -> handled("svc").size() >= 2);
    Thread.sleep(300);
    assertThat(handled("svc")).extracting(r -> r.get("n")).containsExactly(1, 2);
  }

  @Test
  void a_failing_message_is_retried_while_other_keys_flow_and_its_key_keeps_order() throws Exception {
    Recorder recorder = new Recorder("svc", Map.of("slow", 2));
    subscribe(consumer("svc", recorder, new RetryPolicy(5, Duration.ofMillis(300), Duration.ofSeconds(1)), MessageValidator.NONE));
    bus.publish(List.of(message("slow", 1, 1), message("fast", 2, 2), message("slow", 3, 3), message("fast", 4, 4)));

    await().atMost(Duration.ofSeconds(20)).until(() -> handled("svc").size() >= 4);
    List<Map<String, Object>> rows = handled("svc");
    assertThat(rows).extracting(r -> r.get("n")).as("the fast key is not held up by the slow one").startsWith(2, 4);
    assertOrderPerKey(rows);
    assertThat(recorder.attemptsSeen.values().stream().mapToInt(AtomicInteger::get).max().orElse(0)).isEqualTo(3);
  }

  @Test
  void a_poison_message_is_dead_lettered_with_its_reason_after_the_last_attempt_and_the_rest_flow() throws Exception {
    Recorder recorder = new Recorder("svc", Map.of(), Set.of(1));
    subscribe(consumer("svc", recorder, FAST, MessageValidator.NONE));
    Message poison = message("poison", 1, 1);
    bus.publish(List.of(poison, message("other", 2, 2)));

    await().atMost(Duration.ofSeconds(20)).until(() -> new DeadLetters(db, MAPPER).list().size() == 1);
    var letter = new DeadLetters(db, MAPPER).list().getFirst();
    assertThat(letter.eventId()).isEqualTo(poison.id());
    assertThat(letter.consumer()).isEqualTo("svc");
    assertThat(letter.attempts()).isEqualTo(FAST.maxAttempts());
    assertThat(letter.reason()).contains("induced failure");
    await().atMost(Duration.ofSeconds(10)).until(() -> handled("svc").size() == 1);
    assertThat(handled("svc")).extracting(r -> r.get("n")).containsExactly(2);

    bus.publish(List.of(message("poison", 3, 3)));
    await().atMost(Duration.ofSeconds(10)).until(() -> handled("svc").size() == 2);
    Thread.sleep(300);
    assertThat(recorder.attemptsSeen.get(poison.id()).get()).as("never looped").isEqualTo(FAST.maxAttempts());
  }

  @Test
  void a_message_that_breaks_the_contract_is_dead_lettered_at_once_and_never_handled() throws Exception {
    Recorder recorder = new Recorder("svc", Map.of());
    MessageValidator needsN = m -> m.data().has("n") ? List.of() : List.of("data.n is required");
    subscribe(consumer("svc", recorder, FAST, needsN));
    Message broken = new Message("thing.happened", UUID.randomUUID(), Instant.now(), "k", MAPPER.createObjectNode(), 1);
    bus.publish(List.of(broken, message("k", 2, 2)));

    await().atMost(Duration.ofSeconds(20)).until(() -> handled("svc").size() == 1);
    assertThat(recorder.attemptsSeen).doesNotContainKey(broken.id());
    assertThat(new DeadLetters(db, MAPPER).list()).singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("breaks the contract").contains("data.n is required"));
  }

  @Test
  void a_consumer_stopped_mid_stream_and_started_again_loses_nothing_and_doubles_nothing() throws Exception {
    Recorder first = new Recorder("svc", Map.of());
    AutoCloseable subscription = subscribe(consumer("svc", first, FAST, MessageValidator.NONE));
    List<Message> sent = messages(400, 5);
    bus.publish(sent);
    await().atMost(Duration.ofSeconds(20)).until(() -> handled("svc").size() >= 50);
    subscription.close();

    subscribe(consumer("svc", new Recorder("svc", Map.of()), FAST, MessageValidator.NONE));
    await().atMost(Duration.ofSeconds(30)).until(() -> handled("svc").size() >= 400);
    Thread.sleep(300);
    List<Map<String, Object>> rows = handled("svc");
    assertThat(rows).hasSize(400);
    assertThat(rows).extracting(r -> r.get("id")).doesNotHaveDuplicates();
  }

  @Test
  void a_replay_from_an_instant_delivers_again_to_that_consumer_alone_and_the_inbox_keeps_effects_single() throws Exception {
    Recorder a = new Recorder("a", Map.of());
    Recorder b = new Recorder("b", Map.of());
    subscribe(consumer("a", a, FAST, MessageValidator.NONE));
    subscribe(consumer("b", b, FAST, MessageValidator.NONE));
    Instant cut = Instant.now().minusSeconds(60);
    List<Message> before = new ArrayList<>();
    List<Message> after = new ArrayList<>();
    for (int n = 1; n <= 20; n++) {
      Instant at = n <= 10 ? cut.minusSeconds(30 - n) : cut.plusSeconds(n);
      Message m = new Message("thing.happened", UUID.randomUUID(), at, "key-" + (n % 3), MAPPER.createObjectNode().put("n", n), n);
      (n <= 10 ? before : after).add(m);
    }
    bus.publish(before);
    bus.publish(after);
    await().atMost(Duration.ofSeconds(20)).until(() -> handled("a").size() == 20 && handled("b").size() == 20);
    int actsBefore = a.acts.get();

    long again = bus.replay("a", cut, 10, after);

    assertThat(again).isEqualTo(10);
    Thread.sleep(1500);
    assertThat(handled("a")).hasSize(20);
    assertThat(a.acts.get()).as("redelivered messages stop at the inbox").isEqualTo(actsBefore);
    assertThat(b.acts.get()).isEqualTo(20);
  }

  /** Whether two processes of one service can share the work on this bus (a broker can; the embedded bus is one process). */
  protected boolean sharesWorkBetweenProcesses() {
    return false;
  }

  @Test
  void two_processes_of_one_service_share_the_work_and_handle_each_message_once() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(sharesWorkBetweenProcesses(), "this bus runs in one process");
    Bus second = openBus(db, testName);
    open.add(second);
    Recorder one = new Recorder("svc", Map.of());
    Recorder two = new Recorder("svc", Map.of());
    subscribe(consumer("svc", one, FAST, MessageValidator.NONE));
    open.add(second.subscribe(consumer("svc", two, FAST, MessageValidator.NONE), Set.of("thing.happened")));
    Thread.sleep(2000);  // let both join before the work arrives
    bus.publish(messages(600, 60));

    await().atMost(Duration.ofSeconds(60)).until(() -> handled("svc").size() >= 600);
    Thread.sleep(500);
    List<Map<String, Object>> rows = handled("svc");
    assertThat(rows).hasSize(600);
    assertThat(rows).extracting(r -> r.get("id")).doesNotHaveDuplicates();
    assertThat(one.acts.get()).as("the first process did some of the work").isPositive();
    assertThat(two.acts.get()).as("the second process did some of the work").isPositive();
  }
}
