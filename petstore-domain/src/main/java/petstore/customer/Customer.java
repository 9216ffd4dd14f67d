package petstore.customer;

import java.time.Instant;

public sealed interface Customer {
  record Unregistered() implements Customer {}

  record Registered(CustomerId id, String name, String email, Instant registeredAt) implements Customer {}
}
