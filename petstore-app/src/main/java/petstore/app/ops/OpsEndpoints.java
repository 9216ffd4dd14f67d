package petstore.app.ops;

import eventkernel.projection.ProjectionEngine;
import eventkernel.projection.ProjectionStatus;
import eventkernel.store.EventStore;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import petstore.app.http.Endpoints;

/** Liveness, readiness and metrics, for whoever runs the PetStore. */
public final class OpsEndpoints implements Endpoints {
  private final EventStore store;
  private final ProjectionEngine projections;
  private final PrometheusMeterRegistry meters;
  private final long maxLagEvents;

  public OpsEndpoints(EventStore store, ProjectionEngine projections, PrometheusMeterRegistry meters, long maxLagEvents) {
    this.store = store;
    this.projections = projections;
    this.meters = meters;
    this.maxLagEvents = maxLagEvents;
  }

  @Override
  public void register(JavalinDefaultRoutingApi routes) {
    routes.get("/health", ctx -> ctx.json(Map.of("status", "up")));
    routes.get("/ready", ctx -> {
      Map<String, Object> body = new LinkedHashMap<>();
      boolean ready = true;
      try {
        body.put("store", Map.of("status", "up", "headPosition", store.headPosition()));
      } catch (RuntimeException e) {
        ready = false;
        body.put("store", Map.of("status", "down", "error", String.valueOf(e.getMessage())));
      }
      List<Map<String, Object>> views = new ArrayList<>();
      if (projections != null && ready) {
        for (ProjectionStatus s : projections.statuses()) {
          boolean ok = s.state() != ProjectionStatus.State.FAILED && s.state() != ProjectionStatus.State.STOPPED
              && s.lagEvents() <= maxLagEvents;
          ready &= ok;
          Map<String, Object> view = new LinkedHashMap<>();
          view.put("name", s.name());
          view.put("state", s.state().name().toLowerCase());
          view.put("position", s.position());
          view.put("lagEvents", s.lagEvents());
          view.put("lagSeconds", s.lag().toMillis() / 1000.0);
          if (s.failedAt() != null) view.put("failedAt", s.failedAt());
          if (s.error() != null) view.put("error", s.error());
          views.add(view);
        }
      }
      body.put("projections", views);
      body.put("status", ready ? "ready" : "not ready");
      ctx.status(ready ? 200 : 503).json(body);
    });
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
  }

  /**
   * Registers per-projection lag gauges, read at scrape time. One scrape reads every gauge: they share
   * one snapshot of the statuses (taken at most once a second), not a round of queries each.
   */
  public static void meterProjections(ProjectionEngine engine, PrometheusMeterRegistry meters, List<String> names) {
    Statuses statuses = new Statuses(engine);
    for (String name : names) {
      io.micrometer.core.instrument.Gauge.builder("projection.lag.events", statuses, s -> s.of(name).lagEvents())
          .tag("projection", name).register(meters);
      io.micrometer.core.instrument.Gauge.builder("projection.lag.seconds", statuses, s -> s.of(name).lag().toMillis() / 1000.0)
          .tag("projection", name).register(meters);
      io.micrometer.core.instrument.Gauge.builder("projection.failed", statuses, s -> s.of(name).state() == ProjectionStatus.State.FAILED ? 1 : 0)
          .tag("projection", name).register(meters);
      io.micrometer.core.instrument.Gauge.builder("projection.position", statuses, s -> s.of(name).position())
          .tag("projection", name).register(meters);
    }
  }

  private static final class Statuses {
    private final ProjectionEngine engine;
    private List<ProjectionStatus> last = List.of();
    private long takenAt;

    Statuses(ProjectionEngine engine) {
      this.engine = engine;
    }

    synchronized ProjectionStatus of(String name) {
      if (last.isEmpty() || System.nanoTime() - takenAt > 1_000_000_000L) {
        last = engine.statuses();
        takenAt = System.nanoTime();
      }
      return last.stream().filter(s -> s.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no projection " + name));
    }
  }
}
