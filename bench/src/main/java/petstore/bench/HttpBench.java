package petstore.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import petstore.app.PetStore;
import petstore.app.config.Config;

/**
 * Suite 6, HTTP, on the embedded default (SQLite, in-process bus) and on PostgreSQL: commands at rising
 * rates from an open-loop generator (each request starts at its scheduled instant on a virtual thread,
 * whatever the ones before it are doing, and its latency counts from that instant, so a stall is never
 * hidden), the projections' live lag, and adoptions end to end. GET /health at the same rate is the
 * floor: what the HTTP stack and this generator cost with no command behind them.
 */
public final class HttpBench {
  private static final Pattern PET_ID = Pattern.compile("\"petId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern ADOPTION_ID = Pattern.compile("\"adoptionId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
  private static final Pattern POSITION = Pattern.compile("\"position\"\\s*:\\s*(\\d+)");
  private static final Pattern ID = Pattern.compile("\"(?:shelterId|customerId)\"\\s*:\\s*\"([0-9a-f-]{36})\"");

  private final Harness h;
  private final Results results;
  private final HttpClient client;
  private String base;
  private String shelter;
  private final List<String> customers = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> pets = new ConcurrentLinkedQueue<>();

  HttpBench(Harness h, Results results) {
    this.h = h;
    this.results = results;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static void main(String[] args) throws Exception {
    Harness h = new Harness("http", args);
    try (Results results = new Results("http")) {
      HttpBench bench = new HttpBench(h, results);
      // BENCH_HTTP_ONLY=brokers runs the adoptions over the brokers alone.
      if (!"brokers".equals(System.getenv("BENCH_HTTP_ONLY"))) {
        bench.store("embedded-sqlite", null);
        String url = Postgres.freshDatabase("bench_http");
        try {
          bench.store("postgres", url);
        } finally {
          Postgres.drop("bench_http");
        }
      }
      // Adoptions end to end with the relay and services talking through a real broker (issue 5's figure).
      String run = Long.toString(System.currentTimeMillis() % 1_000_000);
      String kafka = System.getProperty("bench.kafka");
      if (kafka != null) bench.overBroker("postgres+kafka", "kafka://" + kafka + "?topic=bench-" + run);
      String amqp = System.getProperty("bench.amqp", "amqp://guest:guest@127.0.0.1:5672");
      bench.overBroker("postgres+rabbitmq", amqp + "?exchange=bench." + run + "&prefix=bench-" + run + ".");
    }
    System.exit(0); // the app's non-daemon threads (Jetty, schedulers) are closed, but do not linger on any left
  }

  /** Only the adoptions, on PostgreSQL, with the bus a broker: POST to adoption.completed through it. */
  void overBroker(String impl, String bus) throws Exception {
    String url = Postgres.freshDatabase("bench_http_bus");
    Path data = Files.createTempDirectory("bench-http-" + impl);
    String vets = java.util.stream.IntStream.rangeClosed(1, 300).mapToObj(i -> "Dr. Bench " + i).collect(java.util.stream.Collectors.joining(","));
    Map<Config.Setting, String> flags = new java.util.EnumMap<>(Config.Setting.class);
    flags.put(Config.Setting.DATA, data.toString());
    flags.put(Config.Setting.PORT, "0");
    flags.put(Config.Setting.VETS, vets);
    flags.put(Config.Setting.STORE, url);
    flags.put(Config.Setting.BUS, bus);
    Config config = Config.resolve(flags, Map.of(), data.resolve("none.properties"), false);
    h.say("%s: starting the PetStore (bus %s)", impl, bus.replaceAll("//[^@/]*@", "//"));
    try (PetStore app = PetStore.start(config)) {
      base = "http://127.0.0.1:" + app.port();
      awaitReady();
      setup();
      adoptions(impl, h.quick ? Duration.ofSeconds(7) : Duration.ofSeconds(20));
    } finally {
      Postgres.drop("bench_http_bus");
    }
  }

  void store(String impl, String postgresUrl) throws Exception {
    Path data = Files.createTempDirectory("bench-http-" + impl);
    // Enough vets that the vet-appointment step never runs out of slots (two vets have ~2,000 in 90 days, and
    // the adopt-pet rounds adopt tens of thousands of pets): a full calendar would turn every adoption into
    // retries and dead letters, which is another benchmark.
    String vets = java.util.stream.IntStream.rangeClosed(1, 300).mapToObj(i -> "Dr. Bench " + i).collect(java.util.stream.Collectors.joining(","));
    Map<Config.Setting, String> flags = new java.util.EnumMap<>(Config.Setting.class);
    flags.put(Config.Setting.DATA, data.toString());
    flags.put(Config.Setting.PORT, "0");
    flags.put(Config.Setting.VETS, vets);
    if (postgresUrl != null) flags.put(Config.Setting.STORE, postgresUrl);
    Config config = Config.resolve(flags, Map.of(), data.resolve("none.properties"), false);
    h.say("%s: starting the PetStore (data %s)", impl, data);
    try (PetStore app = PetStore.start(config)) {
      base = "http://127.0.0.1:" + app.port();
      awaitReady();
      setup();
      int[] rates = h.quick ? new int[] {250, 1000} : new int[] {250, 500, 1000, 1500};
      Duration round = Duration.ofSeconds(h.quick ? 2 : 3);

      h.say("%s: warm-up (register-pet and GET /health at 250/s, %s each)", impl, round);
      openLoop(250, round, this::registerPet, this::keepPet);
      openLoop(500, round, this::registerPet, this::keepPet);
      openLoop(1000, round, i -> get("/health"), r -> {});

      for (int rate : rates) {
        for (int r = 1; r <= h.rounds; r++) {
          record(impl, "GET /health", rate, r, round, i -> get("/health"), resp -> {});
          record(impl, "register-pet", rate, r, round, this::registerPet, this::keepPet);
        }
      }
      liveLag(impl, h.quick ? Duration.ofSeconds(3) : Duration.ofSeconds(8));
      adoptions(impl, h.quick ? Duration.ofSeconds(7) : Duration.ofSeconds(20));
      // Last: each adopt-pet starts the whole adoption workflow (eight services, a PDF, a mail), which goes
      // on in the background after the round; nothing measured after it may share the machine with that.
      for (int rate : rates) {
        for (int r = 1; r <= h.rounds; r++) record(impl, "adopt-pet", rate, r, round, this::adoptPet, resp -> {});
      }
    }
  }

  // ------------------------------------------------------------------------------------------- scenarios

  void record(String impl, String what, int rate, int round, Duration length, IntFunction<HttpRequest> request,
              java.util.function.Consumer<HttpResponse<String>> ok) throws Exception {
    double load = Harness.load();
    Run run = openLoop(rate, length, request, ok);
    String kase = what + " @ " + rate + "/s";
    results.row(kase, impl, round, run.ok, run.seconds, run.latencies.millis(0.5), run.latencies.millis(0.99), load, run.errors);
    h.say("%-16s %-24s round %d: %8s  p50 %7.2f ms  p99 %7.2f ms  errors %d  (load %.2f)", impl, kase, round,
        Harness.rate(run.ok / run.seconds), run.latencies.millis(0.5), run.latencies.millis(0.99), run.errors, load);
  }

  /** Commands at 1,000/s; every 10th answer is followed by a query that waits for its position (?minPosition). */
  void liveLag(String impl, Duration length) throws Exception {
    for (int r = 1; r <= h.rounds; r++) {
      double load = Harness.load();
      Latencies lag = new Latencies();
      AtomicLong behind = new AtomicLong();
      Run run = openLoop(1000, length, this::registerPet, resp -> {
        keepPet(resp);
        long n = pets.size();
        if (n % 10 != 0) return;
        Matcher m = POSITION.matcher(resp.body());
        if (!m.find()) return;
        long answered = System.nanoTime();
        try {
          HttpResponse<String> q = client.send(get("/api/queries/available-pets?limit=1&minPosition=" + m.group(1)),
              HttpResponse.BodyHandlers.ofString());
          if (q.statusCode() != 200 || q.headers().firstValue("X-Read-Model-Behind").isPresent()) behind.incrementAndGet();
          else lag.add(System.nanoTime() - answered);
        } catch (Exception e) {
          behind.incrementAndGet();
        }
      });
      results.row("projection lag @ 1000/s", impl, r, lag.count(), run.seconds, lag.millis(0.5), lag.millis(0.99), load, behind.get());
      h.say("%-16s live lag round %d: p50 %.2f ms p99 %.2f ms over %d samples, %d behind after 2 s; commands p99 %.2f ms (load %.2f)",
          impl, r, lag.millis(0.5), lag.millis(0.99), lag.count(), behind.get(), run.latencies.millis(0.99), load);
    }
  }

  /** POST /api/adoptions at 50/s; completion seen on the SSE stream of adoption.completed. */
  void adoptions(String impl, Duration length) throws Exception {
    int rate = 50;
    int needed = (int) (rate * length.toSeconds() * h.rounds) + 100;
    h.say("%s: registering %d more pets for the adoptions", impl, Math.max(0, needed - pets.size()));
    while (pets.size() < needed) openLoop(500, Duration.ofSeconds(1), this::registerPet, this::keepPet);
    Map<String, Long> completed = new ConcurrentHashMap<>();
    HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(URI.create(base + "/api/events/stream?types=adoption.completed"))
        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    if (stream.statusCode() != 200) throw new IllegalStateException("no SSE stream: " + stream.statusCode());
    CountDownLatch connected = new CountDownLatch(1);
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        connected.countDown();
        stream.body().forEach(line -> {
          if (!line.startsWith("data:")) return;
          Matcher m = ADOPTION_ID.matcher(line);
          if (m.find()) completed.putIfAbsent(m.group(1), System.nanoTime());
        });
      } catch (RuntimeException e) {
        // the stream was closed at the end
      }
    });
    if (!connected.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("no SSE stream");
    Thread.sleep(200);
    h.say("%s: warm-up, 40 adoptions at 20/s, each awaited", impl);
    Map<String, Long> warm = new ConcurrentHashMap<>();
    openLoop(20, Duration.ofSeconds(2), this::adoption, (resp, scheduled) -> {
      Matcher m = ADOPTION_ID.matcher(resp.body());
      if (m.find()) warm.put(m.group(1), scheduled);
    });
    for (long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
         !completed.keySet().containsAll(warm.keySet()) && System.nanoTime() < until; ) {
      Thread.sleep(50);
    }
    for (int r = 1; r <= h.rounds; r++) {
      double load = Harness.load();
      Map<String, Long> sent = new ConcurrentHashMap<>();
      Run run = openLoop(rate, length, this::adoption, (resp, scheduled) -> {
        Matcher m = ADOPTION_ID.matcher(resp.body());
        if (m.find()) sent.put(m.group(1), scheduled);
      });
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!completed.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) Thread.sleep(50);
      Latencies done = new Latencies();
      long missing = 0;
      for (var e : sent.entrySet()) {
        Long at = completed.get(e.getKey());
        if (at == null) missing++;
        else done.add(at - e.getValue());
      }
      results.row("adoption POST @ 50/s", impl, r, run.ok, run.seconds, run.latencies.millis(0.5), run.latencies.millis(0.99), load, run.errors);
      results.row("adoption completed @ 50/s", impl, r, done.count(), run.seconds, done.millis(0.5), done.millis(0.99), load, missing);
      h.say("%-16s adoptions round %d: POST p50 %.2f p99 %.2f ms (%d errors); completed p50 %.0f p99 %.0f ms, %d not completed in 30 s (load %.2f)",
          impl, r, run.latencies.millis(0.5), run.latencies.millis(0.99), run.errors, done.millis(0.5), done.millis(0.99), missing, load);
    }
    // Close our end before the app stops: a stream left open past PetStore.close() keeps its server thread busy.
    stream.body().close();
    reader.join(Duration.ofSeconds(5));
  }

  // ------------------------------------------------------------------------------------------- requests

  HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build();
  }

  HttpRequest post(String path, String json) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
  }

  HttpRequest registerPet(int i) {
    return post("/api/commands/register-pet",
        "{\"name\":\"Pet " + i + "\",\"species\":\"" + (i % 2 == 0 ? "dog" : "cat") + "\",\"age\":" + (i % 15) + ",\"shelterId\":\"" + shelter + "\"}");
  }

  void keepPet(HttpResponse<String> resp) {
    Matcher m = PET_ID.matcher(resp.body());
    if (m.find()) pets.add(m.group(1));
  }

  HttpRequest adoptPet(int i) {
    String pet = pets.poll();
    if (pet == null) throw new IllegalStateException("ran out of registered pets to adopt");
    return post("/api/commands/adopt-pet", "{\"petId\":\"" + pet + "\",\"customerId\":\"" + customers.get(i % customers.size()) + "\"}");
  }

  HttpRequest adoption(int i) {
    String pet = pets.poll();
    if (pet == null) throw new IllegalStateException("ran out of registered pets to adopt");
    return post("/api/adoptions", "{\"petId\":\"" + pet + "\",\"customerId\":\"" + customers.get(i % customers.size()) + "\"}");
  }

  void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (client.send(get("/ready"), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return;
      } catch (Exception e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the PetStore was not ready within 60 s");
  }

  void setup() throws Exception {
    HttpResponse<String> s = client.send(post("/api/commands/register-shelter", "{\"name\":\"Bench Paws\",\"city\":\"Oslo\"}"),
        HttpResponse.BodyHandlers.ofString());
    shelter = id(s);
    customers.clear();
    pets.clear();
    for (int i = 0; i < 20; i++) {
      customers.add(id(client.send(post("/api/commands/register-customer",
          "{\"name\":\"Customer " + i + "\",\"email\":\"c" + i + "@example.com\"}"), HttpResponse.BodyHandlers.ofString())));
    }
  }

  private static String id(HttpResponse<String> r) {
    Matcher m = ID.matcher(r.body());
    if (r.statusCode() / 100 != 2 || !m.find()) throw new IllegalStateException("setup failed: " + r.statusCode() + " " + r.body());
    return m.group(1);
  }

  // ------------------------------------------------------------------------------------------- the generator

  record Run(long ok, long errors, double seconds, Latencies latencies) {}

  interface Answer {
    void accept(HttpResponse<String> response, long scheduledNanos);
  }

  Run openLoop(int rate, Duration length, IntFunction<HttpRequest> request, java.util.function.Consumer<HttpResponse<String>> ok)
      throws InterruptedException {
    return openLoop(rate, length, request, (resp, scheduled) -> ok.accept(resp));
  }

  Run openLoop(int rate, Duration length, IntFunction<HttpRequest> request, Answer ok) throws InterruptedException {
    int n = (int) (rate * length.toMillis() / 1000);
    long interval = 1_000_000_000L / rate;
    Latencies latencies = new Latencies();
    AtomicLong good = new AtomicLong();
    AtomicLong bad = new AtomicLong();
    CountDownLatch done = new CountDownLatch(n);
    long start = System.nanoTime() + 5_000_000;
    for (int i = 0; i < n; i++) {
      long scheduled = start + i * interval;
      for (long wait; (wait = scheduled - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
      int index = i;
      Thread.startVirtualThread(() -> {
        try {
          HttpResponse<String> resp = client.send(request.apply(index), HttpResponse.BodyHandlers.ofString());
          long took = System.nanoTime() - scheduled;
          if (resp.statusCode() / 100 == 2) {
            latencies.add(took);
            good.incrementAndGet();
            ok.accept(resp, scheduled);
          } else {
            bad.incrementAndGet();
            if (bad.get() <= 3) System.err.println("bench: " + resp.statusCode() + " " + resp.body());
          }
        } catch (Exception e) {
          bad.incrementAndGet();
          if (bad.get() <= 3) System.err.println("bench: request failed: " + e);
        } finally {
          done.countDown();
        }
      });
    }
    if (!done.await(length.toSeconds() + 60, TimeUnit.SECONDS)) System.err.println("bench: requests still open after the round");
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(good.get(), bad.get(), seconds, latencies);
  }
}
