package petstore.app.customers;

import static eventkernel.sql.Jdbc.one;

import eventkernel.aggregate.EventSourced;
import eventkernel.sql.Database;
import eventkernel.store.StreamId;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import petstore.app.http.Commands;
import petstore.app.http.Endpoints;
import petstore.app.http.HttpServer;
import petstore.app.http.Idempotency;
import petstore.app.http.JsonBody;
import petstore.app.http.Problem;
import petstore.app.http.ReadYourWrites;
import petstore.app.pets.PetEndpoints;
import petstore.customer.Customer;
import petstore.customer.CustomerCommand;
import petstore.customer.CustomerEvent;
import petstore.customer.CustomerId;
import tools.jackson.databind.json.JsonMapper;

/** Customers: registering one, and reading one back. */
public final class CustomerEndpoints implements Endpoints {
  private final EventSourced<CustomerCommand, Customer, CustomerEvent> customers;
  private final Database db;
  private final Idempotency idempotency;
  private final ReadYourWrites readYourWrites;
  private final JsonMapper mapper;
  private final Clock clock;

  public CustomerEndpoints(EventSourced<CustomerCommand, Customer, CustomerEvent> customers, Database db, Idempotency idempotency,
                           ReadYourWrites readYourWrites, JsonMapper mapper, Clock clock) {
    this.customers = customers;
    this.db = db;
    this.idempotency = idempotency;
    this.readYourWrites = readYourWrites;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.post("/api/commands/register-customer", this::registerCustomer);
    routes.get("/api/queries/customers/{customerId}", this::customer);
  }

  private void registerCustomer(Context ctx) {
    JsonBody body = HttpServer.body(ctx, mapper);
    String name = body.text("name");
    String email = body.text("email");
    body.check();
    idempotency.handle(ctx, ids -> {
      CustomerId customer = new CustomerId(ids.next("customer"));
      var done = Commands.appended(customers.handle(StreamId.of("customer", customer),
          new CustomerCommand.RegisterCustomer(customer, name, email, clock.instant()), null, PetEndpoints.metadata(ctx)), "customer");
      return new Idempotency.Answer(201, Map.of("customerId", customer.toString(), "position", done.result().position()));
    });
  }

  private void customer(Context ctx) throws InterruptedException {
    UUID id;
    try {
      id = CustomerId.of(ctx.pathParam("customerId")).value();
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("customerId", "must be a UUID");
    }
    readYourWrites.await(ctx);
    var row = db.read(c -> one(c, "SELECT customer_id, name, email, registered_at FROM customers WHERE customer_id = ?", rs -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("customerId", rs.getString(1));
      r.put("name", rs.getString(2));
      r.put("email", rs.getString(3));
      r.put("registeredAt", Instant.ofEpochMilli(rs.getLong(4)).toString());
      return r;
    }, id.toString()));
    ctx.json(row.orElseThrow(() -> Problem.notFound("customer " + id + " is not registered")));
  }
}
