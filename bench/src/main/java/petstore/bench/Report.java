package petstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns bench/results/*.csv into bench/results/report.md (tables: median and min–max of the rounds, p50/p99,
 * each figure's ratio to its peer and to its limit measured in the same run, the load while it ran, the
 * targets met or missed) and one PNG chart per suite. bench/run-all splices report.md into BENCHMARKS.md.
 */
public final class Report {
  record Row(String suite, String kase, String impl, int round, long events, double seconds, double rate, double p50, double p99,
             double load, long errors) {}

  /** What a figure is compared with: the peer a user would pick instead, and the limit of the machine. */
  record Peers(String peer, String limit) {}

  static final Map<String, Peers> PEERS = Map.ofEntries(
      Map.entry("append/kernel-postgres", new Peers("axon-jdbc", "plain-jdbc")),
      Map.entry("append/axon-jdbc", new Peers(null, "plain-jdbc")),
      Map.entry("append/kernel-sqlite", new Peers("kernel-postgres", null)),
      Map.entry("read/kernel-postgres", new Peers("axon-jdbc", "plain-select-postgres")),
      Map.entry("read/axon-jdbc", new Peers(null, "plain-select-postgres")),
      Map.entry("read/kernel-sqlite", new Peers("kernel-postgres", "plain-select-sqlite")),
      Map.entry("rebuild/kernel-projection-engine", new Peers("axon-tracking-processor", null)),
      Map.entry("aggregate/kernel-eventsourced", new Peers("axon-repository", null)),
      Map.entry("relay/kernel-relay", new Peers(null, "@raw")),
      Map.entry("http/postgres", new Peers("embedded-sqlite", null)));

  final List<Row> rows = new ArrayList<>();
  final StringBuilder md = new StringBuilder();
  final List<String[]> targets = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Report r = new Report();
    for (String suite : List.of("append", "read", "rebuild", "aggregate", "relay", "http")) r.load(suite);
    r.write();
  }

  void load(String suite) throws IOException {
    Path f = Harness.RESULTS.resolve(suite + ".csv");
    if (!Files.exists(f)) return;
    for (String line : Files.readAllLines(f).subList(1, Files.readAllLines(f).size())) {
      String[] c = Results.fields(line).toArray(String[]::new);
      rows.add(new Row(c[0], c[1], c[2], Integer.parseInt(c[3]), Long.parseLong(c[4]), d(c[5]), d(c[6]), d(c[7]), d(c[8]), d(c[9]),
          c.length > 10 ? Long.parseLong(c[10]) : 0));
    }
  }

  static double d(String s) {
    return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
  }

  List<Row> of(String suite) {
    return rows.stream().filter(r -> r.suite.equals(suite)).toList();
  }

  /** case → impl → rounds, in the order they were measured. */
  static Map<String, Map<String, List<Row>>> grouped(List<Row> rows) {
    Map<String, Map<String, List<Row>>> g = new LinkedHashMap<>();
    for (Row r : rows) g.computeIfAbsent(r.kase, k -> new LinkedHashMap<>()).computeIfAbsent(r.impl, k -> new ArrayList<>()).add(r);
    return g;
  }

  static double med(List<Row> rs, Function<Row, Double> f) {
    return Harness.median(rs.stream().map(f).filter(v -> !Double.isNaN(v)).toList());
  }

  static double min(List<Row> rs, Function<Row, Double> f) {
    return rs.stream().map(f).filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  static double max(List<Row> rs, Function<Row, Double> f) {
    return rs.stream().map(f).filter(v -> !Double.isNaN(v)).mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  static String num(double v) {
    if (Double.isNaN(v)) return "–";
    if (v >= 100) return String.format(Locale.ROOT, "%,.0f", v);
    if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String ratio(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b == 0) return "–";
    return String.format(Locale.ROOT, "%.2f×", a / b);
  }

  static String range(List<Row> rs, Function<Row, Double> f) {
    if (Double.isNaN(med(rs, f))) return "–";
    return num(med(rs, f)) + " (" + num(min(rs, f)) + "–" + num(max(rs, f)) + ")";
  }

  static String loads(List<Row> rs) {
    return String.format(Locale.ROOT, "%.1f–%.1f", min(rs, Row::load), max(rs, Row::load));
  }

  // ------------------------------------------------------------------------------------------- tables

  /** A throughput table: events/s with min–max, p50/p99, and ratios to the peer and the limit of the same case. */
  void throughput(String suite, String title, String unit, boolean latencies) {
    List<Row> all = of(suite);
    if (all.isEmpty()) return;
    md.append("### ").append(title).append("\n\n");
    md.append("| case | implementation | ").append(unit).append(" median (min–max) |")
        .append(latencies ? " p50 ms | p99 ms |" : "").append(" ÷ peer | ÷ limit | load 1-min |\n");
    md.append("|---|---|---:|").append(latencies ? "---:|---:|" : "").append("---:|---:|---|\n");
    for (var byCase : grouped(all).entrySet()) {
      for (var byImpl : byCase.getValue().entrySet()) {
        List<Row> rs = byImpl.getValue();
        Peers p = PEERS.getOrDefault(suite + "/" + byImpl.getKey(), new Peers(null, null));
        String limitImpl = "@raw".equals(p.limit())
            ? byCase.getValue().keySet().stream().filter(i -> !i.startsWith("kernel")).findFirst().orElse(null) : p.limit();
        String vsPeer = p.peer() == null || !byCase.getValue().containsKey(p.peer()) ? "" :
            ratio(med(rs, Row::rate), med(byCase.getValue().get(p.peer()), Row::rate)) + " " + p.peer();
        String vsLimit = limitImpl == null || !byCase.getValue().containsKey(limitImpl) ? "" :
            ratio(med(rs, Row::rate), med(byCase.getValue().get(limitImpl), Row::rate)) + " " + limitImpl;
        md.append("| ").append(byCase.getKey()).append(" | ").append(byImpl.getKey()).append(" | ").append(range(rs, Row::rate)).append(" |");
        if (latencies) md.append(' ').append(num(med(rs, Row::p50))).append(" | ").append(range(rs, Row::p99)).append(" |");
        md.append(' ').append(vsPeer).append(" | ").append(vsLimit).append(" | ").append(loads(rs)).append(" |\n");
      }
    }
    md.append('\n');
  }

  /** A latency table: p50 and p99 per case and implementation, the peer's p50 over ours (how many times faster). */
  void latency(String suite, String title) {
    List<Row> all = of(suite);
    if (all.isEmpty()) return;
    md.append("### ").append(title).append("\n\n");
    md.append("| case | implementation | p50 ms median (min–max) | p99 ms median (min–max) | peer p50 ÷ ours | loads per round | load 1-min |\n");
    md.append("|---|---|---:|---:|---:|---:|---|\n");
    for (var byCase : grouped(all).entrySet()) {
      for (var byImpl : byCase.getValue().entrySet()) {
        List<Row> rs = byImpl.getValue();
        Peers p = PEERS.getOrDefault(suite + "/" + byImpl.getKey(), new Peers(null, null));
        String vs = p.peer() == null || !byCase.getValue().containsKey(p.peer()) ? "" :
            ratio(med(byCase.getValue().get(p.peer()), Row::p50), med(rs, Row::p50)) + " (" + p.peer() + ")";
        md.append("| ").append(byCase.getKey()).append(" | ").append(byImpl.getKey()).append(" | ").append(range(rs, Row::p50))
            .append(" | ").append(range(rs, Row::p99)).append(" | ").append(vs).append(" | ").append(rs.getFirst().events)
            .append(" | ").append(loads(rs)).append(" |\n");
      }
    }
    md.append('\n');
  }

  /** HTTP: per case, each store's achieved rate, p50, p99, errors, and p99 over the floor (GET /health at the same rate). */
  void http() {
    List<Row> all = of("http");
    if (all.isEmpty()) return;
    md.append("### HTTP: commands at rising rates, live lag, adoptions end to end\n\n");
    md.append("| case | store | achieved req/s median | p50 ms median | p99 ms median (min–max) | p99 ÷ GET /health p99 | postgres p99 ÷ embedded p99 | errors / late | load 1-min |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    var g = grouped(all);
    for (var byCase : g.entrySet()) {
      String rate = byCase.getKey().contains("@ ") ? byCase.getKey().substring(byCase.getKey().indexOf("@ ") + 2) : null;
      for (var byImpl : byCase.getValue().entrySet()) {
        List<Row> rs = byImpl.getValue();
        var floor = rate == null ? null : g.getOrDefault("GET /health @ " + rate, Map.of()).get(byImpl.getKey());
        boolean command = byCase.getKey().startsWith("register-pet") || byCase.getKey().startsWith("adopt-pet");
        String vsFloor = floor == null || !command ? "" : ratio(med(rs, Row::p99), med(floor, Row::p99));
        String vsPeer = byImpl.getKey().equals("postgres") && byCase.getValue().containsKey("embedded-sqlite")
            ? ratio(med(rs, Row::p99), med(byCase.getValue().get("embedded-sqlite"), Row::p99)) : "";
        long errors = rs.stream().mapToLong(Row::errors).sum();
        md.append("| ").append(byCase.getKey()).append(" | ").append(byImpl.getKey()).append(" | ").append(num(med(rs, Row::rate)))
            .append(" | ").append(num(med(rs, Row::p50))).append(" | ").append(range(rs, Row::p99)).append(" | ").append(vsFloor)
            .append(" | ").append(vsPeer).append(" | ").append(errors).append(" | ").append(loads(rs)).append(" |\n");
      }
    }
    md.append("\nAchieved req/s for the live-lag row counts the lag samples (every 10th command), and for the completed row the\n"
        + "adoptions seen completed; \"errors / late\" counts non-2xx answers and failed requests, queries still behind after 2 s,\n"
        + "and adoptions not completed within 30 s of the last POST.\n\n");
  }

  // ------------------------------------------------------------------------------------------- targets

  double rateOf(String suite, String kase, String impl) {
    return med(of(suite).stream().filter(r -> r.kase.equals(kase) && r.impl.equals(impl)).toList(), Row::rate);
  }

  double p99Of(String suite, String kase, String impl) {
    return med(of(suite).stream().filter(r -> r.kase.equals(kase) && r.impl.equals(impl)).toList(), Row::p99);
  }

  String firstCase(String suite, String prefix) {
    return of(suite).stream().map(Row::kase).filter(k -> k.startsWith(prefix)).findFirst().orElse("?");
  }

  void target(String what, double value, String shown, boolean met) {
    if (Double.isNaN(value)) return;
    targets.add(new String[] {what, shown, met ? "met" : "**missed**"});
  }

  void targets() {
    double pg = rateOf("append", "16w x 10ev", "kernel-postgres");
    target("PostgreSQL batched appends (16 writers × 10 events) ≥ 20,000 events/s", pg, num(pg) + " events/s", pg >= 20_000);
    double axon = rateOf("append", "16w x 10ev", "axon-jdbc");
    target("… ≥ 2× Axon JdbcEventStorageEngine", pg / axon, ratio(pg, axon), pg / axon >= 2);
    double plain = rateOf("append", "16w x 10ev", "plain-jdbc");
    target("… ≥ 70 % of plain JDBC batch inserts", pg / plain, ratio(pg, plain), pg / plain >= 0.7);
    String log = firstCase("read", "log of");
    for (String[] s : new String[][] {{"kernel-postgres", "plain-select-postgres"}, {"kernel-sqlite", "plain-select-sqlite"}}) {
      double r = rateOf("read", log, s[0]);
      target("Reading the log (" + s[0] + ") ≥ 100,000 events/s", r, num(r) + " events/s", r >= 100_000);
      double lim = rateOf("read", log, s[1]);
      target("… ≥ 50 % of " + s[1], r / lim, ratio(r, lim), r / lim >= 0.5);
    }
    double snap = p99Of("aggregate", "100,000 events, snapshot", "kernel-eventsourced");
    target("Loading a 100,000-event pet from a snapshot ≤ 10 ms (p99)", snap, num(snap) + " ms", snap <= 10);
    String rb = firstCase("rebuild", "rebuild of");
    double k = rateOf("rebuild", rb, "kernel-projection-engine");
    double a = rateOf("rebuild", rb, "axon-tracking-processor");
    target("Projection rebuild ≥ 30,000 events/s", k, num(k) + " events/s", k >= 30_000);
    target("… ≥ 3× Axon's tracking processor replay", k / a, ratio(k, a), k / a >= 3);
    for (String broker : new String[] {"kafka", "rabbitmq"}) {
      String kase = firstCase("relay", of("relay").stream().map(Row::kase).filter(c -> c.endsWith(broker)).findFirst().orElse("?"));
      double relay = rateOf("relay", kase, "kernel-relay");
      double raw = rateOf("relay", kase, broker.equals("kafka") ? "kafka-producer-performance" : "rabbitmq-perf-test");
      target("Relay to " + broker + " ≥ 50 % of the broker's own load tool", relay / raw, ratio(relay, raw) + " (" + num(relay) + " vs " + num(raw) + " msg/s)",
          relay / raw >= 0.5);
    }
    for (String store : new String[] {"embedded-sqlite", "postgres"}) {
      for (String cmd : new String[] {"register-pet", "adopt-pet"}) {
        double p = p99Of("http", cmd + " @ 1000/s", store);
        target(cmd + " p99 ≤ 20 ms at 1,000 req/s (" + store + ")", p, num(p) + " ms", p <= 20);
      }
      double lag = p99Of("http", "projection lag @ 1000/s", store);
      long behind = of("http").stream().filter(r -> r.kase.equals("projection lag @ 1000/s") && r.impl.equals(store))
          .mapToLong(Row::errors).sum();
      long lagRounds = of("http").stream().filter(r -> r.kase.equals("projection lag @ 1000/s") && r.impl.equals(store)).count();
      if (lagRounds > 0) {
        target("Projection live lag p99 ≤ 100 ms at 1,000 events/s (" + store + ")", Double.isNaN(lag) ? Double.POSITIVE_INFINITY : lag,
            (Double.isNaN(lag) ? "no query saw its position within 2 s" : num(lag) + " ms") + (behind > 0 ? ", " + behind + " queries still behind after 2 s" : ""),
            lag <= 100 && behind == 0);
      }
      double post = p99Of("http", "adoption POST @ 50/s", store);
      target("POST /api/adoptions p99 ≤ 20 ms at 50/s (" + store + ")", post, num(post) + " ms", post <= 20);
      double done = p99Of("http", "adoption completed @ 50/s", store);
      long missing = of("http").stream().filter(r -> r.kase.equals("adoption completed @ 50/s") && r.impl.equals(store))
          .mapToLong(Row::errors).sum();
      target("Adoption POST → completed p99 ≤ 2 s (" + store + ")", Double.isNaN(done) && missing > 0 ? Double.POSITIVE_INFINITY : done,
          (Double.isNaN(done) ? "none" : num(done) + " ms") + (missing > 0 ? ", " + missing + " not completed in 30 s" : ""),
          done <= 2000 && missing == 0);
    }
    md.append("### Targets\n\n| target | measured (medians) | |\n|---|---|---|\n");
    for (String[] t : targets) md.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
    md.append('\n');
  }

  // ------------------------------------------------------------------------------------------- charts

  void bars(String suite, String title, String yTitle, Function<List<Row>, Double> value, boolean log) throws IOException {
    List<Row> all = of(suite);
    if (all.isEmpty()) return;
    var g = grouped(all);
    CategoryChart chart = new CategoryChartBuilder().width(900).height(420).title(title).yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setYAxisLogarithmic(log);
    if (log) chart.getStyler().setYAxisMin(0.1);
    chart.getStyler().setAvailableSpaceFill(0.8);
    List<String> impls = all.stream().map(Row::impl).distinct().toList();
    List<String> cases = new ArrayList<>(g.keySet());
    for (String impl : impls) {
      List<Double> ys = new ArrayList<>();
      for (String c : cases) {
        List<Row> rs = g.get(c).get(impl);
        ys.add(rs == null ? (log ? 1e-3 : 0.0) : value.apply(rs));
      }
      chart.addSeries(impl, cases, ys);
    }
    BitmapEncoder.saveBitmap(chart, Harness.RESULTS.resolve(suite).toString(), BitmapEncoder.BitmapFormat.PNG);
    md.append("![").append(title).append("](bench/results/").append(suite).append(".png)\n\n");
  }

  void httpChart() throws IOException {
    List<Row> all = of("http");
    if (all.isEmpty()) return;
    XYChart chart = new XYChartBuilder().width(1000).height(440).title("HTTP command p99 latency vs offered rate (open loop)")
        .xAxisTitle("offered requests/s").yAxisTitle("p99 ms (log)").build();
    chart.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.OutsideE)
        .setLegendLayout(Styler.LegendLayout.Vertical);
    for (String what : List.of("GET /health", "register-pet", "adopt-pet")) {
      for (String store : List.of("embedded-sqlite", "postgres")) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (var e : grouped(all.stream().filter(r -> r.kase.startsWith(what + " @ ") && r.impl.equals(store)).toList()).entrySet()) {
          xs.add(Double.parseDouble(e.getKey().replaceAll(".*@ (\\d+)/s", "$1")));
          ys.add(Math.max(0.01, med(e.getValue().get(store), Row::p99)));
        }
        if (!xs.isEmpty()) chart.addSeries(what + " · " + store, xs, ys);
      }
    }
    BitmapEncoder.saveBitmap(chart, Harness.RESULTS.resolve("http").toString(), BitmapEncoder.BitmapFormat.PNG);
    md.append("![HTTP p99 vs rate](bench/results/http.png)\n\n");
  }

  // ------------------------------------------------------------------------------------------- the page

  void write() throws IOException {
    targets();
    throughput("append", "1. Appends (events/s; latency per append)", "events/s", true);
    bars("append", "Appends: events/s (median of rounds)", "events/s", rs -> med(rs, Row::rate), false);
    throughput("read", "2. Reading the global log (events/s)", "events/s", false);
    bars("read", "Reading the log: events/s", "events/s", rs -> med(rs, Row::rate), false);
    latency("aggregate", "3. Loading one aggregate (ms per load)");
    bars("aggregate", "Loading one pet: p50 ms (log scale)", "ms", rs -> Math.max(0.01, med(rs, Row::p50)), true);
    throughput("rebuild", "4. Projection rebuild into PostgreSQL (events/s)", "events/s", false);
    bars("rebuild", "Rebuilding available_pets: events/s", "events/s", rs -> med(rs, Row::rate), false);
    throughput("relay", "5. Relay throughput, 512-byte messages (messages/s; the raw tools' own p50/p99)", "msg/s", true);
    bars("relay", "Relay vs the brokers' own load tools: messages/s", "messages/s", rs -> med(rs, Row::rate), false);
    http();
    httpChart();
    Files.writeString(Harness.RESULTS.resolve("report.md"), md.toString());
    System.out.println("bench: wrote " + Harness.RESULTS.resolve("report.md") + " and the charts");
  }
}
