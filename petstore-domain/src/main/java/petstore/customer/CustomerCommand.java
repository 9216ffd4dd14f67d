package petstore.customer;

import java.time.Instant;
import java.util.Objects;

public sealed interface CustomerCommand {
  CustomerId customer();

  Instant at();

  record RegisterCustomer(CustomerId customer, String name, String email, Instant at) implements CustomerCommand {
    public RegisterCustomer {
      Objects.requireNonNull(customer, "customer");
      Objects.requireNonNull(at, "at");
    }
  }
}
