package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import petstore.app.config.Config;
import tools.jackson.databind.JsonNode;

class ReturningTheAdoptedPetTest {
  static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

  @TempDir Path data;
  ShelterReceiver shelterEndpoint;
  RunningPetStore petStore;
  Api api;

  @AfterEach void stop() {
    if (petStore != null) petStore.close();
    if (shelterEndpoint != null) shelterEndpoint.close();
  }

  @Test void returning_the_pet_after_the_adoption_cancels_the_welcome_package_and_frees_the_vet_slot() {
    petStore = RunningPetStore.start(data);
    api = petStore.api();
    String shelter = api.registerShelter("Happy Paws", "Oslo", null).path("shelterId").asString();
    String customer = api.registerCustomer("Alice Lund", "alice@example.org");
    String pet = api.registerPet("Rex", "dog", 3, shelter);
    String adoption = api.adopted(pet, customer);
    JsonNode completed = api.awaitAdoption(adoption, "completed");
    String visitDay = Instant.parse(completed.path("vetAppointmentDate").asString()).atZone(OSLO).toLocalDate().toString();
    assertThat(appointmentsOf(adoption, visitDay)).hasSize(1);

    returnPet(pet, "allergic to dogs");

    await().atMost(Api.PATIENCE).ignoreExceptions()
        .until(() -> api.get("/api/queries/shipments/" + adoption).json().path("status").asString(), "cancelled"::equals);
    await().atMost(Api.PATIENCE).until(() -> appointmentsOf(adoption, visitDay).isEmpty());
    await().atMost(Api.PATIENCE).until(() -> inventory(shelter, "dog"), row -> row.path("available").asInt() == 1);
    assertThat(inventory(shelter, "dog").path("adopted").asInt()).isZero();
    JsonNode history = api.get("/api/queries/adoption-history/" + pet).json();
    assertThat(history).hasSize(2);
    assertThat(history.get(0).path("event").asString()).isEqualTo("adopted");
    assertThat(history.get(1).path("event").asString()).isEqualTo("returned");
    assertThat(history.get(1).path("adoptionId").asString()).isEqualTo(adoption);
    assertThat(history.get(1).path("customerId").asString()).isEqualTo(customer);
    assertThat(history.get(1).path("reason").asString()).isEqualTo("allergic to dogs");
    // the adoption itself happened and finished; the history tells that it was undone
    assertThat(api.adoption(adoption).path("status").asString()).isEqualTo("completed");
  }

  @Test void a_pet_returned_before_its_adoption_completed_cancels_the_adoption() {
    // the shelter's endpoint is down, so its notification keeps the adoption from completing
    shelterEndpoint = ShelterReceiver.answering(503);
    petStore = RunningPetStore.start(data, c -> c.with(Config.Setting.RETRY, "30:200"));
    api = petStore.api();
    String shelter = api.registerShelter("Happy Paws", "Oslo", shelterEndpoint.url()).path("shelterId").asString();
    String customer = api.registerCustomer("Alice Lund", "alice@example.org");
    String pet = api.registerPet("Rex", "dog", 3, shelter);
    String adoption = api.adopted(pet, customer);
    JsonNode pending = await().atMost(Api.PATIENCE).ignoreExceptions().until(() -> api.adoption(adoption), a ->
        a.path("steps").path("vet-appointment").path("status").asString().equals("done")
            && a.path("steps").path("welcome-package").path("status").asString().equals("done")
            && a.path("steps").path("shelter-notification").path("attempts").asInt() >= 1);
    assertThat(pending.path("status").asString()).isEqualTo("processing");
    String adoptedOn = Instant.parse(pending.path("createdAt").asString()).atZone(OSLO).toLocalDate().toString();
    assertThat(appointmentsInTheWeekAfter(adoption, adoptedOn)).hasSize(1);

    returnPet(pet, "changed our minds");

    JsonNode cancelled = api.awaitAdoption(adoption, "cancelled");
    assertThat(cancelled.path("reason").asString()).contains("changed our minds");
    assertThat(cancelled.path("steps").path("shelter-notification").path("status").asString()).isNotEqualTo("done");
    await().atMost(Api.PATIENCE).ignoreExceptions()
        .until(() -> api.get("/api/queries/shipments/" + adoption).json().path("status").asString(), "cancelled"::equals);
    await().atMost(Api.PATIENCE).until(() -> appointmentsInTheWeekAfter(adoption, adoptedOn).isEmpty());
    assertThat(api.adoption(adoption).path("status").asString()).isEqualTo("cancelled");
  }

  void returnPet(String pet, String reason) {
    Api.Response r = api.post("/api/commands/return-pet", Map.of("petId", pet, "reason", reason));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
  }

  List<JsonNode> appointmentsOf(String adoption, String day) {
    List<JsonNode> ours = new ArrayList<>();
    api.get("/api/queries/vet-appointments?date=" + day).json().forEach(a -> {
      if (a.path("adoptionId").asString().equals(adoption)) ours.add(a);
    });
    return ours;
  }

  /** The visit is 72 h or more after the adoption, on the first weekday with room: the week after covers it. */
  List<JsonNode> appointmentsInTheWeekAfter(String adoption, String adoptedOn) {
    List<JsonNode> ours = new ArrayList<>();
    for (int d = 3; d <= 10; d++) ours.addAll(appointmentsOf(adoption, LocalDate.parse(adoptedOn).plusDays(d).toString()));
    return ours;
  }

  JsonNode inventory(String shelter, String species) {
    for (JsonNode row : api.get("/api/queries/inventory").json()) {
      if (row.path("shelterId").asString().equals(shelter) && row.path("species").asString().equals(species)) return row;
    }
    return Api.JSON.createObjectNode();
  }
}
