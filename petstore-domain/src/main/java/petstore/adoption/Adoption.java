package petstore.adoption;

import java.util.EnumMap;
import java.util.Map;

/** Where an adoption's steps stand; the process completes it when all eight are done. */
public record Adoption(AdoptionId id, Map<Step, StepState> steps, Stage stage) {
  public enum Stage { PROCESSING, COMPLETED, CANCELLED }

  public record StepState(Status status, int attempts, String lastError, Map<String, String> detail) {
    public enum Status { PENDING, DONE, FAILED }

    static final StepState PENDING = new StepState(Status.PENDING, 0, null, Map.of());
  }

  public Adoption {
    steps = Map.copyOf(steps);
  }

  static Adoption start(AdoptionId id) {
    Map<Step, StepState> steps = new EnumMap<>(Step.class);
    for (Step s : Step.values()) steps.put(s, StepState.PENDING);
    return new Adoption(id, steps, Stage.PROCESSING);
  }

  public StepState step(Step step) {
    return steps.get(step);
  }

  public boolean allDone() {
    return steps.values().stream().allMatch(s -> s.status() == StepState.Status.DONE);
  }

  Adoption with(Step step, StepState state) {
    Map<Step, StepState> next = new EnumMap<>(steps);
    next.put(step, state);
    return new Adoption(id, next, stage);
  }

  Adoption in(Stage next) {
    return new Adoption(id, steps, next);
  }
}
