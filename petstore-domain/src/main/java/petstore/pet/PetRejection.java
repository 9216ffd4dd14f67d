package petstore.pet;

import eventkernel.decider.Rejection;
import java.util.List;
import petstore.validation.FieldError;
import petstore.validation.InvalidInput;

public sealed interface PetRejection extends Rejection {
  record InvalidFields(List<FieldError> errors) implements PetRejection, InvalidInput {
    public InvalidFields {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) throw new IllegalArgumentException("InvalidFields needs at least one error");
    }
  }

  record AlreadyRegistered(PetId pet) implements PetRejection {
    public String reason() {
      return "pet is already registered";
    }
  }

  record NotRegistered(PetId pet) implements PetRejection {
    public String reason() {
      return "pet is not registered";
    }
  }

  record NotAvailable(PetId pet) implements PetRejection {
    public String reason() {
      return "pet is not available";
    }
  }

  record NotAdopted(PetId pet) implements PetRejection {
    public String reason() {
      return "pet is not adopted";
    }
  }
}
