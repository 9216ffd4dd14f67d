package eventkernel.messaging;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.query;
import static eventkernel.sql.Jdbc.update;

import eventkernel.sql.Database;
import eventkernel.sql.Jdbc;
import eventkernel.store.AppendSignal;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embedded bus: published messages are rows of a log table in the PetStore's own database, and each
 * consumer follows that log from its own cursor, as a Kafka consumer group follows a topic. A message
 * that fails is parked in the consumer's pending table with its next attempt time, and the cursor moves
 * on: a failing message never holds up other keys, and later messages of its key wait behind it.
 */
public final class InProcessBus implements Bus {
  private static final Logger log = LoggerFactory.getLogger(InProcessBus.class);
  private static final int BATCH = 200;

  private final Database db;
  private final JsonMapper mapper;
  private final Clock clock;
  private final Duration pollInterval;
  private final AppendSignal published = new AppendSignal();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();
  private long lastSeq = -1;

  public InProcessBus(Database db, JsonMapper mapper, Clock clock, Duration pollInterval) {
    this.db = db;
    this.mapper = mapper;
    this.clock = clock;
    this.pollInterval = pollInterval;
    db.write(c -> {
      Jdbc.execute(c,
          """
          CREATE TABLE IF NOT EXISTS bus_messages (
            seq             BIGINT PRIMARY KEY,
            event_id        TEXT   NOT NULL UNIQUE,
            event_type      TEXT   NOT NULL,
            msg_key         TEXT   NOT NULL,
            body            TEXT   NOT NULL,
            source_position BIGINT NOT NULL,
            published_at    BIGINT NOT NULL)""",
          "CREATE INDEX IF NOT EXISTS bus_messages_by_source ON bus_messages (source_position)",
          "CREATE TABLE IF NOT EXISTS bus_cursors (consumer TEXT PRIMARY KEY, seq BIGINT NOT NULL)",
          // A replay asked for by another process (the CLI) reaches the running consumer through this table.
          "CREATE TABLE IF NOT EXISTS bus_rewinds (consumer TEXT PRIMARY KEY, seq BIGINT NOT NULL)",
          """
          CREATE TABLE IF NOT EXISTS bus_pending (
            consumer        TEXT    NOT NULL,
            seq             BIGINT  NOT NULL,
            event_id        TEXT    NOT NULL,
            msg_key         TEXT    NOT NULL,
            body            TEXT    NOT NULL,
            source_position BIGINT  NOT NULL,
            attempts        INTEGER NOT NULL,
            next_attempt_at BIGINT  NOT NULL,
            last_error      TEXT,
            PRIMARY KEY (consumer, event_id))""");
      return null;
    });
  }

  /** One publisher at a time (the relay), so sequence numbers are handed out in commit order. */
  @Override
  public synchronized void publish(List<Message> messages) {
    if (messages.isEmpty()) return;
    db.writeDerived(c -> {
      if (lastSeq < 0) lastSeq = one(c, "SELECT coalesce(max(seq), 0) FROM bus_messages", rs -> rs.getLong(1)).orElse(0L);
      long seq = lastSeq;
      for (Message m : messages) {
        // A relay that crashed before its checkpoint publishes again: the event id keeps it single.
        seq += update(c, """
            INSERT INTO bus_messages (seq, event_id, event_type, msg_key, body, source_position, published_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""",
            seq + 1, m.id().toString(), m.type(), m.key(), m.bodyText(mapper), m.sourcePosition(), clock.millis());
      }
      lastSeq = seq;
      return null;
    });
    published.signal();
  }

  @Override
  public AutoCloseable subscribe(Consumer consumer, Set<String> types) {
    Follower f = new Follower(consumer, Set.copyOf(types));
    followers.add(f);
    f.thread = Thread.ofPlatform().name("bus-" + consumer.name()).daemon(true).start(f::run);
    return () -> {
      f.stop();
      followers.remove(f);
    };
  }

  @Override
  public long replay(String consumer, java.time.Instant from, long fromPosition, Iterable<Message> fromLog) {
    long seq = db.write(c -> {
      long before = one(c, "SELECT coalesce(max(seq), 0) FROM bus_messages WHERE source_position <= ?",
          rs -> rs.getLong(1), fromPosition).orElse(0L);
      update(c, "INSERT INTO bus_cursors (consumer, seq) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq",
          consumer, before);
      update(c, "INSERT INTO bus_rewinds (consumer, seq) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq",
          consumer, before);
      return before;
    });
    published.signal();
    return db.read(c -> one(c, "SELECT count(*) FROM bus_messages WHERE seq > ?", rs -> rs.getLong(1), seq).orElse(0L));
  }

  @Override
  public void redeliver(String consumer, Message message) {
    db.write(c -> update(c, """
        INSERT INTO bus_pending (consumer, seq, event_id, msg_key, body, source_position, attempts, next_attempt_at, last_error)
        VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL) ON CONFLICT (consumer, event_id) DO UPDATE SET attempts = 0, next_attempt_at = excluded.next_attempt_at""",
        consumer, Long.MAX_VALUE / 2, message.id().toString(), message.key(), message.bodyText(mapper), message.sourcePosition(), clock.millis()));
    published.signal();
  }

  @Override
  public void close() {
    for (Follower f : followers) f.stop();
    followers.clear();
  }

  private record Row(long seq, String key, String body, long sourcePosition, int attempts) {
    Message message(JsonMapper mapper) {
      return Message.parse(mapper, body, key, sourcePosition);
    }
  }

  private final class Follower {
    final Consumer consumer;
    final Set<String> types;
    volatile Thread thread;
    volatile boolean stopping;
    volatile long rewindTo = -1;

    Follower(Consumer consumer, Set<String> types) {
      this.consumer = consumer;
      this.types = types;
    }

    /** A replay's new cursor, if one was asked for since the last look; taken once. */
    private void takeRewind() {
      var seq = db.read(c -> one(c, "SELECT seq FROM bus_rewinds WHERE consumer = ?", rs -> rs.getLong(1), consumer.name()));
      if (seq.isEmpty()) return;
      db.write(c -> update(c, "DELETE FROM bus_rewinds WHERE consumer = ? AND seq = ?", consumer.name(), seq.get()));
      rewindTo = seq.get();
    }

    void run() {
      String name = consumer.name();
      long cursor = db.read(c -> one(c, "SELECT seq FROM bus_cursors WHERE consumer = ?", rs -> rs.getLong(1), name)).orElse(0L);
      while (!stopping) {
        try {
          takeRewind();
          if (rewindTo >= 0) {
            cursor = rewindTo;
            rewindTo = -1;
          }
          long seen = published.generation();
          boolean worked = retryDue();
          long from = cursor;
          List<Row> batch = db.read(c -> query(c,
              "SELECT seq, msg_key, body, source_position, event_type FROM bus_messages WHERE seq > ? ORDER BY seq LIMIT " + BATCH,
              rs -> types.contains(rs.getString(5)) ? new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), 0)
                  : new Row(rs.getLong(1), null, null, 0, 0), from));
          if (!batch.isEmpty()) {
            Set<String> parkedKeys = parkedKeys();
            for (Row row : batch) {
              if (stopping || rewindTo >= 0) break;
              if (row.key() != null) handleNew(row, parkedKeys);
              cursor = row.seq();
            }
            long at = cursor;
            db.writeDerived(c -> update(c, "INSERT INTO bus_cursors (consumer, seq) VALUES (?, ?) ON CONFLICT (consumer) DO UPDATE SET seq = excluded.seq",
                name, at));
            continue;
          }
          if (!worked) published.await(seen, untilNextRetry());
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          log.error("{}: delivery loop failed, retrying in 1 s: {}", name, e.toString(), e);
          try {
            Thread.sleep(1000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }

    private void handleNew(Row row, Set<String> parkedKeys) {
      Message m;
      try {
        m = row.message(mapper);
      } catch (IllegalArgumentException malformed) {
        log.error("{}: unreadable message at seq {}: {}", consumer.name(), row.seq(), malformed.getMessage());
        return;
      }
      if (parkedKeys.contains(row.key())) {
        park(row, m, 0, clock.millis(), null);  // keeps its key's order: it waits behind the parked one
        return;
      }
      Consumer.Delivery d = consumer.deliver(m, 1);
      if (d.result() == Consumer.Result.RETRY) {
        park(row, m, 1, clock.millis() + d.retryAfter().toMillis(), d.error());
        parkedKeys.add(row.key());
      }
    }

    private void park(Row row, Message m, int attempts, long nextAt, String error) {
      db.writeDerived(c -> update(c, """
          INSERT INTO bus_pending (consumer, seq, event_id, msg_key, body, source_position, attempts, next_attempt_at, last_error)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consumer, event_id) DO NOTHING""",
          consumer.name(), row.seq(), m.id().toString(), row.key(), row.body(), row.sourcePosition(), attempts, nextAt, error));
    }

    private Set<String> parkedKeys() {
      return new HashSet<>(db.read(c -> query(c, "SELECT DISTINCT msg_key FROM bus_pending WHERE consumer = ?",
          rs -> rs.getString(1), consumer.name())));
    }

    /** Runs the parked messages that are due, oldest first, only the oldest of each key. */
    private boolean retryDue() {
      List<Row> due = db.read(c -> query(c, """
          SELECT p.seq, p.msg_key, p.body, p.source_position, p.attempts FROM bus_pending p
          WHERE p.consumer = ? AND p.next_attempt_at <= ?
            AND NOT EXISTS (SELECT 1 FROM bus_pending o WHERE o.consumer = p.consumer AND o.msg_key = p.msg_key AND o.seq < p.seq)
          ORDER BY p.seq""",
          rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5)), consumer.name(), clock.millis()));
      for (Row row : due) {
        if (stopping) return true;
        Message m = row.message(mapper);
        Consumer.Delivery d = consumer.deliver(m, row.attempts() + 1);
        if (d.result() == Consumer.Result.RETRY) {
          db.writeDerived(c -> update(c, "UPDATE bus_pending SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE consumer = ? AND event_id = ?",
              row.attempts() + 1, clock.millis() + d.retryAfter().toMillis(), d.error(), consumer.name(), m.id().toString()));
        } else {
          db.writeDerived(c -> update(c, "DELETE FROM bus_pending WHERE consumer = ? AND event_id = ?", consumer.name(), m.id().toString()));
        }
      }
      return !due.isEmpty();
    }

    private Duration untilNextRetry() {
      long next = db.read(c -> one(c, "SELECT coalesce(min(next_attempt_at), 0) FROM bus_pending WHERE consumer = ?",
          rs -> rs.getLong(1), consumer.name())).orElse(0L);
      if (next == 0) return pollInterval;
      long wait = Math.max(1, next - clock.millis());
      return Duration.ofMillis(Math.min(wait, pollInterval.toMillis()));
    }

    void stop() {
      stopping = true;
      Thread t = thread;
      if (t != null) {
        t.interrupt();
        try {
          t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** For tests and tools: how many messages the bus holds. */
  public long size() {
    return db.read(c -> one(c, "SELECT count(*) FROM bus_messages", rs -> rs.getLong(1)).orElse(0L));
  }
}
