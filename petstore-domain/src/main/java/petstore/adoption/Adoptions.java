package petstore.adoption;

import static eventkernel.decider.Decision.accept;
import static eventkernel.decider.Decision.reject;

import eventkernel.decider.Decider;
import eventkernel.decider.Decision;
import java.time.Instant;
import java.util.Map;
import petstore.adoption.Adoption.StepState;
import petstore.adoption.AdoptionCommand.Cancel;
import petstore.adoption.AdoptionCommand.Complete;
import petstore.adoption.AdoptionCommand.CompleteStep;
import petstore.adoption.AdoptionCommand.RecordFailure;
import petstore.adoption.AdoptionCommand.RetryStep;
import petstore.adoption.AdoptionEvent.AdoptionCancelled;
import petstore.adoption.AdoptionEvent.AdoptionCompleted;
import petstore.adoption.AdoptionEvent.StepAttemptFailed;
import petstore.adoption.AdoptionEvent.StepCompleted;
import petstore.adoption.AdoptionEvent.StepFailed;
import petstore.adoption.AdoptionEvent.StepRetryRequested;

/**
 * An adoption's steps. The stream starts with whichever step reports first (services run
 * independently), so the initial state is "every step pending". Reporting a step twice is harmless:
 * a done step stays done.
 */
public final class Adoptions implements Decider<AdoptionCommand, Adoption, AdoptionEvent> {
  public static final String CERTIFICATE_URL = "certificateUrl";
  public static final String APPOINTMENT_AT = "appointmentAt";

  @Override
  public Adoption initial() {
    return null;
  }

  private static Adoption current(Adoption state, AdoptionId id) {
    return state != null ? state : Adoption.start(id);
  }

  @Override
  public Decision<AdoptionEvent> decide(AdoptionCommand command, Adoption state) {
    Adoption adoption = current(state, command.adoption());
    return switch (command) {
      case CompleteStep c -> adoption.step(c.step()).status() == StepState.Status.DONE
          ? accept()
          : accept(new StepCompleted(c.adoption(), c.step(), c.attempts(), c.detail(), c.at()));
      case RecordFailure f -> {
        if (adoption.step(f.step()).status() == StepState.Status.DONE) yield accept();
        yield f.last()
            ? accept(new StepFailed(f.adoption(), f.step(), f.attempt(), f.error(), f.at()))
            : accept(new StepAttemptFailed(f.adoption(), f.step(), f.attempt(), f.error(), f.at()));
      }
      case RetryStep r -> adoption.step(r.step()).status() != StepState.Status.FAILED
          ? reject(new AdoptionRejection.StepNotFailed(r.step()))
          : accept(new StepRetryRequested(r.adoption(), r.step(), r.at()));
      case Complete c -> {
        if (adoption.stage() != Adoption.Stage.PROCESSING) yield accept();
        if (!adoption.allDone()) yield reject(new AdoptionRejection.NotDone(c.adoption()));
        String certificate = adoption.step(Step.CERTIFICATE).detail().get(CERTIFICATE_URL);
        String appointment = adoption.step(Step.VET_APPOINTMENT).detail().get(APPOINTMENT_AT);
        yield accept(new AdoptionCompleted(c.adoption(), certificate, appointment == null ? null : Instant.parse(appointment), c.at()));
      }
      case Cancel c -> adoption.stage() != Adoption.Stage.PROCESSING
          ? reject(new AdoptionRejection.Finished(c.adoption()))
          : accept(new AdoptionCancelled(c.adoption(), c.reason(), c.at()));
    };
  }

  @Override
  public Adoption evolve(Adoption state, AdoptionEvent event) {
    Adoption adoption = current(state, event.adoption());
    return switch (event) {
      case StepCompleted e -> adoption.with(e.step(), new StepState(StepState.Status.DONE, e.attempts(), null, e.detail()));
      case StepAttemptFailed e -> adoption.with(e.step(),
          new StepState(StepState.Status.PENDING, e.attempt(), e.error(), Map.of()));
      case StepFailed e -> adoption.with(e.step(), new StepState(StepState.Status.FAILED, e.attempts(), e.error(), Map.of()));
      case StepRetryRequested e -> adoption.with(e.step(),
          new StepState(StepState.Status.PENDING, adoption.step(e.step()).attempts(), adoption.step(e.step()).lastError(), Map.of()));
      case AdoptionCompleted e -> adoption.in(Adoption.Stage.COMPLETED);
      case AdoptionCancelled e -> adoption.in(Adoption.Stage.CANCELLED);
    };
  }
}
