package eventkernel.rabbitmq;

import java.time.Duration;
import java.util.List;

/**
 * The delays the retry queues offer. A retry waits in a queue whose every message lives equally long
 * (a queue-level TTL), so that expiry stays first in, first out: with one queue and per-message TTLs a
 * message only expires at the head, and a 30 s backoff would hold up a 50 ms one behind it. One queue
 * per distinct backoff would grow without bound under jitter, so a backoff is rounded to the nearest
 * rung of this ladder (nearest by ratio, not by difference).
 */
final class DelayLadder {
  static final List<Duration> RUNGS = List.of(
      ms(10), ms(20), ms(50), ms(100), ms(200), ms(500),
      s(1), s(2), s(5), s(10), s(15), s(30),
      s(60), s(120), s(300), s(600), s(900), s(1800),
      s(3600), s(7200), s(6 * 3600), s(12 * 3600), s(24 * 3600));

  private DelayLadder() {}

  static Duration nearest(Duration backoff) {
    double wanted = Math.log(Math.max(1, backoff.toMillis()));
    Duration best = RUNGS.getFirst();
    double bestDistance = Double.MAX_VALUE;
    for (Duration rung : RUNGS) {
      double distance = Math.abs(Math.log(rung.toMillis()) - wanted);
      if (distance < bestDistance) {
        best = rung;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** A queue-name-friendly label: 50ms, 2s, 5m, 1h. */
  static String label(Duration rung) {
    long ms = rung.toMillis();
    if (ms < 1000 || ms % 1000 != 0) return ms + "ms";
    long s = ms / 1000;
    if (s < 60 || s % 60 != 0) return s + "s";
    long m = s / 60;
    if (m < 60 || m % 60 != 0) return m + "m";
    return m / 60 + "h";
  }

  private static Duration ms(long ms) {
    return Duration.ofMillis(ms);
  }

  private static Duration s(long s) {
    return Duration.ofSeconds(s);
  }
}
