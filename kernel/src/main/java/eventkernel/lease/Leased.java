package eventkernel.lease;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a part (the relay, the projections, a process manager) only while this process holds its lease:
 * starts it on taking the lease, stops it on losing the lease, and renews every third of the TTL.
 */
public final class Leased implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Leased.class);

  private final Lease lease;
  private final Supplier<AutoCloseable> start;
  private final Duration renewEvery;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile AutoCloseable running;

  public Leased(Lease lease, Duration ttl, Supplier<AutoCloseable> start) {
    this.lease = lease;
    this.start = start;
    this.renewEvery = ttl.dividedBy(3);
    this.thread = Thread.ofPlatform().name("lease-" + lease.name()).daemon(true).start(this::run);
  }

  public boolean active() {
    return running != null;
  }

  private void run() {
    while (!stopping) {
      boolean held;
      try {
        held = lease.acquire();
      } catch (RuntimeException e) {
        log.warn("lease {}: cannot renew: {}", lease.name(), e.toString());
        held = false;
      }
      if (held && running == null) {
        log.info("lease {}: taken by {}; starting", lease.name(), lease.holder());
        running = start.get();
      } else if (!held && running != null) {
        log.warn("lease {}: lost; stopping", lease.name());
        stopRunning();
      }
      try {
        Thread.sleep(renewEvery);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void stopRunning() {
    AutoCloseable r = running;
    running = null;
    if (r != null) {
      try {
        r.close();
      } catch (Exception e) {
        log.warn("lease {}: stopping failed: {}", lease.name(), e.toString());
      }
    }
  }

  @Override
  public void close() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopRunning();
    try {
      lease.release();
    } catch (RuntimeException e) {
      log.warn("lease {}: release failed: {}", lease.name(), e.toString());
    }
  }
}
