package petstore.app.customers;

import static petstore.app.ProjectionSpec.row;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import petstore.app.ProjectionSpec;
import petstore.customer.CustomerEvent.CustomerRegistered;
import petstore.customer.CustomerId;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import petstore.shelter.ShelterId;

class CustomersProjectionTest {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final CustomerId bob = CustomerId.of("b0b00000-0000-4000-8000-000000000002");

  final ProjectionSpec customers = ProjectionSpec.of(CustomersProjection::new);

  @Test
  void a_registered_customer_is_kept_with_where_to_write_to() {
    customers.given(new CustomerRegistered(alice, "Alice", "alice@example.org", monday),
            new CustomerRegistered(bob, "Bob", "bob@example.org", monday))
        .thenView("customers",
            row("customer_id", alice, "name", "Alice", "email", "alice@example.org", "registered_at", monday),
            row("customer_id", bob, "name", "Bob", "email", "bob@example.org", "registered_at", monday));
  }

  @Test
  void shelters_are_none_of_its_business() {
    customers.given(new ShelterRegistered(ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221"), "Happy Paws", "Springfield", null, null, monday))
        .thenViewIsEmpty("customers");
  }
}
