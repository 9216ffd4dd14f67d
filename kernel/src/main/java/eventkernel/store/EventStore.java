package eventkernel.store;

import java.time.Instant;
import java.util.List;

/**
 * The event store: streams of events with checked appends, and one global log that readers can tail
 * without ever skipping an event that commits late.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Appends {@code events} to {@code stream} atomically if the stream's version matches {@code expected}.
   * Events whose id is already stored are not written again: when all of them are, the append is a no-op
   * that answers where they stand.
   *
   * @throws WrongExpectedVersion when the stream moved; nothing was written
   * @throws InvalidAppend when the list is empty; nothing was written
   */
  AppendResult append(StreamId stream, ExpectedVersion expected, List<NewEvent> events);

  /** Events of one stream with {@code fromVersion <= version <= toVersion}, in version order. */
  List<StoredEvent> readStream(StreamId stream, long fromVersion, long toVersion);

  default List<StoredEvent> readStream(StreamId stream) {
    return readStream(stream, 1, Long.MAX_VALUE);
  }

  /** Events of one stream recorded at or before {@code asOf}, in version order. */
  List<StoredEvent> readStreamAsOf(StreamId stream, Instant asOf);

  /** The stream's last version; 0 when it has none. */
  long streamVersion(StreamId stream);

  /**
   * Up to {@code limit} events of the global log that follow the event at {@code afterPosition}
   * (0 = from the start), in log order. Never returns an event while an earlier one in log order may
   * still commit: a reader that checkpoints the last position it got never skips one.
   *
   * @throws IllegalArgumentException when {@code afterPosition} is not the position of a stored event
   */
  List<StoredEvent> readAll(long afterPosition, int limit);

  /** The position of the last event in log order recorded at or before {@code instant}; 0 when none. */
  long positionAt(Instant instant);

  /** The position of the last event a reader can see now; 0 when the log is empty. */
  long headPosition();

  /** Whether {@code position} comes at or before {@code checkpoint} in log order (both positions of stored events or 0). */
  boolean reached(long checkpoint, long position);

  /**
   * Wake-ups on append: take {@code appendSignal().generation()} before reading the log, then
   * {@code appendSignal().await(generation, timeout)} when the read came back empty. Signals come from
   * this JVM's appends and, where the store supports it, from other processes'.
   */
  AppendSignal appendSignal();

  Snapshots snapshots();

  @Override
  void close();
}
