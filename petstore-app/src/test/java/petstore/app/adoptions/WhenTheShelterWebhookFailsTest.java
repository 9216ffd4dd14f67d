package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.Main;
import petstore.app.config.Config;
import petstore.app.effects.ShelterWebhook;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

class WhenTheShelterWebhookFailsTest {
  @TempDir Path data;
  ShelterReceiver shelterEndpoint;
  RunningPetStore petStore;

  @AfterEach void stop() {
    if (petStore != null) petStore.close();
    if (shelterEndpoint != null) shelterEndpoint.close();
  }

  @Test void a_shelter_answering_500_three_times_is_notified_once_on_the_fourth_attempt() throws Exception {
    shelterEndpoint = ShelterReceiver.answering(200, 500, 500, 500);
    petStore = RunningPetStore.start(data, c -> c.with(Config.Setting.RETRY, "6:200"));
    Api api = petStore.api();
    JsonNode shelter = api.registerShelter("Happy Paws", "Oslo", shelterEndpoint.url());
    String secret = shelter.path("webhookSecret").asString();
    String adoption = api.adopted(api.registerPet("Rex", "dog", 3, shelter.path("shelterId").asString()),
        api.registerCustomer("Alice Lund", "alice@example.org"));

    JsonNode completed = api.awaitAdoption(adoption, "completed");

    assertThat(completed.path("steps").path("shelter-notification").path("attempts").asInt()).isEqualTo(4);
    assertThat(completed.path("steps").path("shelter-notification").path("status").asString()).isEqualTo("done");
    Thread.sleep(1_500);  // no delivery after the accepted one
    assertThat(shelterEndpoint.received()).extracting(ShelterReceiver.Received::answered).containsExactly(500, 500, 500, 200);
    assertThat(shelterEndpoint.accepted()).hasSize(1);
    ShelterReceiver.Received notice = shelterEndpoint.accepted().getFirst();
    assertThat(ShelterWebhook.verify(secret, notice.body(), notice.signature())).isTrue();
    assertThat(Api.JSON.readTree(notice.body()).path("data").path("adoptionId").asString()).isEqualTo(adoption);
    // every attempt was the same delivery, so the shelter can tell a repeat from a new adoption
    assertThat(shelterEndpoint.received()).extracting(ShelterReceiver.Received::delivery).containsOnly(notice.delivery());
  }

  @Test void a_step_that_keeps_failing_fails_the_adoption_until_it_is_retried() {
    shelterEndpoint = ShelterReceiver.answering(500);
    petStore = RunningPetStore.start(data, c -> c.with(Config.Setting.RETRY, "3:200"));
    Api api = petStore.api();
    JsonNode shelter = api.registerShelter("Happy Paws", "Oslo", shelterEndpoint.url());
    String adoption = api.adopted(api.registerPet("Rex", "dog", 3, shelter.path("shelterId").asString()),
        api.registerCustomer("Alice Lund", "alice@example.org"));

    JsonNode failed = api.awaitAdoption(adoption, "failed");

    JsonNode step = failed.path("steps").path("shelter-notification");
    assertThat(step.path("status").asString()).isEqualTo("failed");
    assertThat(step.path("attempts").asInt()).isEqualTo(3);
    assertThat(step.path("lastError").asString()).contains("answered HTTP 500");
    assertThat(failed.path("reason").asString()).startsWith("shelter-notification: ").contains("answered HTTP 500");
    assertThat(shelterEndpoint.received()).hasSize(3);
    // the consumer records the step's failure, then its dead letter: the listing may trail the status by a moment
    String listed = await().atMost(Api.PATIENCE).until(this::deadLetters, out -> out.contains("1 dead letter(s)."));
    assertThat(listed).contains("shelter-notification", "pet.adopted", "answered HTTP 500");

    Api.Response notFailed = api.post("/api/adoptions/" + adoption + "/steps/email/retry", "application/json", "");
    assertThat(notFailed.status()).isEqualTo(409);
    assertThat(notFailed.contentType()).startsWith("application/problem+json");
    assertThat(notFailed.json().path("detail").asString()).contains("email");

    shelterEndpoint.answerFromNowOn(200);
    Api.Response retry = api.post("/api/adoptions/" + adoption + "/steps/shelter-notification/retry", "application/json", "");
    assertThat(retry.status()).as("%s", retry).isEqualTo(202);
    JsonNode completed = api.awaitAdoption(adoption, "completed");

    assertThat(completed.path("steps").path("shelter-notification").path("status").asString()).isEqualTo("done");
    assertThat(completed.path("reason").isNull()).isTrue();
    assertThat(shelterEndpoint.accepted()).hasSize(1);
    assertThat(ShelterWebhook.verify(shelter.path("webhookSecret").asString(), shelterEndpoint.accepted().getFirst().body(),
        shelterEndpoint.accepted().getFirst().signature())).isTrue();
    assertThat(deadLetters()).contains("No dead letters.");
    Api.Response again = api.post("/api/adoptions/" + adoption + "/steps/shelter-notification/retry", "application/json", "");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
  }

  /** What {@code ./petstore dlq list} prints for this PetStore's data. */
  String deadLetters() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    synchronized (System.class) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        exit = new CommandLine(new Main()).execute("dlq", "list", "--data", data.toString());
      } finally {
        System.setOut(original);
      }
    }
    assertThat(exit).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }
}
