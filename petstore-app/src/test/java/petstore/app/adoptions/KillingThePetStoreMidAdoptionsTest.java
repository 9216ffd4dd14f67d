package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The PetStore as its own process, killed with SIGKILL while a hundred adoptions are under way, then started
 * again on the same data: every adoption completes, and every side effect happened exactly once.
 */
class KillingThePetStoreMidAdoptionsTest {
  static final int ADOPTIONS = 100;
  static final int CLIENTS = 8;
  static final int SIGKILL_EXIT = 128 + 9;

  @TempDir Path dir;
  final List<Process> processes = new ArrayList<>();
  final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

  @AfterEach void stop() throws InterruptedException {
    clients.shutdownNow();
    for (Process p : processes) {
      if (p.isAlive()) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test void a_petstore_killed_mid_adoptions_completes_each_of_them_exactly_once_after_a_restart() throws Exception {
    Path data = dir.resolve("data");
    try {
      long start = System.nanoTime();
      Api api = launch(data, 1);
      long launched = System.nanoTime();

      String shelter = api.registerShelter("Happy Paws", "Oslo", null).path("shelterId").asString();
      List<String> pets = inParallel(ADOPTIONS, i -> () -> api.registerPet("Pet " + i, i % 2 == 0 ? "dog" : "cat", i % 15, shelter));
      List<String> customers = inParallel(ADOPTIONS, i -> () -> api.registerCustomer("Customer " + i, "customer" + i + "@example.org"));
      long registered = System.nanoTime();

      List<String> adoptions = inParallel(ADOPTIONS, i -> () -> api.adopted(pets.get(i), customers.get(i)));
      long submitted = System.nanoTime();
      assertThat(new HashSet<>(adoptions)).hasSize(ADOPTIONS);

      Set<String> pending = Collections.synchronizedSet(new HashSet<>(adoptions));
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).pollDelay(Duration.ZERO)
          .until(() -> ADOPTIONS - stillPending(api, pending) >= ADOPTIONS / 2);
      Process first = processes.getFirst();
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long killed = System.nanoTime();
      int completedAtKill = ADOPTIONS - pending.size();
      assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);

      Api again = launch(data, 2);
      long relaunched = System.nanoTime();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .until(() -> stillPending(again, pending) == 0);
      long done = System.nanoTime();
      System.out.printf("""
          crash test: started in %d ms; registered 1 shelter, %d pets and %d customers in %d ms; %d adoptions submitted in %d ms;
            SIGKILL %d ms later with %d completed; restarted in %d ms; all completed %d ms after the restart; total %d ms
          """, ms(launched - start), ADOPTIONS, ADOPTIONS, ms(registered - launched), ADOPTIONS, ms(submitted - registered),
          ms(killed - submitted), completedAtKill, ms(relaunched - killed), ms(done - relaunched), ms(done - start));

      Set<String> expectedMail = adoptions.stream().map(a -> "adoption-" + a + ".eml").collect(Collectors.toSet());
      List<String> mail;
      try (Stream<Path> files = Files.list(data.resolve("mail"))) {
        mail = files.map(f -> f.getFileName().toString()).toList();
      }
      assertThat(mail).as("temporary files in the mail folder").filteredOn(f -> !f.endsWith(".eml")).isEmpty();
      assertThat(mail).as("mails").hasSize(ADOPTIONS);
      assertThat(new HashSet<>(mail)).as("one mail per adoption").isEqualTo(expectedMail);
      List<Api.Response> certificates =
          inParallel(ADOPTIONS, i -> () -> again.get("/api/adoptions/" + adoptions.get(i) + "/certificate.pdf"));
      assertThat(certificates).extracting(Api.Response::status).containsOnly(200);
      assertThat(certificates).extracting(Api.Response::contentType).containsOnly("application/pdf");
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("petstore.db"))) {
        assertThat(count(db, "SELECT count(*) FROM certificates")).isEqualTo(ADOPTIONS);
        assertThat(count(db, "SELECT count(DISTINCT adoption_id) FROM certificates")).isEqualTo(ADOPTIONS);
        assertThat(count(db, "SELECT count(*) FROM vet_appointments")).isEqualTo(ADOPTIONS);
        assertThat(count(db, "SELECT count(*) FROM (SELECT DISTINCT vet, slot_start FROM vet_appointments)")).isEqualTo(ADOPTIONS);
        assertThat(count(db, "SELECT count(DISTINCT adoption_id) FROM vet_appointments")).isEqualTo(ADOPTIONS);
        assertThat(count(db, "SELECT count(*) FROM shipments")).isEqualTo(ADOPTIONS);
      }
      JsonNode inventory = again.get("/api/queries/inventory").json();
      int adopted = 0;
      int available = 0;
      for (JsonNode row : inventory) {
        if (!row.path("shelterId").asString().equals(shelter)) continue;
        adopted += row.path("adopted").asInt();
        available += row.path("available").asInt();
      }
      assertThat(adopted).isEqualTo(ADOPTIONS);
      assertThat(available).isZero();
      assertThat(again.get("/api/queries/analytics").json().path("adoptions").asLong()).isEqualTo(ADOPTIONS);
    } catch (Throwable failure) {
      for (int run = 1; run <= processes.size(); run++) System.out.println(tail(dir.resolve("petstore-" + run + ".log")));
      throw failure;
    }
  }

  /** Starts {@code petstore serve} as a child process and waits until it answers /health. */
  Api launch(Path data, int run) throws IOException {
    int port = freePort();
    Path log = dir.resolve("petstore-" + run + ".log");
    // a short-lived process beside other builds on few cores: no C2 compiler, no parallel GC threads
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        "petstore.app.Main", "serve", "--host", "127.0.0.1", "--port", String.valueOf(port), "--data", data.toString())
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    // only this test's settings: none the developer's shell may have exported
    builder.environment().keySet().removeIf(name -> name.startsWith("PETSTORE_"));
    builder.environment().put("PETSTORE_RETRY", "6:200");
    Process process = builder.start();
    processes.add(process);
    Api api = new Api(port);
    await().atMost(Api.PATIENCE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .failFast("the PetStore exited", () -> !process.isAlive())
        .until(() -> api.get("/health").status() == 200);
    return api;
  }

  /** Asks about every pending adoption, CLIENTS at a time; drops the completed ones and says how many remain. */
  int stillPending(Api api, Set<String> pending) throws Exception {
    List<String> ids = List.copyOf(pending);
    List<Future<Boolean>> answers = new ArrayList<>();
    for (String id : ids) answers.add(clients.submit(() -> api.get("/api/adoptions/" + id).json().path("status").asString()
        .equals("completed")));
    for (int i = 0; i < ids.size(); i++) {
      if (answers.get(i).get()) pending.remove(ids.get(i));
    }
    return pending.size();
  }

  <T> List<T> inParallel(int n, IntFunction<Callable<T>> task) throws Exception {
    List<Future<T>> futures = clients.invokeAll(IntStream.range(0, n).mapToObj(task).toList());
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) results.add(f.get());
    return results;
  }

  static int count(Connection db, String sql) throws SQLException {
    try (ResultSet rs = db.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return "--- " + log.getFileName() + " ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "--- " + log.getFileName() + ": " + e;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
