package eventkernel.postgres;

import eventkernel.store.AppendResult;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import eventkernel.store.WrongExpectedVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Group commit: the appends that arrive while others are being written wait, and then go to PostgreSQL
 * together, in one statement and one transaction. Each is still checked against its own expected version
 * and answered on its own, exactly as if it had been written alone right after the ones before it; what
 * the group shares is the round trip and the commit, which is most of what an append costs PostgreSQL.
 * An append that arrives when nobody waits and a writer is free goes at once, on the caller's thread:
 * nothing waits for a group to fill, and a lone writer pays no hand-off to another thread.
 *
 * <p>When the group's statement fails as a whole (a race with another process at a unique index, a bad
 * payload, a lost connection), nothing of it was written, and every append in it is answered "write me
 * alone", which the store's single-append path does with its own retries and errors.
 */
final class GroupCommit implements AutoCloseable {
  /** One append as the store was asked for it. */
  record Append(StreamId stream, ExpectedVersion expected, List<NewEvent> events) {
    long expectedCode() {
      return switch (expected) {
        case ExpectedVersion.Any any -> -1;
        case ExpectedVersion.NoStream none -> 0;
        case ExpectedVersion.Exactly exactly -> exactly.version();
      };
    }
  }

  /** What append_events answered for one append (see migration V2); {@code version} is null when nothing was written. */
  record Answer(long current, long fresh, Long version, long position, long storedVersion, long storedPosition) {
    /** The store's answer to the caller: the result, or WrongExpectedVersion when the stream had moved. */
    AppendResult resultFor(Append append) {
      if (fresh == 0) return new AppendResult(storedVersion, storedPosition, false);
      if (version == null) {
        if (append.expected().matches(current)) {
          throw new IllegalStateException("append to " + append.stream() + " at " + append.expected() + " wrote nothing");
        }
        throw new WrongExpectedVersion(append.stream(), append.expected(), current);
      }
      return new AppendResult(version, position, true);
    }
  }

  /** The whole group in one statement (migration V3), parameters as {@link #run} sets them. */
  static final String APPEND_TOGETHER =
      "SELECT * FROM {schema}.append_events_together(?::text[], ?::int8[], ?::int4[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])";
  /** One append alone (migration V2): the same answer without the group's loop around it. */
  static final String APPEND_ONE =
      "SELECT * FROM {schema}.append_events(?, ?, ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])";

  /**
   * Groups written at once. Fewer make larger groups, so fewer commits for the same appends: on this
   * project's 2-core machine, 2 wrote 16 single-event writers' appends ~1.5x faster than 4 or 8, and
   * 16 ten-event writers' as fast (AppendBench --quick, the three interleaved).
   * The JVM's cores stand in for the database's, which the store cannot see; they are one machine here.
   */
  static final int COMMITTERS = Math.max(2, Runtime.getRuntime().availableProcessors());
  /** Bounds one statement's size; a longer queue is written by the next group. */
  static final int MOST_APPENDS = 64;
  static final int MOST_EVENTS = 2_000;

  @FunctionalInterface
  interface Writer {
    /** Runs the group's statement in one transaction and returns its rows; any failure fails the whole group. */
    List<Answer> write(List<Append> group) throws SQLException;
  }

  private record Waiting(Append append, CompletableFuture<Answer> answer) {}

  private final LinkedBlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
  /** Groups being written now, by a committer or by a caller that found a writer free. */
  private final Semaphore writers = new Semaphore(COMMITTERS, true);
  private final Writer writer;
  private final List<Thread> committers = new ArrayList<>();
  private volatile boolean running = true;

  GroupCommit(String name, Writer writer) {
    this.writer = writer;
    for (int i = 1; i <= COMMITTERS; i++) {
      committers.add(Thread.ofPlatform().name(name + "-" + i).daemon(true).start(this::commitLoop));
    }
  }

  /** Runs {@code append} in the next group and returns its answer, or null when it must be written alone. */
  Answer append(Append append) {
    if (!running) return null;
    Waiting own = new Waiting(append, new CompletableFuture<>());
    if (queue.isEmpty() && freeWriter()) {
      // Nobody waits and a writer is free: write now, on the caller's thread, with no hand-off.
      List<Waiting> group = new ArrayList<>();
      group.add(own);
      try {
        fill(group);
        write(group);
      } finally {
        writers.release();
      }
    } else {
      queue.add(own);
      if (!running) drain();
    }
    try {
      // as uninterruptible as the JDBC call it stands for: once queued, the append may be written
      return own.answer().join();
    } catch (CompletionException e) {
      throw new IllegalStateException("group commit failed", e.getCause());
    }
  }

  /**
   * A writer if one is free and no committer waits for one: the semaphore is fair and this honours it
   * (a plain tryAcquire would not), so callers arriving all the time cannot starve what is queued.
   */
  private boolean freeWriter() {
    try {
      return writers.tryAcquire(0, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void commitLoop() {
    List<Waiting> group = new ArrayList<>();
    while (running) {
      try {
        group.add(queue.take());
        writers.acquire();
      } catch (InterruptedException e) {
        break;
      }
      try {
        fill(group);
        write(group);
      } finally {
        writers.release();
        group.clear();
      }
    }
    for (Waiting w : group) w.answer().complete(null);
    drain();
  }

  /** Adds what waits in the queue to {@code group}, up to the bounds; MOST_EVENTS is soft: the append that crosses it still comes. */
  private void fill(List<Waiting> group) {
    int events = 0;
    for (Waiting w : group) events += w.append().events().size();
    for (Waiting next; group.size() < MOST_APPENDS && events < MOST_EVENTS && (next = queue.poll()) != null; ) {
      group.add(next);
      events += next.append().events().size();
    }
  }

  private void write(List<Waiting> unordered) {
    // Written in the order of their streams (a stable sort: one stream's appends keep their order), so
    // two groups at once take the streams' index locks in the same order and never wait on each other
    // in a circle. Appends to different streams do not depend on each other's order.
    List<Waiting> group = unordered.stream().sorted(Comparator.comparing((Waiting w) -> w.append().stream().value())).toList();
    List<Answer> answers;
    try {
      answers = writer.write(group.stream().map(Waiting::append).toList());
    } catch (SQLException | RuntimeException failed) {
      for (Waiting w : group) w.answer().complete(null); // nothing of the group was written: each goes alone
      return;
    }
    if (answers.size() != group.size()) {
      IllegalStateException wrong = new IllegalStateException(group.size() + " appends were answered with " + answers.size() + " rows");
      for (Waiting w : group) w.answer().completeExceptionally(wrong);
      return;
    }
    for (int i = 0; i < group.size(); i++) group.get(i).answer().complete(answers.get(i));
  }

  /** Answers what is still queued with "write it alone": after close, the store's own path reports the closed pool. */
  private void drain() {
    for (Waiting w; (w = queue.poll()) != null; ) w.answer().complete(null);
  }

  /** Writes a group with {@link #APPEND_TOGETHER}, or one append with {@link #APPEND_ONE}, and reads the rows: on a connection in auto-commit, one transaction. */
  static List<Answer> run(Connection c, Function<String, String> sql, List<Append> group) throws SQLException {
    int appends = group.size();
    int events = 0;
    for (Append a : group) events += a.events().size();
    Object[] streams = new Object[appends];
    Object[] expected = new Object[appends];
    Object[] counts = new Object[appends];
    Object[] ids = new Object[events];
    Object[] types = new Object[events];
    Object[] payloads = new Object[events];
    Object[] correlations = new Object[events];
    Object[] causations = new Object[events];
    Object[] whos = new Object[events];
    int at = 0;
    for (int i = 0; i < appends; i++) {
      Append a = group.get(i);
      streams[i] = a.stream().value();
      expected[i] = a.expectedCode();
      counts[i] = a.events().size();
      for (NewEvent e : a.events()) {
        ids[at] = e.eventId();
        types[at] = e.type();
        payloads[at] = e.payload();
        correlations[at] = e.metadata().correlationId();
        causations[at] = e.metadata().causationId();
        whos[at] = e.metadata().who();
        at++;
      }
    }
    boolean alone = appends == 1;
    try (PreparedStatement q = c.prepareStatement(sql.apply(alone ? APPEND_ONE : APPEND_TOGETHER))) {
      int p = 1;
      if (alone) {
        q.setString(p++, group.getFirst().stream().value());
        q.setLong(p++, group.getFirst().expectedCode());
      } else {
        q.setArray(p++, c.createArrayOf("text", streams));
        q.setArray(p++, c.createArrayOf("int8", expected));
        q.setArray(p++, c.createArrayOf("int4", counts));
      }
      q.setArray(p++, c.createArrayOf("uuid", ids));
      q.setArray(p++, c.createArrayOf("text", types));
      q.setArray(p++, c.createArrayOf("text", payloads));
      q.setArray(p++, c.createArrayOf("text", correlations));
      q.setArray(p++, c.createArrayOf("text", causations));
      q.setArray(p, c.createArrayOf("text", whos));
      List<Answer> answers = new ArrayList<>(appends);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          long version = rs.getLong(3);
          Long written = rs.wasNull() ? null : version;
          answers.add(new Answer(rs.getLong(1), rs.getLong(2), written, rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        }
      }
      return answers;
    }
  }

  @Override
  public void close() {
    running = false;
    committers.forEach(Thread::interrupt);
    for (Thread t : committers) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    drain();
  }
}
