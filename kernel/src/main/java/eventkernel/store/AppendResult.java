package eventkernel.store;

/**
 * What an append reached: the stream's last version and the log position of its last event.
 * {@code written} is false when every event was already stored (an idempotent re-append).
 */
public record AppendResult(long version, long position, boolean written) {}
