package eventkernel.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import eventkernel.messaging.Consumer;
import eventkernel.messaging.Message;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One consumer's delivery from its queues. All its queues are consumed on one channel, whose deliveries
 * the client hands over one at a time, so the consumer sees one message at a time and the key holds need
 * no lock. Every delivery is acknowledged once its fate is settled with the broker: handled, or its
 * retry copy (or dead letter) confirmed in the queue that keeps it. Nothing is ever requeued to be tried
 * again at once.
 */
final class Subscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final int MAX_REASON = 4000;

  private final Consumer consumer;
  private final Topology topology;
  private final JsonMapper mapper;
  private final Clock clock;
  private final Channel channel;
  private final Publisher copies;
  private final KeyHolds holds = new KeyHolds();
  private final Set<String> retryQueues = new HashSet<>();
  private final List<String> tags = new ArrayList<>();
  private final ReentrantLock handling = new ReentrantLock();
  private volatile boolean closing;

  Subscription(Connection connection, Consumer consumer, Set<String> types, Topology topology, int prefetch, Duration confirmTimeout,
               JsonMapper mapper, Clock clock) throws IOException {
    this.consumer = consumer;
    this.topology = topology;
    this.mapper = mapper;
    this.clock = clock;
    this.copies = new Publisher(connection, confirmTimeout);
    this.channel = connection.createChannel();
    if (channel == null) throw new IOException("no channel left on the connection");
    try {
      topology.declareExchanges(channel);
      topology.declareDeadLetterQueue(channel, consumer.name());
      channel.basicQos(prefetch);
      for (String type : types) {
        String queue = topology.declareConsumerQueue(channel, consumer.name(), type);
        tags.add(channel.basicConsume(queue, false, consumer.name() + "@" + queue + "#" + Integer.toHexString(System.identityHashCode(this)),
            new QueueConsumer(channel, queue)));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private final class QueueConsumer extends DefaultConsumer {
    private final String queue;

    QueueConsumer(Channel channel, String queue) {
      super(channel);
      this.queue = queue;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      onDelivery(queue, envelope.getDeliveryTag(), properties, body);
    }

    @Override
    public void handleCancel(String tag) {
      log.warn("{}: the broker cancelled delivery from {} (queue deleted?)", consumer.name(), queue);
    }

    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
      if (!closing && !signal.isInitiatedByApplication()) log.warn("{}: delivery from {} stopped: {}", consumer.name(), queue, signal.getMessage());
    }
  }

  private void onDelivery(String queue, long tag, AMQP.BasicProperties properties, byte[] body) {
    if (closing) return;  // left unacknowledged: closing the channel gives it back to the queue
    handling.lock();
    try {
      if (closing) return;
      handle(queue, properties, body);
      channel.basicAck(tag, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();  // the bus is closing: left unacknowledged, the queue keeps it
    } catch (Exception e) {
      if (closing) return;
      // Its retry copy or dead letter could not be placed. Rejected without requeue, the queue's own
      // dead-letter settings park it in the service's dead-letter queue: kept, and not looping.
      log.error("{}: could not settle a delivery from {}, handing it to {}: {}", consumer.name(), queue,
          topology.deadLetterQueue(consumer.name()), e.toString(), e);
      try {
        channel.basicReject(tag, false);
      } catch (IOException | RuntimeException rejectFailed) {
        log.warn("{}: could not reject it either (the broker will deliver it again): {}", consumer.name(), rejectFailed.toString());
      }
    } finally {
      handling.unlock();
    }
  }

  private void handle(String queue, AMQP.BasicProperties properties, byte[] body) throws Exception {
    int attempt = Wire.attempt(properties);
    Message m;
    try {
      m = Wire.read(properties, body, mapper);
    } catch (IllegalArgumentException notAnEnvelope) {
      log.error("{}: a delivery from {} is not a message envelope, dead-lettered: {}", consumer.name(), queue, notAnEnvelope.getMessage());
      deadLetter(properties, body, notAnEnvelope.getMessage(), attempt);
      return;
    }
    long now = clock.millis();
    if (holds.mustWait(m.key(), m.id(), now)) {
      // An earlier message of its key waits for a retry: this one waits as long, behind it.
      retryLater(queue, properties, body, holds.rung(m.key()), attempt);
      return;
    }
    Consumer.Delivery d;
    try {
      d = consumer.deliver(m, attempt);
    } catch (RuntimeException e) {
      // The consumer could not even record the outcome (its database is down): count it as a failed attempt.
      String error = "the consumer failed: " + e;
      d = attempt < consumer.policy().maxAttempts()
          ? new Consumer.Delivery(Consumer.Result.RETRY, consumer.policy().delayAfter(attempt), error)
          : new Consumer.Delivery(Consumer.Result.DEAD, null, error);
      log.warn("{}: {} {} attempt {}: {}", consumer.name(), m.type(), m.id(), attempt, error);
    }
    switch (d.result()) {
      case DONE, DUPLICATE -> holds.release(m.key(), m.id());
      case RETRY -> {
        Duration rung = DelayLadder.nearest(d.retryAfter());
        retryLater(queue, properties, body, rung, attempt + 1);
        holds.retrying(m.key(), m.id(), rung, now);
      }
      case DEAD -> {
        deadLetter(properties, body, d.error(), attempt);
        holds.release(m.key(), m.id());
      }
    }
  }

  /** A copy into the retry queue of {@code rung}, which hands it back to {@code queue} when it expires. */
  private void retryLater(String queue, AMQP.BasicProperties properties, byte[] body, Duration rung, int attempt) throws Exception {
    String retryQueue = topology.retryQueue(consumer.name(), rung);
    Map<String, Object> headers = new HashMap<>();
    headers.put(Wire.ATTEMPT, attempt);
    headers.put(Topology.RETRY_QUEUE_HEADER, retryQueue);
    Publisher.Outgoing copy = new Publisher.Outgoing(topology.retryExchange, queue, Wire.withHeaders(properties, headers), body);
    place(copy, () -> {
      copies.declare(ch -> {
        topology.declareExchanges(ch);
        return topology.declareRetryQueue(ch, consumer.name(), rung);
      });
      retryQueues.add(retryQueue);
    }, retryQueues.contains(retryQueue));
  }

  private void deadLetter(AMQP.BasicProperties properties, byte[] body, String reason, int attempts) throws Exception {
    String dlq = topology.deadLetterQueue(consumer.name());
    String shortReason = reason == null ? "unknown" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason;
    Map<String, Object> headers = new HashMap<>();
    headers.put(Wire.DEAD_REASON, shortReason);
    headers.put(Wire.DEAD_CONSUMER, consumer.name());
    headers.put(Wire.ATTEMPTS, attempts);
    headers.put(Topology.RETRY_QUEUE_HEADER, null);
    Publisher.Outgoing letter = new Publisher.Outgoing(topology.deadLetterExchange, dlq, Wire.withHeaders(properties, headers), body);
    place(letter, () -> copies.declare(ch -> {
      topology.declareExchanges(ch);
      return topology.declareDeadLetterQueue(ch, consumer.name());
    }), true);
  }

  private interface Declaration {
    void run() throws IOException;
  }

  /** Publishes a copy and waits for its confirm; declares where it goes first if unknown, and again if it could not be placed. */
  private void place(Publisher.Outgoing copy, Declaration declare, boolean declared) throws Exception {
    for (int round = 1; ; round++) {
      try {
        if (round > 1 || !declared) declare.run();
        if (copies.publish(List.of(copy)).isEmpty()) return;
        if (round > 1) throw new IOException("no queue takes a copy sent to " + copy.exchange() + " as " + copy.routingKey());
      } catch (IOException | TimeoutException e) {
        if (round > 1) throw e;
        log.warn("{}: placing a copy through {} failed, declaring and trying once more: {}", consumer.name(), copy.exchange(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    for (String tag : tags) {
      try {
        channel.basicCancel(tag);
      } catch (IOException | RuntimeException ignored) {
        // the channel is gone already
      }
    }
    boolean idle = false;
    try {
      idle = handling.tryLock(10, TimeUnit.SECONDS);  // let the message in hand finish and be acknowledged
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      if (channel != null && channel.isOpen()) channel.close();
    } catch (IOException | TimeoutException | RuntimeException e) {
      log.debug("{}: closing the channel: {}", consumer.name(), e.toString());
    } finally {
      if (idle) handling.unlock();
      copies.close();
    }
  }
}
