package eventkernel.store;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the global log from a position on its own thread and hands each batch to a handler: catches up,
 * then follows live, woken by the store's append signal, polling as the fallback. The handler owns the
 * checkpoint (a projection writes it in its own transaction); the follower moves on only after the
 * handler returned.
 *
 * <p>When reading or handling a batch fails, the follower reads and hands over the same batch again after
 * a pause that grows to {@link #LONGEST_PAUSE}, for as long as it takes: a database restarting or a broker
 * away for a while delays a follower, it does not end it. Only a failure that says so ({@link Fatal}: an
 * event the handler refuses for good) or an {@link Error} stops it, with {@link #failure()} saying why.
 */
public final class LogFollower implements AutoCloseable {
  @FunctionalInterface
  public interface Handler {
    void handle(List<StoredEvent> batch) throws Exception;
  }

  /** Marks a handler's failure that must stop the follower rather than be tried again. */
  public interface Fatal {}

  static final Duration FIRST_PAUSE = Duration.ofMillis(100);
  static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
  /** A commit can be signalled before the store lets readers see it (an older transaction still open). */
  private static final Duration FIRST_RETRY = Duration.ofMillis(1);
  private static final Duration LAST_RETRY = Duration.ofMillis(256);

  private final EventStore store;
  private final String name;
  private final int batchSize;
  private final Duration pollInterval;
  private final Handler handler;
  private volatile long position;
  private volatile Thread thread;
  private volatile Throwable failure;
  private volatile boolean stopping;

  public LogFollower(EventStore store, String name, long fromPosition, int batchSize, Duration pollInterval, Handler handler) {
    this.store = store;
    this.name = name;
    this.position = fromPosition;
    this.batchSize = batchSize;
    this.pollInterval = pollInterval;
    this.handler = handler;
  }

  public synchronized LogFollower start() {
    if (thread != null) throw new IllegalStateException(name + " already started");
    thread = Thread.ofPlatform().name("follow-" + name).daemon(true).start(this::run);
    return this;
  }

  /** The position of the last event handed to the handler (0 = none yet). */
  public long position() {
    return position;
  }

  /** Why the follower stopped by itself, or null while it runs. */
  public Throwable failure() {
    return failure;
  }

  private void run() {
    Duration retry = null;
    Duration pause = FIRST_PAUSE;
    int failures = 0;
    while (!stopping) {
      try {
        long seen = store.appendSignal().generation();
        List<StoredEvent> batch = store.readAll(position, batchSize);
        if (!batch.isEmpty()) {
          handler.handle(batch);
          position = batch.getLast().position();
          retry = null;
        } else if (retry != null) {
          Thread.sleep(retry);
          // ~0.5 s of retries, then back to waiting: the signal may have been for events already read
          retry = retry.equals(LAST_RETRY) ? null : retry.multipliedBy(2);
        } else if (store.appendSignal().await(seen, pollInterval)) {
          retry = FIRST_RETRY;
        }
        if (failures > 0) log.info("{} goes on after {} failed attempt(s) at position {}", name, failures, position);
        failures = 0;
        pause = FIRST_PAUSE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable e) {
        if (stopping) return;
        if (e instanceof Fatal || e instanceof Error) {
          failure = e;
          log.error("{} stopped after position {}: {}", name, position, e.toString(), e);
          return;
        }
        failures++;
        log.warn("{} failed after position {} (attempt {}), trying again in {} ms: {}", name, position, failures, pause.toMillis(), e.toString());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
