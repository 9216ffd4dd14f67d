package petstore.app.shelters;

import static eventkernel.sql.Jdbc.query;

import eventkernel.aggregate.EventSourced;
import eventkernel.sql.Database;
import eventkernel.store.StreamId;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import petstore.app.http.Commands;
import petstore.app.http.Endpoints;
import petstore.app.http.HttpServer;
import petstore.app.http.Idempotency;
import petstore.app.http.JsonBody;
import petstore.app.http.ReadYourWrites;
import petstore.app.pets.PetEndpoints;
import petstore.shelter.Shelter;
import petstore.shelter.ShelterCommand;
import petstore.shelter.ShelterEvent;
import petstore.shelter.ShelterId;
import tools.jackson.databind.json.JsonMapper;

/** Shelters: registering one (with the webhook it wants to be called on) and listing them. */
public final class ShelterEndpoints implements Endpoints {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EventSourced<ShelterCommand, Shelter, ShelterEvent> shelters;
  private final Database db;
  private final Idempotency idempotency;
  private final ReadYourWrites readYourWrites;
  private final JsonMapper mapper;
  private final Clock clock;

  public ShelterEndpoints(EventSourced<ShelterCommand, Shelter, ShelterEvent> shelters, Database db, Idempotency idempotency,
                          ReadYourWrites readYourWrites, JsonMapper mapper, Clock clock) {
    this.shelters = shelters;
    this.db = db;
    this.idempotency = idempotency;
    this.readYourWrites = readYourWrites;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.post("/api/commands/register-shelter", this::registerShelter);
    routes.get("/api/queries/shelters", this::list);
  }

  private void registerShelter(Context ctx) {
    JsonBody body = HttpServer.body(ctx, mapper);
    String name = body.text("name");
    String city = body.text("city");
    String webhookUrl = body.optionalText("webhookUrl");
    body.check();
    idempotency.handle(ctx, ids -> {
      ShelterId shelter = new ShelterId(ids.next("shelter"));
      String secret = webhookUrl == null ? null : newSecret();
      var done = Commands.appended(shelters.handle(StreamId.of("shelter", shelter),
          new ShelterCommand.RegisterShelter(shelter, name, city, webhookUrl, secret, clock.instant()), null,
          PetEndpoints.metadata(ctx)), "shelter");
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("shelterId", shelter.toString());
      answer.put("position", done.result().position());
      // The secret is shown once, to the one who registers, so the shelter can check our signatures.
      if (secret != null) answer.put("webhookSecret", secret);
      return new Idempotency.Answer(201, answer);
    });
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void list(Context ctx) throws InterruptedException {
    readYourWrites.await(ctx);
    ctx.json(db.read(c -> query(c, "SELECT shelter_id, name, city, webhook_url, registered_at FROM shelters ORDER BY name, shelter_id", rs -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("shelterId", rs.getString(1));
      row.put("name", rs.getString(2));
      row.put("city", rs.getString(3));
      row.put("webhookUrl", rs.getString(4));
      row.put("registeredAt", Instant.ofEpochMilli(rs.getLong(5)).toString());
      return row;
    })));
  }
}
