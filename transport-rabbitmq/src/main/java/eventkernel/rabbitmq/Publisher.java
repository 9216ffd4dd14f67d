package eventkernel.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One channel in confirm mode. A channel is not safe for concurrent use, so every use holds the lock.
 * A channel the broker closed (a nack, a confirm timeout, a failed declaration) is dropped and the next
 * call opens another.
 */
final class Publisher implements AutoCloseable {
  record Outgoing(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {}

  @FunctionalInterface
  interface ChannelWork<T> {
    T run(Channel channel) throws IOException;
  }

  private final Connection connection;
  private final Duration confirmTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> returned = ConcurrentHashMap.newKeySet();
  private Channel channel;
  private boolean closed;

  Publisher(Connection connection, Duration confirmTimeout) {
    this.connection = connection;
    this.confirmTimeout = confirmTimeout;
  }

  /**
   * Publishes {@code batch} in order, mandatory, and waits until the broker confirmed every message.
   *
   * @return the message ids the broker returned because no queue was bound for them
   * @throws IOException when the broker nacked a message or the channel failed
   * @throws TimeoutException when the confirms did not come in time
   */
  Set<String> publish(List<Outgoing> batch) throws IOException, InterruptedException, TimeoutException {
    lock.lock();
    try {
      returned.clear();
      try {
        Channel ch = channel();
        for (Outgoing o : batch) ch.basicPublish(o.exchange(), o.routingKey(), true, o.properties(), o.body());
        // The broker sends a basic.return before the basic.ack of the same message, and both are read by
        // the connection's one reader thread: once the confirms are in, so are the returns.
        ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        drop();
        if (e instanceof ShutdownSignalException closedUnderneath) throw new IOException("publishing channel closed: " + closedUnderneath.getMessage(), closedUnderneath);
        throw e;
      }
      return Set.copyOf(returned);
    } finally {
      lock.unlock();
    }
  }

  /** Runs declarations on this channel; one the broker refuses closes it, and the next call opens another. */
  <T> T declare(ChannelWork<T> work) throws IOException {
    lock.lock();
    try {
      try {
        return work.run(channel());
      } catch (IOException | ShutdownSignalException e) {
        drop();
        if (e instanceof ShutdownSignalException closedUnderneath) throw new IOException(closedUnderneath.getMessage(), closedUnderneath);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private Channel channel() throws IOException {
    if (closed) throw new IOException("the bus is closed");
    if (channel == null || !channel.isOpen()) {
      Channel ch = connection.createChannel();
      if (ch == null) throw new IOException("no channel left on the connection");
      ch.confirmSelect();
      ch.addReturnListener(r -> {
        String id = r.getProperties().getMessageId();
        returned.add(id == null ? "" : id);
      });
      channel = ch;
    }
    return channel;
  }

  private void drop() {
    Channel ch = channel;
    channel = null;
    if (ch != null && ch.isOpen()) {
      try {
        ch.abort();
      } catch (IOException | RuntimeException ignored) {
        // already going
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      drop();
    } finally {
      lock.unlock();
    }
  }
}
