package petstore.app.adoptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** What POST /api/adoptions and POST /api/commands/adopt-pet answer, and what a refused request leaves behind: nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdoptionRequestsTest {
  RunningPetStore petStore;
  Api api;
  String shelter;
  String customer;

  @BeforeAll void start(@TempDir Path data) {
    petStore = RunningPetStore.start(data);
    api = petStore.api();
    shelter = api.registerShelter("Happy Paws", "Oslo", null).path("shelterId").asString();
    customer = api.registerCustomer("Alice Lund", "alice@example.org");
  }

  @AfterAll void stop() {
    if (petStore != null) petStore.close();
  }

  @Test void adopting_an_unknown_pet_is_404_and_stores_nothing() {
    String unknownPet = UUID.randomUUID().toString();

    Api.Response r = refusedWithNothingStored(() -> api.adopt(unknownPet, customer));

    assertProblem(r, 404, unknownPet);
  }

  @Test void adopting_for_an_unknown_customer_is_404_and_stores_nothing() {
    String pet = api.registerPet("Rex", "dog", 3, shelter);
    String unknownCustomer = UUID.randomUUID().toString();

    Api.Response r = refusedWithNothingStored(() -> api.adopt(pet, unknownCustomer));

    assertProblem(r, 404, unknownCustomer);
  }

  @Test void adopting_an_adopted_pet_is_409_pet_is_not_available_and_stores_nothing() {
    String pet = api.registerPet("Rex", "dog", 3, shelter);
    api.awaitAdoption(api.adopted(pet, customer), "completed");
    String bob = api.registerCustomer("Bob Berg", "bob@example.org");

    Api.Response r = refusedWithNothingStored(() -> api.adopt(pet, bob));

    assertProblem(r, 409, "pet is not available");
  }

  @Test void a_malformed_body_is_400_and_stores_nothing() {
    String pet = api.registerPet("Rex", "dog", 3, shelter);

    assertProblem(refusedWithNothingStored(() -> api.post("/api/adoptions", "application/json", "{\"petId\": \"" + pet)), 400, "JSON");
    assertProblem(refusedWithNothingStored(() -> api.post("/api/adoptions", "application/json", "[]")), 400, "JSON object");
    Api.Response fields = refusedWithNothingStored(() -> api.post("/api/adoptions", Map.of("petId", "Rex", "customerId", 42)));
    assertProblem(fields, 400, "");
    assertThat(fields.json().path("errors").findValuesAsString("field")).containsExactlyInAnyOrder("petId", "customerId");
    Api.Response missing = refusedWithNothingStored(() -> api.post("/api/adoptions", Map.of("petId", pet)));
    assertProblem(missing, 400, "customerId");
  }

  @Test void a_body_that_is_not_json_is_415_and_stores_nothing() {
    String pet = api.registerPet("Rex", "dog", 3, shelter);

    assertProblem(refusedWithNothingStored(() -> api.post("/api/adoptions", "text/plain", "petId=" + pet + "&customerId=" + customer)),
        415, "application/json");
    assertProblem(refusedWithNothingStored(() -> api.post("/api/adoptions", (String) null, "{\"petId\": \"" + pet + "\"}")),
        415, "application/json");
  }

  @Test void the_same_idempotency_key_twice_is_one_adoption() {
    String pet = api.registerPet("Rex", "dog", 3, shelter);
    String key = UUID.randomUUID().toString();

    Api.Response first = api.adopt(pet, customer, "Idempotency-Key", key);
    Api.Response second = api.adopt(pet, customer, "Idempotency-Key", key);

    assertThat(first.status()).as("%s", first).isEqualTo(202);
    assertThat(second.status()).as("%s", second).isEqualTo(202);
    String adoption = first.json().path("adoptionId").asString();
    assertThat(second.json().path("adoptionId").asString()).isEqualTo(adoption);
    assertThat(second.header("Location")).isEqualTo("/api/adoptions/" + adoption);
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    api.awaitAdoption(adoption, "completed");
    assertThat(eventTypes(pet)).containsExactly("PetRegistered", "PetAdopted");
    JsonNode history = api.get("/api/queries/adoption-history/" + pet).json();
    assertThat(history).hasSize(1);
    assertThat(history.get(0).path("adoptionId").asString()).isEqualTo(adoption);
  }

  @Test void the_adopt_pet_command_starts_the_same_workflow() {
    String pet = api.registerPet("Tom", "cat", 2, shelter);

    Api.Response r = api.post("/api/commands/adopt-pet", Map.of("petId", pet, "customerId", customer));

    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.json().path("success").asBoolean()).isTrue();
    assertThat(r.json().path("petId").asString()).isEqualTo(pet);
    String adoption = r.json().path("adoptionId").asString();
    JsonNode completed = api.awaitAdoption(adoption, "completed");
    assertThat(completed.path("petId").asString()).isEqualTo(pet);
    assertThat(completed.path("certificateUrl").asString()).isEqualTo("/api/adoptions/" + adoption + "/certificate.pdf");
    assertThat(api.get(completed.path("certificateUrl").asString()).status()).isEqualTo(200);
  }

  /** Runs a request the PetStore must refuse, and checks the event store did not move. */
  Api.Response refusedWithNothingStored(Supplier<Api.Response> request) {
    long before = api.headPosition();
    Api.Response r = request.get();
    assertThat(api.headPosition()).as("store head after %s", r).isEqualTo(before);
    return r;
  }

  static void assertProblem(Api.Response r, int status, String detail) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("status").asInt()).isEqualTo(status);
    assertThat(r.json().path("title").asString()).isNotBlank();
    assertThat(r.json().path("detail").asString()).contains(detail);
  }

  List<String> eventTypes(String pet) {
    List<String> types = new ArrayList<>();
    api.get("/api/pets/" + pet + "/events").json().forEach(e -> types.add(e.path("type").asString()));
    return types;
  }
}
