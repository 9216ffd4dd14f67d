package petstore.adoption;

import eventkernel.decider.Rejection;

public sealed interface AdoptionRejection extends Rejection {
  record StepNotFailed(Step step) implements AdoptionRejection {
    public String reason() {
      return "step " + step.wireName() + " has not failed; only a failed step can be retried";
    }
  }

  record NotDone(AdoptionId adoption) implements AdoptionRejection {
    public String reason() {
      return "adoption " + adoption + " still has steps to do";
    }
  }

  record Finished(AdoptionId adoption) implements AdoptionRejection {
    public String reason() {
      return "adoption " + adoption + " is already finished";
    }
  }
}
