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
import petstore.app.config.Config;
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

    List<Projection> projections = List.of();
    ProjectionEngine engine = new ProjectionEngine(store, database, projections, clock, 500, Duration.ofSeconds(1));
    if (config.runs("projections")) {
      engine.start();
      parts.add(engine);
      OpsEndpoints.meterProjections(engine, meters, projections.stream().map(Projection::name).toList());
    }

    List<Endpoints> endpoints = new ArrayList<>();
    endpoints.add(new OpsEndpoints(store, config.runs("projections") ? engine : null, meters, 10_000));
    http = new HttpServer(petstore.app.codec.PetStoreJson.mapper(), meters, endpoints).start(config.host(), config.port());
    parts.add(http);
  }

  public int port() {
    return http.port();
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
