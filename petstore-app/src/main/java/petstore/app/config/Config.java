package petstore.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * One configuration for a PetStore process, each setting taken from the first of: a command-line flag,
 * an environment variable, the configuration file, the default.
 *
 * @param store {@code sqlite:<file>} or a PostgreSQL JDBC URL
 * @param bus {@code inprocess}, {@code kafka://host:port} or {@code amqp://user:pass@host:port}
 * @param roles which parts this process runs; {@code all} expands to every role
 * @param publicUrl where clients reach this PetStore, for the links in its messages (the certificateUrl of
 *     adoption.completed): http(s), no trailing slash; by default http://localhost:&lt;port&gt;
 */
public record Config(String store, String bus, String host, int port, Path data, Set<String> roles, String smtp, List<String> vets,
                     int maxAttempts, java.time.Duration firstRetry, String publicUrl) {

  /** A setting's name in flags (--name), the environment (PETSTORE_NAME) and the file (name=). */
  public enum Setting {
    STORE, BUS, HOST, PORT, DATA, ROLES, SMTP, VETS, RETRY, PUBLIC_URL;

    public String env() {
      return "PETSTORE_" + name();
    }

    public String key() {
      return name().toLowerCase();
    }
  }

  public static final String DEFAULT_CONFIG_FILE = "petstore.properties";

  public Config {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
    if (!store.startsWith("sqlite:") && !store.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("store must be sqlite:<file> or jdbc:postgresql://…, got " + store);
    }
    if (!bus.equals("inprocess") && !bus.startsWith("kafka://") && !bus.startsWith("amqp://")) {
      throw new IllegalArgumentException("bus must be inprocess, kafka://host:port or amqp://user:pass@host:port, got " + bus);
    }
    if (maxAttempts < 1) throw new IllegalArgumentException("retry needs at least one attempt");
    publicUrl = checkedPublicUrl(publicUrl);
    roles = Set.copyOf(roles);
    vets = List.copyOf(vets);
  }

  /**
   * @param flags settings given on the command line (absent ones not in the map)
   * @param env the process environment
   * @param file the configuration file; a missing default file is fine, a missing named one is not
   */
  public static Config resolve(Map<Setting, String> flags, Map<String, String> env, Path file, boolean fileNamed) {
    Properties fromFile = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        fromFile.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
      }
    } else if (fileNamed) {
      throw new IllegalArgumentException("configuration file " + file + " does not exist");
    }
    java.util.function.Function<Setting, String> pick = s -> {
      if (flags.get(s) != null) return flags.get(s);
      if (env.get(s.env()) != null && !env.get(s.env()).isBlank()) return env.get(s.env());
      return fromFile.getProperty(s.key());
    };
    Path data = Path.of(orDefault(pick.apply(Setting.DATA), "data"));
    String store = orDefault(pick.apply(Setting.STORE), "sqlite:" + data.resolve("petstore.db"));
    String bus = orDefault(pick.apply(Setting.BUS), "inprocess");
    String host = orDefault(pick.apply(Setting.HOST), "0.0.0.0");
    String portText = orDefault(pick.apply(Setting.PORT), "8080");
    int port;
    try {
      port = Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, got " + portText);
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String role : orDefault(pick.apply(Setting.ROLES), "all").split(",")) {
      if (!role.isBlank()) roles.add(role.trim());
    }
    String smtp = pick.apply(Setting.SMTP);
    List<String> vets = List.of(orDefault(pick.apply(Setting.VETS), "Dr. Ada Hart,Dr. Ben Okoro").split("\\s*,\\s*"));
    String retry = orDefault(pick.apply(Setting.RETRY), "5:500");
    int maxAttempts;
    long firstRetryMs;
    try {
      String[] parts = retry.split(":");
      maxAttempts = Integer.parseInt(parts[0].trim());
      firstRetryMs = Long.parseLong(parts[1].trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("retry must be <attempts>:<first delay in ms>, e.g. 5:500, got " + retry);
    }
    // With port 0 the port is picked at start, after the messages' links are made: say 8080 unless told.
    String publicUrl = orDefault(pick.apply(Setting.PUBLIC_URL), "http://localhost:" + (port == 0 ? 8080 : port));
    return new Config(store, bus, host, port, data, roles, smtp, vets, maxAttempts, java.time.Duration.ofMillis(firstRetryMs), publicUrl);
  }

  private static String checkedPublicUrl(String url) {
    String trimmed = url == null ? "" : url.trim();
    while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
    java.net.URI uri;
    try {
      uri = new java.net.URI(trimmed);
    } catch (java.net.URISyntaxException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("public-url must be an http(s) URL such as https://pets.example.org, got " + url);
    }
    return trimmed;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The embedded defaults, for tests and tools: SQLite under {@code data}, the in-process bus, every role. */
  public static Config embedded(Path data, int port) {
    return resolve(java.util.Map.of(Setting.DATA, data.toString(), Setting.PORT, String.valueOf(port)), java.util.Map.of(),
        data.resolve("none.properties"), false);
  }

  public Config with(Setting setting, String value) {
    return switch (setting) {
      case STORE -> new Config(value, bus, host, port, data, roles, smtp, vets, maxAttempts, firstRetry, publicUrl);
      case BUS -> new Config(store, value, host, port, data, roles, smtp, vets, maxAttempts, firstRetry, publicUrl);
      case ROLES -> new Config(store, bus, host, port, data, Set.of(value.split(",")), smtp, vets, maxAttempts, firstRetry, publicUrl);
      case SMTP -> new Config(store, bus, host, port, data, roles, value, vets, maxAttempts, firstRetry, publicUrl);
      case RETRY -> new Config(store, bus, host, port, data, roles, smtp, vets, Integer.parseInt(value.split(":")[0]),
          java.time.Duration.ofMillis(Long.parseLong(value.split(":")[1])), publicUrl);
      case PUBLIC_URL -> new Config(store, bus, host, port, data, roles, smtp, vets, maxAttempts, firstRetry, value);
      default -> throw new IllegalArgumentException("not changeable here: " + setting);
    };
  }

  public boolean runs(String role) {
    return roles.contains("all") || roles.contains(role);
  }

  public boolean embedded() {
    return store.startsWith("sqlite:");
  }

  /** The SQLite file of an embedded store. */
  public Path sqliteFile() {
    return Path.of(store.substring("sqlite:".length()));
  }
}
