package petstore.app.live;

import eventkernel.store.StoredEvent;
import io.javalin.http.sse.SseClient;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import petstore.app.http.Endpoints;
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

  private final LiveFeed feed;
  private final Duration heartbeat;

  public LiveEndpoints(LiveFeed feed, Duration heartbeat) {
    this.feed = feed;
    this.heartbeat = heartbeat;
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
    routes.sse("/api/events/stream", client -> {
      client.keepAlive();
      Thread.ofVirtual().name("sse-client").start(() -> serve(client));
    });
  }

  private void serve(SseClient client) {
    var ctx = client.ctx();
    Connection out;
    try {
      out = new Connection(client, ctx.res().getOutputStream());
    } catch (IOException e) {
      client.close();
      return;
    }
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
    client.onClose(() -> feed.unregister(subscription));
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
      while (!client.terminated()) {
        if (subscription.dropped()) {
          out.event("dropped", "{\"reason\":\"" + subscription.reason + "\"}");
          break;
        }
        long quiet = System.nanoTime() - out.lastWrite;
        LiveFeed.Event event = subscription.queue.poll(Math.max(0, heartbeat.toNanos() - quiet), TimeUnit.NANOSECONDS);
        if (event == null) {
          if (System.nanoTime() - out.lastWrite >= heartbeat.toNanos()) out.comment("heartbeat");
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
      client.close();
    }
  }

  /**
   * Sends what the store holds after {@code from} up to the feed's position at registration; returns the
   * position through which the client now has everything.
   */
  private long catchUp(Connection out, Filter filter, LiveFeed.Subscription subscription, long from, long feedPosition) {
    long at = from;
    while (at < feedPosition && !out.client.terminated() && !subscription.dropped()) {
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

  /** The client's end of the wire. A write that fails closes the client; later writes do nothing. */
  private static final class Connection {
    final SseClient client;
    final OutputStream out;
    long lastWrite = System.nanoTime();

    Connection(SseClient client, OutputStream out) {
      this.client = client;
      this.out = out;
    }

    /** The event's frames that pass the filter, in one write; the last one carries the id. */
    void send(LiveFeed.Event event, Filter filter) {
      List<LiveFeed.Item> items = event.items();
      int last = -1;
      for (int i = items.size() - 1; i >= 0 && last < 0; i--) if (filter.accepts(items.get(i))) last = i;
      if (last < 0) return;
      try {
        for (int i = 0; i < last; i++) if (filter.accepts(items.get(i))) out.write(items.get(i).frame());
        out.write(items.get(last).frameWithId());
        flush();
      } catch (IOException e) {
        client.close();
      }
    }

    void event(String type, String data) {
      write("event: " + type + "\ndata: " + data + "\n\n");
    }

    void error(String detail) {
      event("error", "{\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
      client.close();
    }

    void comment(String text) {
      write(": " + text + "\n");
    }

    private void write(String text) {
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        flush();
      } catch (IOException e) {
        client.close();
      }
    }

    private void flush() throws IOException {
      out.flush();
      lastWrite = System.nanoTime();
    }
  }
}
