package petstore.app;

import eventkernel.aggregate.EventSourced;
import eventkernel.messaging.Bus;
import eventkernel.messaging.Message;
import eventkernel.messaging.MessagingTables;
import eventkernel.store.EventStore;
import eventkernel.store.StoredEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.app.messages.PublicMessages;
import petstore.pet.Pets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Deliver the messages from an instant on again, to one consumer alone; its inbox keeps side effects single.")
final class ReplayCommand implements Callable<Integer> {
  @Mixin Main.Settings settings = new Main.Settings();

  @Option(names = "--consumer", required = true, paramLabel = "NAME", description = "the service, e.g. email, certificate, analytics")
  String consumer;

  static final class From {
    @Option(names = "--from-beginning", required = true, description = "from the first message") boolean beginning;

    @Option(names = "--from", required = true, paramLabel = "ISO-8601", description = "from this instant, e.g. 2026-11-28T10:00:00Z")
    String from;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") From from;

  @Override
  public Integer call() throws Exception {
    Instant at;
    try {
      at = from.beginning ? Instant.EPOCH : Instant.parse(from.from);
    } catch (DateTimeParseException e) {
      System.err.println("petstore: --from must be an ISO-8601 instant such as 2026-11-28T10:00:00Z");
      return 2;
    }
    var config = settings.resolve();
    Clock clock = Clock.systemUTC();
    PetStoreJson json = new PetStoreJson();
    try (Storage storage = Storage.open(config, clock); Bus bus = Buses.open(config, storage.database(), json.mapper(), clock)) {
      MessagingTables.create(storage.database());
      EventStore store = storage.store();
      long position = at.equals(Instant.EPOCH) ? 0 : store.positionAt(at);
      var pets = new EventSourced<>(store, new Pets(), json.petEvents(), json.petState(), 100, clock);
      PublicMessages messages = new PublicMessages(new DomainEvents(json), pets, json.mapper(), config.publicUrl());
      boolean terminal = System.console() != null;
      long[] mapped = {0};
      Iterable<Message> fromLog = () -> new LogMessages(store, messages, position, () -> {
        if (terminal && ++mapped[0] % 500 == 0) System.out.print("\rreading the log… " + mapped[0] + " messages");
      });
      long count = bus.replay(consumer, at, position, fromLog);
      if (terminal && mapped[0] >= 500) System.out.println();
      System.out.println("replay for " + consumer + " from " + (from.beginning ? "the beginning" : at) + ": "
          + count + " message(s) will be delivered again (the consumer's inbox drops what it has handled)");
    }
    return 0;
  }

  /** The log's public messages after a position, read page by page as the bus asks for them. */
  private static final class LogMessages implements Iterator<Message> {
    private final EventStore store;
    private final PublicMessages messages;
    private final Runnable progress;
    private final Deque<Message> ready = new ArrayDeque<>();
    private long after;
    private boolean exhausted;

    LogMessages(EventStore store, PublicMessages messages, long after, Runnable progress) {
      this.store = store;
      this.messages = messages;
      this.after = after;
      this.progress = progress;
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !exhausted) {
        var page = store.readAll(after, 500);
        if (page.isEmpty()) exhausted = true;
        for (StoredEvent e : page) {
          ready.addAll(messages.map(e));
          after = e.position();
        }
      }
      return !ready.isEmpty();
    }

    @Override
    public Message next() {
      if (!hasNext()) throw new NoSuchElementException();
      progress.run();
      return ready.poll();
    }
  }
}
