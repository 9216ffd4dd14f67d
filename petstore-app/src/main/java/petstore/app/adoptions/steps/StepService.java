package petstore.app.adoptions.steps;

import eventkernel.messaging.Message;
import eventkernel.messaging.MessageHandler;
import eventkernel.messaging.Outcome;
import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StreamId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import petstore.adoption.AdoptionEvent;
import petstore.adoption.AdoptionId;
import petstore.adoption.Step;
import petstore.app.codec.PetStoreJson;
import petstore.app.messages.PublicMessages;

/**
 * What every adoption step's service shares: it records its outcome on the adoption's stream, with event
 * ids derived from the message so that a redelivered message records nothing twice.
 */
public abstract class StepService<R> implements MessageHandler<R> {
  protected final Step step;
  protected final PetStoreJson json;
  protected final Clock clock;

  StepService(Step step, PetStoreJson json, Clock clock) {
    this.step = step;
    this.json = json;
    this.clock = clock;
  }

  /** The consumer's name: one inbox, one cursor, one retry schedule per step. */
  public String name() {
    return step.wireName();
  }

  /** The message types this service listens to. */
  public List<String> listensTo() {
    return List.of(PublicMessages.PET_ADOPTED);
  }

  static AdoptionId adoption(Message m) {
    return AdoptionId.of(m.data().path("adoptionId").asString());
  }

  static String text(Message m, String field) {
    return m.data().path(field).asString();
  }

  protected Outcome done(Message m, int attempts, Map<String, String> detail) {
    AdoptionId adoption = adoption(m);
    return outcome(m, "done", new AdoptionEvent.StepCompleted(adoption, step, attempts, detail, clock.instant()));
  }

  @Override
  public Outcome failed(Message m, int attempt, String error, boolean last) {
    if (!m.type().equals(PublicMessages.PET_ADOPTED)) return Outcome.NONE;
    AdoptionId adoption = adoption(m);
    AdoptionEvent event = last
        ? new AdoptionEvent.StepFailed(adoption, step, attempt, error, clock.instant())
        : new AdoptionEvent.StepAttemptFailed(adoption, step, attempt, error, clock.instant());
    // A failure may be recorded again after a crash or a redrive: each record is its own event.
    return outcome(m, UUID.randomUUID(), event);
  }

  private Outcome outcome(Message m, String what, AdoptionEvent event) {
    return outcome(m, UUID.nameUUIDFromBytes((name() + "/" + m.id() + "/" + what).getBytes(StandardCharsets.UTF_8)), event);
  }

  private Outcome outcome(Message m, UUID id, AdoptionEvent event) {
    var types = json.adoptionEvents();
    NewEvent e = new NewEvent(id, types.typeOf(event), types.payloadOf(event), new Metadata(m.id().toString(), m.id().toString(), name()));
    return new Outcome(StreamId.of("adoption", adoption(m)), List.of(e));
  }
}
