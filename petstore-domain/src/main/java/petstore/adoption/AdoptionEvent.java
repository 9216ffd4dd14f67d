package petstore.adoption;

import java.time.Instant;
import java.util.Map;

public sealed interface AdoptionEvent {
  AdoptionId adoption();

  Instant at();

  record StepCompleted(AdoptionId adoption, Step step, int attempts, Map<String, String> detail, Instant at) implements AdoptionEvent {}

  record StepAttemptFailed(AdoptionId adoption, Step step, int attempt, String error, Instant at) implements AdoptionEvent {}

  record StepFailed(AdoptionId adoption, Step step, int attempts, String error, Instant at) implements AdoptionEvent {}

  record StepRetryRequested(AdoptionId adoption, Step step, Instant at) implements AdoptionEvent {}

  record AdoptionCompleted(AdoptionId adoption, String certificateUrl, Instant vetAppointmentDate, Instant at) implements AdoptionEvent {}

  record AdoptionCancelled(AdoptionId adoption, String reason, Instant at) implements AdoptionEvent {}
}
