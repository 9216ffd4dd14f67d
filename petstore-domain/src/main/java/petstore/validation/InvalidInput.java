package petstore.validation;

import eventkernel.decider.Rejection;
import java.util.List;
import java.util.stream.Collectors;

// All broken fields are reported at once, so a client fixes its request in one round trip. Each feature's
// sealed rejections have their own record implementing this (a sealed type cannot permit a class from
// another package); the HTTP layer maps any of them to 400 with errors() as field-level details.
public interface InvalidInput extends Rejection {
  List<FieldError> errors();

  @Override
  default String reason() {
    return errors().stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}
