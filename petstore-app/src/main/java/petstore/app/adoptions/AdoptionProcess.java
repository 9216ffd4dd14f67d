package petstore.app.adoptions;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.update;

import eventkernel.aggregate.EventSourced;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.LogFollower;
import eventkernel.store.Metadata;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import petstore.adoption.Adoption;
import petstore.adoption.AdoptionCommand;
import petstore.adoption.AdoptionEvent;
import petstore.app.codec.DomainEvents;
import petstore.pet.PetEvent;

/**
 * The adoption process: it follows the log, and when an adoption's last step is done it records
 * AdoptionCompleted; when the pet comes back before that, AdoptionCancelled. Its decisions are the
 * Adoptions decider's, so handling an event again after a crash records nothing twice.
 */
public final class AdoptionProcess implements AutoCloseable {
  private static final String NAME = "adoption-process";

  private final EventStore store;
  private final Database db;
  private final DomainEvents events;
  private final EventSourced<AdoptionCommand, Adoption, AdoptionEvent> adoptions;
  private final Clock clock;
  private LogFollower follower;

  public AdoptionProcess(EventStore store, Database db, DomainEvents events,
                         EventSourced<AdoptionCommand, Adoption, AdoptionEvent> adoptions, Clock clock) {
    this.store = store;
    this.db = db;
    this.events = events;
    this.adoptions = adoptions;
    this.clock = clock;
  }

  public AdoptionProcess start() {
    long from = db.read(c -> one(c, "SELECT position FROM relay_checkpoints WHERE name = ?", rs -> rs.getLong(1), NAME)).orElse(0L);
    follower = new LogFollower(store, NAME, from, 200, Duration.ofSeconds(1), this::handle).start();
    return this;
  }

  public Throwable failure() {
    return follower == null ? null : follower.failure();
  }

  private void handle(List<StoredEvent> batch) {
    for (StoredEvent stored : batch) {
      switch (events.decode(stored)) {
        case AdoptionEvent.StepCompleted e -> adoptions.handle(StreamId.of("adoption", e.adoption()),
            new AdoptionCommand.Complete(e.adoption(), clock.instant()), null, cause(stored));
        case PetEvent.PetReturned e -> adoptions.handle(StreamId.of("adoption", e.adoption()),
            new AdoptionCommand.Cancel(e.adoption(), e.reason(), clock.instant()), null, cause(stored));
        default -> { }
      }
    }
    long at = batch.getLast().position();
    db.writeDerived(c -> update(c, """
        INSERT INTO relay_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at""",
        NAME, at, clock.millis()));
  }

  private static Metadata cause(StoredEvent stored) {
    return new Metadata(stored.metadata().correlationId(), stored.eventId().toString(), NAME);
  }

  @Override
  public void close() {
    if (follower != null) follower.close();
  }
}
