package petstore.adoption;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.decider.DeciderSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
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

class AdoptionStepsTest {
  static final AdoptionId adoption = new AdoptionId(UUID.fromString("00000000-0000-0000-0000-00000000a001"));
  static final Instant monday = Instant.parse("2026-11-23T10:00:00Z");
  static final Instant appointment = Instant.parse("2026-11-26T09:00:00Z");

  static DeciderSpec<AdoptionCommand, Adoption, AdoptionEvent> adoptions() {
    return DeciderSpec.of(new Adoptions());
  }

  static StepCompleted done(Step step) {
    Map<String, String> detail = switch (step) {
      case CERTIFICATE -> Map.of(Adoptions.CERTIFICATE_URL, "/api/adoptions/a001/certificate.pdf");
      case VET_APPOINTMENT -> Map.of(Adoptions.APPOINTMENT_AT, appointment.toString());
      default -> Map.of();
    };
    return new StepCompleted(adoption, step, 1, detail, monday);
  }

  static List<AdoptionEvent> allDone() {
    List<AdoptionEvent> events = new ArrayList<>();
    for (Step s : Step.values()) events.add(done(s));
    return events;
  }

  @Test void the_first_report_of_a_step_records_it_done() {
    adoptions().given()
        .when(new CompleteStep(adoption, Step.EMAIL, 2, Map.of(), monday))
        .thenEvents(new StepCompleted(adoption, Step.EMAIL, 2, Map.of(), monday));
  }

  @Test void a_step_reported_done_twice_is_recorded_once() {
    adoptions().given(done(Step.EMAIL))
        .when(new CompleteStep(adoption, Step.EMAIL, 1, Map.of(), monday))
        .thenNoEvents();
  }

  @Test void an_adoption_with_every_step_done_completes_with_its_certificate_and_appointment() {
    adoptions().given(allDone())
        .when(new Complete(adoption, monday))
        .thenEvents(new AdoptionCompleted(adoption, "/api/adoptions/a001/certificate.pdf", appointment, monday));
  }

  @Test void an_adoption_with_a_step_left_does_not_complete() {
    List<AdoptionEvent> sevenDone = new ArrayList<>(allDone());
    sevenDone.removeIf(e -> ((StepCompleted) e).step() == Step.CERTIFICATE);
    adoptions().given(sevenDone).when(new Complete(adoption, monday)).thenRejected(AdoptionRejection.NotDone.class);
  }

  @Test void a_completed_adoption_completes_only_once() {
    List<AdoptionEvent> history = new ArrayList<>(allDone());
    history.add(new AdoptionCompleted(adoption, "/c.pdf", appointment, monday));
    adoptions().given(history).when(new Complete(adoption, monday)).thenNoEvents();
  }

  @Test void a_failed_attempt_is_recorded_and_the_last_one_fails_the_step() {
    adoptions().given()
        .when(new RecordFailure(adoption, Step.SHELTER_NOTIFICATION, 1, "HTTP 500", false, monday))
        .thenEvents(new StepAttemptFailed(adoption, Step.SHELTER_NOTIFICATION, 1, "HTTP 500", monday));
    adoptions().given(new StepAttemptFailed(adoption, Step.SHELTER_NOTIFICATION, 1, "HTTP 500", monday))
        .when(new RecordFailure(adoption, Step.SHELTER_NOTIFICATION, 5, "HTTP 500", true, monday))
        .thenEvents(new StepFailed(adoption, Step.SHELTER_NOTIFICATION, 5, "HTTP 500", monday));
  }

  @Test void a_failure_reported_after_the_step_was_done_changes_nothing() {
    adoptions().given(done(Step.EMAIL))
        .when(new RecordFailure(adoption, Step.EMAIL, 2, "late", true, monday))
        .thenNoEvents();
  }

  @Test void only_a_failed_step_can_be_retried() {
    adoptions().given(new StepFailed(adoption, Step.EMAIL, 5, "smtp down", monday))
        .when(new RetryStep(adoption, Step.EMAIL, monday))
        .thenEvents(new StepRetryRequested(adoption, Step.EMAIL, monday));
    adoptions().given(done(Step.EMAIL))
        .when(new RetryStep(adoption, Step.EMAIL, monday))
        .thenRejected(AdoptionRejection.StepNotFailed.class);
  }

  @Test void a_retried_step_is_pending_again_and_remembers_its_attempts() {
    Adoption state = new Adoptions().fold(List.of(
        new StepFailed(adoption, Step.EMAIL, 5, "smtp down", monday),
        new StepRetryRequested(adoption, Step.EMAIL, monday)));
    assertThat(state.step(Step.EMAIL).status()).isEqualTo(Adoption.StepState.Status.PENDING);
    assertThat(state.step(Step.EMAIL).attempts()).isEqualTo(5);
    assertThat(state.step(Step.EMAIL).lastError()).isEqualTo("smtp down");
  }

  @Test void a_pet_returned_while_steps_are_pending_cancels_the_adoption_but_not_a_completed_one() {
    adoptions().given(done(Step.EMAIL))
        .when(new Cancel(adoption, "allergic", monday))
        .thenEvents(new AdoptionCancelled(adoption, "allergic", monday));
    List<AdoptionEvent> completed = new ArrayList<>(allDone());
    completed.add(new AdoptionCompleted(adoption, "/c.pdf", appointment, monday));
    adoptions().given(completed).when(new Cancel(adoption, "allergic", monday)).thenRejected(AdoptionRejection.Finished.class);
  }
}
