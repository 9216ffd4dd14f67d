package petstore.app.adoptions;

import eventkernel.aggregate.EventSourced;
import eventkernel.store.EventStore;
import eventkernel.store.StreamId;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import petstore.adoption.AdoptionId;
import petstore.app.http.Commands;
import petstore.app.http.Endpoints;
import petstore.app.http.HttpServer;
import petstore.app.http.Idempotency;
import petstore.app.http.JsonBody;
import petstore.app.http.Problem;
import petstore.app.pets.PetEndpoints;
import petstore.customer.CustomerId;
import petstore.pet.Pet;
import petstore.pet.PetCommand;
import petstore.pet.PetEvent;
import petstore.pet.PetId;
import tools.jackson.databind.json.JsonMapper;

/** Adopting a pet: the pet's adoption is stored and answered at once. */
public final class AdoptionEndpoints implements Endpoints {
  private final EventSourced<PetCommand, Pet, PetEvent> pets;
  private final EventStore store;
  private final Idempotency idempotency;
  private final JsonMapper mapper;
  private final Clock clock;

  public AdoptionEndpoints(EventSourced<PetCommand, Pet, PetEvent> pets, EventStore store, Idempotency idempotency,
                           JsonMapper mapper, Clock clock) {
    this.pets = pets;
    this.store = store;
    this.idempotency = idempotency;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.post("/api/commands/adopt-pet", ctx -> adopt(ctx, false));
    routes.post("/api/adoptions", ctx -> adopt(ctx, true));
  }

  private void adopt(Context ctx, boolean accepted) {
    JsonBody body = HttpServer.body(ctx, mapper);
    UUID pet = body.id("petId");
    UUID customer = body.id("customerId");
    body.check();
    Long ifMatch = Commands.ifMatch(ctx);
    if (store.streamVersion(StreamId.of("customer", customer)) == 0) {
      throw Problem.notFound("customer " + customer + " is not registered");
    }
    idempotency.handle(ctx, ids -> {
      AdoptionId adoption = new AdoptionId(ids.next("adoption"));
      var done = Commands.appended(pets.handle(PetEndpoints.stream(new PetId(pet)),
          new PetCommand.AdoptPet(new PetId(pet), adoption, new CustomerId(customer), clock.instant()), ifMatch,
          PetEndpoints.metadata(ctx)), "pet " + pet);
      if (accepted) {
        // The Location travels in the body too, so a replayed idempotent answer still carries it.
        return new Idempotency.Answer(202, Map.of("adoptionId", adoption.toString(), "status", "processing",
            "location", "/api/adoptions/" + adoption, "position", done.result().position()));
      }
      return new Idempotency.Answer(200, Map.of("success", true, "petId", pet.toString(), "adoptionId", adoption.toString(),
          "version", done.result().version(), "position", done.result().position()));
    });
  }
}
