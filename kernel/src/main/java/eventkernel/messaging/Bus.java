package eventkernel.messaging;

import java.util.List;
import java.util.Set;

/** Where public messages travel between the relay and the services. */
public interface Bus extends AutoCloseable {
  /** Publishes in order and returns once the bus holds them durably (the broker confirmed). */
  void publish(List<Message> messages) throws Exception;

  /**
   * Starts delivering messages of {@code types} to {@code consumer}: at least once, in order per key, with
   * the consumer's retries and dead letters. Closing the returned handle stops the delivery.
   */
  AutoCloseable subscribe(Consumer consumer, Set<String> types);

  /**
   * Delivers again, to {@code consumer} alone, what was published from instant {@code from} on. A bus with
   * a history of its own finds the place itself (Kafka: per partition, by record time); one without
   * (RabbitMQ) re-sends {@code fromLog}: the log's public messages after {@code logPosition}, the log's
   * position at that instant, mapped again. The consumer's inbox keeps the side effects single.
   *
   * @return how many messages come again
   */
  long replay(String consumer, java.time.Instant from, long logPosition, Iterable<Message> fromLog) throws Exception;

  /** Hands {@code message} to {@code consumer} alone again, as a first attempt (a dead letter's redrive). */
  void redeliver(String consumer, Message message) throws Exception;

  @Override
  void close();
}
