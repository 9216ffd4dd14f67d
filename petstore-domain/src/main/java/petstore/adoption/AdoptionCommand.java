package petstore.adoption;

import java.time.Instant;
import java.util.Map;

public sealed interface AdoptionCommand {
  AdoptionId adoption();

  Instant at();

  /** A step's service did its work; {@code detail} carries what others need (e.g. the certificate's URL). */
  record CompleteStep(AdoptionId adoption, Step step, int attempts, Map<String, String> detail, Instant at) implements AdoptionCommand {
    public CompleteStep {
      detail = Map.copyOf(detail);
    }
  }

  /** An attempt failed; {@code last} when the service gives up on it (the message went to dead letters). */
  record RecordFailure(AdoptionId adoption, Step step, int attempt, String error, boolean last, Instant at) implements AdoptionCommand {}

  /** Someone asked for a failed step to be tried again. */
  record RetryStep(AdoptionId adoption, Step step, Instant at) implements AdoptionCommand {}

  /** The process saw every step done. */
  record Complete(AdoptionId adoption, Instant at) implements AdoptionCommand {}

  /** The pet came back before the adoption was done. */
  record Cancel(AdoptionId adoption, String reason, Instant at) implements AdoptionCommand {}
}
