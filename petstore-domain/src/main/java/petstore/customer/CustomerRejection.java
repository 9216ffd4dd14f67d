package petstore.customer;

import eventkernel.decider.Rejection;
import java.util.List;
import petstore.validation.FieldError;
import petstore.validation.InvalidInput;

public sealed interface CustomerRejection extends Rejection {
  record InvalidFields(List<FieldError> errors) implements CustomerRejection, InvalidInput {
    public InvalidFields {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) throw new IllegalArgumentException("InvalidFields needs at least one error");
    }
  }

  record AlreadyRegistered(CustomerId customer) implements CustomerRejection {
    public String reason() {
      return "customer is already registered";
    }
  }
}
