package petstore.app;

import eventkernel.projection.Projection;
import eventkernel.projection.ProjectionEngine;
import eventkernel.sql.Database;
import eventkernel.sqlite.SqliteDatabase;
import eventkernel.sqlite.SqliteEventStore;
import eventkernel.store.EventStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import eventkernel.aggregate.EventSourced;
import petstore.app.adoptions.AdoptionEndpoints;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.app.config.Config;
import petstore.app.customers.CustomerEndpoints;
import petstore.app.customers.CustomersProjection;
import petstore.app.http.Idempotency;
import petstore.app.http.ReadYourWrites;
import petstore.app.pets.AdoptionHistoryProjection;
import petstore.app.pets.AvailablePetsProjection;
import petstore.app.pets.PetDetailsProjection;
import petstore.app.pets.PetEndpoints;
import petstore.app.shelters.ShelterEndpoints;
import petstore.app.shelters.SheltersProjection;
import petstore.customer.Customers;
import petstore.pet.Pets;
import petstore.shelter.Shelters;
import petstore.app.http.Endpoints;
import petstore.app.http.HttpServer;
import petstore.app.ops.OpsEndpoints;

/**
 * The composition root: the one place the PetStore's object graph is built, by hand. Reading it top to
 * bottom tells what a process runs.
 */
public final class PetStore implements AutoCloseable {
  private final List<AutoCloseable> parts = new ArrayList<>();
  private HttpServer http;
  private ProjectionEngine projections;

  private PetStore() {}

  public static PetStore start(Config config) {
    PetStore app = new PetStore();
    try {
      app.build(config);
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void build(Config config) {
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    SqliteDatabase db = SqliteDatabase.open(config.sqliteFile());
    parts.add(db);
    EventStore store = new SqliteEventStore(db, clock);
    parts.add(store);
    Database database = db;

    database.migrate("classpath:petstore/migrations", "petstore_schema_history");

    PetStoreJson json = new PetStoreJson();
    DomainEvents events = new DomainEvents(json);
    var pets = new EventSourced<>(store, new Pets(), json.petEvents(), json.petState(), 100, clock);
    var shelters = new EventSourced<>(store, new Shelters(), json.shelterEvents(), null, 0, clock);
    var customers = new EventSourced<>(store, new Customers(), json.customerEvents(), null, 0, clock);

    List<Projection> projections = List.of(
        new AvailablePetsProjection(events),
        new PetDetailsProjection(events),
        new AdoptionHistoryProjection(events),
        new SheltersProjection(events),
        new CustomersProjection(events));
    ProjectionEngine engine = new ProjectionEngine(store, database, projections, clock, 500, Duration.ofSeconds(1));
    this.projections = engine;
    if (config.runs("projections")) {
      engine.start();
      parts.add(engine);
      OpsEndpoints.meterProjections(engine, meters, projections.stream().map(Projection::name).toList());
    }

    if (config.runs("api")) {
      Idempotency idempotency = new Idempotency(database, json.mapper(), clock);
      ReadYourWrites readYourWrites = new ReadYourWrites(engine);
      List<Endpoints> endpoints = List.of(
          new OpsEndpoints(store, config.runs("projections") ? engine : null, meters, 10_000),
          new ShelterEndpoints(shelters, database, idempotency, readYourWrites, json.mapper(), clock),
          new CustomerEndpoints(customers, database, idempotency, readYourWrites, json.mapper(), clock),
          new PetEndpoints(pets, store, database, idempotency, readYourWrites, json.mapper(), clock),
          new AdoptionEndpoints(pets, store, idempotency, json.mapper(), clock));
      http = new HttpServer(json.mapper(), meters, endpoints).start(config.host(), config.port());
      parts.add(http);
    }
  }

  public int port() {
    return http == null ? -1 : http.port();
  }

  /** The read models' engine, so an operator's tool (or a test) can rebuild one. */
  public ProjectionEngine projections() {
    return projections;
  }

  @Override
  public void close() {
    for (AutoCloseable part : parts.reversed()) {
      try {
        part.close();
      } catch (Exception e) {
        System.err.println("petstore: closing " + part.getClass().getSimpleName() + " failed: " + e);
      }
    }
    parts.clear();
  }
}
