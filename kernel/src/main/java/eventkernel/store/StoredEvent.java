package eventkernel.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as the store holds it. {@code version} counts 1..n within its stream; {@code position} is its
 * place in the global log. Positions only grow, but may have holes (a rolled-back append uses some up).
 */
public record StoredEvent(
    UUID eventId,
    StreamId stream,
    long version,
    long position,
    String type,
    String payload,
    Metadata metadata,
    Instant recordedAt) {}
