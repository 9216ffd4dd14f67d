package petstore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One CSV per suite under bench/results: a row per measured round (warm-ups are not written), so the
 * report can take medians and min–max and say what the load was while each round ran.
 */
final class Results implements AutoCloseable {
  static final String HEADER = "suite,case,impl,round,events,seconds,events_per_s,p50_ms,p99_ms,load1,errors";

  private final Path file;
  private final String suite;

  Results(String suite) {
    this.suite = suite;
    this.file = Harness.RESULTS.resolve(suite + ".csv");
    try {
      Files.createDirectories(Harness.RESULTS);
      Files.writeString(file, HEADER + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One round: {@code events} handled in {@code seconds}; p50/p99 in ms or NaN where none apply. */
  void row(String kase, String impl, int round, long events, double seconds, double p50, double p99, double load) {
    row(kase, impl, round, events, seconds, p50, p99, load, 0);
  }

  /** As {@link #row(String, String, int, long, double, double, double, double)}, with the requests or loads that failed. */
  synchronized void row(String kase, String impl, int round, long events, double seconds, double p50, double p99, double load, long errors) {
    String line = String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.4f,%.1f,%.3f,%.3f,%.2f,%d%n",
        suite, quoted(kase), quoted(impl), round, events, seconds, seconds > 0 ? events / seconds : Double.NaN, p50, p99, load, errors);
    try {
      Files.writeString(file, line, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quoted(String field) {
    return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
  }

  /** Splits one line this class wrote. */
  static java.util.List<String> fields(String line) {
    java.util.List<String> out = new java.util.ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    out.add(f.toString());
    return out;
  }

  @Override
  public void close() {}
}
