package eventkernel.messaging;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.update;

import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.LogFollower;
import eventkernel.store.StoredEvent;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the log's public messages to the bus. It tails the log from its checkpoint, maps each event
 * to its messages, checks each against the contract, publishes, and moves the checkpoint only after the
 * bus confirmed: a crash in between publishes again (consumers drop the repeat by event id), never loses.
 * A message that breaks the contract is a bug: the relay stops on it rather than publish it.
 */
public final class Relay implements AutoCloseable {
  /** The relay stops on a message that breaks the contract; this says which and why. */
  public static final class ContractBroken extends RuntimeException implements LogFollower.Fatal {
    ContractBroken(Message m, List<String> problems) {
      super(m.type() + " " + m.id() + " (from position " + m.sourcePosition() + ") breaks the contract: " + String.join("; ", problems));
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final String name;
  private final EventStore store;
  private final Database db;
  private final MessageMapper mapper;
  private final MessageValidator validator;
  private final Bus bus;
  private final Clock clock;
  private final Counter published;
  private final Counter rejected;
  private LogFollower follower;

  public Relay(String name, EventStore store, Database db, MessageMapper mapper, MessageValidator validator, Bus bus, Clock clock,
               io.micrometer.core.instrument.MeterRegistry meters) {
    this.name = name;
    this.store = store;
    this.db = db;
    this.mapper = mapper;
    this.validator = validator;
    this.bus = bus;
    this.clock = clock;
    this.published = Counter.builder("relay.messages.published").tag("relay", name).register(meters);
    this.rejected = Counter.builder("relay.messages.invalid").tag("relay", name).register(meters);
  }

  public Relay start() {
    long from = checkpoint();
    follower = new LogFollower(store, "relay-" + name, from, 500, Duration.ofSeconds(1), this::publish).start();
    return this;
  }

  public long checkpoint() {
    return db.read(c -> one(c, "SELECT position FROM relay_checkpoints WHERE name = ?", rs -> rs.getLong(1), name)).orElse(0L);
  }

  /** Why the relay stopped by itself, or null while it runs. */
  public Throwable failure() {
    return follower == null ? null : follower.failure();
  }

  private void publish(List<StoredEvent> batch) throws Exception {
    List<Message> messages = new ArrayList<>();
    for (StoredEvent e : batch) {
      for (Message m : mapper.map(e)) {
        List<String> problems = validator.problems(m);
        if (!problems.isEmpty()) {
          rejected.increment();
          // Publish what came before the broken one, so the checkpoint sits right before it.
          if (!messages.isEmpty()) {
            bus.publish(messages);
            published.increment(messages.size());
            save(messages.getLast().sourcePosition() == e.position() ? previous(batch, e) : messages.getLast().sourcePosition());
          }
          ContractBroken broken = new ContractBroken(m, problems);
          log.error("relay {} stopped: {}", name, broken.getMessage());
          throw broken;
        }
        messages.add(m);
      }
    }
    if (!messages.isEmpty()) {
      bus.publish(messages);
      published.increment(messages.size());
    }
    save(batch.getLast().position());
  }

  private static long previous(List<StoredEvent> batch, StoredEvent e) {
    int i = batch.indexOf(e);
    return i > 0 ? batch.get(i - 1).position() : 0;
  }

  private void save(long position) {
    if (position == 0) return;
    db.writeDerived(c -> update(c, """
        INSERT INTO relay_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at""",
        name, position, clock.millis()));
  }

  @Override
  public void close() {
    if (follower != null) follower.close();
  }
}
