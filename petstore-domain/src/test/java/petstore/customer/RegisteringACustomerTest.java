package petstore.customer;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.decider.DeciderSpec;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import petstore.customer.CustomerCommand.RegisterCustomer;
import petstore.customer.CustomerEvent.CustomerRegistered;
import petstore.customer.CustomerRejection.AlreadyRegistered;
import petstore.customer.CustomerRejection.InvalidFields;
import petstore.validation.FieldError;

class RegisteringACustomerTest {
  static final Instant now = Instant.parse("2025-03-03T09:00:00Z");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final CustomerRegistered registered = new CustomerRegistered(alice, "Alice Martin", "alice@example.org", now);

  final DeciderSpec<CustomerCommand, Customer, CustomerEvent> customers = DeciderSpec.of(new Customers());

  static RegisterCustomer register(String name, String email) {
    return new RegisterCustomer(alice, name, email, now);
  }

  @Test void a_customer_is_registered_with_name_and_email_stripped() {
    customers.when(register(" Alice Martin ", " alice@example.org\n"))
        .thenEvents(registered)
        .thenState(new Customer.Registered(alice, "Alice Martin", "alice@example.org", now));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@b.co", "first.last+pets@mail.example.org", "ALICE@EXAMPLE.ORG"})
  void plausible_addresses_are_accepted(String email) {
    customers.when(register("Alice", email)).thenEvents(new CustomerRegistered(alice, "Alice", email, now));
  }

  @Test void an_address_of_254_characters_is_accepted() {
    String email = "a".repeat(64) + "@" + "d".repeat(185) + ".org";
    assertThat(email).hasSize(254);
    customers.when(register("Alice", email)).thenEvents(new CustomerRegistered(alice, "Alice", email, now));
  }

  @Nested
  class Rejected {
    @ParameterizedTest
    @ValueSource(strings = {"alice", "alice@", "@example.org", "alice@example", "alice@@example.org",
        "alice@home@example.org", "alice@.org", "alice@example.", "alice@example..org", "al ice@example.org"})
    void an_implausible_email(String email) {
      assertThat(customers.when(register("Alice", email)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("email", "must be an e-mail address like name@example.org"));
    }

    @Test void an_email_longer_than_254_characters() {
      String email = "a".repeat(64) + "@" + "d".repeat(186) + ".org";
      customers.when(register("Alice", email)).thenRejected(InvalidFields.class);
    }

    @Test void a_missing_email_and_a_blank_name_together() {
      assertThat(customers.when(register("  ", null)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "must not be blank"), new FieldError("email", "is required"));
      assertThat(customers.when(register("Alice", "   ")).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("email", "is required"));
    }

    @Test void a_name_longer_than_100_characters() {
      assertThat(customers.when(register("n".repeat(101), "alice@example.org")).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "must be at most 100 characters"));
    }

    @Test void when_the_customer_is_already_registered() {
      AlreadyRegistered rejection = customers.given(registered).when(register("Alice", "alice@example.org"))
          .thenRejected(AlreadyRegistered.class);
      assertThat(rejection.reason()).isEqualTo("customer is already registered");
    }
  }

  @Test void registering_twice_is_an_impossible_history() {
    customers.given(registered, registered).thenImpossible();
  }
}
