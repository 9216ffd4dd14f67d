package eventkernel.store;

import java.time.Instant;

/** A stream's state folded up to {@code version}, encoded by its owner under {@code schemaVersion}. */
public record Snapshot(StreamId stream, long version, int schemaVersion, String state, Instant takenAt) {}
