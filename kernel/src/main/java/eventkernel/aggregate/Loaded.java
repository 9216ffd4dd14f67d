package eventkernel.aggregate;

import java.time.Instant;

/** An aggregate's state folded up to {@code version}; {@code changedAt} is when its last event was recorded. */
public record Loaded<S>(S state, long version, Instant changedAt) {}
