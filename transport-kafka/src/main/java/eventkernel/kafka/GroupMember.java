package eventkernel.kafka;

import static eventkernel.kafka.KafkaBus.EVENT_ID;
import static eventkernel.kafka.KafkaBus.EVENT_TYPE;
import static eventkernel.kafka.KafkaBus.SOURCE_POSITION;
import static eventkernel.kafka.KafkaBus.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;

import eventkernel.messaging.Consumer;
import eventkernel.messaging.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One member of a service's consumer group, on its own thread: polls the public topic and the service's
 * retry topic, hands each wanted record to the {@link Consumer}, and commits the next offset of each
 * partition once handled.
 *
 * <p>A message to retry stays where it is: its partition is sought back to it and paused until the retry
 * is due, while the other partitions flow and {@code poll} keeps the membership alive. The attempt count
 * and due time ride in the committed offset's metadata, so a rebalance or a restart does not reset the
 * retry budget.
 */
final class GroupMember {
  private static final Logger log = LoggerFactory.getLogger(GroupMember.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(500);
  private static final Duration STORE_TROUBLE_BACKOFF = Duration.ofSeconds(1);
  private static final Pattern WAITING = Pattern.compile("attempts=(\\d+);due=(\\d+)");

  /** A partition held at {@code offset}: {@code attempts} made so far, the next one due at {@code due} (epoch ms). */
  private record Waiting(long offset, int attempts, long due) {
    String metadata() {
      return "attempts=" + attempts + ";due=" + due;
    }
  }

  private final Map<String, Object> config;
  private final String topic;
  private final String retryTopic;
  private final String deadLetterTopic;
  private final Consumer consumer;
  private final Set<String> types;
  private final KafkaProducer<String, byte[]> producer;
  private final JsonMapper mapper;
  private final Clock clock;

  private final Map<TopicPartition, Waiting> waiting = new HashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
  private volatile boolean stopping;
  private volatile boolean abandoned;
  private volatile KafkaConsumer<String, byte[]> kafka;
  private Thread thread;

  GroupMember(Map<String, Object> config, String topic, String retryTopic, String deadLetterTopic, Consumer consumer,
              Set<String> types, KafkaProducer<String, byte[]> producer, JsonMapper mapper, Clock clock) {
    this.config = config;
    this.topic = topic;
    this.retryTopic = retryTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.consumer = consumer;
    this.types = types;
    this.producer = producer;
    this.mapper = mapper;
    this.clock = clock;
  }

  void start() {
    thread = Thread.ofPlatform().name("kafka-" + consumer.name()).daemon(true).start(this::run);
  }

  /** Finishes the record in hand, commits what was handled, leaves the group. */
  void stop() {
    stopping = true;
    KafkaConsumer<String, byte[]> k = kafka;
    if (k != null) k.wakeup();
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) log.warn("{}: delivery thread did not stop within 30 s", consumer.name());
  }

  /** Stops after the record in hand without committing anything more: what a killed process leaves behind. */
  void abandon() {
    abandoned = true;
    KafkaConsumer<String, byte[]> k = kafka;
    if (k != null) k.wakeup();
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> k = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      kafka = k;
      k.subscribe(List.of(topic, retryTopic), new Rebalance());
      while (!stopping && !abandoned) {
        resumeDue();
        ConsumerRecords<String, byte[]> records;
        try {
          records = k.poll(pollTimeout());
        } catch (WakeupException e) {
          continue;
        } catch (KafkaException e) {
          log.error("{}: polling {} failed, trying again in 1 s: {}", consumer.name(), topic, e.toString());
          sleep(Duration.ofSeconds(1));
          continue;
        }
        handleAll(records);
        if (abandoned) break;
        commit();
      }
      if (!abandoned) {
        commit();
        commit();  // the first may have met the wakeup that stopped the loop
      }
    } catch (RuntimeException | Error e) {
      log.error("{}: delivery from {} stopped: {}", consumer.name(), topic, e.toString(), e);
    } finally {
      kafka = null;
    }
  }

  private void handleAll(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        if (stopping || abandoned) return;
        if (!handle(tp, r)) break;  // the partition now waits at this record; the rest of its batch comes again
      }
    }
  }

  /** @return whether the partition moves on past {@code r} */
  private boolean handle(TopicPartition tp, ConsumerRecord<String, byte[]> r) {
    Waiting held = waiting.remove(tp);
    int attemptsBefore = held != null && held.offset() == r.offset() ? held.attempts() : 0;
    boolean addressed = tp.topic().equals(retryTopic);  // put there for this consumer alone: no type filter
    String type = header(r, EVENT_TYPE);
    if (!addressed && type != null && !types.contains(type)) return done(tp, r);
    String key = r.key() == null ? "" : r.key();
    String body = r.value() == null ? "" : new String(r.value(), UTF_8);
    try {
      Message m;
      try {
        if (r.value() == null) throw new IllegalArgumentException("the record has no value");
        m = Message.parse(mapper, body, key, sourcePosition(r));
      } catch (IllegalArgumentException unreadable) {
        // Fails the same way every time: dead-lettered at once, never retried, never a loop.
        Consumer.Delivery d = consumer.unreadable(eventId(r), type == null ? "unknown" : type, key, body, sourcePosition(r),
            unreadable.getMessage());
        park(r, d.error(), 1);
        return done(tp, r);
      }
      if (!addressed && type == null && !types.contains(m.type())) return done(tp, r);
      int attempt = attemptsBefore + 1;
      Consumer.Delivery d = consumer.deliver(m, attempt);
      return switch (d.result()) {
        case DONE, DUPLICATE -> done(tp, r);
        case DEAD -> {
          park(r, d.error(), attempt);
          yield done(tp, r);
        }
        case RETRY -> holdAt(tp, r, attempt, d.retryAfter());
      };
    } catch (RuntimeException storeTrouble) {
      // The consumer could not even record what happened (its database is away): the attempt does not count.
      log.error("{}: could not deliver {}-{}@{}, trying again in {}: {}", consumer.name(), tp.topic(), tp.partition(), r.offset(),
          STORE_TROUBLE_BACKOFF, storeTrouble.toString());
      return holdAt(tp, r, attemptsBefore, STORE_TROUBLE_BACKOFF);
    }
  }

  private boolean done(TopicPartition tp, ConsumerRecord<String, byte[]> r) {
    toCommit.put(tp, new OffsetAndMetadata(r.offset() + 1));
    return true;
  }

  /** Retry in place: the partition goes back to {@code r} and pauses until due; other partitions flow. */
  private boolean holdAt(TopicPartition tp, ConsumerRecord<String, byte[]> r, int attempts, Duration after) {
    Waiting w = new Waiting(r.offset(), attempts, clock.millis() + after.toMillis());
    waiting.put(tp, w);
    kafka.seek(tp, r.offset());
    kafka.pause(List.of(tp));
    // Committing the record's own offset with the count keeps the retry budget through a rebalance.
    toCommit.put(tp, new OffsetAndMetadata(r.offset(), w.metadata()));
    return false;
  }

  private void resumeDue() {
    if (waiting.isEmpty()) return;
    long now = clock.millis();
    Set<TopicPartition> paused = kafka.paused();
    List<TopicPartition> due = new ArrayList<>();
    for (Map.Entry<TopicPartition, Waiting> e : waiting.entrySet()) {
      if (e.getValue().due() <= now && paused.contains(e.getKey())) due.add(e.getKey());
    }
    if (!due.isEmpty()) kafka.resume(due);
  }

  private Duration pollTimeout() {
    long now = clock.millis();
    long wait = IDLE_POLL.toMillis();
    for (Waiting w : waiting.values()) if (w.due() > now) wait = Math.min(wait, w.due() - now);
    return Duration.ofMillis(wait);
  }

  /** A copy of the record on the dead-letter topic, with why; the consumer's database holds the dead letter itself. */
  private void park(ConsumerRecord<String, byte[]> r, String reason, int attempts) {
    Headers h = new RecordHeaders(r.headers().toArray());
    h.add("dlt-consumer", utf8(consumer.name()));
    h.add("dlt-reason", utf8(Objects.toString(reason, "")));
    h.add("dlt-attempts", utf8(Integer.toString(attempts)));
    h.add("dlt-original-topic", utf8(r.topic()));
    h.add("dlt-original-partition", utf8(Integer.toString(r.partition())));
    h.add("dlt-original-offset", utf8(Long.toString(r.offset())));
    h.add("dlt-failed-at", utf8(Instant.ofEpochMilli(clock.millis()).toString()));
    Long timestamp = r.timestamp() >= 0 ? r.timestamp() : null;
    try {
      producer.send(new ProducerRecord<>(deadLetterTopic, null, timestamp, r.key(), r.value(), h)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // The dead letter is already in the consumer's database, where a redrive starts; this copy is for people.
      log.error("{}: could not copy {}-{}@{} to {}: {}", consumer.name(), r.topic(), r.partition(), r.offset(), deadLetterTopic, e.toString());
    }
  }

  private void commit() {
    if (toCommit.isEmpty()) return;
    try {
      kafka.commitSync(new HashMap<>(toCommit));
      toCommit.clear();
    } catch (WakeupException e) {
      // stopping: the loop commits again on its way out
    } catch (CommitFailedException e) {
      // The partitions went to another member, which starts from the last commit; the inbox absorbs the repeats.
      log.warn("{}: commit refused after a rebalance; another member takes over from the last commit", consumer.name());
      toCommit.clear();
    } catch (KafkaException e) {
      log.warn("{}: commit failed, trying again with the next batch: {}", consumer.name(), e.toString());
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!abandoned) commit();
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) return;
      Map<TopicPartition, OffsetAndMetadata> committed;
      try {
        committed = kafka.committed(new HashSet<>(partitions));
      } catch (KafkaException e) {
        log.warn("{}: could not read the retry state of {}: {}", consumer.name(), partitions, e.toString());
        return;
      }
      List<TopicPartition> stillWaiting = new ArrayList<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        if (e.getValue() == null) continue;
        Matcher m = WAITING.matcher(e.getValue().metadata());
        if (!m.matches()) continue;
        Waiting w = new Waiting(e.getValue().offset(), Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
        waiting.put(e.getKey(), w);
        if (w.due() > clock.millis()) stillWaiting.add(e.getKey());
      }
      if (!stillWaiting.isEmpty()) kafka.pause(stillWaiting);
    }

    private void forget(Collection<TopicPartition> partitions) {
      waiting.keySet().removeAll(partitions);
      toCommit.keySet().removeAll(partitions);
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), UTF_8);
  }

  private static long sourcePosition(ConsumerRecord<?, ?> r) {
    try {
      String p = header(r, SOURCE_POSITION);
      return p == null ? 0 : Long.parseLong(p);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The record's event id when it has a readable one, else one derived from where the record sits. */
  private static UUID eventId(ConsumerRecord<?, ?> r) {
    try {
      String id = header(r, EVENT_ID);
      if (id != null) return UUID.fromString(id);
    } catch (IllegalArgumentException ignored) {
      // falls through to the stand-in
    }
    return UUID.nameUUIDFromBytes((r.topic() + "/" + r.partition() + "/" + r.offset()).getBytes(UTF_8));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
