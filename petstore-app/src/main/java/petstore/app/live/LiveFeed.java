package petstore.app.live;

import eventkernel.messaging.Message;
import eventkernel.messaging.MessageMapper;
import eventkernel.store.EventStore;
import eventkernel.store.LogFollower;
import eventkernel.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reader of the log for every live client: it maps each event to its public messages once and
 * offers them to each client's bounded queue. A client whose queue is full is dropped, never waited
 * for, so a slow client cannot slow the others or the PetStore.
 */
public final class LiveFeed implements AutoCloseable {
  /**
   * A public message as it goes out on the stream, its frame encoded once for every client: with the
   * {@code id:} line (= the log position of its event) and without.
   */
  public record Item(long position, String type, String petId, String adoptionId, String body, byte[] frame, byte[] frameWithId) {
    Item(long position, String type, String petId, String adoptionId, String body) {
      this(position, type, petId, adoptionId, body, encode(null, type, body), encode(position, type, body));
    }

    private static byte[] encode(Long id, String type, String body) {
      StringBuilder frame = new StringBuilder(body.length() + 64);
      if (id != null) frame.append("id: ").append(id).append('\n');
      frame.append("event: ").append(type).append('\n');
      for (String line : body.split("\n", -1)) frame.append("data: ").append(line).append('\n');
      return frame.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** What one stored event says on the stream: its position and its public messages, in order. */
  public record Event(long position, List<Item> items) {}

  /** Offered to every client each heartbeat interval: a client that has been quiet sends a comment. */
  static final Event BEAT = new Event(-1, List.of());

  /** A client's end: what the feed offers, and whether it was dropped for being too slow. */
  public static final class Subscription {
    final BlockingQueue<Event> queue;
    volatile boolean dropped;
    volatile String reason;

    Subscription(int capacity) {
      // Linked, not an array: an idle client costs a few bytes, not a thousand empty slots.
      this.queue = new LinkedBlockingQueue<>(capacity + 1); // + a heartbeat
    }

    public boolean dropped() {
      return dropped;
    }
  }

  private final EventStore store;
  private final MessageMapper mapper;
  private final JsonMapper json;
  private final int clientBuffer;
  private final Duration heartbeat;
  // Added under broadcastLock, so a registration sees each event exactly once: from the store or the queue.
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final Object broadcastLock = new Object();
  private final AtomicLong dropped = new AtomicLong();
  private volatile long position;
  private LogFollower follower;
  private Thread beating;

  /** @param heartbeat how often a quiet client is sent a comment, to keep proxies from cutting it off */
  public LiveFeed(EventStore store, MessageMapper mapper, JsonMapper json, int clientBuffer, Duration heartbeat) {
    this.store = store;
    this.mapper = mapper;
    this.json = json;
    this.clientBuffer = clientBuffer;
    this.heartbeat = heartbeat;
  }

  public LiveFeed start() {
    position = store.headPosition();
    follower = new LogFollower(store, "live-feed", position, 500, Duration.ofSeconds(1), this::broadcast).start();
    // One clock for every client's heartbeat: ten thousand clients waiting with a timeout each would
    // keep ten thousand timers, re-armed on every event.
    beating = Thread.ofVirtual().name("live-feed-heartbeat").start(() -> {
      try {
        while (true) {
          Thread.sleep(heartbeat);
          for (Subscription s : subscriptions) if (s.queue.isEmpty()) s.queue.offer(BEAT);
        }
      } catch (InterruptedException e) {
        // closing
      }
    });
    return this;
  }

  public Duration heartbeat() {
    return heartbeat;
  }

  private void broadcast(List<StoredEvent> batch) {
    for (StoredEvent e : batch) {
      Event event = event(e);
      synchronized (broadcastLock) {
        if (!event.items().isEmpty()) {
          for (Subscription s : subscriptions) {
            if (!s.queue.offer(event)) {
              s.reason = "client too slow: more than " + clientBuffer + " events waiting";
              s.dropped = true;
              subscriptions.remove(s);
              dropped.incrementAndGet();
            }
          }
        }
        position = e.position();
      }
    }
  }

  /** One stored event as the stream says it. */
  public Event event(StoredEvent e) {
    return new Event(e.position(), mapper.map(e).stream().map(this::item).toList());
  }

  private Item item(Message m) {
    String pet = m.data().path("petId").asString(null);
    String adoption = m.data().path("adoptionId").asString(null);
    return new Item(m.sourcePosition(), m.type(), pet, adoption, m.bodyText(json));
  }

  /**
   * Registers a client. Returns its subscription and the feed's position at that moment: everything
   * after that position reaches the queue; what came before it the client reads from the store.
   */
  public Registration register() {
    Subscription s = new Subscription(clientBuffer);
    synchronized (broadcastLock) {
      subscriptions.add(s);
      return new Registration(s, position);
    }
  }

  public record Registration(Subscription subscription, long feedPosition) {}

  public void unregister(Subscription s) {
    subscriptions.remove(s);
  }

  public int clients() {
    return subscriptions.size();
  }

  /** How many clients were dropped for being too slow, since the start. */
  public long droppedClients() {
    return dropped.get();
  }

  public EventStore store() {
    return store;
  }

  /**
   * Stops reading the log and tells every client the stream ends, then gives their loops a moment to say
   * so before the server goes: no client's loop outlives the PetStore.
   */
  @Override
  public void close() {
    if (beating != null) beating.interrupt();
    if (follower != null) follower.close();
    synchronized (broadcastLock) {
      for (Subscription s : subscriptions) {
        s.reason = "the PetStore is stopping; reconnect with Last-Event-ID to resume";
        s.dropped = true;
        s.queue.offer(BEAT);  // wakes a client waiting on an empty queue; a full one wakes by itself
      }
    }
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(2).toNanos();
    while (!subscriptions.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    subscriptions.clear();
  }

}
