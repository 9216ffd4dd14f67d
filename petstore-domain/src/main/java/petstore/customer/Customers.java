package petstore.customer;

import static eventkernel.decider.Decision.accept;
import static eventkernel.decider.Decision.reject;

import eventkernel.decider.Decider;
import eventkernel.decider.Decision;
import petstore.customer.Customer.Registered;
import petstore.customer.Customer.Unregistered;
import petstore.customer.CustomerCommand.RegisterCustomer;
import petstore.customer.CustomerEvent.CustomerRegistered;
import petstore.customer.CustomerRejection.AlreadyRegistered;
import petstore.customer.CustomerRejection.InvalidFields;
import petstore.validation.Checks;

// One stream per customer id: a second customer with the same e-mail is not this decider's to see.
public final class Customers implements Decider<CustomerCommand, Customer, CustomerEvent> {
  public static final int MAX_NAME = 100;

  @Override
  public Customer initial() {
    return new Unregistered();
  }

  @Override
  public Decision<CustomerEvent> decide(CustomerCommand command, Customer customer) {
    return switch (command) {
      case RegisterCustomer c -> register(c, customer);
    };
  }

  private static Decision<CustomerEvent> register(RegisterCustomer c, Customer customer) {
    String email = c.email() == null ? null : c.email().strip();
    Checks checks = new Checks().text("name", c.name(), MAX_NAME);
    if (email == null || email.isEmpty()) checks.fail("email", "is required");
    else checks.that(EmailAddress.isPlausible(email), "email", "must be an e-mail address like name@example.org");
    if (checks.failed()) return reject(new InvalidFields(checks.errors()));
    if (!(customer instanceof Unregistered)) return reject(new AlreadyRegistered(c.customer()));
    return accept(new CustomerRegistered(c.customer(), c.name().strip(), email, c.at()));
  }

  @Override
  public Customer evolve(Customer customer, CustomerEvent event) {
    return switch (event) {
      case CustomerRegistered e when customer instanceof Unregistered ->
          new Registered(e.customer(), e.name(), e.email(), e.at());
      default -> throw new IllegalStateException(event + " cannot follow " + customer); // decide() let it through: a bug
    };
  }
}
