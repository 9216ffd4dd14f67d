package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PetStore as separate processes that share only a broker and PostgreSQL: an API process, two
 * processes that may run the relay, projections and adoption process (one active under the lease, one
 * standing by), and a process running the eight services. The active one is killed with SIGKILL in the
 * middle; the standby takes over and every adoption completes, each step done once.
 */
class SeparateProcessesTest {
  private static final int ADOPTIONS = 100;
  private static final String SERVICES =
      "pet-status,email,shelter-notification,inventory,certificate,vet-appointment,welcome-package,analytics";

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final ExecutorService clients = Executors.newFixedThreadPool(8);
  private String schema;
  private int logs;

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) p.destroyForcibly();
    for (Process p : processes) p.waitFor();
    clients.shutdownNow();
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(postgres()); var s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  private static String postgres() {
    String url = System.getenv("PETSTORE_TEST_POSTGRES");
    return url == null ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
  }

  private static String required(String variable, String what) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("this test needs " + what + ": set " + variable + " (./petstore test does)");
    }
    return value;
  }

  @Test
  void over_kafka_an_api_process_and_a_services_process_complete_a_hundred_adoptions_through_a_relay_fail_over() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    run("kafka://" + required("PETSTORE_TEST_KAFKA", "a Kafka broker") + "?topic=e2e-" + id + "&partitions=6");
  }

  @Test
  void over_rabbitmq_an_api_process_and_a_services_process_complete_a_hundred_adoptions_through_a_relay_fail_over() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String amqp = System.getenv().getOrDefault("PETSTORE_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672");
    run(amqp + "?exchange=e2e." + id + "&prefix=e2e-" + id + ".");
  }

  private void run(String bus) throws Exception {
    schema = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String store = postgres() + (postgres().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    long started = System.nanoTime();

    Process first = launch(store, bus, "relay,projections,adoption-process", 0);
    awaitLease(store, "relay", first);
    Process standby = launch(store, bus, "relay,projections,adoption-process", 0);
    launch(store, bus, SERVICES, 0);
    int port = freePort();
    launch(store, bus, "api", port);
    Api api = new Api(port);
    await().atMost(Api.PATIENCE).ignoreExceptions().until(() -> api.get("/health").status() == 200);

    String shelter = api.registerShelter("Far Away Paws", "Bergen", null).path("shelterId").asString();
    List<String> pets = inParallel(ADOPTIONS, i -> () -> api.registerPet("Pet " + i, "cat", i % 15, shelter));
    List<String> customers = inParallel(ADOPTIONS, i -> () -> api.registerCustomer("Customer " + i, "c" + i + "@example.com"));
    Set<String> pending = new HashSet<>(inParallel(ADOPTIONS, i -> () -> api.adopted(pets.get(i), customers.get(i))));
    List<String> adoptions = List.copyOf(pending);

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> stillPending(api, pending) <= ADOPTIONS / 2);
    first.destroyForcibly();
    assertThat(first.waitFor()).as("killed with SIGKILL").isEqualTo(137);
    long killedAt = System.nanoTime();
    for (String part : List.of("relay", "projections", "adoption-process")) {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
        try (Connection db = DriverManager.getConnection(store)) {
          return String.valueOf(standby.pid()).equals(holder(db, part));
        }
      });
    }
    System.out.printf("the standby took over %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> stillPending(api, pending) == 0);
    System.out.printf("%s: %d adoptions completed in %.1f s, %.1f s after the active relay was killed%n",
        bus.substring(0, bus.indexOf(':')), ADOPTIONS, (System.nanoTime() - started) / 1e9, (System.nanoTime() - killedAt) / 1e9);
    assertThat(standby.isAlive()).isTrue();
    try (Connection db = DriverManager.getConnection(store)) {
      assertThat(holder(db, "relay")).as("the standby took the relay over").isEqualTo(String.valueOf(standby.pid()));
      assertThat(count(db, "SELECT count(*) FROM certificates")).isEqualTo(ADOPTIONS);
      assertThat(count(db, "SELECT count(*) FROM shipments")).isEqualTo(ADOPTIONS);
      assertThat(count(db, "SELECT count(*) FROM vet_appointments")).isEqualTo(ADOPTIONS);
      assertThat(count(db, "SELECT count(*) FROM (SELECT vet, slot_start FROM vet_appointments GROUP BY vet, slot_start HAVING count(*) > 1) x"))
          .as("no two appointments in one slot").isZero();
      assertThat(count(db, "SELECT sum(adopted) FROM inventory")).isEqualTo(ADOPTIONS);
      assertThat(count(db, "SELECT count(*) FROM events WHERE type = 'StepCompleted'")).as("each step recorded once")
          .isEqualTo(8 * ADOPTIONS);
      assertThat(count(db, "SELECT count(*) FROM events WHERE type = 'AdoptionCompleted'")).isEqualTo(ADOPTIONS);
    }
    for (String adoption : adoptions) assertThat(api.adoption(adoption).path("status").asString()).isEqualTo("completed");
  }

  private Process launch(String store, String bus, String roles, int port) throws IOException {
    Path log = dir.resolve("petstore-" + (++logs) + "-" + roles.replace(',', '+') + ".log");
    Path data = Files.createDirectories(dir.resolve("data-" + logs));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        "petstore.app.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port), "--data", data.toString(),
        "--store", store, "--bus", bus, "--roles", roles, "--retry", "8:200")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PETSTORE_"));
    Process p = builder.start();
    processes.add(p);
    await().atMost(Api.PATIENCE).pollInterval(Duration.ofMillis(200))
        .failFast("the PetStore (" + roles + ") exited: " + log, () -> !p.isAlive())
        .until(() -> Files.readString(log).contains("PetStore "));
    return p;
  }

  private static void awaitLease(String store, String name, Process holder) {
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      try (Connection db = DriverManager.getConnection(store)) {
        return String.valueOf(holder.pid()).equals(holder(db, name));
      }
    });
  }

  private static String holder(Connection db, String lease) throws SQLException {
    try (var q = db.prepareStatement("SELECT holder FROM leases WHERE name = ?")) {
      q.setString(1, lease);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1).split("@")[0] : null;
      }
    }
  }

  private int stillPending(Api api, Set<String> pending) throws Exception {
    List<String> ids = List.copyOf(pending);
    List<Future<Boolean>> answers = new ArrayList<>();
    for (String id : ids) {
      answers.add(clients.submit(() -> api.get("/api/adoptions/" + id).json().path("status").asString().equals("completed")));
    }
    for (int i = 0; i < ids.size(); i++) if (answers.get(i).get()) pending.remove(ids.get(i));
    return pending.size();
  }

  private <T> List<T> inParallel(int n, java.util.function.IntFunction<java.util.concurrent.Callable<T>> task) throws Exception {
    List<Future<T>> futures = clients.invokeAll(java.util.stream.IntStream.range(0, n).mapToObj(task).toList());
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) results.add(f.get());
    return results;
  }

  private static int count(Connection db, String sql) throws SQLException {
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
