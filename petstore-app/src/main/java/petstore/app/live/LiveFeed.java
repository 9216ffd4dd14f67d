package petstore.app.live;

import eventkernel.messaging.Message;
import eventkernel.messaging.MessageMapper;
import eventkernel.store.EventStore;
import eventkernel.store.LogFollower;
import eventkernel.store.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import tools.jackson.databind.json.JsonMapper;

/**
 * One reader of the log for every live client: it maps each event to its public messages once and
 * offers them to each client's bounded queue. A client whose queue is full is dropped, never waited
 * for, so a slow client cannot slow the others or the PetStore.
 */
public final class LiveFeed implements AutoCloseable {
  /** A public message as it goes out on the stream: id = the log position of its event. */
  public record Item(long position, String type, String petId, String adoptionId, String body) {}

  /** A client's end: what the feed offers, and whether it was dropped for being too slow. */
  public static final class Subscription {
    final BlockingQueue<Item> queue;
    volatile boolean dropped;
    volatile String reason;

    Subscription(int capacity) {
      this.queue = new ArrayBlockingQueue<>(capacity);
    }

    public boolean dropped() {
      return dropped;
    }
  }

  private final EventStore store;
  private final MessageMapper mapper;
  private final JsonMapper json;
  private final int clientBuffer;
  private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
  private final Object broadcastLock = new Object();
  private volatile long position;
  private LogFollower follower;

  public LiveFeed(EventStore store, MessageMapper mapper, JsonMapper json, int clientBuffer) {
    this.store = store;
    this.mapper = mapper;
    this.json = json;
    this.clientBuffer = clientBuffer;
  }

  public LiveFeed start() {
    position = store.headPosition();
    follower = new LogFollower(store, "live-feed", position, 500, Duration.ofSeconds(1), this::broadcast).start();
    return this;
  }

  private void broadcast(List<StoredEvent> batch) {
    for (StoredEvent e : batch) {
      List<Item> items = items(e);
      synchronized (broadcastLock) {
        for (Item item : items) {
          for (Subscription s : subscriptions) {
            if (!s.dropped && !s.queue.offer(item)) {
              s.dropped = true;
              s.reason = "client too slow: more than " + clientBuffer + " events waiting";
            }
          }
        }
        position = e.position();
      }
    }
  }

  /** The public messages of one stored event, as stream items. */
  public List<Item> items(StoredEvent e) {
    return mapper.map(e).stream().map(this::item).toList();
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

  public EventStore store() {
    return store;
  }

  @Override
  public void close() {
    if (follower != null) follower.close();
  }
}
