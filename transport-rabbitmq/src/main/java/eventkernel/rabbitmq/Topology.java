package eventkernel.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names and shapes of what the bus declares. For exchange {@code petstore.events} and service
 * {@code email}:
 * <pre>
 * petstore.events        topic    routing key = event type
 *   └─ email.pet.adopted          quorum queue, one per service and type, dead-letters to email.dlq
 * petstore.events.retry  headers  routes a retry to the waiting queue its {@code retry-queue} header names
 *   └─ email.retry.500ms          classic queue, every message lives 500 ms, then expires back through the
 *                                 default exchange under its own routing key: the queue it came from
 * petstore.events.dlx    direct
 *   └─ email.dlq                  quorum queue, bound by its own name
 * </pre>
 * Queue names carry an optional prefix (tests use one each, so they never see each other's messages).
 */
final class Topology {
  static final String RETRY_QUEUE_HEADER = "retry-queue";
  /** Redeliveries after which the broker itself parks a message: only a consumer that dies on it each time gets there. */
  static final int DELIVERY_LIMIT = 20;

  final String exchange;
  final String deadLetterExchange;
  final String retryExchange;
  private final String queuePrefix;
  private final Set<String> declaredQueues = ConcurrentHashMap.newKeySet();

  Topology(String exchange, String queuePrefix) {
    this.exchange = exchange;
    this.deadLetterExchange = exchange + ".dlx";
    this.retryExchange = exchange + ".retry";
    this.queuePrefix = queuePrefix;
  }

  String queue(String service, String type) {
    return queuePrefix + service + "." + type;
  }

  String deadLetterQueue(String service) {
    return queuePrefix + service + ".dlq";
  }

  String retryQueue(String service, Duration rung) {
    return queuePrefix + service + ".retry." + DelayLadder.label(rung);
  }

  void declareExchanges(Channel channel) throws IOException {
    channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(deadLetterExchange, BuiltinExchangeType.DIRECT, true);
    channel.exchangeDeclare(retryExchange, BuiltinExchangeType.HEADERS, true);
  }

  /** The service's queue for {@code type}, bound by the type, and the service's dead-letter queue. */
  String declareConsumerQueue(Channel channel, String service, String type) throws IOException {
    String dlq = declareDeadLetterQueue(channel, service);
    String queue = queue(service, type);
    channel.queueDeclare(queue, true, false, false, Map.of(
        "x-queue-type", "quorum",
        "x-dead-letter-exchange", deadLetterExchange,
        "x-dead-letter-routing-key", dlq,
        "x-delivery-limit", DELIVERY_LIMIT));
    channel.queueBind(queue, exchange, type);
    declaredQueues.add(queue);
    return queue;
  }

  String declareDeadLetterQueue(Channel channel, String service) throws IOException {
    String dlq = deadLetterQueue(service);
    channel.queueDeclare(dlq, true, false, false, Map.of("x-queue-type", "quorum"));
    channel.queueBind(dlq, deadLetterExchange, dlq);
    declaredQueues.add(dlq);
    return dlq;
  }

  String declareRetryQueue(Channel channel, String service, Duration rung) throws IOException {
    String queue = retryQueue(service, rung);
    // No x-dead-letter-routing-key: an expired message keeps the routing key it was published with, the
    // name of the queue it retries in, and the default exchange routes that name straight back.
    channel.queueDeclare(queue, true, false, false, Map.of(
        "x-message-ttl", rung.toMillis(),
        "x-dead-letter-exchange", ""));
    channel.queueBind(queue, retryExchange, "", Map.of("x-match", "all", RETRY_QUEUE_HEADER, queue));
    declaredQueues.add(queue);
    return queue;
  }

  /** What this bus declared, for tools and tests that clean up after themselves. */
  Set<String> declaredQueues() {
    return Set.copyOf(declaredQueues);
  }

  Set<String> exchanges() {
    return Set.of(exchange, deadLetterExchange, retryExchange);
  }
}
