package petstore.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.zaxxer.hikari.HikariDataSource;
import eventkernel.kafka.KafkaBus;
import eventkernel.messaging.Bus;
import eventkernel.messaging.Message;
import eventkernel.messaging.MessageMapper;
import eventkernel.messaging.MessageValidator;
import eventkernel.messaging.MessagingTables;
import eventkernel.messaging.Relay;
import eventkernel.postgres.PostgresDatabase;
import eventkernel.postgres.PostgresEventStore;
import eventkernel.rabbitmq.RabbitBus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import tools.jackson.databind.json.JsonMapper;

/**
 * Suite 5, the relay: N events whose public message is 512 bytes on the wire, published from the PostgreSQL
 * log by the kernel's Relay (checkpointed, each batch confirmed before the checkpoint moves) to Kafka and to
 * RabbitMQ, beside each broker's own load tool sending as many 512-byte records with the same durability
 * (Kafka: acks=all, idempotent; RabbitMQ: persistent, publisher confirms) to a topic/queue of the same shape.
 */
public final class RelayBench {
  static final String TYPE = "bench.relayed";
  static final int BODY_BYTES = 512;
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  public static void main(String[] args) throws Exception {
    Harness h = new Harness("relay", args);
    int n = Integer.getInteger("bench.relay.events", h.quick ? 30_000 : 200_000);
    String kafka = System.getProperty("bench.kafka");
    String amqp = System.getProperty("bench.amqp", "amqp://guest:guest@127.0.0.1:5672");
    String kafkaLib = System.getProperty("bench.kafka.lib", ".tools/kafka/lib");
    String perfTestLib = System.getProperty("bench.perftest.lib", ".tools/perf-test/lib");
    String url = Postgres.freshDatabase("bench_relay");
    Clock clock = Clock.systemUTC();
    try (Results results = new Results("relay");
         HikariDataSource pool = Postgres.pool(url, "kernel", 4);
         PostgresEventStore store = new PostgresEventStore(pool, "kernel");
         PostgresDatabase db = PostgresDatabase.open(url + "&currentSchema=relay", 4)) {
      MessagingTables.create(db);
      String padding = padding();
      h.say("loading %,d events into the PostgreSQL store (wire body %d bytes each)", n, BODY_BYTES);
      load(pool, n, padding);
      long head = store.headPosition();
      MessageMapper mapper = e -> List.of(new Message(TYPE, e.eventId(), e.recordedAt(), e.stream().value(),
          MAPPER.readTree(e.payload()), e.position()));
      int wire = new Message(TYPE, UUID.randomUUID(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), "k", MAPPER.readTree(payload(UUID.randomUUID(), padding)), 1)
          .bodyText(MAPPER).getBytes(StandardCharsets.UTF_8).length;
      h.say("wire body of one message: %d bytes", wire);

      if (kafka != null) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
          admin.createTopics(List.of(new NewTopic("bench-perf", KafkaBus.DEFAULT_PARTITIONS, (short) 1))).all().get();
        }
        try (KafkaBus bus = new KafkaBus(kafka, "bench-relay", KafkaBus.DEFAULT_PARTITIONS, MAPPER, clock)) {
          List<String> perf = List.of(javaBin(), "-Xmx512m", "-cp", kafkaLib + "/*", "org.apache.kafka.tools.ProducerPerformance",
              "--topic", "bench-perf", "--num-records", String.valueOf(n), "--record-size", String.valueOf(BODY_BYTES),
              "--throughput", "-1", "--producer-props", "bootstrap.servers=" + kafka, "acks=all", "enable.idempotence=true",
              "linger.ms=5", "max.in.flight.requests.per.connection=5");
          compare(h, results, "kafka", store, db, bus, mapper, head, n, perf, RelayBench::producerPerformance, clock);
        }
      } else {
        h.say("no Kafka broker given (-Dbench.kafka=host:port): skipping Kafka");
      }

      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(amqp);
      try (com.rabbitmq.client.Connection c = factory.newConnection("bench-setup"); Channel ch = c.createChannel();
           RabbitBus bus = new RabbitBus(amqp, "bench.events", "bench.", RabbitBus.DEFAULT_PREFETCH, MAPPER, clock)) {
        // Both sides publish to a topic exchange that routes to one durable quorum queue (what the PetStore's
        // consumers read from), persistent, mandatory on the relay's side, with publisher confirms.
        ch.exchangeDeclare("bench.perf", "topic", true);
        for (String q : List.of("bench.relay.q", "bench.perf.q")) {
          ch.queueDelete(q);
          ch.queueDeclare(q, true, false, false, Map.of("x-queue-type", "quorum"));
        }
        ch.queueBind("bench.relay.q", "bench.events", TYPE);
        ch.queueBind("bench.perf.q", "bench.perf", TYPE);
        List<String> perf = List.of(javaBin(), "-Xmx512m", "-cp", perfTestLib + "/*", "com.rabbitmq.perf.PerfTest",
            "--uri", amqp, "--producers", "1", "--consumers", "0", "--size", String.valueOf(BODY_BYTES),
            "--pmessages", String.valueOf(n), "--confirm", "500", "--flag", "persistent", "--flag", "mandatory",
            "--exchange", "bench.perf", "--type", "topic", "--routing-key", TYPE, "--queue", "bench.perf.q", "--predeclared");
        try {
          compare(h, results, "rabbitmq", store, db, bus, mapper, head, n, perf, RelayBench::perfTest, clock,
              () -> purge(ch, "bench.relay.q", "bench.perf.q"));
        } finally {
          // Deleting a quorum queue right after purging it crashed RabbitMQ 3.10.8's quorum-queue log
          // writer once here, dropping every connection on the broker, other people's too: let it settle.
          Thread.sleep(3_000);
          ch.queueDelete("bench.relay.q");
          ch.queueDelete("bench.perf.q");
          ch.exchangeDelete("bench.perf");
        }
      }
    } finally {
      Postgres.drop("bench_relay");
    }
  }

  interface Parser {
    double[] parse(List<String> output); // records/s, p50 ms, p99 ms
  }

  static void compare(Harness h, Results results, String broker, PostgresEventStore store, PostgresDatabase db, Bus bus,
                      MessageMapper mapper, long head, int n, List<String> tool, Parser parser, Clock clock) throws Exception {
    compare(h, results, broker, store, db, bus, mapper, head, n, tool, parser, clock, () -> {});
  }

  static void compare(Harness h, Results results, String broker, PostgresEventStore store, PostgresDatabase db, Bus bus,
                      MessageMapper mapper, long head, int n, List<String> tool, Parser parser, Clock clock, Runnable between)
      throws Exception {
    String kase = String.format("%,d x %d B to %s", n, BODY_BYTES, broker);
    for (int round = 0; round <= h.rounds; round++) {
      String label = round == 0 ? "warm-up" : "round " + round;
      double load = Harness.load();
      long start = System.nanoTime();
      Relay relay = new Relay(broker + "-" + round + "-" + System.nanoTime(), store, db, mapper, MessageValidator.NONE, bus, clock,
          new SimpleMeterRegistry()).start();
      try {
        while (relay.checkpoint() != head) {
          if (relay.failure() != null) throw new IllegalStateException("relay failed", relay.failure());
          Thread.sleep(10);
        }
      } finally {
        relay.close();
      }
      double s = (System.nanoTime() - start) / 1e9;
      if (round > 0) results.row(kase, "kernel-relay", round, n, s, Double.NaN, Double.NaN, load);
      h.say("%s relay %s: %10s (load %.2f)", broker, label, Harness.rate(n / s), load);
      between.run();

      load = Harness.load();
      List<String> out = run(tool);
      double[] parsed = parser.parse(out);
      if (round > 0) results.row(kase, broker.equals("kafka") ? "kafka-producer-performance" : "rabbitmq-perf-test", round, n,
          n / parsed[0], parsed[1], parsed[2], load);
      h.say("%s raw tool %s: %10s  p50 %.1f ms p99 %.1f ms (load %.2f)", broker, label, Harness.rate(parsed[0]), parsed[1], parsed[2], load);
      between.run();
    }
  }

  static void purge(Channel ch, String... queues) {
    try {
      for (String q : queues) ch.queuePurge(q);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static List<String> run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) lines.add(line);
    }
    if (p.waitFor() != 0) throw new IllegalStateException(command.get(4) + " failed:\n" + String.join("\n", lines));
    return lines;
  }

  private static final Pattern PRODUCER_PERFORMANCE = Pattern.compile(
      "(\\d+) records sent, ([\\d.]+) records/sec .*?, ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

  static double[] producerPerformance(List<String> out) {
    for (String line : out.reversed()) {
      Matcher m = PRODUCER_PERFORMANCE.matcher(line);
      if (m.find()) return new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(5)), Double.parseDouble(m.group(7))};
    }
    throw new IllegalStateException("no summary from ProducerPerformance:\n" + String.join("\n", out));
  }

  private static final Pattern PERF_TEST_RATE = Pattern.compile("sending rate avg: ([\\d.]+) msg/s");
  private static final Pattern PERF_TEST_LATENCY = Pattern.compile(
      "min/median/75th/95th/99th (?:consumer |confirm )?latency: (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) (µs|ms)");

  static double[] perfTest(List<String> out) {
    double rate = Double.NaN;
    List<double[]> latencies = new ArrayList<>();
    for (String line : out) {
      Matcher m = PERF_TEST_RATE.matcher(line);
      if (m.find()) rate = Double.parseDouble(m.group(1));
      if (line.contains("confirm latency") || line.contains("confirmed")) {
        Matcher l = PERF_TEST_LATENCY.matcher(line);
        if (l.find()) {
          double unit = l.group(6).equals("ms") ? 1 : 1e-3;
          latencies.add(new double[] {Double.parseDouble(l.group(2)) * unit, Double.parseDouble(l.group(5)) * unit});
        }
      }
    }
    if (Double.isNaN(rate)) throw new IllegalStateException("no summary from PerfTest:\n" + String.join("\n", out));
    // PerfTest reports confirm latency per second of the run; the medians of those are what it offers
    double p50 = Harness.median(latencies.stream().map(l -> l[0]).toList());
    double p99 = Harness.median(latencies.stream().map(l -> l[1]).toList());
    return new double[] {rate, p50, p99};
  }

  static String payload(UUID id, String padding) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + padding + "\"}";
  }

  /** Pads the data so that the message's wire body is exactly {@value #BODY_BYTES} bytes. */
  static String padding() {
    Message empty = new Message(TYPE, UUID.randomUUID(), Instant.parse("2026-11-28T13:19:45.123456Z"), "k",
        MAPPER.readTree(payload(UUID.randomUUID(), "")), 1);
    int size = empty.bodyText(MAPPER).getBytes(StandardCharsets.UTF_8).length;
    return "x".repeat(Math.max(0, BODY_BYTES - size));
  }

  static void load(HikariDataSource pool, int n, String padding) throws Exception {
    int chunk = 50_000;
    for (int from = 0; from < n; from += chunk) {
      StringBuilder rows = new StringBuilder(chunk * 500);
      for (int i = from; i < Math.min(n, from + chunk); i++) {
        UUID id = UUID.randomUUID();
        rows.append(id).append("\titem-").append(id).append("\t1\tItemRecorded\t").append(payload(id, padding)).append("\t\\N\t\\N\tbench\n");
      }
      try (Connection c = pool.getConnection()) {
        new CopyManager(c.unwrap(BaseConnection.class)).copyIn(
            "COPY kernel.events (event_id, stream_id, version, type, payload, correlation_id, causation_id, who) FROM STDIN",
            new StringReader(rows.toString()));
      }
    }
  }
}
