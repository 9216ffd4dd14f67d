package eventkernel.postgres;

import eventkernel.store.AppendSignal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wake-ups for readers: a NOTIFY to other processes after this one's appends, a LISTEN that signals this
 * process's readers when another one appended, and a second signal here once commits readers were woken
 * for have become readable.
 *
 * <p>The NOTIFY is never sent inside an append's transaction: PostgreSQL serializes the commits of all
 * transactions that notified (a cluster-wide lock on the notification queue), which would turn sixteen
 * concurrent writers into one. Instead one notifier thread sends at most one NOTIFY per burst of commits,
 * in its own short transaction on its own connection.
 *
 * <p>A commit is not readable at once: readers stay below the oldest transaction still running in the
 * cluster (see {@link PostgresEventStore#readAll}). A reader woken at commit may find nothing, retry a
 * little, and go back to waiting for its next poll. So after each burst the notifier waits until every
 * transaction that was running when it looked has ended (the horizon passed the commits), and only then
 * sends the NOTIFY, when other processes can read what it announces, and signals this process's readers
 * a second time. Wake-ups are hints, never data: readers read the log and poll as the fallback, so a lost
 * one only delays them.
 */
final class AppendNotifications implements AutoCloseable {
  static final String CHANNEL = "eventkernel_events";

  /** Opens a connection of the notifier's or the listener's own, held for as long as the store is open. */
  @FunctionalInterface
  interface OwnConnections {
    Connection open() throws SQLException;
  }

  private static final Logger log = LoggerFactory.getLogger(AppendNotifications.class);
  private static final long POLL_MILLIS = 250;
  private static final Duration CHECK_IDLE_CONNECTION = Duration.ofSeconds(15);
  private static final Duration FIRST_RECONNECT = Duration.ofMillis(100);
  private static final Duration LAST_RECONNECT = Duration.ofSeconds(5);
  private static final Duration LAST_HORIZON_CHECK = Duration.ofMillis(200);

  private final OwnConnections ownConnections;
  private final AppendSignal signal;
  private final String schema;
  /** Who sent a NOTIFY: the schema it is about, and this store instance, so it can ignore its own. */
  private final String token;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile boolean running = true;
  private volatile Connection listening;
  private final Thread notifier;
  private final Thread listener;

  /** Starts both threads; returns once the listener listens, so no append after this goes unheard. */
  AppendNotifications(OwnConnections ownConnections, String schema, AppendSignal signal) {
    this.ownConnections = ownConnections;
    this.signal = signal;
    this.schema = schema;
    this.token = schema + "/" + UUID.randomUUID();
    Connection first;
    try {
      first = listen();
      listening = first;
    } catch (SQLException e) {
      throw new DatabaseFailure("could not LISTEN on " + CHANNEL, e);
    }
    this.listener = Thread.ofPlatform().name("eventstore-listen-" + schema).daemon(true).start(() -> listenLoop(first));
    this.notifier = Thread.ofPlatform().name("eventstore-notify-" + schema).daemon(true).start(this::notifyLoop);
  }

  /** An append committed (its readers here were signalled already): tell the others soon. Never blocks. */
  void committed() {
    if (!pending.getAndSet(true)) LockSupport.unpark(notifier);
  }

  /**
   * Works on a connection of its own rather than one of the pool's: writers never wait for a connection
   * because the notifier holds one, and a NOTIFY never queues behind the writers.
   */
  private void notifyLoop() {
    Connection c = null;
    Duration backoff = FIRST_RECONNECT;
    while (running || pending.get()) {
      if (!pending.getAndSet(false)) {
        LockSupport.park(this);
        continue;
      }
      // commits that land from here on set pending again: one more round, not one each
      try {
        if (c == null) c = autoCommitting(ownConnections.open());
        awaitHorizonPastNow(c);
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          notify.setString(1, CHANNEL);
          notify.setString(2, token);
          notify.execute();
        }
        backoff = FIRST_RECONNECT;
      } catch (SQLException e) {
        log.warn("could not NOTIFY {}; other processes see new events at their next poll: {}", CHANNEL, e.getMessage());
        closeQuietly(c);
        c = null; // open a new one for the next commit
        if (running) sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(LAST_RECONNECT) > 0 ? LAST_RECONNECT : backoff.multipliedBy(2);
      }
      signal.signal();
    }
    closeQuietly(c);
  }

  /**
   * Returns once every transaction running now has ended: the commits before this call are then below
   * the horizon, readable. Usually at once; as long as the oldest such transaction, when one is long.
   * Gives up waiting when the store closes.
   */
  private void awaitHorizonPastNow(Connection c) throws SQLException {
    long target = -1;
    Duration pause = Duration.ofMillis(1);
    try (PreparedStatement q = c.prepareStatement("""
        SELECT pg_snapshot_xmin(s)::text::int8, pg_snapshot_xmax(s)::text::int8 FROM pg_current_snapshot() s""")) {
      while (true) {
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          if (target < 0) target = rs.getLong(2); // every transaction that committed so far has an id below
          if (rs.getLong(1) >= target || !running) return;
        }
        sleep(pause);
        pause = pause.multipliedBy(2).compareTo(LAST_HORIZON_CHECK) > 0 ? LAST_HORIZON_CHECK : pause.multipliedBy(2);
      }
    }
  }

  private static Connection autoCommitting(Connection c) throws SQLException {
    try {
      if (!c.getAutoCommit()) c.setAutoCommit(true);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private Connection listen() throws SQLException {
    Connection c = autoCommitting(ownConnections.open());
    try {
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
      }
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private void listenLoop(Connection first) {
    Connection c = first;
    Duration backoff = FIRST_RECONNECT;
    while (running) {
      try {
        if (c == null) {
          c = listen();
          log.info("listening on {} again", CHANNEL);
          backoff = FIRST_RECONNECT;
          signal.signal(); // what was notified while we were away is lost: let readers look
        }
        listening = c;
        receive(c);
      } catch (SQLException e) {
        if (!running) break;
        if (c != null) log.warn("lost the {} listener connection, reconnecting: {}", CHANNEL, e.getMessage());
        closeQuietly(c);
        c = null;
        listening = null;
        sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(LAST_RECONNECT) > 0 ? LAST_RECONNECT : backoff.multipliedBy(2);
      }
    }
    closeQuietly(c);
  }

  /** Passes notifications on until the connection fails or the store closes. */
  private void receive(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long quietSince = System.nanoTime();
    while (running) {
      PGNotification[] notifications = pg.getNotifications((int) POLL_MILLIS);
      boolean wake = false;
      for (PGNotification n : notifications) wake |= concernsUs(n.getParameter());
      if (wake) signal.signal();
      if (notifications.length > 0) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > CHECK_IDLE_CONNECTION.toNanos()) {
        // a connection cut without a word (no FIN, no error) only shows when we talk on it
        if (!c.isValid(5)) throw new SQLException("listener connection is no longer valid", "08006");
        quietSince = System.nanoTime();
      }
    }
  }

  private boolean concernsUs(String payload) {
    if (payload == null || payload.isEmpty()) return true; // a bare NOTIFY from someone else: look anyway
    return !payload.equals(token) && payload.startsWith(schema + "/");
  }

  /** The server process of the listener's connection, 0 while it has none (for tests of reconnection). */
  int listenerBackendPid() {
    Connection c = listening;
    if (c == null) return 0;
    try {
      return c.unwrap(PGConnection.class).getBackendPID();
    } catch (SQLException e) {
      return 0;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a connection that already broke
    }
  }

  /** Sends the NOTIFY still owed for the last commits, then stops both threads. */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(notifier);
    listener.interrupt(); // out of a reconnect back-off; a pending read returns within POLL_MILLIS
    join(notifier);
    join(listener);
  }

  private static void join(Thread t) {
    try {
      t.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
