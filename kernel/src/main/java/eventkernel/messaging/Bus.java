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

  /** Moves {@code consumer}'s position so the messages published after {@code fromPosition} of the log come again. */
  long replay(String consumer, long fromPosition) throws Exception;

  /** Hands {@code message} to {@code consumer} alone again, as a first attempt (a dead letter's redrive). */
  void redeliver(String consumer, Message message) throws Exception;

  @Override
  void close();
}
