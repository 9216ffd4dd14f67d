package petstore.shelter;

import eventkernel.decider.Rejection;
import java.util.List;
import petstore.validation.FieldError;
import petstore.validation.InvalidInput;

public sealed interface ShelterRejection extends Rejection {
  record InvalidFields(List<FieldError> errors) implements ShelterRejection, InvalidInput {
    public InvalidFields {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) throw new IllegalArgumentException("InvalidFields needs at least one error");
    }
  }

  record AlreadyRegistered(ShelterId shelter) implements ShelterRejection {
    public String reason() {
      return "shelter is already registered";
    }
  }
}
