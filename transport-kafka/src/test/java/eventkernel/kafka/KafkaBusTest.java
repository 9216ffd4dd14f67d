package eventkernel.kafka;

import static eventkernel.sql.Jdbc.update;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The bus contract on a real broker (PETSTORE_TEST_KAFKA, started by scripts/test), and what only Kafka has. */
class KafkaBusTest extends BusContract {
  private static final String BROKER = System.getenv("PETSTORE_TEST_KAFKA");
  private static final int PARTITIONS = 6;
  /** Quick to notice a member that came or went; the broker's minimum session is 6 s. */
  private static final Map<String, Object> QUICK_GROUPS = Map.of(
      ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000,
      ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
  private static final Set<String> topicsUsed = ConcurrentHashMap.newKeySet();

  @TempDir Path dir;
  private String topic;

  @BeforeAll
  static void aBrokerIsGiven() {
    if (BROKER == null || BROKER.isBlank()) {
      fail("PETSTORE_TEST_KAFKA is not set: these tests need a Kafka broker. Run them with scripts/test (it starts one), "
          + "or start a broker yourself and export PETSTORE_TEST_KAFKA=host:port");
    }
  }

  @AfterAll
  static void removeTheTopics() throws Exception {
    if (BROKER == null || topicsUsed.isEmpty()) return;
    try (Admin admin = admin()) {
      List<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> topicsUsed.stream().anyMatch(u -> t.equals(u) || t.startsWith(u + "."))).toList();
      admin.deleteTopics(ours).all().get(30, TimeUnit.SECONDS);
    }
  }

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
    if (BROKER == null) fail("PETSTORE_TEST_KAFKA is not set");
    topic = "bus-" + testName;
    topicsUsed.add(topic);
    return new KafkaBus(BROKER, topic, PARTITIONS, MAPPER, Clock.systemUTC(), QUICK_GROUPS);
  }

  @Override
  protected boolean sharesWorkBetweenProcesses() {
    return true;
  }

  @Test
  void the_wire_format_is_what_a_client_no_one_here_wrote_reads() throws Exception {
    Instant at = Instant.now();
    Message m = new Message("thing.happened", UUID.randomUUID(), at, "pet-42", MAPPER.createObjectNode().put("n", 7).put("name", "Rex"), 99);
    bus.publish(List.of(m));

    ConsumerRecord<byte[], byte[]> r = readAll(topic, 1).getFirst();
    assertThat(new String(r.key(), UTF_8)).isEqualTo("pet-42");
    assertThat(r.partition()).as("the partition any murmur2 client (Java, KafkaJS, librdkafka's murmur2) picks for the key")
        .isEqualTo(Utils.toPositive(Utils.murmur2("pet-42".getBytes(UTF_8))) % PARTITIONS);
    assertThat(new String(r.value(), UTF_8)).isEqualTo(
        "{\"eventType\":\"thing.happened\",\"eventId\":\"" + m.id() + "\",\"timestamp\":\"" + at + "\",\"data\":{\"n\":7,\"name\":\"Rex\"}}");
    JsonNode body = MAPPER.readTree(r.value());
    assertThat(body.propertyNames()).containsExactly("eventType", "eventId", "timestamp", "data");
    assertThat(header(r, "event-type")).isEqualTo("thing.happened");
    assertThat(header(r, "event-id")).isEqualTo(m.id().toString());
    assertThat(Instant.parse(header(r, "timestamp"))).isEqualTo(at);
    assertThat(r.timestamp()).as("record time is the event's time").isEqualTo(at.toEpochMilli());
  }

  @Test
  void a_poison_record_lands_on_the_dead_letter_topic_with_its_reasons_and_the_partition_moves_on() throws Exception {
    subscribe(consumer("svc", new Tally("svc", Set.of(1)), FAST, MessageValidator.NONE));
    UUID garbageId = UUID.randomUUID();
    try (KafkaProducer<byte[], byte[]> raw = rawProducer()) {
      RecordHeaders h = new RecordHeaders();
      h.add("event-type", "thing.happened".getBytes(UTF_8));
      h.add("event-id", garbageId.toString().getBytes(UTF_8));
      raw.send(new ProducerRecord<>(topic, null, "p".getBytes(UTF_8), "this is not an envelope".getBytes(UTF_8), h)).get();
    }
    bus.publish(List.of(message("p", 1, 1), message("p", 2, 2)));

    await().atMost(Duration.ofSeconds(20)).until(() -> handled("svc").size() == 1);
    assertThat(handled("svc")).extracting(r -> r.get("n")).containsExactly(2);
    List<ConsumerRecord<byte[], byte[]>> parked = readAll(topic + ".dlt", 2);
    int partition = Utils.toPositive(Utils.murmur2("p".getBytes(UTF_8))) % PARTITIONS;

    ConsumerRecord<byte[], byte[]> garbage = parked.get(0);
    assertThat(new String(garbage.value(), UTF_8)).isEqualTo("this is not an envelope");
    assertThat(header(garbage, "dlt-consumer")).isEqualTo("svc");
    assertThat(header(garbage, "dlt-reason")).contains("unreadable").contains("not JSON");
    assertThat(header(garbage, "dlt-attempts")).isEqualTo("1");
    assertThat(header(garbage, "dlt-original-partition")).isEqualTo(Integer.toString(partition));
    assertThat(header(garbage, "dlt-original-offset")).isEqualTo("0");

    ConsumerRecord<byte[], byte[]> poison = parked.get(1);
    assertThat(header(poison, "event-type")).as("the original headers travel along").isEqualTo("thing.happened");
    assertThat(header(poison, "dlt-reason")).contains("induced failure");
    assertThat(header(poison, "dlt-attempts")).isEqualTo(Integer.toString(FAST.maxAttempts()));
    assertThat(header(poison, "dlt-original-offset")).isEqualTo("1");

    assertThat(new DeadLetters(db, MAPPER).list()).extracting(DeadLetters.DeadLetter::attempts).containsExactlyInAnyOrder(1, FAST.maxAttempts());
    assertThat(new DeadLetters(db, MAPPER).of("svc", garbageId)).singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("not JSON"));
    await().atMost(Duration.ofSeconds(10)).until(() -> committed("svc").getOrDefault(new TopicPartition(topic, partition), -1L) == 3L);
  }

  @Test
  void a_replay_to_after_a_partitions_last_record_moves_that_partition_to_its_end() throws Exception {
    Instant cut = Instant.now().minusSeconds(60);
    List<Message> sent = new ArrayList<>();
    for (int n = 1; n <= 3; n++) sent.add(at("slow", n, cut.minusSeconds(40 - n)));  // its partition has nothing after the cut
    for (int n = 4; n <= 5; n++) sent.add(at("fast", n, cut.minusSeconds(20 - n)));
    for (int n = 6; n <= 7; n++) sent.add(at("fast", n, cut.plusSeconds(n)));
    bus.publish(sent);
    subscribe(consumer("a", new Tally("a", Set.of()), FAST, MessageValidator.NONE));
    await().atMost(Duration.ofSeconds(20)).until(() -> handled("a").size() == 7);

    long again = bus.replay("a", cut, 0, List.of());

    TopicPartition slow = partitionOf("slow");
    TopicPartition fast = partitionOf("fast");
    assertThat(again).isEqualTo(2);
    Map<TopicPartition, Long> offsets = committed("a");
    assertThat(offsets).containsEntry(slow, 3L).containsEntry(fast, 2L);
    offsets.forEach((tp, offset) -> {
      if (!tp.equals(slow) && !tp.equals(fast)) assertThat(offset).as("empty partition " + tp).isZero();
    });
    Thread.sleep(1000);
    assertThat(handled("a")).hasSize(7);
  }

  @Test
  void a_consumer_killed_mid_batch_and_a_new_one_in_its_group_lose_nothing_and_handle_nothing_twice() throws Exception {
    List<Message> sent = messages(400, 5);
    bus.publish(sent);  // all there before the first poll: the first batch is a big one
    AtomicReference<KafkaBus.Subscription> first = new AtomicReference<>();
    AtomicBoolean killed = new AtomicBoolean();
    Tally doomed = new Tally("svc", Set.of(), handledSoFar -> {
      if (handledSoFar == 50 && killed.compareAndSet(false, true)) first.get().crash();
    });
    first.set((KafkaBus.Subscription) subscribe(consumer("svc", doomed, FAST, MessageValidator.NONE)));
    await().atMost(Duration.ofSeconds(20)).until(killed::get);
    try (Admin admin = admin()) {
      await().atMost(Duration.ofSeconds(20)).until(() ->
          admin.describeConsumerGroups(List.of("svc")).all().get().get("svc").members().isEmpty());
    }
    assertThat(handled("svc")).hasSize(50);
    long committedAtDeath = committed("svc").values().stream().mapToLong(Long::longValue).sum();
    assertThat(committedAtDeath).as("the batch in hand was handled but not committed").isLessThan(50);

    Tally successor = new Tally("svc", Set.of());
    subscribe(consumer("svc", successor, FAST, MessageValidator.NONE));
    await().atMost(Duration.ofSeconds(30)).until(() -> handled("svc").size() >= 400);
    Thread.sleep(300);
    assertThat(handled("svc")).hasSize(400).extracting(r -> r.get("id")).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(sent.stream().map(m -> m.id().toString()).toList());
    assertThat(doomed.acts.get() + successor.acts.get()).as("the redelivered ones stopped at the inbox").isEqualTo(400);
  }

  @Test
  void a_redriven_dead_letter_reaches_its_consumer_alone_and_not_the_public_topic() throws Exception {
    Set<Integer> poison = ConcurrentHashMap.newKeySet();
    poison.add(1);
    Tally a = new Tally("a", poison);
    Tally b = new Tally("b", Set.of());
    subscribe(consumer("a", a, FAST, MessageValidator.NONE));
    subscribe(consumer("b", b, FAST, MessageValidator.NONE));
    bus.publish(List.of(message("k", 1, 1), message("k", 2, 2)));
    await().atMost(Duration.ofSeconds(20)).until(() -> new DeadLetters(db, MAPPER).list().size() == 1 && handled("b").size() == 2);
    long publicRecords = endOffsets(topic);

    poison.clear();  // the bug is fixed
    new DeadLetters(db, MAPPER).redrive(new DeadLetters(db, MAPPER).list().getFirst(), bus);

    await().atMost(Duration.ofSeconds(20)).until(() -> handled("a").size() == 2);
    assertThat(handled("a")).extracting(r -> r.get("n")).containsExactly(2, 1);
    assertThat(new DeadLetters(db, MAPPER).list()).isEmpty();
    Thread.sleep(500);
    assertThat(b.acts.get()).as("the other service did not see it again").isEqualTo(2);
    assertThat(endOffsets(topic)).as("nothing new on the public topic").isEqualTo(publicRecords);
  }

  @Test
  void a_retry_count_survives_a_restart_so_a_poison_message_still_stops_after_its_last_attempt() throws Exception {
    Tally tally = new Tally("svc", Set.of(1));
    RetryPolicy slowRetries = new RetryPolicy(3, Duration.ofMillis(800), Duration.ofMillis(800));
    AutoCloseable first = subscribe(consumer("svc", tally, slowRetries, MessageValidator.NONE));
    bus.publish(List.of(message("k", 1, 1), message("k", 2, 2)));
    await().atMost(Duration.ofSeconds(20)).until(() -> tally.failures.get() == 1);
    first.close();  // in the middle of the backoff

    subscribe(consumer("svc", tally, slowRetries, MessageValidator.NONE));
    await().atMost(Duration.ofSeconds(20)).until(() -> handled("svc").size() == 1);
    assertThat(tally.failures.get()).as("attempts in all, across the restart").isEqualTo(slowRetries.maxAttempts());
    assertThat(new DeadLetters(db, MAPPER).list()).singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(slowRetries.maxAttempts()));
  }

  /** Like the contract's recorder: each handled message is a row in {@code handled}; fails always on {@code poison}. */
  private final class Tally implements MessageHandler<Void> {
    final String consumer;
    final Set<Integer> poison;
    final IntConsumer afterRecord;
    final AtomicInteger acts = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger recorded = new AtomicInteger();

    Tally(String consumer, Set<Integer> poison) {
      this(consumer, poison, n -> {});
    }

    Tally(String consumer, Set<Integer> poison, IntConsumer afterRecord) {
      this.consumer = consumer;
      this.poison = poison;
      this.afterRecord = afterRecord;
    }

    @Override
    public Void act(Message m) {
      acts.incrementAndGet();
      int n = m.data().path("n").asInt();
      if (poison.contains(n)) {
        failures.incrementAndGet();
        throw new IllegalStateException("induced failure: poison " + n);
      }
      return null;
    }

    @Override
    public Outcome record(Message m, Void acted, int attempt, Connection tx) throws SQLException {
      update(tx, "INSERT INTO handled (consumer, event_id, msg_key, n, at_order) VALUES (?, ?, ?, ?, ?)",
          consumer, m.id().toString(), m.key(), m.data().path("n").asInt(), System.nanoTime());
      afterRecord.accept(recorded.incrementAndGet());
      return Outcome.NONE;
    }
  }

  private static Message at(String key, int n, Instant timestamp) {
    return new Message("thing.happened", UUID.randomUUID(), timestamp, key, MAPPER.createObjectNode().put("n", n), n);
  }

  private TopicPartition partitionOf(String key) {
    return new TopicPartition(topic, Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % PARTITIONS);
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER));
  }

  private Map<TopicPartition, Long> committed(String group) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS).entrySet()) {
        if (e.getKey().topic().equals(topic) && e.getValue() != null) offsets.put(e.getKey(), e.getValue().offset());
      }
      return offsets;
    }
  }

  private static KafkaConsumer<byte[], byte[]> plainConsumer() {
    return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static KafkaProducer<byte[], byte[]> rawProducer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER), new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static long endOffsets(String topic) {
    try (KafkaConsumer<byte[], byte[]> plain = plainConsumer()) {
      List<TopicPartition> parts = plain.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      return plain.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Every record of {@code topic} as a consumer without a group reads it, once {@code count} are there. */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int count) {
    try (KafkaConsumer<byte[], byte[]> plain = plainConsumer()) {
      List<TopicPartition> parts = plain.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      plain.assign(parts);
      plain.seekToBeginning(parts);
      List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (read.size() < count && System.nanoTime() < deadline) {
        for (Iterator<ConsumerRecord<byte[], byte[]>> it = plain.poll(Duration.ofMillis(200)).iterator(); it.hasNext(); ) read.add(it.next());
      }
      assertThat(read).as("records on " + topic).hasSize(count);
      return read;
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), UTF_8);
  }
}
