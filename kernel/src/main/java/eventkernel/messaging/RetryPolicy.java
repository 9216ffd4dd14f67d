package eventkernel.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** At most {@code maxAttempts} attempts, waiting {@code first}, then twice as long each time (±20 % jitter), up to {@code cap}. */
public record RetryPolicy(int maxAttempts, Duration first, Duration cap) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt");
  }

  /** How long to wait after failed attempt number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    long base = first.toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, cap.toMillis());
    double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis(Math.max(1, (long) (capped * jitter)));
  }
}
