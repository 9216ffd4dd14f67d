package petstore.app;

import eventkernel.projection.Projection;
import eventkernel.projection.ProjectionEngine;
import eventkernel.sql.Database;
import eventkernel.store.EventStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import eventkernel.aggregate.EventSourced;
import eventkernel.lease.Lease;
import eventkernel.lease.Leased;
import eventkernel.messaging.Bus;
import eventkernel.messaging.Consumer;
import eventkernel.messaging.DeadLetters;
import eventkernel.messaging.MessagingTables;
import eventkernel.messaging.Relay;
import eventkernel.messaging.RetryPolicy;
import java.util.Set;
import petstore.adoption.Adoptions;
import petstore.app.adoptions.AdoptionEndpoints;
import petstore.app.adoptions.AdoptionProcess;
import petstore.app.adoptions.AdoptionQueries;
import petstore.app.adoptions.AdoptionStatusProjection;
import petstore.app.adoptions.steps.AnalyticsService;
import petstore.app.adoptions.steps.CertificateService;
import petstore.app.adoptions.steps.Directory;
import petstore.app.adoptions.steps.EmailService;
import petstore.app.adoptions.steps.InventoryService;
import petstore.app.adoptions.steps.PetStatusService;
import petstore.app.adoptions.steps.ShelterNotificationService;
import petstore.app.adoptions.steps.StepService;
import petstore.app.adoptions.steps.VetAppointmentService;
import petstore.app.adoptions.steps.WelcomePackageService;
import petstore.app.effects.CertificateRenderer;
import petstore.app.effects.Mailer;
import petstore.app.effects.ShelterWebhook;
import petstore.app.effects.VetCalendar;
import petstore.app.live.LiveEndpoints;
import petstore.app.live.LiveFeed;
import petstore.app.messages.PublicMessages;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.app.config.Config;
import petstore.app.contract.AsyncApiContract;
import petstore.app.contract.AsyncApiEndpoints;
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
  /**
   * Milliseconds between the live stream's heartbeat comments (default 15 s). A system property, not a
   * setting: tests want a beat within a second, and the rare proxy that cuts idle connections sooner
   * can be met with PETSTORE_JAVA_OPTS=-Dpetstore.live.heartbeat=5000.
   */
  public static final String HEARTBEAT_PROPERTY = "petstore.live.heartbeat";

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

    Storage storage = Storage.open(config, clock);
    parts.add(storage);
    EventStore store = storage.store();
    Database database = storage.database();
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
        new CustomersProjection(events),
        new AdoptionStatusProjection(events));
    ProjectionEngine engine = new ProjectionEngine(store, database, projections, clock, 500, Duration.ofSeconds(1));
    this.projections = engine;
    if (config.runs("projections")) {
      parts.add(singleActive(config, database, "projections", clock, engine::start));
      OpsEndpoints.meterProjections(engine, meters, projections.stream().map(Projection::name).toList());
    }

    // Messaging: the relay publishes the log's public messages; each step service consumes them on its own.
    MessagingTables.create(database);
    AsyncApiContract contract = AsyncApiContract.load(json.mapper());  // invariant 7: checked before publish, after receive
    var adoptions = new EventSourced<>(store, new Adoptions(), json.adoptionEvents(), null, 0, clock);
    Bus bus = Buses.open(config, database, json.mapper(), clock);
    parts.add(bus);
    if (config.runs("relay")) {
      PublicMessages publicMessages = new PublicMessages(events, pets, json.mapper(), config.publicUrl());
      parts.add(singleActive(config, database, "relay", clock,
          () -> new Relay("main", store, database, publicMessages, contract, bus, clock, meters).start()));
    }
    if (config.runs("adoption-process")) {
      parts.add(singleActive(config, database, "adoption-process", clock,
          () -> new AdoptionProcess(store, database, events, adoptions, clock).start()));
    }

    Directory directory = new Directory(pets, customers, shelters);
    ShelterWebhook webhook = new ShelterWebhook();
    parts.add(webhook);
    List<StepService<?>> services = List.of(
        new PetStatusService(directory, json, clock),
        new EmailService(directory, Mailer.configured(config.smtp(), config.data().resolve("mail")), json, clock),
        new ShelterNotificationService(directory, webhook, json, clock),
        new InventoryService(directory, json, clock),
        new CertificateService(directory, new CertificateRenderer(), json, clock),
        new VetAppointmentService(new VetCalendar(config.vets()), json, clock),
        new WelcomePackageService(json, clock),
        new AnalyticsService(directory, json, clock));
    RetryPolicy retries = new RetryPolicy(config.maxAttempts(), config.firstRetry(), Duration.ofSeconds(30));
    for (StepService<?> service : services) {
      if (!config.runs(service.name())) continue;
      Consumer consumer = new Consumer(service.name(), database, store, service, retries, contract, json.mapper(), clock);
      parts.add(bus.subscribe(consumer, Set.copyOf(service.listensTo())));
    }

    if (config.runs("api")) {
      Idempotency idempotency = new Idempotency(database, json.mapper(), clock);
      ReadYourWrites readYourWrites = new ReadYourWrites(engine);
      List<Endpoints> endpoints = List.of(
          new OpsEndpoints(store, config.runs("projections") ? engine : null, meters, 10_000),
          new ShelterEndpoints(shelters, database, idempotency, readYourWrites, json.mapper(), clock),
          new CustomerEndpoints(customers, database, idempotency, readYourWrites, json.mapper(), clock),
          new PetEndpoints(pets, store, database, idempotency, readYourWrites, json.mapper(), clock),
          new AdoptionEndpoints(pets, store, idempotency, json.mapper(), clock),
          new AdoptionQueries(database, store, config.runs("projections") ? engine : null, readYourWrites, adoptions,
              new DeadLetters(database, json.mapper()), bus, json.mapper(), VetCalendar.DEFAULT_ZONE, clock),
          new AsyncApiEndpoints(contract.document(), json.mapper()));
      LiveFeed feed = new LiveFeed(store, new PublicMessages(events, pets, json.mapper(), config.publicUrl()), json.mapper(), 1_000,
          Duration.ofMillis(Long.getLong(HEARTBEAT_PROPERTY, 15_000))).start();
      endpoints = new ArrayList<>(endpoints);
      meters.gauge("petstore.live.clients", feed, LiveFeed::clients);
      io.micrometer.core.instrument.FunctionCounter.builder("petstore.live.dropped", feed, LiveFeed::droppedClients)
          .description("live-stream clients dropped for falling 1,000 events behind").register(meters);
      endpoints.add(new LiveEndpoints(feed));
      http = new HttpServer(json.mapper(), meters, endpoints).start(config.host(), config.port());
      parts.add(http);
      parts.add(feed);  // closed before the server: its clients are told the stream ends, then the server stops
    }
  }

  /**
   * A part that must run in one process at a time. On the embedded store there is one process, so it
   * just starts; on a shared database it runs under a lease and another process takes over within
   * {@link #LEASE_TTL} when this one dies.
   */
  private static AutoCloseable singleActive(Config config, Database database, String name, Clock clock,
                                            java.util.function.Supplier<AutoCloseable> start) {
    if (config.embedded()) return start.get();
    String holder = ProcessHandle.current().pid() + "@" + hostName();
    return new Leased(new Lease(database, name, holder, LEASE_TTL, clock), LEASE_TTL, start);
  }

  // Renewed every third of it: a dead holder's part is taken over within TTL + TTL/3 = 8 s.
  static final Duration LEASE_TTL = Duration.ofSeconds(6);

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "localhost";
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
