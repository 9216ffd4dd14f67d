package petstore.app;

import eventkernel.messaging.DeadLetters;
import eventkernel.messaging.Bus;
import eventkernel.messaging.MessagingTables;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import petstore.app.codec.PetStoreJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dlq", mixinStandardHelpOptions = true, description = "List and redrive the messages services gave up on.",
    subcommands = {DeadLetterCommands.ListLetters.class, DeadLetterCommands.Redrive.class})
final class DeadLetterCommands {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Show every dead letter with its reason.")
  static final class ListLetters implements Callable<Integer> {
    @Mixin Main.Settings settings = new Main.Settings();

    @Override
    public Integer call() {
      var config = settings.resolve();
      try (Storage storage = Storage.open(config, Clock.systemUTC())) {
        MessagingTables.create(storage.database());
        var letters = new DeadLetters(storage.database(), new PetStoreJson().mapper()).list();
        if (letters.isEmpty()) {
          System.out.println("No dead letters.");
          return 0;
        }
        System.out.printf("%-36s  %-22s  %-16s  %-8s  %s%n", "ID", "CONSUMER", "TYPE", "ATTEMPTS", "REASON");
        for (var d : letters) {
          System.out.printf("%-36s  %-22s  %-16s  %-8d  %s%n", d.id(), d.consumer(), d.eventType(), d.attempts(), d.reason());
        }
        System.out.println(letters.size() + " dead letter(s).");
      }
      return 0;
    }
  }

  @Command(name = "redrive", mixinStandardHelpOptions = true, description = "Hand dead letters back to their consumers.")
  static final class Redrive implements Callable<Integer> {
    @Mixin Main.Settings settings = new Main.Settings();

    @Parameters(arity = "0..1", paramLabel = "ID", description = "the dead letter's id (see dlq list)")
    String id;

    @Option(names = "--all", description = "redrive every dead letter")
    boolean all;

    @Override
    public Integer call() throws Exception {
      if ((id == null) == !all) {
        System.err.println("petstore: give a dead letter's id or --all");
        return 2;
      }
      var config = settings.resolve();
      var mapper = new PetStoreJson().mapper();
      try (Storage storage = Storage.open(config, Clock.systemUTC());
           Bus bus = Buses.open(config, storage.database(), mapper, Clock.systemUTC())) {
        MessagingTables.create(storage.database());
        DeadLetters deadLetters = new DeadLetters(storage.database(), mapper);
        List<DeadLetters.DeadLetter> letters = all ? deadLetters.list() : deadLetters.byId(id);
        if (letters.isEmpty()) {
          System.err.println(all ? "No dead letters." : "petstore: no dead letter " + id);
          return all ? 0 : 1;
        }
        for (var letter : letters) {
          deadLetters.redrive(letter, bus);
          System.out.println("redriven " + letter.id() + " to " + letter.consumer());
        }
        System.out.println(letters.size() + " dead letter(s) handed back; a running PetStore picks them up within a second.");
      }
      return 0;
    }
  }
}
