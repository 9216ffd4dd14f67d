package eventkernel.store;

import java.util.Optional;

/** The latest snapshot per stream. */
public interface Snapshots {
  /** Keeps {@code snapshot} unless a newer one of the same stream is already kept. */
  void save(Snapshot snapshot);

  /** The stream's snapshot if it was written under {@code schemaVersion}; one of another schema is ignored. */
  Optional<Snapshot> load(StreamId stream, int schemaVersion);
}
