package eventkernel.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import eventkernel.messaging.Bus;
import eventkernel.messaging.Consumer;
import eventkernel.messaging.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bus on RabbitMQ. Messages go to a durable topic exchange under their event type; each service
 * reads its own durable quorum queue per type ({@code <service>.<eventType>}), so services never take
 * each other's messages and several processes of one service share the work. Retries wait in TTL queues
 * and come back; messages given up on land in {@code <service>.dlq}. See {@link Topology} for the shape.
 *
 * <p>Order per key holds for a service run as one process, retries included (see {@link KeyHolds}); with
 * several processes sharing a queue RabbitMQ orders nothing per key, so order is kept only per process.
 */
public final class RabbitBus implements Bus {
  public static final String DEFAULT_EXCHANGE = "petstore.events";
  public static final int DEFAULT_PREFETCH = 32;
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);
  private static final int RESEND_BATCH = 500;
  private static final Logger log = LoggerFactory.getLogger(RabbitBus.class);

  private final Topology topology;
  private final int prefetch;
  private final JsonMapper mapper;
  private final Clock clock;
  private final ExecutorService deliveries;
  private final Connection connection;
  private final Publisher publisher;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /** A bus on {@code uri} ({@code amqp://user:pass@host:port[/vhost]}) with exchange {@value #DEFAULT_EXCHANGE}. */
  public RabbitBus(String uri, JsonMapper mapper, Clock clock) {
    this(uri, DEFAULT_EXCHANGE, "", DEFAULT_PREFETCH, mapper, clock);
  }

  /**
   * @param exchange    the topic exchange; the dead-letter and retry exchanges are named after it
   * @param queuePrefix put before every queue name (empty in production; tests keep apart with it)
   * @param prefetch    how many unacknowledged messages each queue's consumer may hold
   * @throws IllegalStateException when the broker cannot be reached
   */
  public RabbitBus(String uri, String exchange, String queuePrefix, int prefetch, JsonMapper mapper, Clock clock) {
    if (prefetch < 1) throw new IllegalArgumentException("prefetch must be at least 1");
    this.topology = new Topology(exchange, queuePrefix);
    this.prefetch = prefetch;
    this.mapper = mapper;
    this.clock = clock;
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri.endsWith("/") && !uri.endsWith("//") ? uri.substring(0, uri.length() - 1) : uri);  // a bare "/" means the default vhost
    } catch (Exception e) {
      throw new IllegalArgumentException("not an amqp:// URI: " + redacted(uri) + ": " + e.getMessage(), e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(2000);
    factory.setConnectionTimeout(5000);
    factory.setHandshakeTimeout(10000);
    this.deliveries = Executors.newCachedThreadPool(daemons("rabbitmq-delivery-"));
    try {
      this.connection = factory.newConnection(deliveries, "petstore-events");
    } catch (IOException | TimeoutException e) {
      deliveries.shutdownNow();
      throw new IllegalStateException("RabbitMQ is not reachable at " + redacted(uri) + ": " + describe(e), e);
    }
    this.publisher = new Publisher(connection, CONFIRM_TIMEOUT);
    try {
      publisher.declare(ch -> {
        topology.declareExchanges(ch);
        return null;
      });
    } catch (IOException e) {
      close();
      throw new IllegalStateException("could not declare the exchanges on " + redacted(uri) + ": " + describe(e), e);
    }
  }

  /**
   * Publishes to the exchange under each message's type and returns once the broker confirmed them all.
   * A type no queue is bound for comes back unroutable: no service consumes it, which is normal.
   *
   * @throws IOException when the broker nacked a message; {@link TimeoutException} when it did not confirm
   *     in time: the caller keeps its place and publishes again
   */
  @Override
  public void publish(List<Message> messages) throws Exception {
    if (messages.isEmpty()) return;
    List<Publisher.Outgoing> out = new ArrayList<>(messages.size());
    for (Message m : messages) out.add(new Publisher.Outgoing(topology.exchange, m.type(), Wire.properties(m), Wire.body(m, mapper)));
    Set<String> unroutable = publisher.publish(out);
    if (!unroutable.isEmpty()) log.debug("no service consumes {} of {} message(s) just published", unroutable.size(), messages.size());
  }

  @Override
  public AutoCloseable subscribe(Consumer consumer, Set<String> types) {
    Subscription subscription;
    try {
      subscription = new Subscription(connection, consumer, types, topology, prefetch, CONFIRM_TIMEOUT, mapper, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("could not subscribe " + consumer.name() + " to " + types + ": " + describe(e), e);
    }
    subscriptions.add(subscription);
    return () -> {
      subscriptions.remove(subscription);
      subscription.close();
    };
  }

  /**
   * RabbitMQ keeps no history: sends {@code fromLog} again, the messages of the types {@code consumer}
   * has a queue for, straight into those queues (through the default exchange) and no other.
   */
  @Override
  public long replay(String consumer, Instant from, long logPosition, Iterable<Message> fromLog) throws Exception {
    Map<String, Boolean> listens = new HashMap<>();
    List<Publisher.Outgoing> batch = new ArrayList<>();
    long sent = 0;
    for (Message m : fromLog) {
      String queue = topology.queue(consumer, m.type());
      if (!listens.computeIfAbsent(m.type(), t -> queueExists(queue))) continue;
      batch.add(new Publisher.Outgoing("", queue, Wire.properties(m), Wire.body(m, mapper)));
      if (batch.size() == RESEND_BATCH) {
        sent += resend(batch);
        batch.clear();
      }
    }
    sent += resend(batch);
    log.info("replay to {} from {} (log position {}): {} message(s) sent again", consumer, from, logPosition, sent);
    return sent;
  }

  /** Sends {@code message} into {@code consumer}'s queue for its type alone, as a first attempt. */
  @Override
  public void redeliver(String consumer, Message message) throws Exception {
    String queue = topology.queue(consumer, message.type());
    if (!queueExists(queue)) throw new IllegalStateException(consumer + " has no queue " + queue + " to take " + message.type() + " " + message.id());
    resend(List.of(new Publisher.Outgoing("", queue, Wire.properties(message), Wire.body(message, mapper))));
  }

  private long resend(List<Publisher.Outgoing> batch) throws Exception {
    if (batch.isEmpty()) return 0;
    Set<String> unroutable = publisher.publish(batch);
    if (!unroutable.isEmpty()) throw new IllegalStateException(unroutable.size() + " message(s) found no queue (deleted meanwhile?): " + unroutable);
    return batch.size();
  }

  private boolean queueExists(String queue) {
    Channel ch = null;
    try {
      ch = connection.createChannel();
      ch.queueDeclarePassive(queue);
      return true;
    } catch (IOException e) {
      return false;  // 404: the broker closed the channel
    } finally {
      if (ch != null && ch.isOpen()) {
        try {
          ch.close();
        } catch (IOException | TimeoutException | RuntimeException ignored) {
          // it was a probe
        }
      }
    }
  }

  /** Names of the queues this bus declared, for tools and tests that clean up. */
  Set<String> declaredQueues() {
    return topology.declaredQueues();
  }

  Set<String> exchanges() {
    return topology.exchanges();
  }

  @Override
  public void close() {
    for (Subscription s : subscriptions) s.close();
    subscriptions.clear();
    if (publisher != null) publisher.close();
    if (connection != null && connection.isOpen()) {
      try {
        connection.close(5000);
      } catch (IOException | RuntimeException e) {
        log.debug("closing the connection: {}", e.toString());
      }
    }
    deliveries.shutdownNow();
  }

  private static String redacted(String uri) {
    try {
      URI u = new URI(uri);
      if (u.getUserInfo() == null) return uri;
      String user = u.getUserInfo().split(":", 2)[0];
      return new URI(u.getScheme(), user, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
    } catch (Exception e) {
      return uri.replaceAll("//([^:@/]*):[^@/]*@", "//$1@");
    }
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) text.append("; caused by ").append(cause);
    return text.toString();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
