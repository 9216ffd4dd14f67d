package eventkernel.aggregate;

import eventkernel.codec.EventCodec;
import eventkernel.codec.StateCodec;
import eventkernel.decider.Decider;
import eventkernel.decider.Decision;
import eventkernel.store.AppendResult;
import eventkernel.store.EventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.Snapshot;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import eventkernel.store.WrongExpectedVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Loads a decider's state from its stream (from a snapshot when there is one), runs a command through
 * {@code decide} and appends the result with the version it decided on.
 */
public final class EventSourced<C, S, E> {
  /** A writer that lost a race re-reads and decides again, so the loser sees the rule that now applies. */
  private static final int ATTEMPTS = 5;

  private final EventStore store;
  private final Decider<C, S, E> decider;
  private final EventCodec<E> codec;
  private final StateCodec<S> stateCodec;
  private final int snapshotEvery;
  private final Clock clock;

  /** {@code stateCodec} may be null: then no snapshots are taken or read. */
  public EventSourced(EventStore store, Decider<C, S, E> decider, EventCodec<E> codec,
                      StateCodec<S> stateCodec, int snapshotEvery, Clock clock) {
    this.store = store;
    this.decider = decider;
    this.codec = codec;
    this.stateCodec = stateCodec;
    this.snapshotEvery = snapshotEvery;
    this.clock = clock;
  }

  public Loaded<S> load(StreamId stream) {
    return loadAtVersion(stream, Long.MAX_VALUE);
  }

  /** The state as it was once event {@code version} had been applied. */
  public Loaded<S> loadAtVersion(StreamId stream, long version) {
    S state = decider.initial();
    long from = 1;
    Instant changedAt = null;
    Optional<Snapshot> snapshot = stateCodec == null ? Optional.empty() : store.snapshots().load(stream, stateCodec.schemaVersion());
    if (snapshot.isPresent() && snapshot.get().version() <= version) {
      state = stateCodec.decode(snapshot.get().state());
      from = snapshot.get().version() + 1;
    }
    long reached = from - 1;
    for (StoredEvent stored : store.readStream(stream, from, version)) {
      state = decider.evolve(state, codec.decode(stored));
      reached = stored.version();
      changedAt = stored.recordedAt();
    }
    return new Loaded<>(state, reached, changedAt);
  }

  /** The state as it was at {@code instant}: every event recorded at or before it, none after. */
  public Loaded<S> loadAsOf(StreamId stream, Instant instant) {
    S state = decider.initial();
    long version = 0;
    Instant changedAt = null;
    for (StoredEvent stored : store.readStreamAsOf(stream, instant)) {
      state = decider.evolve(state, codec.decode(stored));
      version = stored.version();
      changedAt = stored.recordedAt();
    }
    return new Loaded<>(state, version, changedAt);
  }

  public List<E> history(StreamId stream) {
    return store.readStream(stream).stream().map(codec::decode).toList();
  }

  /**
   * Decides {@code command} on the stream's current state and appends the events.
   *
   * @param ifMatch the version the caller saw, or null; when given and the stream moved, the command is
   *     refused with {@link WrongExpectedVersion} instead of being decided again
   */
  public Outcome<S, E> handle(StreamId stream, C command, Long ifMatch, Metadata metadata) {
    for (int attempt = 1; ; attempt++) {
      Loaded<S> loaded = load(stream);
      if (ifMatch != null && ifMatch != loaded.version()) {
        throw new WrongExpectedVersion(stream, ExpectedVersion.exactly(ifMatch), loaded.version());
      }
      Decision<E> decision = decider.decide(command, loaded.state());
      if (decision instanceof Decision.Rejected<E> rejected) {
        return new Outcome.Rejected<>(rejected.rejection(), loaded.version());
      }
      List<E> events = ((Decision.Accepted<E>) decision).events();
      if (events.isEmpty()) {
        // Accepted with nothing to record (a rename to the current name): the store refuses an empty
        // append, and the answer is where the stream already stands.
        return new Outcome.Appended<>(loaded.state(), events, new AppendResult(loaded.version(), lastPosition(stream, loaded.version()), false));
      }
      List<NewEvent> encoded = events.stream().map(e -> codec.encode(e, metadata)).toList();
      try {
        AppendResult result = store.append(stream, ExpectedVersion.exactly(loaded.version()), encoded);
        S state = decider.fold(loaded.state(), events);
        maybeSnapshot(stream, loaded.version(), result.version(), state);
        return new Outcome.Appended<>(state, events, result);
      } catch (WrongExpectedVersion raced) {
        if (ifMatch != null || attempt == ATTEMPTS) throw raced;
      }
    }
  }

  private long lastPosition(StreamId stream, long version) {
    if (version == 0) return 0;
    return store.readStream(stream, version, version).getFirst().position();
  }

  private void maybeSnapshot(StreamId stream, long before, long after, S state) {
    if (stateCodec == null || snapshotEvery <= 0) return;
    if (after / snapshotEvery > before / snapshotEvery) {
      store.snapshots().save(new Snapshot(stream, after, stateCodec.schemaVersion(), stateCodec.encode(state), clock.instant()));
    }
  }

  /** Takes a snapshot of the stream's current state now, whatever the policy says. */
  public Loaded<S> snapshot(StreamId stream) {
    if (stateCodec == null) throw new IllegalStateException("no state codec: snapshots are off");
    Loaded<S> loaded = load(stream);
    store.snapshots().save(new Snapshot(stream, loaded.version(), stateCodec.schemaVersion(), stateCodec.encode(loaded.state()), clock.instant()));
    return loaded;
  }
}
