package petstore.app;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import petstore.app.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "petstore", mixinStandardHelpOptions = true, version = "PetStore Events 0.1.0",
    description = "An event-driven PetStore: shelters register pets, customers adopt them, events do the rest.",
    subcommands = {Main.Serve.class, DeadLetterCommands.class, ReplayCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  /** Settings every subcommand that opens the PetStore shares; each falls back to PETSTORE_<NAME>, the file, a default. */
  static final class Settings {
    @Option(names = "--store", paramLabel = "URL", description = "sqlite:<file> (default: <data>/petstore.db) or jdbc:postgresql://host:port/db?user=…  [env PETSTORE_STORE]")
    String store;

    @Option(names = "--bus", paramLabel = "BUS", description = "inprocess (default), kafka://host:port or amqp://user:pass@host:port  [env PETSTORE_BUS]")
    String bus;

    @Option(names = "--data", paramLabel = "DIR", description = "folder for the embedded database and files (default: ./data)  [env PETSTORE_DATA]")
    String data;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: 8080; 0 picks a free one)  [env PETSTORE_PORT]")
    String port;

    @Option(names = "--host", paramLabel = "HOST", description = "address to listen on (default: 0.0.0.0)  [env PETSTORE_HOST]")
    String host;

    @Option(names = "--roles", paramLabel = "ROLES", description = "comma-separated parts this process runs: api, projections, … (default: all)  [env PETSTORE_ROLES]")
    String roles;

    @Option(names = "--smtp", paramLabel = "URL", description = "smtp://[user:pass@]host:port for confirmation e-mails (default: .eml files under <data>/mail)  [env PETSTORE_SMTP]")
    String smtp;

    @Option(names = "--vets", paramLabel = "NAMES", description = "comma-separated vets for first appointments  [env PETSTORE_VETS]")
    String vets;

    @Option(names = "--retry", paramLabel = "N:MS", description = "attempts per message and first retry delay in ms, doubling (default: 5:500)  [env PETSTORE_RETRY]")
    String retry;

    @Option(names = "--public-url", paramLabel = "URL", description = "where clients reach this PetStore, for links in its messages (default: http://localhost:<port>)  [env PETSTORE_PUBLIC_URL]")
    String publicUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file of key=value lines (default: ./petstore.properties if present)  [env PETSTORE_CONFIG]")
    String config;

    Config resolve() {
      Map<Config.Setting, String> flags = new EnumMap<>(Config.Setting.class);
      put(flags, Config.Setting.STORE, store);
      put(flags, Config.Setting.BUS, bus);
      put(flags, Config.Setting.DATA, data);
      put(flags, Config.Setting.PORT, port);
      put(flags, Config.Setting.HOST, host);
      put(flags, Config.Setting.ROLES, roles);
      put(flags, Config.Setting.SMTP, smtp);
      put(flags, Config.Setting.VETS, vets);
      put(flags, Config.Setting.RETRY, retry);
      put(flags, Config.Setting.PUBLIC_URL, publicUrl);
      String file = config != null ? config : System.getenv("PETSTORE_CONFIG");
      return Config.resolve(flags, System.getenv(), java.nio.file.Path.of(file != null ? file : Config.DEFAULT_CONFIG_FILE), file != null);
    }

    private static void put(Map<Config.Setting, String> flags, Config.Setting s, String value) {
      if (value != null) flags.put(s, value);
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the PetStore until Ctrl-C.")
  static final class Serve implements Callable<Integer> {
    @CommandLine.Mixin Settings settings = new Settings();

    @Override
    public Integer call() throws InterruptedException {
      Config config;
      try {
        config = settings.resolve();
      } catch (IllegalArgumentException e) {
        System.err.println("petstore: " + e.getMessage());
        return 2;
      }
      PetStore petStore = PetStore.start(config);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("PetStore stopping…");
        petStore.close();
        System.out.println("PetStore stopped.");
        stopped.countDown();
      }, "shutdown"));
      String where = petStore.port() > 0 ? "PetStore listening on http://localhost:" + petStore.port() : "PetStore running (no api role: no HTTP)";
      System.out.println(where + "  (store: " + redact(config.store()) + ", bus: " + redact(config.bus())
          + ", roles: " + String.join(",", config.roles()) + ")");
      stopped.await();
      return 0;
    }
  }

  /** Passwords in URLs stay out of the terminal and logs. */
  static String redact(String url) {
    return url.replaceAll("(://[^:/@]+:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
