package eventkernel.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes readers in this JVM when the log may have grown. A reader takes {@link #generation()} before it
 * reads, so a signal that lands between its read and its wait is not lost.
 */
public final class AppendSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grown = lock.newCondition();
  private volatile long generation;

  public void signal() {
    lock.lock();
    try {
      generation++;
      grown.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public long generation() {
    return generation;
  }

  /** Returns true as soon as a signal came after {@code seen}; false when {@code timeout} passed without one. */
  public boolean await(long seen, Duration timeout) throws InterruptedException {
    if (generation != seen) return true;
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (generation == seen) {
        if (nanos <= 0) return false;
        nanos = grown.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
