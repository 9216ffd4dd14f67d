package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.Main;
import picocli.CommandLine;

/** {@code ./petstore replay}: the messages come again to one consumer, and its inbox keeps each side effect single. */
class ReplayingAConsumerTest {
  @TempDir Path data;

  @Test
  void replaying_the_email_service_from_the_beginning_delivers_again_and_sends_nothing_twice() throws Exception {
    try (RunningPetStore petStore = RunningPetStore.start(data)) {
      Api api = petStore.api();
      String shelter = api.registerShelter("Happy Paws", "Oslo", null).path("shelterId").asString();
      for (int i = 0; i < 3; i++) {
        String pet = api.registerPet("Rex " + i, "dog", 3, shelter);
        String customer = api.registerCustomer("Alice " + i, "alice" + i + "@example.com");
        api.awaitAdoption(api.adopted(pet, customer), "completed");
      }
      Instant afterTheFirstThree = Instant.now();
      assertThat(mails()).hasSize(3);
      long mailTimes = lastModified();

      String all = replay("--consumer", "email", "--from-beginning");
      String none = replay("--consumer", "email", "--from", afterTheFirstThree.toString());

      assertThat(all).contains("replay for email from the beginning").containsPattern("\\b(1[0-9]|[2-9][0-9])\\b message");
      assertThat(none).contains(": 0 message(s)");
      Thread.sleep(2_000);  // the running PetStore takes the rewind within its poll interval
      assertThat(mails()).as("no e-mail sent twice").hasSize(3);
      assertThat(lastModified()).as("no e-mail written again").isEqualTo(mailTimes);

      String pet = api.registerPet("Late", "cat", 1, shelter);
      String customer = api.registerCustomer("Bob", "bob@example.com");
      api.awaitAdoption(api.adopted(pet, customer), "completed");
      await().atMost(Duration.ofSeconds(10)).until(() -> mails().length == 4);
    }
  }

  private String[] mails() throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("mail"))) {
      return files.filter(p -> p.toString().endsWith(".eml")).map(Path::toString).toArray(String[]::new);
    }
  }

  private long lastModified() throws Exception {
    long latest = 0;
    for (String mail : mails()) latest = Math.max(latest, Files.getLastModifiedTime(Path.of(mail)).toMillis());
    return latest;
  }

  private String replay(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      String[] all = Stream.concat(Stream.of("replay", "--data", data.toString()), Stream.of(args)).toArray(String[]::new);
      assertThat(new CommandLine(new Main()).execute(all)).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
