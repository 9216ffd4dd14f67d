package eventkernel.messaging;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.update;

import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.ExpectedVersion;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One service's consumer, the same on every bus: checks a message against the contract, drops one its
 * inbox has seen, runs the handler, records the inbox row in the handler's own transaction, appends the
 * outcome, and on failure says when to retry — or dead-letters the message with its reason.
 */
public final class Consumer {
  public enum Result { DONE, DUPLICATE, RETRY, DEAD }

  public record Delivery(Result result, Duration retryAfter, String error) {
    static final Delivery DONE = new Delivery(Result.DONE, null, null);
    static final Delivery DUPLICATE = new Delivery(Result.DUPLICATE, null, null);
  }

  private static final Logger log = LoggerFactory.getLogger(Consumer.class);

  private final String name;
  private final Database db;
  private final EventStore store;
  private final MessageHandler<Object> handler;
  private final RetryPolicy policy;
  private final MessageValidator validator;
  private final JsonMapper mapper;
  private final Clock clock;

  @SuppressWarnings("unchecked")
  public Consumer(String name, Database db, EventStore store, MessageHandler<?> handler, RetryPolicy policy,
                  MessageValidator validator, JsonMapper mapper, Clock clock) {
    this.name = name;
    this.db = db;
    this.store = store;
    this.handler = (MessageHandler<Object>) handler;
    this.policy = policy;
    this.validator = validator;
    this.mapper = mapper;
    this.clock = clock;
  }

  public String name() {
    return name;
  }

  public RetryPolicy policy() {
    return policy;
  }

  /** Delivers attempt number {@code attempt} (1-based) of {@code message}. */
  public Delivery deliver(Message message, int attempt) {
    List<String> problems = validator.problems(message);
    if (!problems.isEmpty()) {
      // A message that breaks the contract fails the same way every time: no retry, straight to dead letters.
      String reason = "message breaks the contract: " + String.join("; ", problems);
      deadLetter(message, attempt, reason);
      return new Delivery(Result.DEAD, null, reason);
    }
    try {
      Optional<String> seen = db.read(c -> one(c, "SELECT coalesce(outcome, '') FROM inbox WHERE consumer = ? AND event_id = ?",
          rs -> rs.getString(1), name, message.id().toString()));
      if (seen.isPresent()) {
        appendOutcome(decode(seen.get()));  // the crash may have come between the inbox and the append
        return Delivery.DUPLICATE;
      }
      Object acted = handler.act(message);
      Outcome outcome = db.write(tx -> {
        int claimed = update(tx, "INSERT INTO inbox (consumer, event_id, handled_at) VALUES (?, ?, ?) ON CONFLICT (consumer, event_id) DO NOTHING",
            name, message.id().toString(), clock.millis());
        if (claimed == 0) return null;
        Outcome o = handler.record(message, acted, attempt, tx);
        update(tx, "UPDATE inbox SET outcome = ? WHERE consumer = ? AND event_id = ?", encode(o), name, message.id().toString());
        return o;
      });
      if (outcome == null) return Delivery.DUPLICATE;
      appendOutcome(outcome);
      return Delivery.DONE;
    } catch (Exception e) {
      String error = describe(e);
      boolean last = attempt >= policy.maxAttempts();
      log.warn("{}: attempt {} of {} for {} {} failed: {}", name, attempt, policy.maxAttempts(), message.type(), message.id(), error);
      try {
        appendOutcome(handler.failed(message, attempt, error, last));
      } catch (RuntimeException failedToRecord) {
        log.warn("{}: could not record the failed attempt: {}", name, failedToRecord.toString());
      }
      if (last) {
        deadLetter(message, attempt, error);
        return new Delivery(Result.DEAD, null, error);
      }
      return new Delivery(Result.RETRY, policy.delayAfter(attempt), error);
    }
  }

  /**
   * Dead-letters what a transport received but could not read as a message at all (not JSON, no envelope):
   * no handler can act on it and it fails the same way every time, so it gets no attempt and no retry.
   * {@code eventId} and {@code type} are whatever the transport could tell (its headers, or a stand-in).
   */
  public Delivery unreadable(UUID eventId, String type, String key, String body, long sourcePosition, String reason) {
    String why = "message is unreadable: " + reason;
    deadLetter(eventId, type, key, body, sourcePosition, 1, why);
    return new Delivery(Result.DEAD, null, why);
  }

  private void deadLetter(Message message, int attempts, String reason) {
    deadLetter(message.id(), message.type(), message.key(), message.bodyText(mapper), message.sourcePosition(), attempts, reason);
  }

  private void deadLetter(UUID eventId, String type, String key, String body, long sourcePosition, int attempts, String reason) {
    db.write(tx -> update(tx, """
        INSERT INTO dead_letters (id, consumer, event_id, event_type, msg_key, body, source_position, attempts, reason, failed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        UUID.randomUUID().toString(), name, eventId.toString(), type, key, body, sourcePosition, attempts, reason, clock.millis()));
    log.error("{}: dead-lettered {} {} after {} attempt(s): {}", name, type, eventId, attempts, reason);
  }

  private void appendOutcome(Outcome outcome) {
    if (outcome == null || outcome.isEmpty()) return;
    store.append(outcome.stream(), ExpectedVersion.any(), outcome.events());
  }

  private String encode(Outcome outcome) {
    if (outcome == null || outcome.isEmpty()) return "";
    ObjectNode node = mapper.createObjectNode();
    node.put("stream", outcome.stream().value());
    ArrayNode events = node.putArray("events");
    for (NewEvent e : outcome.events()) {
      ObjectNode event = events.addObject();
      event.put("id", e.eventId().toString());
      event.put("type", e.type());
      event.put("payload", e.payload());
      event.put("correlationId", e.metadata().correlationId());
      event.put("causationId", e.metadata().causationId());
      event.put("who", e.metadata().who());
    }
    return mapper.writeValueAsString(node);
  }

  private Outcome decode(String text) {
    if (text.isEmpty()) return Outcome.NONE;
    JsonNode node = mapper.readTree(text);
    List<NewEvent> events = new ArrayList<>();
    for (JsonNode e : node.path("events")) {
      events.add(new NewEvent(UUID.fromString(e.path("id").asString()), e.path("type").asString(), e.path("payload").asString(),
          new Metadata(text(e, "correlationId"), text(e, "causationId"), text(e, "who"))));
    }
    return new Outcome(StreamId.of(node.path("stream").asString()), events);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    Throwable cause = e;
    while ((message == null || message.isBlank()) && cause.getCause() != null) {
      cause = cause.getCause();
      message = cause.getMessage();
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
