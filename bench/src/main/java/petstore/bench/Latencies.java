package petstore.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, kept whole (a round holds at most a few million) so percentiles are exact. */
final class Latencies {
  private long[] values = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) values = Arrays.copyOf(values, size * 2);
    values[size++] = nanos;
  }

  synchronized void addAll(Latencies other) {
    long[] theirs;
    int n;
    synchronized (other) {
      theirs = other.values;
      n = other.size;
    }
    for (int i = 0; i < n; i++) add(theirs[i]);
  }

  synchronized int count() {
    return size;
  }

  /** The q-quantile in milliseconds (nearest rank); NaN when empty. */
  synchronized double millis(double q) {
    if (size == 0) return Double.NaN;
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
  }
}
