package petstore.app.pets;

import static eventkernel.sql.Jdbc.query;

import eventkernel.aggregate.EventSourced;
import eventkernel.aggregate.Loaded;
import eventkernel.aggregate.Outcome;
import eventkernel.decider.Decision;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.Metadata;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import petstore.app.http.Commands;
import petstore.app.http.Endpoints;
import petstore.app.http.HttpServer;
import petstore.app.http.Idempotency;
import petstore.app.http.JsonBody;
import petstore.app.http.Problem;
import petstore.app.http.ReadYourWrites;
import petstore.pet.Pet;
import petstore.pet.PetCommand;
import petstore.pet.PetEvent;
import petstore.pet.PetId;
import petstore.pet.Pets;
import petstore.pet.Species;
import petstore.shelter.ShelterId;
import petstore.validation.FieldError;
import petstore.validation.InvalidInput;
import tools.jackson.databind.json.JsonMapper;

/** The pet routes the seed's clients call, and the rest a user needs: commands, queries, time travel. */
public final class PetEndpoints implements Endpoints {
  private static final int DEFAULT_LIMIT = 20;
  private static final int MAX_LIMIT = 100;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final Pets RULES = new Pets();
  private static final ShelterId ANY_SHELTER = new ShelterId(new UUID(0, 0));
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private final EventSourced<PetCommand, Pet, PetEvent> pets;
  private final EventStore store;
  private final Database db;
  private final Idempotency idempotency;
  private final ReadYourWrites readYourWrites;
  private final JsonMapper mapper;
  private final Clock clock;

  public PetEndpoints(EventSourced<PetCommand, Pet, PetEvent> pets, EventStore store, Database db, Idempotency idempotency,
                      ReadYourWrites readYourWrites, JsonMapper mapper, Clock clock) {
    this.pets = pets;
    this.store = store;
    this.db = db;
    this.idempotency = idempotency;
    this.readYourWrites = readYourWrites;
    this.mapper = mapper;
    this.clock = clock;
  }

  public static StreamId stream(PetId pet) {
    return StreamId.of("pet", pet);
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.post("/api/commands/register-pet", this::registerPet);
    routes.post("/api/commands/return-pet", this::returnPet);
    routes.post("/api/commands/rename-pet", this::renamePet);
    routes.get("/api/queries/available-pets", this::availablePets);
    routes.get("/api/queries/adoption-history/{petId}", this::adoptionHistory);
    routes.get("/api/pets/{petId}", this::pet);
    routes.get("/api/pets/{petId}/events", this::petEvents);
  }

  private void registerPet(Context ctx) {
    JsonBody body = HttpServer.body(ctx, mapper);
    String name = body.text("name");
    String species = body.text("species");
    Integer age = body.integer("age");
    UUID shelter = body.id("shelterId");
    // The field rules are the domain's. Asking it before the shelter is looked up puts every bad field in
    // one 400, whether the body or the domain found it, and makes bad fields a 400 at any shelter.
    for (FieldError e : fieldErrors(name, species, age)) body.rejectUnlessReported(e.field(), e.reason());
    body.check();
    if (store.streamVersion(StreamId.of("shelter", shelter)) == 0) throw Problem.notFound("shelter " + shelter + " is not registered");
    idempotency.handle(ctx, ids -> {
      PetId pet = new PetId(ids.next("pet"));
      var done = Commands.appended(pets.handle(stream(pet),
          new PetCommand.RegisterPet(pet, name, species, age, new ShelterId(shelter), clock.instant()), null, metadata(ctx)), "pet");
      return new Idempotency.Answer(201, Map.of("petId", pet.toString(), "version", done.result().version(), "position", done.result().position()));
    });
  }

  private List<FieldError> fieldErrors(String name, String species, Integer age) {
    var register = new PetCommand.RegisterPet(new PetId(UUID.randomUUID()), name, species, age == null ? 0 : age,
        ANY_SHELTER, clock.instant());
    if (RULES.decide(register, new Pet.Unregistered()) instanceof Decision.Rejected<PetEvent> rejected
        && rejected.rejection() instanceof InvalidInput invalid) {
      return invalid.errors();
    }
    return List.of();
  }

  private void returnPet(Context ctx) {
    JsonBody body = HttpServer.body(ctx, mapper);
    UUID pet = body.id("petId");
    String reason = body.text("reason");
    body.check();
    Long ifMatch = Commands.ifMatch(ctx);
    idempotency.handle(ctx, ids -> answer(pets.handle(stream(new PetId(pet)),
        new PetCommand.ReturnPet(new PetId(pet), reason, clock.instant()), ifMatch, metadata(ctx)), pet));
  }

  private void renamePet(Context ctx) {
    JsonBody body = HttpServer.body(ctx, mapper);
    UUID pet = body.id("petId");
    String newName = body.text("newName");
    body.check();
    Long ifMatch = Commands.ifMatch(ctx);
    idempotency.handle(ctx, ids -> answer(pets.handle(stream(new PetId(pet)),
        new PetCommand.RenamePet(new PetId(pet), newName, clock.instant()), ifMatch, metadata(ctx)), pet));
  }

  private Idempotency.Answer answer(Outcome<Pet, PetEvent> outcome, UUID pet) {
    var done = Commands.appended(outcome, "pet " + pet);
    return new Idempotency.Answer(200, Map.of("success", true, "petId", pet.toString(),
        "version", done.result().version(), "position", done.result().position()));
  }

  /** Who asked, for the events' metadata: the request id the client sent, or a new one. */
  public static Metadata metadata(Context ctx) {
    String correlation = ctx.header("X-Request-Id");
    if (correlation == null || correlation.length() > 200) correlation = UUID.randomUUID().toString();
    String who = ctx.header("X-User");
    return new Metadata(correlation, null, who == null || who.length() > 200 ? "anonymous" : who);
  }

  private void availablePets(Context ctx) throws InterruptedException {
    String species = ctx.queryParam("species");
    if (species != null && !species.isBlank()) {
      species = Species.parse(species).map(Species::wireName)
          .orElseThrow(() -> Problem.badRequest("species", "must be one of dog, cat, bird, rabbit"));
    } else {
      species = null;
    }
    Integer maxAge = intParam(ctx, "maxAge", 0, Integer.MAX_VALUE);
    Integer limitParam = intParam(ctx, "limit", 1, MAX_LIMIT);
    int limit = limitParam == null ? DEFAULT_LIMIT : limitParam;
    Cursor after = Cursor.parse(ctx.queryParam("cursor"));
    readYourWrites.await(ctx);

    StringBuilder sql = new StringBuilder("""
        SELECT p.pet_id, p.name, p.species, p.age, s.name, p.photo_url, p.available_since
        FROM available_pets p LEFT JOIN available_pets_shelters s ON s.shelter_id = p.shelter_id
        WHERE p.available = 1""");
    List<Object> args = new ArrayList<>();
    if (species != null) {
      sql.append(" AND p.species = ?");
      args.add(species);
    }
    if (maxAge != null) {
      sql.append(" AND p.age <= ?");
      args.add(maxAge);
    }
    if (after != null) {
      sql.append(" AND (p.available_since > ? OR (p.available_since = ? AND p.pet_id > ?))");
      args.addAll(List.of(after.since(), after.since(), after.petId()));
    }
    sql.append(" ORDER BY p.available_since, p.pet_id LIMIT ?");
    args.add(limit + 1);
    long now = clock.millis();
    List<Map<String, Object>> rows = db.read(c -> query(c, sql.toString(), rs -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", rs.getString(1));
      row.put("name", rs.getString(2));
      row.put("species", rs.getString(3));
      row.put("age", rs.getInt(4));
      row.put("shelter_name", rs.getString(5));
      row.put("photo_url", rs.getString(6));
      row.put("days_available", Math.max(0, (now - rs.getLong(7)) / DAY_MILLIS));
      row.put("available_since", rs.getLong(7));
      return row;
    }, args.toArray()));
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      Map<String, Object> last = rows.getLast();
      String next = new Cursor((Long) last.get("available_since"), (String) last.get("id")).encode();
      ctx.header("X-Next-Cursor", next);
      ctx.header("Link", "<" + ctx.path() + "?" + nextQuery(ctx, next) + ">; rel=\"next\"");
    }
    rows.forEach(r -> r.put("available_since", Instant.ofEpochMilli((Long) r.get("available_since")).toString()));
    ctx.json(rows);
  }

  private static String nextQuery(Context ctx, String cursor) {
    StringBuilder q = new StringBuilder();
    ctx.queryParamMap().forEach((k, v) -> {
      if (!k.equals("cursor") && !k.equals("minPosition")) {
        for (String value : v) q.append(k).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
      }
    });
    return q.append("cursor=").append(cursor).toString();
  }

  /** Where the last page ended, opaque to clients: the keyset (available_since, pet id). */
  record Cursor(long since, String petId) {
    String encode() {
      return Base64.getUrlEncoder().withoutPadding().encodeToString((since + ":" + petId).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String text) {
      if (text == null || text.isBlank()) return null;
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split(":", 2);
        return new Cursor(Long.parseLong(parts[0]), PetId.of(parts[1]).toString());
      } catch (RuntimeException e) {
        throw Problem.badRequest("cursor", "is not a cursor this API gave out");
      }
    }
  }

  private static Integer intParam(Context ctx, String name, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) return null;
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw Problem.badRequest(name, max == Integer.MAX_VALUE ? "must be a whole number ≥ " + min
          : "must be a whole number from " + min + " to " + max);
    }
  }

  private void adoptionHistory(Context ctx) throws InterruptedException {
    PetId pet = petId(ctx);
    readYourWrites.await(ctx);
    List<Map<String, Object>> rows = db.read(c -> query(c, """
        SELECT h.kind, h.adoption_id, h.customer_id, c.name, h.reason, h.at
        FROM adoption_history h LEFT JOIN customers c ON c.customer_id = h.customer_id
        WHERE h.pet_id = ? ORDER BY h.pet_version""", rs -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("event", rs.getString(1));
      row.put("adoptionId", rs.getString(2));
      row.put("customerId", rs.getString(3));
      row.put("customerName", rs.getString(4));
      row.put("reason", rs.getString(5));
      row.put("at", Instant.ofEpochMilli(rs.getLong(6)).toString());
      return row;
    }, pet.toString()));
    if (rows.isEmpty() && store.streamVersion(stream(pet)) == 0) throw Problem.notFound("pet " + pet + " is not registered");
    ctx.json(rows);
  }

  private void pet(Context ctx) {
    PetId pet = petId(ctx);
    String versionText = ctx.queryParam("version");
    String asOfText = ctx.queryParam("asOf");
    if (versionText != null && asOfText != null) throw Problem.badRequest("version", "give version or asOf, not both");
    Loaded<Pet> loaded;
    if (versionText != null) {
      long version;
      try {
        version = Long.parseLong(versionText);
        if (version < 1) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw Problem.badRequest("version", "must be a version number ≥ 1");
      }
      loaded = pets.loadAtVersion(stream(pet), version);
      if (loaded.version() < version && loaded.version() > 0) {
        throw Problem.notFound("pet " + pet + " has no version " + version + "; its last is " + loaded.version());
      }
    } else if (asOfText != null) {
      Instant asOf;
      try {
        asOf = Instant.parse(asOfText);
        // The store counts time in microseconds since 1970 in a long; far-off years overflow it.
        if (asOf.isBefore(EARLIEST) || asOf.isAfter(LATEST)) throw new DateTimeParseException("out of range", asOfText, 0);
      } catch (DateTimeParseException e) {
        throw Problem.badRequest("asOf", "must be an ISO-8601 instant from year 0 to 9999, e.g. 2026-01-31T12:00:00Z");
      }
      loaded = pets.loadAsOf(stream(pet), asOf);
      if (loaded.version() == 0 && store.streamVersion(stream(pet)) > 0) {
        throw Problem.notFound("pet " + pet + " was not registered yet at " + asOf);
      }
    } else {
      loaded = pets.load(stream(pet));
    }
    if (loaded.state() instanceof Pet.Unregistered) throw Problem.notFound("pet " + pet + " is not registered");
    ctx.header("ETag", "\"" + loaded.version() + "\"");
    Map<String, Object> body = PetViews.view(loaded.state());
    body.put("version", loaded.version());
    body.put("changedAt", loaded.changedAt() == null ? null : loaded.changedAt().toString());
    ctx.json(body);
  }

  private void petEvents(Context ctx) {
    PetId pet = petId(ctx);
    List<StoredEvent> history = store.readStream(stream(pet));
    if (history.isEmpty()) throw Problem.notFound("pet " + pet + " is not registered");
    List<Map<String, Object>> events = new ArrayList<>();
    for (StoredEvent e : history) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("eventId", e.eventId().toString());
      row.put("type", e.type());
      row.put("version", e.version());
      row.put("position", e.position());
      row.put("recordedAt", e.recordedAt().toString());
      row.put("data", mapper.readTree(e.payload()));
      events.add(row);
    }
    ctx.json(events);
  }

  static PetId petId(Context ctx) {
    try {
      return PetId.of(ctx.pathParam("petId"));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("petId", "must be a UUID");
    }
  }
}
