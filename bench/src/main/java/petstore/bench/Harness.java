package petstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * What every suite shares: the quick/full switch, the rounds, the load average, progress on the terminal.
 * A suite's figures only mean something next to its peer's taken in the same run, so every suite
 * measures both sides round by round, interleaved, rather than one side after the other.
 */
final class Harness {
  static final Path RESULTS = Path.of(System.getProperty("bench.results", "bench/results"));
  static final String PG = System.getProperty("bench.postgres", "jdbc:postgresql://127.0.0.1:5432/%s?user=postgres");

  final boolean quick;
  final int rounds;
  final String suite;

  Harness(String suite, String[] args) {
    this.suite = suite;
    this.quick = Arrays.asList(args).contains("--quick");
    this.rounds = Integer.getInteger("bench.rounds", 3);
  }

  /** The 1-minute load average, as /proc/loadavg has it. */
  static double load() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  void say(String format, Object... args) {
    System.out.printf("%s [%s] %s%n", LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), suite,
        args.length == 0 ? format : String.format(format, args));
    System.out.flush();
  }

  static String rate(double perSecond) {
    return String.format("%,.0f/s", perSecond);
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Median of a sorted copy. */
  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
