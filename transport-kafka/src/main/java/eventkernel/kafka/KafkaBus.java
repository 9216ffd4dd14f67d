package eventkernel.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import eventkernel.messaging.Bus;
import eventkernel.messaging.Consumer;
import eventkernel.messaging.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bus on Apache Kafka. One topic holds every public message, keyed so that one entity's messages share
 * a partition; each service is a consumer group that commits its offsets after handling. The reasoning
 * (retry in place, redelivery through a per-consumer topic, replay by time) is in this module's README.
 */
public final class KafkaBus implements Bus {
  public static final String DEFAULT_TOPIC = "pet-events";
  public static final int DEFAULT_PARTITIONS = 6;

  static final String EVENT_TYPE = "event-type";
  static final String EVENT_ID = "event-id";
  static final String TIMESTAMP = "timestamp";
  static final String SOURCE_POSITION = "source-position";

  private static final Logger log = LoggerFactory.getLogger(KafkaBus.class);
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger MEMBERS = new AtomicInteger();

  private final String bootstrapServers;
  private final String topic;
  private final int partitions;
  private final JsonMapper mapper;
  private final Clock clock;
  private final Map<String, Object> consumerOverrides;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;
  private final Set<String> topicsKnown = ConcurrentHashMap.newKeySet();
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  public KafkaBus(String bootstrapServers, String topic, int partitions, JsonMapper mapper, Clock clock) {
    this(bootstrapServers, topic, partitions, mapper, clock, Map.of());
  }

  /**
   * @param consumerOverrides Kafka consumer settings for the subscriptions (session and heartbeat times,
   *     fetch sizes); the group id, offset commits and the reset policy are the bus's and stay as they are
   */
  public KafkaBus(String bootstrapServers, String topic, int partitions, JsonMapper mapper, Clock clock,
                  Map<String, Object> consumerOverrides) {
    if (partitions < 1) throw new IllegalArgumentException("at least one partition");
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partitions = partitions;
    this.mapper = mapper;
    this.clock = clock;
    this.consumerOverrides = Map.copyOf(consumerOverrides);
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "petstore-bus-admin",
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000));
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "petstore-bus-producer",
        ProducerConfig.ACKS_CONFIG, "all",
        // Idempotence keeps the order of one key's messages through the producer's own retries.
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis()),
        new StringSerializer(), new ByteArraySerializer());
    try {
      ensureTopic(topic, partitions);
      ensureTopic(deadLetterTopic(), partitions);
    } catch (RuntimeException e) {
      closeClients();
      throw e;
    }
  }

  /**
   * A bus from {@code kafka://host:port[,host:port…][?topic=name&partitions=n]}; the topic defaults to
   * {@value #DEFAULT_TOPIC}, the partitions to {@value #DEFAULT_PARTITIONS}.
   */
  public static KafkaBus fromUri(String uri, JsonMapper mapper, Clock clock) {
    Address a = Address.parse(uri);
    return new KafkaBus(a.servers(), a.topic(), a.partitions(), mapper, clock);
  }

  /** What a {@code kafka://} address names. */
  record Address(String servers, String topic, int partitions) {
    static Address parse(String uri) {
      if (!uri.startsWith("kafka://")) throw new IllegalArgumentException("not a kafka:// address: " + uri);
      String rest = uri.substring("kafka://".length());
      String query = "";
      int q = rest.indexOf('?');
      if (q >= 0) {
        query = rest.substring(q + 1);
        rest = rest.substring(0, q);
      }
      String servers = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
      if (servers.isBlank()) throw new IllegalArgumentException("no broker address in " + uri);
      String topic = DEFAULT_TOPIC;
      int partitions = DEFAULT_PARTITIONS;
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) continue;
        String[] kv = pair.split("=", 2);
        String value = kv.length > 1 ? kv[1] : "";
        switch (kv[0]) {
          case "topic" -> topic = value;
          case "partitions" -> partitions = Integer.parseInt(value);
          default -> throw new IllegalArgumentException("unknown setting " + kv[0] + " in " + uri);
        }
      }
      return new Address(servers, topic, partitions);
    }
  }

  public String topic() {
    return topic;
  }

  /** Where records a consumer gave up on are parked, with why, for people and tools to look at. */
  public String deadLetterTopic() {
    return topic + ".dlt";
  }

  /** Where {@link #redeliver} puts a message for {@code consumer} alone; its subscription reads it too. */
  public String retryTopic(String consumer) {
    return topic + ".retry." + consumer.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @Override
  public void publish(List<Message> messages) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>(messages.size());
    for (Message m : messages) sent.add(producer.send(record(topic, m, m.timestamp().toEpochMilli())));
    producer.flush();
    // Every send must be acknowledged before the relay may move its checkpoint: a failure throws.
    for (int i = 0; i < sent.size(); i++) {
      try {
        sent.get(i).get();
      } catch (ExecutionException e) {
        Message m = messages.get(i);
        throw new IllegalStateException("Kafka did not take " + m.type() + " " + m.id() + " on " + topic + ": " + e.getCause(),
            e.getCause());
      }
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer consumer, Set<String> types) {
    ensureTopic(retryTopic(consumer.name()), 1);
    Subscription s = new Subscription(consumer, Set.copyOf(types));
    subscriptions.add(s);
    s.start();
    return s;
  }

  /**
   * Moves the consumer's group back to the first record at or after {@code from}, per partition, by record
   * time. The group's offsets can only be set while it has no members, so the consumer's subscriptions in
   * this process stop (committing what they handled), the offsets are committed, and they start again.
   * The log's messages are not needed: the topic is the history.
   */
  @Override
  public long replay(String consumer, Instant from, long logPosition, Iterable<Message> fromLog) throws Exception {
    Map<TopicPartition, OffsetAndTimestamp> found;
    Map<TopicPartition, Long> ends;
    Map<TopicPartition, Long> starts;
    try (KafkaConsumer<byte[], byte[]> lookup = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.CLIENT_ID_CONFIG, "petstore-bus-replay"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = lookup.partitionsFor(topic, BROKER_TIMEOUT).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, Long> at = new HashMap<>();
      for (TopicPartition tp : parts) at.put(tp, from.toEpochMilli());
      found = lookup.offsetsForTimes(at, BROKER_TIMEOUT);
      ends = lookup.endOffsets(parts, BROKER_TIMEOUT);
      starts = lookup.beginningOffsets(parts, BROKER_TIMEOUT);
    }
    List<Subscription> running = subscriptions.stream().filter(s -> s.consumer.name().equals(consumer)).toList();
    running.forEach(Subscription::suspend);
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(consumer).partitionsToOffsetAndMetadata().get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> moves = new HashMap<>();
      long again = 0;
      for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
        TopicPartition tp = end.getKey();
        OffsetAndTimestamp first = found.get(tp);
        long wanted = first == null ? end.getValue() : first.offset();  // nothing at or after `from`: its end
        OffsetAndMetadata now = committed.get(tp);
        // Again, never ahead: a replay must not skip what the group has not been handed yet.
        OffsetAndMetadata move = now != null && now.offset() <= wanted ? now
            : new OffsetAndMetadata(now == null ? Math.min(wanted, starts.get(tp)) : wanted);
        moves.put(tp, move);
        again += end.getValue() - move.offset();
      }
      commitForGroup(consumer, moves);
      log.info("{}: replay from {} moves {} partition(s) of {}; {} record(s) come again", consumer, from, moves.size(), topic, again);
      return again;
    } finally {
      running.forEach(Subscription::resume);
    }
  }

  private void commitForGroup(String group, Map<TopicPartition, OffsetAndMetadata> offsets) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      try {
        admin.alterConsumerGroupOffsets(group, offsets).all().get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        boolean groupBusy = cause instanceof UnknownMemberIdException || cause instanceof GroupNotEmptyException
            || cause instanceof RebalanceInProgressException || cause instanceof RetriableException;
        if (!groupBusy || System.nanoTime() > deadline) {
          throw new IllegalStateException("could not move the offsets of consumer group " + group + " (" + cause
              + "); when the group still has members in another process, stop those first", cause);
        }
        Thread.sleep(200);  // a member that just left needs a moment to be gone from the group
      }
    }
  }

  /**
   * Puts {@code message} on the consumer's own retry topic: its subscription reads that topic besides the
   * public one, and no other group does, so the public topic and the other services never see it again.
   */
  @Override
  public void redeliver(String consumer, Message message) throws Exception {
    String retry = retryTopic(consumer);
    ensureTopic(retry, 1);
    // Record time is now, not the event's: the broker's time-based retention must not drop it first.
    ProducerRecord<String, byte[]> record = record(retry, message, clock.millis());
    record.headers().add("redelivered-to", utf8(consumer));
    producer.send(record).get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    for (Subscription s : subscriptions) s.close();
    subscriptions.clear();
    closeClients();
  }

  private void closeClients() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }

  private ProducerRecord<String, byte[]> record(String to, Message m, long timestamp) {
    Headers h = new RecordHeaders();
    h.add(EVENT_TYPE, utf8(m.type()));
    h.add(EVENT_ID, utf8(m.id().toString()));
    h.add(TIMESTAMP, utf8(m.timestamp().toString()));
    h.add(SOURCE_POSITION, utf8(Long.toString(m.sourcePosition())));
    h.add("content-type", utf8("application/json"));
    // CloudEvents attributes (Kafka binding, binary mode) for tools that speak it; the headers above stay.
    h.add("ce_specversion", utf8("1.0"));
    h.add("ce_id", utf8(m.id().toString()));
    h.add("ce_type", utf8(m.type()));
    h.add("ce_source", utf8("/" + topic));
    h.add("ce_time", utf8(m.timestamp().toString()));
    return new ProducerRecord<>(to, null, timestamp, m.key(), m.bodyText(mapper).getBytes(UTF_8), h);
  }

  private void ensureTopic(String name, int partitionCount) {
    if (topicsKnown.contains(name)) return;
    int count = partitionCount;
    try {
      // The broker's default replication factor: one on a laptop, the cluster's choice elsewhere.
      admin.createTopics(List.of(new NewTopic(name, Optional.of(partitionCount), Optional.empty())))
          .all().get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      log.info("created topic {} with {} partition(s)", name, partitionCount);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers + ": " + e.getCause(), e.getCause());
      }
      count = partitionsOf(name);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no Kafka broker answered at " + bootstrapServers + " within " + BROKER_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
    awaitLeaders(name, count);
    topicsKnown.add(name);
  }

  /**
   * Returns once every partition's leader serves requests. A topic is created before its leaders are
   * ready, and an idempotent producer whose first batch meets NOT_LEADER_OR_FOLLOWER there can stay stuck
   * on OUT_OF_ORDER_SEQUENCE_NUMBER until the batch expires (seen on 4.1.1). Listing the partitions'
   * offsets asks each leader itself, and the admin client retries that until they answer.
   */
  private void awaitLeaders(String name, int partitionCount) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitionCount; p++) latest.put(new TopicPartition(name, p), OffsetSpec.latest());
    long deadline = System.nanoTime() + BROKER_TIMEOUT.toNanos();
    try {
      while (true) {
        try {
          // First until the broker's metadata names a leader for each: listing offsets before that logs errors.
          var partitions = admin.describeTopics(List.of(name)).allTopicNames().get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(name).partitions();
          if (partitions.size() < partitionCount || partitions.stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the partitions of topic " + name + " found no leader");
            Thread.sleep(50);
            continue;
          }
          admin.listOffsets(latest).all().get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
          return;
        } catch (ExecutionException e) {
          // Unknown topic, no leader yet, not the leader yet: all retriable, and all seen right after creation.
          if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
            throw new IllegalStateException("the partitions of topic " + name + " found no leader: " + e.getCause(), e.getCause());
          }
          Thread.sleep(100);
        }
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("no Kafka broker answered at " + bootstrapServers + " within " + BROKER_TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the leaders of topic " + name, e);
    }
  }

  private int partitionsOf(String name) {
    try {
      return admin.describeTopics(List.of(name)).allTopicNames().get(BROKER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .get(name).partitions().size();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not describe topic " + name + " on " + bootstrapServers + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + name, e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  Map<String, Object> consumerConfig(String group) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    // Unique in the process: two members of one group here would otherwise clash in the clients' metrics.
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "petstore-" + group + "-" + MEMBERS.incrementAndGet());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
    config.putAll(consumerOverrides);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return config;
  }

  /** One consumer's subscription: a {@link GroupMember} on its own thread, restarted around a replay. */
  final class Subscription implements AutoCloseable {
    final Consumer consumer;
    private final Set<String> types;
    private volatile GroupMember running;
    private boolean closed;

    Subscription(Consumer consumer, Set<String> types) {
      this.consumer = consumer;
      this.types = types;
    }

    synchronized void start() {
      if (closed || running != null) return;
      running = new GroupMember(consumerConfig(consumer.name()), topic, retryTopic(consumer.name()), deadLetterTopic(), consumer, types,
          producer, mapper, clock);
      running.start();
    }

    /** Stops delivering, having committed what was handled, until {@link #resume}. */
    synchronized void suspend() {
      if (running != null) running.stop();
      running = null;
    }

    synchronized void resume() {
      start();
    }

    /** For tests: stops as a killed process would, committing nothing more. */
    void crash() {
      GroupMember member = running;
      if (member != null) member.abandon();
    }

    @Override
    public void close() {
      synchronized (this) {
        closed = true;
        suspend();
      }
      subscriptions.remove(this);
    }
  }
}
