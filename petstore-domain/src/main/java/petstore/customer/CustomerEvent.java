package petstore.customer;

import java.time.Instant;

public sealed interface CustomerEvent {
  CustomerId customer();

  Instant at();

  record CustomerRegistered(CustomerId customer, String name, String email, Instant at) implements CustomerEvent {}
}
