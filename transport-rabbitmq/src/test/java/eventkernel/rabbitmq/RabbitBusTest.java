package eventkernel.rabbitmq;

import static eventkernel.sql.Jdbc.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import eventkernel.messaging.Bus;
import eventkernel.messaging.BusContract;
import eventkernel.messaging.DeadLetters;
import eventkernel.messaging.Message;
import eventkernel.messaging.MessageHandler;
import eventkernel.messaging.MessageValidator;
import eventkernel.messaging.Outcome;
import eventkernel.messaging.RetryPolicy;
import eventkernel.sql.Database;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The bus contract against a real RabbitMQ ({@code PETSTORE_TEST_AMQP}, default the machine's own), and
 * what only RabbitMQ shows: the wire as a plain AMQP client sees it, the dead-letter queue, no requeue
 * loops. Each test has its own exchange and queue prefix and deletes what it declared.
 */
class RabbitBusTest extends BusContract {
  static final String AMQP_URI = System.getenv().getOrDefault("PETSTORE_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672");
  static final String TYPE = "thing.happened";

  @TempDir Path dir;
  private final List<RabbitBus> buses = new ArrayList<>();
  private String exchange;
  private String prefix;
  private Connection plain;
  private Channel plainChannel;

  @Override
  protected EventStore openStore() {
    try {
      return SqliteEventStore.open(Files.createTempFile(dir, "events", ".db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Database database(EventStore store) {
    return ((SqliteEventStore) store).database();
  }

  @Override
  protected Bus openBus(Database db, String testName) {
    exchange = "petstore.events." + testName;
    prefix = testName + ".";
    RabbitBus bus;
    try {
      bus = new RabbitBus(AMQP_URI, exchange, prefix, RabbitBus.DEFAULT_PREFETCH, MAPPER, Clock.systemUTC());
    } catch (IllegalStateException e) {
      throw new IllegalStateException("These tests need RabbitMQ: " + e.getMessage()
          + ". scripts/test starts the machine's own; or set PETSTORE_TEST_AMQP to an amqp:// URI of a running broker.", e);
    }
    if (buses.isEmpty()) open.add(this::deleteWhatTheTestDeclared);  // closed last: after every subscription
    buses.add(bus);
    return bus;
  }

  @Override
  protected boolean sharesWorkBetweenProcesses() {
    return true;
  }

  @Test
  void the_wire_format_is_what_a_plain_amqp_client_sees() throws Exception {
    Channel ch = plainChannel();
    String queue = ch.queueDeclare().getQueue();  // a client of its own: server-named, exclusive, bound by type
    ch.queueBind(queue, exchange, TYPE);
    Message sent = message("pet-7", 7, 42);

    bus.publish(List.of(sent));

    GetResponse got = await().atMost(Duration.ofSeconds(10)).until(() -> ch.basicGet(queue, true), r -> r != null);
    assertThat(got.getEnvelope().getExchange()).isEqualTo(exchange);
    assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(TYPE);
    AMQP.BasicProperties p = got.getProps();
    assertThat(p.getContentType()).isEqualTo("application/json");
    assertThat(p.getDeliveryMode()).isEqualTo(2);
    assertThat(p.getMessageId()).isEqualTo(sent.id().toString());
    assertThat(p.getType()).isEqualTo(TYPE);
    assertThat(p.getTimestamp().toInstant().getEpochSecond()).isEqualTo(sent.timestamp().getEpochSecond());
    assertThat(p.getHeaders()).extractingByKeys("event-type", "event-id", "timestamp", "message-key")
        .map(String::valueOf).containsExactly(TYPE, sent.id().toString(), sent.timestamp().toString(), "pet-7");
    assertThat(p.getHeaders().get("source-position")).isEqualTo(42L);

    assertThat(got.getBody()).isEqualTo(sent.bodyText(MAPPER).getBytes(StandardCharsets.UTF_8));
    JsonNode body = MAPPER.readTree(got.getBody());
    assertThat(StreamSupport.stream(body.propertyNames().spliterator(), false).toList())
        .containsExactly("eventType", "eventId", "timestamp", "data");
    assertThat(body.get("eventType").asString()).isEqualTo(TYPE);
    assertThat(body.get("eventId").asString()).isEqualTo(sent.id().toString());
    assertThat(body.get("timestamp").asString()).isEqualTo(sent.timestamp().toString());
    assertThat(body.get("data")).isEqualTo(MAPPER.createObjectNode().put("n", 7));
  }

  @Test
  void a_poison_message_ends_in_the_services_dead_letter_queue_with_its_reason_and_the_rest_flow() throws Exception {
    subscribe(consumer("svc", new Counting("svc", Map.of(), Set.of(1)), FAST, MessageValidator.NONE));
    Message poison = message("poison", 1, 1);
    bus.publish(List.of(poison, message("other", 2, 2)));

    GetResponse dead = await().atMost(Duration.ofSeconds(20)).until(() -> plainChannel().basicGet(prefix + "svc.dlq", true), r -> r != null);
    assertThat(dead.getProps().getMessageId()).isEqualTo(poison.id().toString());
    Map<String, Object> headers = dead.getProps().getHeaders();
    assertThat(String.valueOf(headers.get("x-dead-reason"))).contains("induced failure: poison 1");
    assertThat(String.valueOf(headers.get("x-dead-consumer"))).isEqualTo("svc");
    assertThat(headers.get("x-attempts")).isEqualTo(FAST.maxAttempts());
    assertThat(dead.getBody()).isEqualTo(poison.bodyText(MAPPER).getBytes(StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(10)).until(() -> handled("svc").size() == 1);
    assertThat(handled("svc")).extracting(r -> r.get("n")).containsExactly(2);
    assertThat(new DeadLetters(db, MAPPER).list()).singleElement().satisfies(d -> assertThat(d.eventId()).isEqualTo(poison.id()));
  }

  @Test
  void a_failing_message_is_delivered_exactly_as_often_as_its_attempts_and_never_requeued() throws Exception {
    Counting handler = new Counting("svc", Map.of(), Set.of(1));
    subscribe(consumer("svc", handler, FAST, MessageValidator.NONE));
    Message poison = message("poison", 1, 1);
    bus.publish(List.of(poison));

    await().atMost(Duration.ofSeconds(20)).until(() -> messagesIn(prefix + "svc.dlq") == 1);
    Thread.sleep(1500);  // long enough for any loop to show: the retries here wait 50-200 ms
    assertThat(handler.deliveries(poison.id())).isEqualTo(FAST.maxAttempts());
    assertThat(messagesIn(prefix + "svc." + TYPE)).isZero();
    for (String q : buses.getFirst().declaredQueues()) if (q.contains(".retry.")) assertThat(messagesIn(q)).as(q).isZero();
    assertThat(messagesIn(prefix + "svc.dlq")).isEqualTo(1);
  }

  @Test
  void a_body_that_is_not_an_envelope_goes_straight_to_the_dead_letter_queue_and_the_rest_flow() throws Exception {
    Counting handler = new Counting("svc", Map.of(), Set.of());
    subscribe(consumer("svc", handler, FAST, MessageValidator.NONE));
    plainChannel().basicPublish(exchange, TYPE, new AMQP.BasicProperties.Builder().contentType("application/json").build(),
        "{not json".getBytes(StandardCharsets.UTF_8));
    bus.publish(List.of(message("k", 2, 2)));

    GetResponse dead = await().atMost(Duration.ofSeconds(20)).until(() -> plainChannel().basicGet(prefix + "svc.dlq", true), r -> r != null);
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(String.valueOf(dead.getProps().getHeaders().get("x-dead-reason"))).contains("not JSON");
    await().atMost(Duration.ofSeconds(10)).until(() -> handled("svc").size() == 1);
    assertThat(handler.deliveries.keySet()).hasSize(1);
  }

  @Test
  void a_long_backoff_does_not_hold_up_a_short_one() throws Exception {
    Counting handler = new Counting("svc", Map.of("short", 1), Set.of(1));
    subscribe(consumer("svc", handler, new RetryPolicy(20, Duration.ofMillis(100), Duration.ofSeconds(10)), MessageValidator.NONE));
    Message stuck = message("long", 1, 1);
    bus.publish(List.of(stuck));
    // After six failures it waits 3.2 s (± 20 %), in the 2 s or the 5 s retry queue.
    await().atMost(Duration.ofSeconds(20)).until(() -> handler.deliveries(stuck.id()) >= 6);
    int before = handler.deliveries(stuck.id());

    bus.publish(List.of(message("short", 2, 2)));

    await().atMost(Duration.ofMillis(1500)).until(() -> handled("svc").size() == 1);
    assertThat(handler.deliveries(stuck.id())).as("the long one still waits").isEqualTo(before);
  }

  @Test
  void a_redriven_dead_letter_comes_back_to_its_consumer_alone_as_a_first_attempt() throws Exception {
    Counting a = new Counting("a", Map.of(), Set.of(1));
    Counting b = new Counting("b", Map.of(), Set.of());
    subscribe(consumer("a", a, FAST, MessageValidator.NONE));
    subscribe(consumer("b", b, FAST, MessageValidator.NONE));
    Message m = message("k", 1, 1);
    bus.publish(List.of(m));
    await().atMost(Duration.ofSeconds(20)).until(() -> new DeadLetters(db, MAPPER).list().size() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> handled("b").size() == 1);

    a.poison = Set.of();
    DeadLetters letters = new DeadLetters(db, MAPPER);
    letters.redrive(letters.list().getFirst(), bus);

    await().atMost(Duration.ofSeconds(10)).until(() -> handled("a").size() == 1);
    assertThat(a.attempts.get(m.id())).containsExactly(1, 2, 3, 1);
    Thread.sleep(300);
    assertThat(b.deliveries(m.id())).isEqualTo(1);
  }

  @Test
  void a_publish_the_broker_does_not_confirm_throws_so_the_relay_keeps_its_place() throws Exception {
    plainChannel().exchangeDelete(exchange);  // the broker now refuses what is sent there

    assertThatThrownBy(() -> bus.publish(List.of(message("k", 1, 1)))).isInstanceOf(IOException.class).hasMessageContaining("NOT_FOUND");
    plainChannel().exchangeDeclare(exchange, "topic", true);
    bus.publish(List.of(message("k", 2, 2)));  // and the next publish opens a fresh channel
  }

  @Test
  void an_unreachable_broker_fails_at_once_with_a_clear_message() {
    assertThatThrownBy(() -> new RabbitBus("amqp://guest:s3cret@127.0.0.1:1", MAPPER, Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RabbitMQ is not reachable at amqp://guest@127.0.0.1:1")
        .hasMessageNotContaining("s3cret");
  }

  /** Records what it handles in {@code handled}; fails each message of a key as often as {@code failuresPerKey} says, and always on {@code poison}. */
  final class Counting implements MessageHandler<Void> {
    final String consumer;
    final Map<String, Integer> failuresPerKey;
    volatile Set<Integer> poison;
    final Map<UUID, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    final Map<UUID, List<Integer>> attempts = new ConcurrentHashMap<>();
    final AtomicInteger order = new AtomicInteger();

    Counting(String consumer, Map<String, Integer> failuresPerKey, Set<Integer> poison) {
      this.consumer = consumer;
      this.failuresPerKey = failuresPerKey;
      this.poison = poison;
    }

    int deliveries(UUID id) {
      AtomicInteger n = deliveries.get(id);
      return n == null ? 0 : n.get();
    }

    @Override
    public Void act(Message m) {
      int n = deliveries.computeIfAbsent(m.id(), id -> new AtomicInteger()).incrementAndGet();
      int value = m.data().path("n").asInt();
      if (poison.contains(value)) throw new IllegalStateException("induced failure: poison " + value);
      if (n <= failuresPerKey.getOrDefault(m.key(), 0)) throw new IllegalStateException("induced failure " + n + " for " + m.key());
      return null;
    }

    @Override
    public Outcome record(Message m, Void acted, int attempt, java.sql.Connection tx) throws SQLException {
      attempts.computeIfAbsent(m.id(), id -> new CopyOnWriteArrayList<>()).add(attempt);
      update(tx, "INSERT INTO handled (consumer, event_id, msg_key, n, at_order) VALUES (?, ?, ?, ?, ?)",
          consumer, m.id().toString(), m.key(), m.data().path("n").asInt(), order.incrementAndGet());
      return Outcome.NONE;
    }

    @Override
    public Outcome failed(Message m, int attempt, String error, boolean last) {
      attempts.computeIfAbsent(m.id(), id -> new CopyOnWriteArrayList<>()).add(attempt);
      return Outcome.NONE;
    }
  }

  /** A channel of a plain client of the test's own; a passive declare of a missing queue closes it, so it is opened again as needed. */
  private Channel plainChannel() throws Exception {
    if (plain == null) {
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(AMQP_URI);
      plain = factory.newConnection("rabbit-bus-test");
    }
    if (plainChannel == null || !plainChannel.isOpen()) plainChannel = plain.createChannel();
    return plainChannel;
  }

  private long messagesIn(String queue) throws Exception {
    return plainChannel().queueDeclarePassive(queue).getMessageCount();
  }

  private void deleteWhatTheTestDeclared() throws Exception {
    try {
      Channel ch = plainChannel();
      for (RabbitBus b : buses) for (String q : b.declaredQueues()) ch.queueDelete(q);
      for (RabbitBus b : buses) for (String x : b.exchanges()) ch.exchangeDelete(x);
    } finally {
      plain.close();
    }
  }
}
