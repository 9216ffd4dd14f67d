package eventkernel.projection;

import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.LogFollower;
import eventkernel.store.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs named projections side by side, each on its own follower of the global log. A projection's rows
 * and its checkpoint commit in one transaction (exactly-once read models). A projection whose version
 * changed is rebuilt into fresh tables that replace the live ones only once caught up, so queries keep
 * answering from the old tables meanwhile.
 */
public final class ProjectionEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProjectionEngine.class);
  private static final int ATTEMPTS = 3;

  private final EventStore store;
  private final Database db;
  private final Clock clock;
  private final int batchSize;
  private final Duration pollInterval;
  private final Map<String, Runner> runners = new LinkedHashMap<>();
  private final ReentrantLock progressLock = new ReentrantLock();
  private final Condition progressed = progressLock.newCondition();

  public ProjectionEngine(EventStore store, Database db, List<Projection> projections, Clock clock, int batchSize, Duration pollInterval) {
    this.store = store;
    this.db = db;
    this.clock = clock;
    this.batchSize = batchSize;
    this.pollInterval = pollInterval;
    for (Projection p : projections) {
      if (runners.put(p.name(), new Runner(p)) != null) throw new IllegalArgumentException("two projections named " + p.name());
    }
  }

  /** Creates missing tables, then starts every projection from its checkpoint; rebuilds those whose version changed. */
  public ProjectionEngine start() {
    createCheckpointTable();
    for (Runner runner : runners.values()) runner.start();
    running = true;
    return this;
  }

  private volatile boolean running;

  private void createCheckpointTable() {
    db.write(c -> {
      try (var s = c.createStatement()) {
        s.execute("""
            CREATE TABLE IF NOT EXISTS projection_checkpoints (
              name       TEXT PRIMARY KEY,
              position   BIGINT  NOT NULL,
              version    INTEGER NOT NULL,
              updated_at TEXT    NOT NULL)""");
      }
      return null;
    });
  }

  /**
   * Whether the projections run in this process. When another process holds them (a lease), positions
   * are read from the checkpoints that process commits, so read-your-writes and readiness still hold.
   */
  public boolean running() {
    return running;
  }

  private long checkpointOf(String name) {
    return db.read(c -> {
      try (PreparedStatement q = c.prepareStatement("SELECT position FROM projection_checkpoints WHERE name = ?")) {
        q.setString(1, name);
        try (ResultSet rs = q.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      }
    });
  }

  public List<ProjectionStatus> statuses() {
    long head = store.headPosition();
    List<ProjectionStatus> all = new ArrayList<>();
    for (Runner r : runners.values()) all.add(r.status(head));
    return all;
  }

  /** The position each projection has reached; for tests and tools. */
  public long position(String projection) {
    return runner(projection).position;
  }

  /**
   * Waits until every projection has applied the event at {@code position} (read-your-writes).
   *
   * @return false when {@code timeout} passed first
   */
  public boolean awaitPosition(long position, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    progressLock.lock();
    try {
      while (!allReached(position)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        progressed.awaitNanos(Math.min(left, Duration.ofMillis(50).toNanos()));
      }
      return true;
    } finally {
      progressLock.unlock();
    }
  }

  private boolean allReached(long position) {
    if (!running) createCheckpointTableOnce();
    for (Runner r : runners.values()) {
      long at = running ? r.position : checkpointOf(r.projection.name());
      if (!store.reached(at, position)) return false;
    }
    return true;
  }

  private volatile boolean tableChecked;

  private void createCheckpointTableOnce() {
    if (!tableChecked) {
      createCheckpointTable();
      tableChecked = true;
    }
  }

  /** Rebuilds one projection from position 0 into fresh tables and swaps them in when caught up. */
  public CompletableFuture<Void> rebuild(String projection) {
    Runner runner = runner(projection);
    return CompletableFuture.runAsync(runner::rebuild, r -> Thread.ofPlatform().name("rebuild-" + projection).daemon(true).start(r));
  }

  private Runner runner(String name) {
    Runner r = runners.get(name);
    if (r == null) throw new IllegalArgumentException("no projection named " + name);
    return r;
  }

  @Override
  public void close() {
    running = false;
    for (Runner r : runners.values()) r.stop();
  }

  private void progressed() {
    progressLock.lock();
    try {
      progressed.signalAll();
    } finally {
      progressLock.unlock();
    }
  }

  private final class Runner {
    private final Projection projection;
    private volatile LogFollower follower;
    private volatile long position;
    private volatile boolean rebuilding;
    private volatile boolean stopped;

    Runner(Projection projection) {
      this.projection = projection;
    }

    void start() {
      Checkpoint checkpoint = db.read(c -> checkpoint(c, projection.name()));
      if (checkpoint == null) {
        db.writeDerived(c -> {
          projection.create(c, Tables.LIVE);
          saveCheckpoint(c, 0);
          return null;
        });
        follow(0);
      } else if (checkpoint.version() != projection.version()) {
        log.info("projection {} changed from version {} to {}: rebuilding", projection.name(), checkpoint.version(), projection.version());
        // The new code must not write into tables of the old shape: queries read the old tables until the swap.
        position = checkpoint.position();
        ProjectionEngine.this.rebuild(projection.name());
      } else {
        follow(checkpoint.position());
      }
    }

    private void follow(long from) {
      position = from;
      follower = new LogFollower(store, projection.name(), from, batchSize, pollInterval, batch -> {
        try {
          applyWithRetries(batch, Tables.LIVE, true);
          position = batch.getLast().position();
        } catch (ProjectionFailed failed) {
          keepWhatCameBefore(batch, failed);
          throw failed;
        } finally {
          progressed();
        }
      }).start();
    }

    private void applyWithRetries(List<StoredEvent> batch, Tables tables, boolean checkpoint) throws InterruptedException {
      for (int attempt = 1; ; attempt++) {
        // The first attempt applies the batch at once; a failure of the whole cannot say which event
        // failed, so the next attempts go event by event, and the last names the event it stops on.
        boolean together = attempt == 1;
        try {
          db.writeDerived(c -> {
            if (together) applyTogether(c, tables, batch);
            else apply(c, tables, batch);
            if (checkpoint) saveCheckpoint(c, batch.getLast().position());
            return null;
          });
          return;
        } catch (RuntimeException e) {
          if (attempt == ATTEMPTS) throw e;
          log.warn("projection {} failed to apply a batch (attempt {} of {}): {}", projection.name(), attempt, ATTEMPTS, e.toString());
          Thread.sleep(100L * attempt);
        }
      }
    }

    /** Stopping on an event still keeps the events before it, so the checkpoint sits right before the failure. */
    private void keepWhatCameBefore(List<StoredEvent> batch, ProjectionFailed failed) {
      int failing = 0;
      while (failing < batch.size() && batch.get(failing).position() != failed.position()) failing++;
      if (failing == 0 || failing == batch.size()) return;
      List<StoredEvent> before = batch.subList(0, failing);
      try {
        db.writeDerived(c -> {
          apply(c, Tables.LIVE, before);
          saveCheckpoint(c, before.getLast().position());
          return null;
        });
        position = before.getLast().position();
      } catch (RuntimeException e) {
        log.warn("projection {} could not keep the events before the failing one: {}", projection.name(), e.toString());
      }
    }

    private void applyTogether(Connection c, Tables tables, List<StoredEvent> batch) throws SQLException {
      if (batch.size() == 1) {
        apply(c, tables, batch);
        return;
      }
      try {
        projection.applyAll(c, tables, batch);
      } catch (SQLException | RuntimeException failure) {
        throw new IllegalStateException(projection.name() + " failed on the events at positions "
            + batch.getFirst().position() + " to " + batch.getLast().position() + ": " + failure.getMessage(), failure);
      }
    }

    private void apply(Connection c, Tables tables, List<StoredEvent> batch) throws SQLException {
      for (StoredEvent e : batch) {
        try {
          projection.apply(c, tables, e);
        } catch (SQLException | RuntimeException failure) {
          throw new ProjectionFailed(projection.name(), e.position(), e.type(), failure);
        }
      }
    }

    synchronized void rebuild() {
      rebuilding = true;
      try {
        Tables fresh = new Tables("__r" + clock.millis());
        db.writeDerived(c -> {
          projection.create(c, fresh);
          return null;
        });
        long rebuilt = 0;
        for (List<StoredEvent> batch; !(batch = store.readAll(rebuilt, batchSize)).isEmpty(); rebuilt = batch.getLast().position()) {
          applyWithRetries(batch, fresh, false);
        }
        // Caught up: pause the live follower, apply what came meanwhile and swap the tables in one transaction.
        LogFollower live = follower;
        if (live != null) live.close();
        long from = rebuilt;
        long swappedAt = db.writeDerived(c -> {
          long at = from;
          for (List<StoredEvent> batch; !(batch = store.readAll(at, batchSize)).isEmpty(); at = batch.getLast().position()) {
            apply(c, fresh, batch);
          }
          try (var s = c.createStatement()) {
            for (String table : projection.tables()) {
              s.execute("DROP TABLE IF EXISTS " + table);
              s.execute("ALTER TABLE " + fresh.of(table) + " RENAME TO " + table);
            }
          }
          position = at;
          saveCheckpoint(c, at);
          return at;
        });
        log.info("projection {} rebuilt up to position {}", projection.name(), swappedAt);
        if (!stopped) follow(swappedAt);
        progressed();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        rebuilding = false;
      }
    }

    private void saveCheckpoint(Connection c, long at) throws SQLException {
      try (PreparedStatement upsert = c.prepareStatement("""
          INSERT INTO projection_checkpoints (name, position, version, updated_at) VALUES (?, ?, ?, ?)
          ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version,
            updated_at = excluded.updated_at""")) {
        upsert.setString(1, projection.name());
        upsert.setLong(2, at);
        upsert.setInt(3, projection.version());
        upsert.setString(4, clock.instant().toString());
        upsert.executeUpdate();
      }
    }

    ProjectionStatus status(long head) {
      LogFollower f = follower;
      Throwable failure = f == null ? null : f.failure();
      if (!running) createCheckpointTableOnce();
      long at = running ? position : checkpointOf(projection.name());
      boolean caughtUp = store.reached(at, head);
      long lagEvents = caughtUp ? 0 : Math.max(0, head - at);
      Duration lag = Duration.ZERO;
      if (!caughtUp) {
        List<StoredEvent> next = store.readAll(at, 1);
        if (!next.isEmpty()) lag = Duration.between(next.getFirst().recordedAt(), clock.instant());
      }
      ProjectionStatus.State state;
      Long failedAt = null;
      String error = null;
      if (failure != null) {
        state = ProjectionStatus.State.FAILED;
        failedAt = failure instanceof ProjectionFailed pf ? pf.position() : null;
        error = failure.getMessage();
      } else if (stopped) {
        state = ProjectionStatus.State.STOPPED;
      } else if (rebuilding) {
        state = ProjectionStatus.State.REBUILDING;
      } else {
        state = caughtUp ? ProjectionStatus.State.LIVE : ProjectionStatus.State.CATCHING_UP;
      }
      return new ProjectionStatus(projection.name(), state, at, lagEvents, lag.isNegative() ? Duration.ZERO : lag, failedAt, error);
    }

    void stop() {
      stopped = true;
      LogFollower f = follower;
      if (f != null) f.close();
    }
  }

  private record Checkpoint(long position, int version) {}

  private static Checkpoint checkpoint(Connection c, String name) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT position, version FROM projection_checkpoints WHERE name = ?")) {
      q.setString(1, name);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? new Checkpoint(rs.getLong(1), rs.getInt(2)) : null;
      }
    }
  }
}
