package petstore.app.live;

import eventkernel.store.StoredEvent;
import io.javalin.http.sse.SseClient;
import io.javalin.router.JavalinDefaultRoutingApi;
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
 * {@code GET /api/events/stream}: the public messages as Server-Sent Events, {@code id:} = the log
 * position, filtered by type, pet or adoption. A client that comes back with {@code Last-Event-ID}
 * (or {@code ?from=}) gets everything after that position from the store first, then the live feed,
 * with nothing missing or repeated.
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
    String typesParam = ctx.queryParam("types");
    Set<String> types = typesParam == null || typesParam.isBlank() ? Set.of()
        : Arrays.stream(typesParam.split(",")).map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    List<String> unknown = types.stream().filter(t -> !PublicMessages.ALL.contains(t)).toList();
    if (!unknown.isEmpty()) {
      client.sendEvent("error", "{\"detail\":\"unknown event types: " + String.join(", ", unknown) + "\"}", null);
      client.close();
      return;
    }
    Filter filter = new Filter(types, ctx.queryParam("petId"), ctx.queryParam("adoptionId"));
    String fromText = ctx.header("Last-Event-ID") != null ? ctx.header("Last-Event-ID") : ctx.queryParam("from");
    Long from;
    try {
      from = fromText == null || fromText.isBlank() ? null : Long.parseLong(fromText.trim());
    } catch (NumberFormatException e) {
      client.sendEvent("error", "{\"detail\":\"Last-Event-ID / from must be a log position\"}", null);
      client.close();
      return;
    }
    LiveFeed.Registration registration = feed.register();
    LiveFeed.Subscription subscription = registration.subscription();
    client.onClose(() -> feed.unregister(subscription));
    try {
      client.sendComment("connected");
      Long skipThrough = from == null ? null : catchUp(client, filter, from, registration.feedPosition());
      long lastBeat = System.nanoTime();
      while (!client.terminated()) {
        LiveFeed.Item item = subscription.queue.poll(1, TimeUnit.SECONDS);
        if (item != null && skipThrough != null) {
          // The client was ahead of the feed: what the feed offers up to its position was sent already.
          if (item.position() == skipThrough) skipThrough = null;
        } else if (item != null) {
          if (filter.accepts(item)) client.sendEvent(item.type(), item.body(), String.valueOf(item.position()));
        } else if (subscription.dropped()) {
          client.sendEvent("dropped", "{\"reason\":\"" + subscription.reason + "\"}", null);
          break;
        }
        if (System.nanoTime() - lastBeat > heartbeat.toNanos()) {
          client.sendComment("heartbeat");
          lastBeat = System.nanoTime();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalArgumentException e) {
      client.sendEvent("error", "{\"detail\":\"Last-Event-ID / from is not a position in the log\"}", null);
    } catch (RuntimeException e) {
      log.debug("SSE client gone: {}", e.toString());
    } finally {
      feed.unregister(subscription);
      client.close();
    }
  }

  /**
   * Sends what the store holds after {@code from} up to the feed's position at registration. Returns
   * null when it met that position; otherwise the client was ahead of the feed, and the returned
   * position is the last one sent, which the queue must skip through.
   */
  private Long catchUp(SseClient client, Filter filter, long from, long feedPosition) {
    long at = from;
    while (at != feedPosition && !client.terminated()) {
      List<StoredEvent> batch = feed.store().readAll(at, 500);
      if (batch.isEmpty()) return at;
      for (StoredEvent e : batch) {
        for (LiveFeed.Item item : feed.items(e)) {
          if (filter.accepts(item)) client.sendEvent(item.type(), item.body(), String.valueOf(item.position()));
        }
        at = e.position();
        if (at == feedPosition) return null;
      }
    }
    return null;
  }
}
