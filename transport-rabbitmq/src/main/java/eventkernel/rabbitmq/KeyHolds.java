package eventkernel.rabbitmq;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Per-key order around retries, for one subscription. While a message waits for its retry, its key is
 * held: a later message of that key is not handled but parked in the same retry queue, behind it, and
 * comes back after it; it is handled only once everything before it in its key is done or dead. The
 * broker keeps the parked messages (they are acknowledged only once the copy is confirmed), this keeps
 * only their order.
 *
 * <p>What this cannot keep: the order across a restart of the process (the holds are in memory) or
 * between two processes of one service that share a queue (a parked message may come back to the other
 * one). A held message whose turn never comes — it came back to another process, or was lost — is given
 * up on once it is overdue, so a key is never blocked for good. Not thread-safe: a subscription handles
 * its deliveries one at a time.
 */
final class KeyHolds {
  /** How much later than its delay a parked message may come back before it is given up on. */
  static final Duration GRACE = Duration.ofSeconds(10);

  private static final class Hold {
    /** The ids waiting, in their key's order, each with when it is overdue; the first is the one retrying. */
    final LinkedHashMap<UUID, Long> waiting = new LinkedHashMap<>();
    Duration rung = Duration.ZERO;

    UUID head() {
      return waiting.firstEntry().getKey();
    }

    void dropOverdue(long now) {
      while (!waiting.isEmpty() && waiting.firstEntry().getValue() < now) waiting.pollFirstEntry();
    }
  }

  private final Map<String, Hold> holds = new HashMap<>();
  private long lastSweep;

  /**
   * Whether message {@code id} of {@code key} must wait behind an earlier one. If so it is recorded in its
   * key's line (if new), and the caller parks it for {@link #rung(String)}.
   */
  boolean mustWait(String key, UUID id, long now) {
    sweep(now);
    Hold hold = holds.get(key);
    if (hold == null) return false;
    hold.dropOverdue(now);
    if (hold.waiting.isEmpty()) {
      holds.remove(key);
      return false;
    }
    if (hold.head().equals(id)) return false;
    hold.waiting.put(id, dueBy(now, hold.rung));  // a new one joins the end; a returning one keeps its place
    return true;
  }

  /** How long the messages of a held key wait per round: as long as the one they wait behind. */
  Duration rung(String key) {
    Hold hold = holds.get(key);
    return hold == null ? Duration.ZERO : hold.rung;
  }

  /** Message {@code id}, first of its key, waits {@code rung} for its next attempt: its key is held. */
  void retrying(String key, UUID id, Duration rung, long now) {
    Hold hold = holds.computeIfAbsent(key, k -> new Hold());
    hold.rung = rung;
    hold.waiting.put(id, dueBy(now, rung));
  }

  /** Message {@code id} is done (or dead): the next one of its key may go. */
  void release(String key, UUID id) {
    Hold hold = holds.get(key);
    if (hold == null) return;
    hold.waiting.remove(id);
    if (hold.waiting.isEmpty()) holds.remove(key);
  }

  int heldKeys() {
    return holds.size();
  }

  private static long dueBy(long now, Duration rung) {
    return now + 2 * rung.toMillis() + GRACE.toMillis();
  }

  /** Forgets, now and then, keys whose messages all went elsewhere, so the map does not grow with them. */
  private void sweep(long now) {
    if (now - lastSweep < 1000) return;
    lastSweep = now;
    for (Iterator<Hold> it = holds.values().iterator(); it.hasNext(); ) {
      Hold hold = it.next();
      hold.dropOverdue(now);
      if (hold.waiting.isEmpty()) it.remove();
    }
  }
}
