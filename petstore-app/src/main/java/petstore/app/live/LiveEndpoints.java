package petstore.app.live;

import eventkernel.store.StoredEvent;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import petstore.app.http.Endpoints;
import petstore.app.http.Problem;
import petstore.app.messages.PublicMessages;

/**
 * {@code GET /api/events/stream}: the public messages as Server-Sent Events, filtered by type, pet or
 * adoption. {@code id:} is the log position of the message's event, on the last frame of that event the
 * client gets (a pet's registration says pet.registered and pet.available): a client that comes back
 * with {@code Last-Event-ID} (or {@code ?from=}) has every message up to that position, and gets the rest
 * from the store first, then the live feed, with nothing missing or repeated.
 */
public final class LiveEndpoints implements Endpoints {
  private static final Logger log = LoggerFactory.getLogger(LiveEndpoints.class);
  /**
   * The response buffer of a stream. Jetty keeps a connection's buffer for as long as the response is
   * open, 32 KiB by default: 320 MB of direct memory for ten thousand clients. A frame is well under
   * 2 KiB; a larger one is written through.
   */
  static final int BUFFER_BYTES = 2048;

  private final LiveFeed feed;

  public LiveEndpoints(LiveFeed feed) {
    this.feed = feed;
  }

  record Filter(Set<String> types, String petId, String adoptionId) {
    boolean accepts(LiveFeed.Item item) {
      return (types.isEmpty() || types.contains(item.type()))
          && (petId == null || petId.equals(item.petId()))
          && (adoptionId == null || adoptionId.equals(item.adoptionId()));
    }
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    // Javalin's own sse() commits the response before the buffer size can be set; this does the same
    // as it otherwise: the headers at once, then the stream from a thread of its own.
    routes.get("/api/events/stream", this::open);
  }

  private void open(Context ctx) throws IOException {
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      throw new Problem(406, "Not acceptable", "this is a Server-Sent Events stream: ask with Accept: text/event-stream", List.of());
    }
    HttpServletResponse res = ctx.res();
    res.setStatus(200);
    res.setCharacterEncoding("UTF-8");
    res.setContentType("text/event-stream");
    res.addHeader("Connection", "close");
    res.addHeader("Cache-Control", "no-cache");
    res.addHeader("X-Accel-Buffering", "no");
    res.setBufferSize(BUFFER_BYTES);
    res.flushBuffer();
    CompletableFuture<Void> done = new CompletableFuture<>();
    ctx.future(() -> done);
    Connection out = new Connection(res.getOutputStream(), done);
    Thread.ofVirtual().name("sse-client").start(() -> serve(ctx, out));
  }

  private void serve(Context ctx, Connection out) {
    String typesParam = ctx.queryParam("types");
    Set<String> types = typesParam == null || typesParam.isBlank() ? Set.of()
        : Arrays.stream(typesParam.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    List<String> unknown = types.stream().filter(t -> !PublicMessages.ALL.contains(t)).toList();
    if (!unknown.isEmpty()) {
      out.error("unknown event types: " + String.join(", ", unknown) + "; known: " + String.join(", ", PublicMessages.ALL));
      return;
    }
    Filter filter = new Filter(types, ctx.queryParam("petId"), ctx.queryParam("adoptionId"));
    String fromText = ctx.header("Last-Event-ID") != null ? ctx.header("Last-Event-ID") : ctx.queryParam("from");
    Long from;
    try {
      from = fromText == null || fromText.isBlank() ? null : Long.parseLong(fromText.trim());
      if (from != null && from < 0) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      out.error("Last-Event-ID / from must be a log position (a whole number ≥ 0), got " + fromText);
      return;
    }
    LiveFeed.Registration registration = feed.register();
    LiveFeed.Subscription subscription = registration.subscription();
    long quietNanos = feed.heartbeat().toNanos() / 2;
    try {
      if (from != null && from > registration.feedPosition()) {
        long head = feed.store().headPosition();
        if (from > head) {
          out.error("Last-Event-ID / from " + from + " is past the end of the log (" + head + "): it is from another store");
          return;
        }
      }
      out.comment("connected");
      // Everything up to `delivered` the client has: what the queue offers up to there is skipped.
      long delivered = from == null ? registration.feedPosition()
          : catchUp(out, filter, subscription, from, registration.feedPosition());
      while (!out.closed()) {
        if (subscription.dropped()) {
          out.event("dropped", "{\"reason\":\"" + subscription.reason + "\"}");
          break;
        }
        LiveFeed.Event event = subscription.queue.take();
        if (event == LiveFeed.BEAT) {
          if (System.nanoTime() - out.lastWrite >= quietNanos) out.comment("heartbeat");
        } else if (event.position() > delivered) {
          out.send(event, filter);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.debug("SSE client gone: {}", e.toString());
    } finally {
      feed.unregister(subscription);
      out.close();
    }
  }

  /**
   * Sends what the store holds after {@code from} up to the feed's position at registration; returns the
   * position through which the client now has everything.
   */
  private long catchUp(Connection out, Filter filter, LiveFeed.Subscription subscription, long from, long feedPosition) {
    long at = from;
    while (at < feedPosition && !out.closed() && !subscription.dropped()) {
      List<StoredEvent> batch = feed.store().readAll(at, 500);
      if (batch.isEmpty()) break;
      for (StoredEvent e : batch) {
        if (e.position() > feedPosition) return feedPosition;
        out.send(feed.event(e), filter);
        at = e.position();
      }
    }
    return Math.max(at, feedPosition);
  }

  /** The client's end of the wire. A write that fails ends the response; later writes do nothing. */
  private static final class Connection {
    final OutputStream out;
    final CompletableFuture<Void> done;
    long lastWrite = System.nanoTime();

    Connection(OutputStream out, CompletableFuture<Void> done) {
      this.out = out;
      this.done = done;
    }

    boolean closed() {
      return done.isDone();
    }

    /** The event's frames that pass the filter, in one write; the last one carries the id. */
    void send(LiveFeed.Event event, Filter filter) {
      List<LiveFeed.Item> items = event.items();
      int last = -1;
      for (int i = items.size() - 1; i >= 0 && last < 0; i--) if (filter.accepts(items.get(i))) last = i;
      if (last < 0 || closed()) return;
      try {
        for (int i = 0; i < last; i++) if (filter.accepts(items.get(i))) out.write(items.get(i).frame());
        out.write(items.get(last).frameWithId());
        flush();
      } catch (IOException e) {
        close();
      }
    }

    void event(String type, String data) {
      write("event: " + type + "\ndata: " + data + "\n\n");
    }

    void error(String detail) {
      event("error", "{\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      close();
    }

    void comment(String text) {
      write(": " + text + "\n");
    }

    private void write(String text) {
      if (closed()) return;
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        flush();
      } catch (IOException e) {
        close();
      }
    }

    private void flush() throws IOException {
      out.flush();
      lastWrite = System.nanoTime();
    }

    /** Ends the response: Javalin completes it once the future is done. */
    void close() {
      done.complete(null);
    }
  }
}
