package petstore.app.adoptions;

import static eventkernel.sql.Jdbc.one;
import static eventkernel.sql.Jdbc.query;

import eventkernel.aggregate.EventSourced;
import eventkernel.aggregate.Outcome;
import eventkernel.messaging.Bus;
import eventkernel.messaging.DeadLetters;
import eventkernel.projection.ProjectionEngine;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import eventkernel.store.StreamId;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import petstore.adoption.Adoption;
import petstore.adoption.AdoptionCommand;
import petstore.adoption.AdoptionEvent;
import petstore.adoption.AdoptionId;
import petstore.adoption.Step;
import petstore.app.http.Commands;
import petstore.app.http.Endpoints;
import petstore.app.http.Problem;
import petstore.app.http.ReadYourWrites;
import petstore.app.pets.PetEndpoints;
import tools.jackson.databind.json.JsonMapper;

/** An adoption's progress, its certificate, a step's retry, and what the step services keep. */
public final class AdoptionQueries implements Endpoints {
  private final Database db;
  private final EventStore store;
  private final ProjectionEngine engine;
  private final ReadYourWrites readYourWrites;
  private final EventSourced<AdoptionCommand, Adoption, AdoptionEvent> adoptions;
  private final DeadLetters deadLetters;
  private final Bus bus;
  private final JsonMapper mapper;
  private final ZoneId clinicZone;
  private final Clock clock;

  public AdoptionQueries(Database db, EventStore store, ProjectionEngine engine, ReadYourWrites readYourWrites,
                         EventSourced<AdoptionCommand, Adoption, AdoptionEvent> adoptions, DeadLetters deadLetters, Bus bus,
                         JsonMapper mapper, ZoneId clinicZone, Clock clock) {
    this.db = db;
    this.store = store;
    this.engine = engine;
    this.readYourWrites = readYourWrites;
    this.adoptions = adoptions;
    this.deadLetters = deadLetters;
    this.bus = bus;
    this.mapper = mapper;
    this.clinicZone = clinicZone;
    this.clock = clock;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/api/adoptions/{adoptionId}", this::adoption);
    routes.get("/api/adoptions/{adoptionId}/certificate.pdf", this::certificate);
    routes.post("/api/adoptions/{adoptionId}/steps/{step}/retry", this::retryStep);
    routes.get("/api/queries/inventory", this::inventory);
    routes.get("/api/queries/vet-appointments", this::vetAppointments);
    routes.get("/api/queries/shipments/{adoptionId}", this::shipment);
    routes.get("/api/queries/analytics", this::analytics);
  }

  private static AdoptionId adoptionId(Context ctx) {
    try {
      return AdoptionId.of(ctx.pathParam("adoptionId"));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("adoptionId", "must be a UUID");
    }
  }

  private void adoption(Context ctx) throws InterruptedException {
    AdoptionId id = adoptionId(ctx);
    readYourWrites.await(ctx);
    var row = find(id);
    if (row.isEmpty() && engine != null) {
      // Just after POST the read model may be a moment behind the store: wait for it once.
      engine.awaitPosition(store.headPosition(), Duration.ofSeconds(2));
      row = find(id);
    }
    Map<String, Object> body = row.orElseThrow(() -> Problem.notFound("adoption " + id + " not found"));
    Map<String, Object> steps = new LinkedHashMap<>();
    for (Map<String, Object> step : db.read(c -> query(c,
        "SELECT step, status, attempts, last_error, done_at FROM adoption_steps WHERE adoption_id = ?", rs -> {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("step", rs.getString(1));
          s.put("status", rs.getString(2));
          s.put("attempts", rs.getInt(3));
          s.put("lastError", rs.getString(4));
          long done = rs.getLong(5);
          s.put("doneAt", rs.wasNull() ? null : Instant.ofEpochMilli(done).toString());
          return s;
        }, id.toString()))) {
      steps.put((String) step.remove("step"), step);
    }
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (Step s : Step.values()) if (steps.containsKey(s.wireName())) ordered.put(s.wireName(), steps.get(s.wireName()));
    body.put("steps", ordered);
    ctx.json(body);
  }

  private java.util.Optional<Map<String, Object>> find(AdoptionId id) {
    return db.read(c -> one(c, """
        SELECT adoption_id, pet_id, customer_id, status, certificate_url, vet_appointment_date, reason, created_at, finished_at
        FROM adoptions WHERE adoption_id = ?""", rs -> {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("adoptionId", rs.getString(1));
      a.put("petId", rs.getString(2));
      a.put("customerId", rs.getString(3));
      a.put("status", rs.getString(4));
      a.put("certificateUrl", rs.getString(5));
      a.put("vetAppointmentDate", rs.getString(6));
      a.put("reason", rs.getString(7));
      a.put("createdAt", Instant.ofEpochMilli(rs.getLong(8)).toString());
      long finished = rs.getLong(9);
      a.put("finishedAt", rs.wasNull() ? null : Instant.ofEpochMilli(finished).toString());
      return a;
    }, id.toString()));
  }

  private void certificate(Context ctx) {
    AdoptionId id = adoptionId(ctx);
    String pdf = db.read(c -> one(c, "SELECT pdf_base64 FROM certificates WHERE adoption_id = ?", rs -> rs.getString(1), id.toString()))
        .orElseThrow(() -> Problem.notFound("no certificate for adoption " + id + " (yet)"));
    ctx.contentType("application/pdf").header("Content-Disposition", "inline; filename=\"adoption-" + id + ".pdf\"")
        .result(Base64.getDecoder().decode(pdf));
  }

  private void retryStep(Context ctx) throws Exception {
    AdoptionId id = adoptionId(ctx);
    Step step = Step.parse(ctx.pathParam("step")).orElseThrow(() -> Problem.badRequest("step",
        "must be one of " + String.join(", ", java.util.Arrays.stream(Step.values()).map(Step::wireName).toList())));
    var adoption = find(id).orElseThrow(() -> Problem.notFound("adoption " + id + " not found"));
    String pet = (String) adoption.get("petId");
    var letters = deadLetters.list().stream()
        .filter(d -> d.consumer().equals(step.wireName()) && d.key().equals(pet))
        .filter(d -> mapper.readTree(d.body()).path("data").path("adoptionId").asString().equals(id.toString()))
        .toList();
    // Looked for before anything is appended: a refused retry changes nothing. A step whose failure is
    // recorded but whose dead letter is not written yet (an instant apart) is refused, to be asked again.
    if (letters.isEmpty()) throw Problem.conflict("step " + step.wireName() + " of adoption " + id + " has no dead letter to retry");
    Outcome<Adoption, AdoptionEvent> outcome = adoptions.handle(StreamId.of("adoption", id),
        new AdoptionCommand.RetryStep(id, step, clock.instant()), null, PetEndpoints.metadata(ctx));
    Commands.appended(outcome, "adoption " + id);
    for (var letter : letters) deadLetters.redrive(letter, bus);
    ctx.status(202).json(Map.of("adoptionId", id.toString(), "step", step.wireName(), "status", "pending"));
  }

  private void inventory(Context ctx) throws InterruptedException {
    readYourWrites.await(ctx);
    ctx.json(db.read(c -> query(c, """
        SELECT i.shelter_id, s.name, i.species, i.available, i.adopted FROM inventory i
        LEFT JOIN shelters s ON s.shelter_id = i.shelter_id ORDER BY s.name, i.shelter_id, i.species""", rs -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("shelterId", rs.getString(1));
      r.put("shelterName", rs.getString(2));
      r.put("species", rs.getString(3));
      r.put("available", rs.getInt(4));
      r.put("adopted", rs.getInt(5));
      return r;
    })));
  }

  private void vetAppointments(Context ctx) {
    String dateText = ctx.queryParam("date");
    LocalDate date;
    try {
      date = dateText == null ? LocalDate.now(clock.withZone(clinicZone)) : LocalDate.parse(dateText);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("date", "must be a date like 2026-12-01");
    }
    long from = date.atStartOfDay(clinicZone).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(clinicZone).toInstant().toEpochMilli();
    ctx.json(db.read(c -> query(c, """
        SELECT vet, slot_start, adoption_id, pet_id FROM vet_appointments WHERE slot_start >= ? AND slot_start < ?
        ORDER BY slot_start, vet""", rs -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("vet", rs.getString(1));
      r.put("start", Instant.ofEpochMilli(rs.getLong(2)).toString());
      r.put("end", Instant.ofEpochMilli(rs.getLong(2)).plus(Duration.ofMinutes(30)).toString());
      r.put("adoptionId", rs.getString(3));
      r.put("petId", rs.getString(4));
      return r;
    }, from, to)));
  }

  private void shipment(Context ctx) {
    AdoptionId id = adoptionId(ctx);
    ctx.json(db.read(c -> one(c, "SELECT adoption_id, customer_id, tracking_number, status, created_at FROM shipments WHERE adoption_id = ?", rs -> {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("adoptionId", rs.getString(1));
      r.put("customerId", rs.getString(2));
      r.put("trackingNumber", rs.getString(3));
      r.put("status", rs.getString(4));
      r.put("createdAt", Instant.ofEpochMilli(rs.getLong(5)).toString());
      return r;
    }, id.toString())).orElseThrow(() -> Problem.notFound("no shipment for adoption " + id + " (yet)")));
  }

  private void analytics(Context ctx) {
    List<Map<String, Object>> perDay = new ArrayList<>();
    List<Map<String, Object>> perSpecies = new ArrayList<>();
    double[] totals = new double[2];
    db.read(c -> {
      for (var r : query(c, "SELECT day, sum(adoptions) FROM adoption_analytics GROUP BY day ORDER BY day",
          rs -> Map.<String, Object>of("day", rs.getString(1), "adoptions", rs.getLong(2)))) perDay.add(r);
      for (var r : query(c, "SELECT species, sum(adoptions), sum(waited_days) FROM adoption_analytics GROUP BY species ORDER BY species",
          rs -> {
            totals[0] += rs.getLong(2);
            totals[1] += rs.getDouble(3);
            return Map.<String, Object>of("species", rs.getString(1), "adoptions", rs.getLong(2),
                "averageDaysToAdoption", rs.getLong(2) == 0 ? 0 : rs.getDouble(3) / rs.getLong(2));
          })) perSpecies.add(r);
      return null;
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("adoptions", (long) totals[0]);
    body.put("averageDaysToAdoption", totals[0] == 0 ? 0 : totals[1] / totals[0]);
    body.put("perDay", perDay);
    body.put("perSpecies", perSpecies);
    ctx.json(body);
  }
}
