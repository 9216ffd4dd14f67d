package petstore.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import eventkernel.projection.Projection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import petstore.app.PetStore;
import petstore.app.codec.DomainEvents;
import petstore.app.codec.PetStoreJson;
import petstore.app.config.Config;
import petstore.app.customers.CustomersProjection;
import petstore.app.http.Api.Answer;
import petstore.app.pets.AdoptionHistoryProjection;
import petstore.app.pets.AvailablePetsProjection;
import petstore.app.pets.PetDetailsProjection;
import petstore.app.shelters.SheltersProjection;
import tools.jackson.databind.JsonNode;

/**
 * The PetStore's HTTP API as a client sees it, through the real server on a random port. One subclass
 * per store. The server is shared by the tests of one store, so each test makes its own shelters, pets
 * and customers, and asserts on those; lists are read as a whole and searched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpApiContract {
  private static final String REGISTER_PET = "/api/commands/register-pet";
  private static final String ADOPT_PET = "/api/commands/adopt-pet";
  private static final String RETURN_PET = "/api/commands/return-pet";
  private static final String RENAME_PET = "/api/commands/rename-pet";
  private static final String REGISTER_SHELTER = "/api/commands/register-shelter";
  private static final String REGISTER_CUSTOMER = "/api/commands/register-customer";

  PetStore app;
  Api api;

  /** The store setting this subclass tests, with whatever it needs prepared (a schema, a folder). */
  protected abstract Config config();

  /** A plain JDBC connection to the database the app writes its read models to. */
  protected abstract Connection connect() throws SQLException;

  /** Runs once the app is closed. */
  protected void afterStop() throws Exception {}

  /** As flags would give it, so settings added later keep their defaults. */
  static Config config(String store, Path data) {
    Map<Config.Setting, String> flags = Map.of(Config.Setting.STORE, store, Config.Setting.BUS, "inprocess",
        Config.Setting.HOST, "127.0.0.1", Config.Setting.PORT, "0", Config.Setting.DATA, data.toString(),
        Config.Setting.ROLES, "all", Config.Setting.VETS, "Dr. A,Dr. B");
    return Config.resolve(flags, Map.of(), data.resolve("no-such.properties"), false);
  }

  @BeforeAll
  void start() {
    app = PetStore.start(config());
    api = new Api(app.port());
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) app.close();
    afterStop();
  }

  // ---------------------------------------------------------------------------------------------------

  /** Runs a request that must change nothing, and checks that the log's head did not move. */
  Answer appendsNothing(Supplier<Answer> request) {
    long before = api.head();
    Answer answer = request.get();
    assertThat(api.head()).as("log head after %s", answer).isEqualTo(before);
    return answer;
  }

  static JsonNode problem(Answer a, int status) {
    assertThat(a.status()).as("%s", a).isEqualTo(status);
    assertThat(a.contentType()).as("content type of %s", a).startsWith("application/problem+json");
    JsonNode p = a.json();
    assertThat(p.get("type").asString()).isNotBlank();
    assertThat(p.get("title").asString()).isNotBlank();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asString()).isNotBlank();
    return p;
  }

  static List<String> fieldsAtFault(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    JsonNode errors = problem.get("errors");
    assertThat(errors).as("errors of %s", problem).isNotNull();
    errors.forEach(e -> {
      assertThat(e.get("message").asString()).as("message of %s", e).isNotBlank();
      fields.add(e.get("field").asString());
    });
    return fields;
  }

  static void isJson(Answer a, int status) {
    assertThat(a.status()).as("%s", a).isEqualTo(status);
    assertThat(a.contentType()).as("content type of %s", a).startsWith("application/json");
  }

  String newShelter() {
    return api.registerShelter("Shelter " + UUID.randomUUID().toString().substring(0, 8));
  }

  String newPet(String shelter) {
    return api.registeredPet("Rex", "dog", 3, shelter);
  }

  static List<String> ids(List<JsonNode> rows) {
    return rows.stream().map(r -> r.get("id").asString()).toList();
  }

  static long positionOf(Answer command) {
    assertThat(command.status() / 100).as("%s", command).isEqualTo(2);
    return command.json().get("position").asLong();
  }

  // ---------------------------------------------------------------------------------------------------

  @Nested
  class The_seeds_routes {
    @Test
    void registering_a_pet_answers_201_with_its_id_and_version() {
      String shelter = newShelter();
      Answer a = api.registerPet("Buddy", "dog", 3, shelter);
      isJson(a, 201);
      JsonNode body = a.json();
      assertThat(UUID.fromString(body.get("petId").asString())).isNotNull();
      assertThat(body.get("version").asLong()).isEqualTo(1);
      assertThat(api.eventTypes(body.get("petId").asString())).containsExactly("PetRegistered");
    }

    @Test
    void adopting_a_pet_answers_success_with_the_pet_and_the_adoption() {
      String pet = newPet(newShelter());
      String alice = api.registeredCustomer("Alice");
      Answer a = api.adopt(pet, alice);
      isJson(a, 200);
      JsonNode body = a.json();
      assertThat(body.get("success").asBoolean()).isTrue();
      assertThat(body.get("petId").asString()).isEqualTo(pet);
      assertThat(UUID.fromString(body.get("adoptionId").asString())).isNotNull();
      assertThat(api.get("/api/pets/" + pet).json().get("status").asString()).isEqualTo("adopted");
    }

    @Test
    void available_pets_are_the_seeds_rows_longest_waiting_first() {
      String shelter = api.registerShelter("Happy Paws");
      String max = api.registeredPet("Max", "cat", 1, shelter);
      String bella = api.registeredPet("Bella", "dog", 4, shelter);
      String luna = api.registeredPet("Luna", "rabbit", 2, shelter);
      // Max goes and comes back: he is available again, but only since now.
      positionOf(api.adopt(max, api.registeredCustomer("Alice")));
      long position = api.returnPet(max, "allergic").json().get("position").asLong();

      Answer first = api.get("/api/queries/available-pets?minPosition=" + position);
      isJson(first, 200);
      List<JsonNode> rows = api.allPages("/api/queries/available-pets?limit=100");
      JsonNode maxRow = rows.stream().filter(r -> r.get("id").asString().equals(max)).findFirst().orElseThrow();
      assertThat(maxRow.propertyNames()).contains("id", "name", "species", "age", "shelter_name", "photo_url", "days_available");
      assertThat(maxRow.get("name").asString()).isEqualTo("Max");
      assertThat(maxRow.get("species").asString()).isEqualTo("cat");
      assertThat(maxRow.get("age").asInt()).isEqualTo(1);
      assertThat(maxRow.get("shelter_name").asString()).isEqualTo("Happy Paws");
      assertThat(maxRow.get("photo_url").isNull()).isTrue();
      assertThat(maxRow.get("days_available").asLong()).isZero();
      assertThat(ids(rows)).containsSubsequence(bella, luna, max);
      List<Long> days = rows.stream().map(r -> r.get("days_available").asLong()).toList();
      assertThat(days).isSortedAccordingTo((x, y) -> Long.compare(y, x));
      List<Instant> since = rows.stream().map(r -> Instant.parse(r.get("available_since").asString())).toList();
      assertThat(since).isSorted();
    }

    @Test
    void available_pets_filter_by_species_and_maximum_age() {
      String shelter = newShelter();
      String youngDog = api.registeredPet("Pup", "dog", 2, shelter);
      String oldDog = api.registeredPet("Grey", "dog", 9, shelter);
      String youngCat = api.registeredPet("Kit", "cat", 2, shelter);
      long position = api.head();

      List<JsonNode> rows = api.allPages("/api/queries/available-pets?species=dog&maxAge=5&limit=100&minPosition=" + position);
      assertThat(rows).allSatisfy(r -> {
        assertThat(r.get("species").asString()).isEqualTo("dog");
        assertThat(r.get("age").asInt()).isLessThanOrEqualTo(5);
      });
      assertThat(ids(rows)).contains(youngDog).doesNotContain(oldDog, youngCat);
      assertThat(ids(api.allPages("/api/queries/available-pets?species=Dog&limit=100"))).contains(youngDog, oldDog);
      // the seed's client sends both parameters, empty when the user chose none
      isJson(api.get("/api/queries/available-pets?species=&maxAge="), 200);
    }

    @Test
    void available_pets_come_twenty_to_a_page_by_default_and_at_most_a_hundred() {
      String shelter = newShelter();
      for (int i = 0; i < 21; i++) api.registeredPet("Pet " + i, "bird", 1, shelter);
      Answer page = api.get("/api/queries/available-pets?minPosition=" + api.head());
      isJson(page, 200);
      assertThat(page.json().size()).isEqualTo(20);
      assertThat(page.header("X-Next-Cursor")).isNotBlank();

      Answer most = api.get("/api/queries/available-pets?limit=100");
      isJson(most, 200);
      assertThat(most.json().size()).isBetween(21, 100);

      assertThat(fieldsAtFault(problem(api.get("/api/queries/available-pets?limit=101"), 400))).containsExactly("limit");
      assertThat(fieldsAtFault(problem(api.get("/api/queries/available-pets?limit=0"), 400))).containsExactly("limit");
      assertThat(fieldsAtFault(problem(api.get("/api/queries/available-pets?species=cow"), 400))).containsExactly("species");
      assertThat(fieldsAtFault(problem(api.get("/api/queries/available-pets?maxAge=-1"), 400))).containsExactly("maxAge");
      assertThat(fieldsAtFault(problem(api.get("/api/queries/available-pets?cursor=bm9wZQ"), 400))).containsExactly("cursor");
    }

    @Test
    void the_cursor_pages_through_every_available_pet_exactly_once() {
      String shelter = newShelter();
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < 23; i++) mine.add(api.registeredPet("Paged " + i, "rabbit", 1, shelter));
      api.get("/api/queries/available-pets?minPosition=" + api.head());

      List<String> bySeven = ids(api.allPages("/api/queries/available-pets?limit=7"));
      List<String> byHundred = ids(api.allPages("/api/queries/available-pets?limit=100"));
      assertThat(bySeven).doesNotHaveDuplicates().containsAll(mine).isEqualTo(byHundred);
      assertThat(ids(api.allPages("/api/queries/available-pets?species=rabbit&limit=5"))).doesNotHaveDuplicates().containsAll(mine);
    }

    @Test
    void adoption_history_tells_who_adopted_or_returned_the_pet_when_and_why() {
      String pet = newPet(newShelter());
      String alice = api.registeredCustomer("Alice");
      String bob = api.registeredCustomer("Bob");
      String firstAdoption = api.adopt(pet, alice).json().get("adoptionId").asString();
      api.returnPet(pet, "allergic to fur");
      Answer second = api.adopt(pet, bob);
      String secondAdoption = second.json().get("adoptionId").asString();

      Answer a = api.get("/api/queries/adoption-history/" + pet + "?minPosition=" + positionOf(second));
      isJson(a, 200);
      List<JsonNode> rows = new ArrayList<>();
      a.json().forEach(rows::add);
      assertThat(rows).hasSize(3);
      assertThat(rows).extracting(r -> r.get("event").asString()).containsExactly("adopted", "returned", "adopted");
      assertThat(rows).extracting(r -> r.get("adoptionId").asString()).containsExactly(firstAdoption, firstAdoption, secondAdoption);
      assertThat(rows).extracting(r -> r.get("customerId").asString()).containsExactly(alice, alice, bob);
      assertThat(rows).extracting(r -> r.get("customerName").asString()).containsExactly("Alice", "Alice", "Bob");
      assertThat(rows.get(1).get("reason").asString()).isEqualTo("allergic to fur");
      assertThat(rows).extracting(r -> Instant.parse(r.get("at").asString())).isSorted();
    }

    @Test
    void adoption_history_of_a_pet_never_adopted_is_empty_and_of_an_unknown_pet_404() {
      String pet = newPet(newShelter());
      Answer empty = api.get("/api/queries/adoption-history/" + pet);
      isJson(empty, 200);
      assertThat(empty.json().size()).isZero();
      problem(api.get("/api/queries/adoption-history/" + UUID.randomUUID()), 404);
      assertThat(fieldsAtFault(problem(api.get("/api/queries/adoption-history/not-a-uuid"), 400))).containsExactly("petId");
    }
  }

  @Nested
  class Pets_shelters_and_customers {
    @Test
    void returning_an_adopted_pet_makes_it_available_again() {
      String pet = newPet(newShelter());
      api.adopt(pet, api.registeredCustomer("Alice"));
      Answer a = api.returnPet(pet, "moved abroad");
      isJson(a, 200);
      assertThat(a.json().get("success").asBoolean()).isTrue();
      assertThat(a.json().get("version").asLong()).isEqualTo(3);
      assertThat(api.get("/api/pets/" + pet).json().get("status").asString()).isEqualTo("available");
      assertThat(ids(api.allPages("/api/queries/available-pets?limit=100&minPosition=" + a.json().get("position").asLong())))
          .contains(pet);
    }

    @Test
    void returning_a_pet_nobody_adopted_is_409_and_appends_nothing() {
      String pet = newPet(newShelter());
      JsonNode p = problem(appendsNothing(() -> api.returnPet(pet, "changed my mind")), 409);
      assertThat(p.get("detail").asString()).isEqualTo("pet is not adopted");
    }

    @Test
    void renaming_a_pet_changes_its_name_everywhere() {
      String pet = newPet(newShelter());
      Answer a = api.rename(pet, "Captain");
      isJson(a, 200);
      assertThat(a.json().get("version").asLong()).isEqualTo(2);
      assertThat(api.get("/api/pets/" + pet).json().get("name").asString()).isEqualTo("Captain");
      JsonNode row = api.allPages("/api/queries/available-pets?limit=100&minPosition=" + a.json().get("position").asLong())
          .stream().filter(r -> r.get("id").asString().equals(pet)).findFirst().orElseThrow();
      assertThat(row.get("name").asString()).isEqualTo("Captain");
    }

    @Test
    void renaming_a_pet_to_its_own_name_succeeds_and_appends_nothing() {
      String pet = api.registeredPet("Rex", "dog", 3, newShelter());
      Answer a = appendsNothing(() -> api.rename(pet, "Rex"));
      isJson(a, 200);
      assertThat(a.json().get("version").asLong()).isEqualTo(1);
      assertThat(a.json().get("position").asLong()).isEqualTo(api.get("/api/pets/" + pet + "/events").json().get(0).get("position").asLong());
      isJson(api.rename(pet, " Rex ", "If-Match", "\"1\""), 200);
    }

    @Test
    void renaming_with_a_blank_name_is_400_and_appends_nothing() {
      String pet = newPet(newShelter());
      assertThat(fieldsAtFault(problem(appendsNothing(() -> api.rename(pet, "  ")), 400))).containsExactly("newName");
    }

    @Test
    void registering_a_shelter_answers_its_id_and_lists_it_without_its_secret() {
      Answer a = api.post(REGISTER_SHELTER, Map.of("name", "Whisker Haven", "city", "Lyon", "webhookUrl", "https://example.org/hook"));
      isJson(a, 201);
      String shelter = a.json().get("shelterId").asString();
      assertThat(a.json().get("webhookSecret").asString()).hasSizeGreaterThanOrEqualTo(16);

      Answer list = api.get("/api/queries/shelters?minPosition=" + a.json().get("position").asLong());
      isJson(list, 200);
      JsonNode row = null;
      for (JsonNode r : list.json()) if (r.get("shelterId").asString().equals(shelter)) row = r;
      assertThat(row).as("shelter %s in %s", shelter, list).isNotNull();
      assertThat(row.get("name").asString()).isEqualTo("Whisker Haven");
      assertThat(row.get("city").asString()).isEqualTo("Lyon");
      assertThat(row.get("webhookUrl").asString()).isEqualTo("https://example.org/hook");
      assertThat(list.body()).doesNotContain(a.json().get("webhookSecret").asString());
    }

    @Test
    void registering_a_customer_answers_its_id() {
      Answer a = api.post(REGISTER_CUSTOMER, Map.of("name", "Carla", "email", "carla@example.org"));
      isJson(a, 201);
      String customer = a.json().get("customerId").asString();
      Answer read = api.get("/api/queries/customers/" + customer, "X-Min-Position", a.json().get("position").asString());
      isJson(read, 200);
      assertThat(read.json().get("name").asString()).isEqualTo("Carla");
      assertThat(read.json().get("email").asString()).isEqualTo("carla@example.org");
    }

    @Test
    void registering_a_customer_without_an_email_address_is_400() {
      JsonNode p = problem(appendsNothing(() -> api.post(REGISTER_CUSTOMER, Map.of("name", "", "email", "nope"))), 400);
      assertThat(fieldsAtFault(p)).containsExactlyInAnyOrder("name", "email");
    }

    @Test
    void adopting_for_an_unknown_customer_is_404_and_appends_nothing() {
      String pet = newPet(newShelter());
      problem(appendsNothing(() -> api.adopt(pet, UUID.randomUUID().toString())), 404);
      assertThat(api.eventTypes(pet)).containsExactly("PetRegistered");
    }

    @Test
    void adopting_an_unknown_pet_is_404_and_appends_nothing() {
      String alice = api.registeredCustomer("Alice");
      problem(appendsNothing(() -> api.adopt(UUID.randomUUID().toString(), alice)), 404);
    }

    @Test
    void returning_or_renaming_an_unknown_pet_is_404_and_appends_nothing() {
      problem(appendsNothing(() -> api.returnPet(UUID.randomUUID().toString(), "why not")), 404);
      problem(appendsNothing(() -> api.rename(UUID.randomUUID().toString(), "Ghost")), 404);
    }

    @Test
    void registering_a_pet_at_an_unknown_shelter_is_404_and_appends_nothing() {
      problem(appendsNothing(() -> api.registerPet("Rex", "dog", 3, UUID.randomUUID().toString())), 404);
    }
  }

  @Nested
  class Time_travel {
    @Test
    void a_pet_answers_with_its_version_as_etag() {
      String pet = newPet(newShelter());
      Answer a = api.get("/api/pets/" + pet);
      isJson(a, 200);
      assertThat(a.header("ETag")).isEqualTo("\"1\"");
      assertThat(a.json().get("petId").asString()).isEqualTo(pet);
      assertThat(a.json().get("version").asLong()).isEqualTo(1);
      api.rename(pet, "Rexie");
      assertThat(api.get("/api/pets/" + pet).header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void a_version_gives_the_pet_as_it_was_then() {
      String pet = api.registeredPet("Rex", "dog", 3, newShelter());
      api.rename(pet, "Max");
      api.adopt(pet, api.registeredCustomer("Alice"));

      Answer first = api.get("/api/pets/" + pet + "?version=1");
      isJson(first, 200);
      assertThat(first.json().get("name").asString()).isEqualTo("Rex");
      assertThat(first.json().get("status").asString()).isEqualTo("available");
      assertThat(first.header("ETag")).isEqualTo("\"1\"");
      assertThat(api.get("/api/pets/" + pet + "?version=2").json().get("name").asString()).isEqualTo("Max");
      assertThat(api.get("/api/pets/" + pet + "?version=3").json().get("status").asString()).isEqualTo("adopted");
      problem(api.get("/api/pets/" + pet + "?version=4"), 404);
      assertThat(fieldsAtFault(problem(api.get("/api/pets/" + pet + "?version=0"), 400))).containsExactly("version");
    }

    @Test
    void an_instant_gives_the_pet_as_it_was_then() throws InterruptedException {
      String pet = api.registeredPet("Rex", "dog", 3, newShelter());
      String registeredAt = api.get("/api/pets/" + pet).json().get("changedAt").asString();
      Thread.sleep(5); // the rename must be recorded at a later instant than the registration
      api.rename(pet, "Max");

      Answer then = api.get("/api/pets/" + pet + "?asOf=" + registeredAt);
      isJson(then, 200);
      assertThat(then.json().get("name").asString()).isEqualTo("Rex");
      assertThat(then.header("ETag")).isEqualTo("\"1\"");
      assertThat(api.get("/api/pets/" + pet + "?asOf=" + Instant.now().plusSeconds(60)).json().get("name").asString()).isEqualTo("Max");
      problem(api.get("/api/pets/" + pet + "?asOf=" + Instant.parse(registeredAt).minusSeconds(60)), 404);
      assertThat(fieldsAtFault(problem(api.get("/api/pets/" + pet + "?asOf=yesterday"), 400))).containsExactly("asOf");
    }

    @Test
    void its_events_list_its_whole_history() {
      String pet = api.registeredPet("Rex", "dog", 3, newShelter());
      api.rename(pet, "Max");
      api.adopt(pet, api.registeredCustomer("Alice"));
      api.returnPet(pet, "too big");

      Answer a = api.get("/api/pets/" + pet + "/events");
      isJson(a, 200);
      List<JsonNode> events = new ArrayList<>();
      a.json().forEach(events::add);
      assertThat(events).extracting(e -> e.get("type").asString())
          .containsExactly("PetRegistered", "PetNameChanged", "PetAdopted", "PetReturned");
      assertThat(events).extracting(e -> e.get("version").asLong()).containsExactly(1L, 2L, 3L, 4L);
      assertThat(events).extracting(e -> e.get("position").asLong()).isSorted();
      assertThat(events.getFirst().get("data").get("name").asString()).isEqualTo("Rex");
      assertThat(events.get(3).get("data").get("reason").asString()).isEqualTo("too big");
      problem(api.get("/api/pets/" + UUID.randomUUID() + "/events"), 404);
      problem(api.get("/api/pets/" + UUID.randomUUID()), 404);
    }
  }

  @Nested
  class If_match {
    @Test
    void a_stale_version_is_412_and_appends_nothing() {
      String pet = newPet(newShelter());
      String alice = api.registeredCustomer("Alice");
      String stale = api.get("/api/pets/" + pet).header("ETag");
      api.rename(pet, "Someone else was faster");

      problem(appendsNothing(() -> api.rename(pet, "Mine", "If-Match", stale)), 412);
      problem(appendsNothing(() -> api.adopt(pet, alice, "If-Match", stale)), 412);
      assertThat(api.eventTypes(pet)).containsExactly("PetRegistered", "PetNameChanged");
    }

    @Test
    void the_current_version_succeeds() {
      String pet = newPet(newShelter());
      String alice = api.registeredCustomer("Alice");
      Answer renamed = api.rename(pet, "Mine", "If-Match", api.get("/api/pets/" + pet).header("ETag"));
      isJson(renamed, 200);
      Answer adopted = api.adopt(pet, alice, "If-Match", api.get("/api/pets/" + pet).header("ETag"));
      isJson(adopted, 200);
      Answer returned = api.returnPet(pet, "snores", "If-Match", "3");
      isJson(returned, 200);
      assertThat(api.eventTypes(pet)).containsExactly("PetRegistered", "PetNameChanged", "PetAdopted", "PetReturned");
    }

    @Test
    void a_version_that_is_no_number_is_400() {
      String pet = newPet(newShelter());
      assertThat(fieldsAtFault(problem(appendsNothing(() -> api.rename(pet, "Mine", "If-Match", "\"abc\"")), 400)))
          .containsExactly("If-Match");
    }
  }

  @Nested
  class Idempotency_keys {
    @Test
    void the_same_key_and_body_answer_the_same_and_append_once() {
      String shelter = newShelter();
      String key = UUID.randomUUID().toString();
      long before = api.head();
      Answer first = api.registerPet("Twice", "cat", 2, shelter, "Idempotency-Key", key);
      isJson(first, 201);
      long afterFirst = api.head();
      Answer again = api.registerPet("Twice", "cat", 2, shelter, "Idempotency-Key", key);
      isJson(again, 201);
      assertThat(again.json()).isEqualTo(first.json());
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(afterFirst).isGreaterThan(before);
      assertThat(api.head()).isEqualTo(afterFirst);
      assertThat(api.eventTypes(first.json().get("petId").asString())).containsExactly("PetRegistered");
    }

    @Test
    void the_same_key_with_another_body_is_422_and_appends_nothing() {
      String shelter = newShelter();
      String key = UUID.randomUUID().toString();
      isJson(api.registerPet("Once", "cat", 2, shelter, "Idempotency-Key", key), 201);
      problem(appendsNothing(() -> api.registerPet("Other", "cat", 2, shelter, "Idempotency-Key", key)), 422);
    }

    @Test
    void racing_retries_with_one_key_append_once() throws Exception {
      String shelter = newShelter();
      String key = UUID.randomUUID().toString();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Answer>> answers = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 8; i++) {
          answers.add(pool.submit(() -> {
            go.await();
            return api.registerPet("Racer", "dog", 2, shelter, "Idempotency-Key", key);
          }));
        }
        go.countDown();
      }
      Set<String> pets = new HashSet<>();
      for (Future<Answer> f : answers) {
        Answer a = f.get(30, TimeUnit.SECONDS);
        assertThat(a.status()).as("%s", a).isIn(201, 409);
        if (a.status() == 201) pets.add(a.json().get("petId").asString());
      }
      assertThat(pets).hasSize(1);
      assertThat(api.eventTypes(pets.iterator().next())).containsExactly("PetRegistered");
      List<JsonNode> events = new ArrayList<>();
      api.get("/api/pets/" + pets.iterator().next() + "/events").json().forEach(events::add);
      assertThat(api.head()).as("nothing but the one registration appended").isEqualTo(events.getFirst().get("position").asLong());
    }

    @Test
    void a_replayed_adoption_answers_the_first_adoption_not_a_conflict() {
      String pet = newPet(newShelter());
      String alice = api.registeredCustomer("Alice");
      String key = UUID.randomUUID().toString();
      Answer first = api.adopt(pet, alice, "Idempotency-Key", key);
      isJson(first, 200);
      Answer again = appendsNothing(() -> api.adopt(pet, alice, "Idempotency-Key", key));
      isJson(again, 200);
      assertThat(again.json().get("adoptionId")).isEqualTo(first.json().get("adoptionId"));
      assertThat(api.eventTypes(pet)).containsExactly("PetRegistered", "PetAdopted");
    }
  }

  @Nested
  class Problems {
    @Test
    void malformed_json_is_400() {
      JsonNode p = problem(appendsNothing(() -> api.post(REGISTER_PET, "{\"name\": \"Rex\", ")), 400);
      assertThat(fieldsAtFault(p)).containsExactly("body");
    }

    @Test
    void every_bad_field_is_listed_in_one_400() {
      String shelter = newShelter();
      JsonNode p = problem(appendsNothing(() -> api.registerPet(" ", "cow", 300, shelter)), 400);
      assertThat(fieldsAtFault(p)).containsExactlyInAnyOrder("name", "species", "age");
    }

    @Test
    void a_malformed_shelter_is_listed_with_the_other_bad_fields() {
      JsonNode p = problem(appendsNothing(() -> api.registerPet("", "cow", 300, "shelter-1")), 400);
      assertThat(fieldsAtFault(p)).containsExactlyInAnyOrder("name", "species", "age", "shelterId");
    }

    @Test
    void bad_fields_are_400_even_at_an_unknown_shelter() {
      JsonNode p = problem(appendsNothing(() -> api.registerPet("", "cow", 300, UUID.randomUUID().toString())), 400);
      assertThat(fieldsAtFault(p)).containsExactlyInAnyOrder("name", "species", "age");
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"[]", "\"x\"", "null", "42", "true", "", "  "})
    void a_body_that_is_no_json_object_is_400(String body) {
      JsonNode p = problem(appendsNothing(() -> api.post(REGISTER_PET, body)), 400);
      assertThat(fieldsAtFault(p)).containsExactly("body");
    }

    @Test
    void a_field_of_the_wrong_json_type_is_400() {
      String shelter = newShelter();
      JsonNode p = problem(appendsNothing(() -> api.post(REGISTER_PET,
          Map.of("name", "Rex", "species", "dog", "age", "three", "shelterId", shelter))), 400);
      assertThat(fieldsAtFault(p)).containsExactly("age");
      JsonNode q = problem(appendsNothing(() -> api.post(REGISTER_PET,
          Map.of("name", 7, "species", List.of("dog"), "age", 3.5, "shelterId", Map.of()))), 400);
      assertThat(fieldsAtFault(q)).containsExactlyInAnyOrder("name", "species", "age", "shelterId");
    }

    @ParameterizedTest(name = "name {0}")
    @ValueSource(strings = {"\"Rex\\ud800\"", "\"\\udc00Rex\"", "\"a\\u0000b\""})
    void text_a_store_could_not_keep_as_sent_is_400(String name) {
      String shelter = newShelter();
      String body = "{\"name\":" + name + ",\"species\":\"dog\",\"age\":3,\"shelterId\":\"" + shelter + "\"}";
      assertThat(fieldsAtFault(problem(appendsNothing(() -> api.post(REGISTER_PET, body)), 400))).containsExactly("name");
      String pet = api.registeredPet("Rex 🐕", "dog", 3, shelter);
      assertThat(api.get("/api/pets/" + pet).json().get("name").asString()).isEqualTo("Rex 🐕");
    }

    @Test
    void an_unknown_route_is_404() {
      JsonNode p = problem(api.get("/api/queries/unicorns"), 404);
      assertThat(p.get("detail").asString()).contains("/api/queries/unicorns");
      problem(appendsNothing(() -> api.post("/api/commands/adopt-unicorn", "{}")), 404);
    }

    @Test
    void adopting_an_adopted_pet_is_409_because_the_pet_is_not_available() {
      String pet = newPet(newShelter());
      isJson(api.adopt(pet, api.registeredCustomer("Alice")), 200);
      String bob = api.registeredCustomer("Bob");
      JsonNode p = problem(appendsNothing(() -> api.adopt(pet, bob)), 409);
      assertThat(p.get("detail").asString()).isEqualTo("pet is not available");
    }

    @Test
    void a_body_over_64_kib_is_413() {
      String shelter = newShelter();
      String huge = Api.json(Map.of("name", "x".repeat(70 * 1024), "species", "dog", "age", 3, "shelterId", shelter));
      problem(appendsNothing(() -> api.post(REGISTER_PET, huge)), 413);
    }

    @ParameterizedTest(name = "Content-Type {0}")
    @ValueSource(strings = {"text/plain", "application/xml", "application/x-www-form-urlencoded", "none"})
    void a_body_that_is_not_sent_as_json_is_415(String type) {
      String shelter = newShelter();
      String body = Api.json(Map.of("name", "Rex", "species", "dog", "age", 3, "shelterId", shelter));
      Answer a = appendsNothing(() -> type.equals("none")
          ? api.postAsIs(REGISTER_PET, body)
          : api.postAsIs(REGISTER_PET, body, "Content-Type", type));
      problem(a, 415);
    }
  }

  /** Whatever a client sends, the answer is a 4xx or a 2xx, and a 4xx appended nothing. */
  @Nested
  class Hostile_input {
    @TestFactory
    Stream<DynamicTest> no_body_is_answered_with_a_5xx() {
      String shelter = newShelter();
      String customer = api.registeredCustomer("Mallory");
      Map<String, List<String>> routes = new LinkedHashMap<>();
      routes.put(REGISTER_PET, List.of("name", "species", "age", "shelterId"));
      routes.put(ADOPT_PET, List.of("petId", "customerId"));
      routes.put(RETURN_PET, List.of("petId", "reason"));
      routes.put(RENAME_PET, List.of("petId", "newName"));
      routes.put(REGISTER_SHELTER, List.of("name", "city", "webhookUrl"));
      routes.put(REGISTER_CUSTOMER, List.of("name", "email"));

      List<DynamicTest> tests = new ArrayList<>();
      routes.forEach((route, fields) -> {
        Map<String, Object> valid = new LinkedHashMap<>();
        for (String field : fields) {
          valid.put(field, switch (field) {
            case "name", "newName" -> "Rex";
            case "species" -> "dog";
            case "age" -> 3;
            case "shelterId" -> shelter;
            case "customerId" -> customer;
            case "petId" -> newPet(shelter);
            case "reason" -> "too loud";
            case "city" -> "Oslo";
            case "webhookUrl" -> "https://example.org/hook";
            case "email" -> "rex@example.org";
            default -> throw new IllegalArgumentException(field);
          });
        }
        Map<String, Supplier<Answer>> requests = new LinkedHashMap<>();
        hostileBodies(valid).forEach((what, body) -> requests.put(what, () -> api.post(route, body)));
        byte[] brokenUtf8 = ("{\"" + fields.getFirst() + "\":\"\u0001\"}").getBytes(StandardCharsets.UTF_8);
        brokenUtf8[brokenUtf8.length - 3] = (byte) 0xC3; // a lead byte with no continuation
        requests.put("broken UTF-8", () -> api.post(route, brokenUtf8));
        requests.forEach((what, request) -> tests.add(DynamicTest.dynamicTest(route + " with " + what, () -> {
          long before = api.head();
          Answer a = request.get();
          assertThat(a.status() / 100).as("%s", a).isIn(2, 4);
          if (a.status() >= 400) {
            problem(a, a.status());
            assertThat(api.head()).as("log head after %s", a).isEqualTo(before);
          }
        })));
      });
      return tests.stream();
    }

    private Map<String, String> hostileBodies(Map<String, Object> valid) {
      Map<String, String> bodies = new LinkedHashMap<>();
      String firstField = valid.keySet().iterator().next();
      bodies.put("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000));
      bodies.put("10,000 nested objects in a field",
          "{\"" + firstField + "\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}");
      bodies.put("no fields", "{}");
      bodies.put("fields all null", Api.json(nulls(valid)));
      bodies.put("extra fields", Api.json(with(valid, "isAdmin", true, "__proto__", Map.of("polluted", true))));
      bodies.put("duplicate keys", "{\"" + firstField + "\":1," + Api.json(valid).substring(1));
      bodies.put("trailing garbage", Api.json(valid) + " {]");
      bodies.put("a lone surrogate", raw(valid, firstField, "\"Rex\\ud800\""));
      bodies.put("a NUL escape", raw(valid, firstField, "\"a\\u0000b\""));
      bodies.put("a raw control character", raw(valid, firstField, "\"a\u0001b\""));
      bodies.put("a number of 1,000 digits", "{\"" + firstField + "\":" + "9".repeat(1_000) + "}");
      bodies.put("a number of 60,000 digits", "{\"" + firstField + "\":" + "9".repeat(60_000) + "}");
      for (String field : valid.keySet()) {
        bodies.put(field + " = 1e400", raw(valid, field, "1e400"));
        bodies.put(field + " = 2147483648", raw(valid, field, "2147483648"));
        bodies.put(field + " = -2147483649", raw(valid, field, "-2147483649"));
        bodies.put(field + " = 3.0", raw(valid, field, "3.0"));
        bodies.put(field + " = NaN", raw(valid, field, "NaN"));
        bodies.put(field + " = an array", Api.json(with(valid, field, List.of(1, 2))));
        bodies.put(field + " = an object", Api.json(with(valid, field, Map.of("$gt", ""))));
        bodies.put(field + " = true", Api.json(with(valid, field, true)));
        bodies.put(field + " missing", Api.json(without(valid, field)));
        bodies.put(field + " = SQL", Api.json(with(valid, field, "Robert'); DROP TABLE events;--")));
        bodies.put(field + " = a quote", Api.json(with(valid, field, "' OR '1'='1")));
        bodies.put(field + " = control characters", Api.json(with(valid, field, "\u0000\u0007\u001b[31m\r\n\t")));
        bodies.put(field + " = unicode", Api.json(with(valid, field, "🐕 Ŕëẋ \u202egniht\u202c 犬 \uFEFF")));
        bodies.put(field + " = 10,000 characters", Api.json(with(valid, field, "x".repeat(10_000))));
        bodies.put(field + " = empty", Api.json(with(valid, field, "")));
        bodies.put(field + " = a path", Api.json(with(valid, field, "../../../etc/passwd")));
        bodies.put(field + " = the nil UUID", Api.json(with(valid, field, "00000000-0000-0000-0000-000000000000")));
        bodies.put(field + " = an upper-case UUID", Api.json(with(valid, field, UUID.randomUUID().toString().toUpperCase())));
        bodies.put(field + " = a UUID in braces", Api.json(with(valid, field, "{" + UUID.randomUUID() + "}")));
      }
      return bodies;
    }

    /** The valid body with {@code field} set to a JSON text no Java value writes, such as {@code 1e400}. */
    private static String raw(Map<String, Object> valid, String field, String json) {
      return Api.json(with(valid, field, "__RAW__")).replace("\"__RAW__\"", json);
    }

    private static Map<String, Object> nulls(Map<String, Object> valid) {
      Map<String, Object> m = new LinkedHashMap<>();
      valid.keySet().forEach(k -> m.put(k, null));
      return m;
    }

    private static Map<String, Object> with(Map<String, Object> valid, Object... pairs) {
      Map<String, Object> m = new LinkedHashMap<>(valid);
      for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], pairs[i + 1]);
      return m;
    }

    private static Map<String, Object> without(Map<String, Object> valid, String field) {
      Map<String, Object> m = new LinkedHashMap<>(valid);
      m.remove(field);
      return m;
    }

    @TestFactory
    Stream<DynamicTest> no_header_or_query_is_answered_with_a_5xx() {
      String pet = newPet(newShelter());
      String body = Api.json(Map.of("petId", pet, "newName", "Rex"));
      Map<String, Supplier<Answer>> requests = new LinkedHashMap<>();
      requests.put("If-Match: -1", () -> api.post(RENAME_PET, body, "If-Match", "-1"));
      requests.put("If-Match: 20 digits", () -> api.post(RENAME_PET, body, "If-Match", "99999999999999999999"));
      requests.put("If-Match: *", () -> api.post(RENAME_PET, body, "If-Match", "*"));
      requests.put("Idempotency-Key of 10,000 characters", () -> api.post(RENAME_PET, body, "Idempotency-Key", "k".repeat(10_000)));
      requests.put("Content-Type with a bogus charset", () -> api.post(RENAME_PET, body, "Content-Type", "application/json; charset=bogus"));
      requests.put("Content-Type application/vnd.x+json", () -> api.post(RENAME_PET, body, "Content-Type", "application/vnd.x+json"));
      requests.put("X-Request-Id of 10,000 characters", () -> api.post(RENAME_PET, body, "X-Request-Id", "r".repeat(10_000)));
      requests.put("minPosition = -1", () -> api.get("/api/queries/available-pets?minPosition=-1"));
      requests.put("minPosition = letters", () -> api.get("/api/queries/available-pets?minPosition=abc"));
      requests.put("minPosition far ahead", () -> api.get("/api/queries/shelters?minPosition=" + Long.MAX_VALUE));
      requests.put("X-Min-Position = letters", () -> api.get("/api/queries/shelters", "X-Min-Position", "abc"));
      requests.put("maxAge of 20 digits", () -> api.get("/api/queries/available-pets?maxAge=99999999999999999999"));
      requests.put("a forged cursor", () -> api.get("/api/queries/available-pets?cursor=OTk5OTk5OTk5OTk5OTk5OTk5OTk6eA"));
      requests.put("version of 20 digits", () -> api.get("/api/pets/" + pet + "?version=99999999999999999999"));
      requests.put("version and asOf", () -> api.get("/api/pets/" + pet + "?version=1&asOf=2020-01-01T00:00:00Z"));
      requests.put("asOf far in the past", () -> api.get("/api/pets/" + pet + "?asOf=-999999999-01-01T00:00:00Z"));
      requests.put("a pet id with SQL", () -> api.get("/api/pets/%27%20OR%201=1--"));
      requests.put("a customer id that is no UUID", () -> api.get("/api/queries/customers/nobody"));
      requests.put("DELETE on a command", () -> api.request("DELETE", RENAME_PET));
      requests.put("PUT on a query", () -> api.request("PUT", "/api/queries/shelters"));
      List<DynamicTest> tests = new ArrayList<>();
      requests.forEach((what, request) -> tests.add(DynamicTest.dynamicTest(what, () -> {
        long before = api.head();
        Answer a = request.get();
        assertThat(a.status() / 100).as("%s", a).isIn(2, 4);
        if (a.status() >= 400) {
          problem(a, a.status());
          assertThat(api.head()).as("log head after %s", a).isEqualTo(before);
        }
      })));
      return tests.stream();
    }
  }

  @Nested
  class Read_your_writes {
    @Test
    void a_query_given_the_commands_position_sees_the_write() {
      String shelter = newShelter();
      Answer registered = api.registerPet("Fresh", "cat", 1, shelter);
      long position = registered.json().get("position").asLong();
      assertThat(position).isPositive();
      String pet = registered.json().get("petId").asString();
      assertThat(ids(api.allPages("/api/queries/available-pets?limit=100&minPosition=" + position))).contains(pet);

      Answer adopted = api.adopt(pet, api.registeredCustomer("Alice"));
      Answer history = api.get("/api/queries/adoption-history/" + pet, "X-Min-Position", adopted.json().get("position").asString());
      isJson(history, 200);
      assertThat(history.json().size()).isEqualTo(1);
      assertThat(history.header("X-Read-Model-Behind")).isNull();
    }

    @Test
    void a_shelter_is_listed_as_soon_as_its_registration_is() {
      Answer registered = api.post(REGISTER_SHELTER, Map.of("name", "Fresh Shelter", "city", "Oslo"));
      Answer list = api.get("/api/queries/shelters", "X-Min-Position", registered.json().get("position").asString());
      isJson(list, 200);
      assertThat(list.body()).contains(registered.json().get("shelterId").asString());
    }
  }

  @Nested
  class Operations {
    @Test
    void health_is_200() {
      Answer a = api.get("/health");
      isJson(a, 200);
      assertThat(a.json().get("status").asString()).isEqualTo("up");
    }

    @Test
    void ready_is_200_and_lists_the_projections() {
      Answer a = api.get("/ready");
      isJson(a, 200);
      assertThat(a.json().get("status").asString()).isEqualTo("ready");
      List<String> names = new ArrayList<>();
      a.json().get("projections").forEach(p -> names.add(p.get("name").asString()));
      assertThat(names).containsExactlyInAnyOrder("available_pets", "pet_details", "adoption_history", "shelters", "customers");
    }

    @Test
    void metrics_are_prometheus_text_with_requests_and_projection_lag() {
      api.get("/health");
      Answer a = api.get("/metrics");
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.contentType()).startsWith("text/plain");
      assertThat(a.body()).contains("http_server_requests").contains("projection_lag_events");
    }
  }

  @Nested
  class Concurrent_adoptions {
    @Test
    void fifty_customers_racing_for_one_pet_yield_one_adoption_and_forty_nine_409s() throws Exception {
      String pet = newPet(newShelter());
      List<String> customers = new ArrayList<>();
      for (int i = 0; i < 50; i++) customers.add(api.registeredCustomer("Racer " + i));

      CountDownLatch go = new CountDownLatch(1);
      List<Future<Answer>> answers = new ArrayList<>();
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (String customer : customers) {
          answers.add(pool.submit(() -> {
            go.await();
            return api.adopt(pet, customer);
          }));
        }
        go.countDown();
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Answer> f : answers) statuses.add(f.get(30, TimeUnit.SECONDS).status());
      assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(49);
      assertThat(api.eventTypes(pet)).containsExactly("PetRegistered", "PetAdopted");
    }
  }

  @Nested
  class Rebuilding_the_read_models {
    @Test
    void gives_tables_equal_to_the_live_ones() throws Exception {
      String shelter = api.registerShelter("Rebuild Shelter");
      String alice = api.registeredCustomer("Alice");
      String bob = api.registeredCustomer("Bob");
      List<String> pets = new ArrayList<>();
      for (int i = 0; i < 6; i++) pets.add(api.registeredPet("Rebuilt " + i, i % 2 == 0 ? "dog" : "cat", i, shelter));
      api.adopt(pets.get(0), alice);
      api.adopt(pets.get(1), bob);
      api.returnPet(pets.get(0), "barks at night");
      api.rename(pets.get(2), "Renamed");
      Answer last = api.adopt(pets.get(0), bob);
      isJson(api.get("/api/queries/shelters?minPosition=" + last.json().get("position").asLong()), 200);

      List<Projection> projections = allProjections();
      Map<String, List<Map<String, Object>>> live = snapshot(projections);
      assertThat(live.values()).allSatisfy(rows -> assertThat(rows).isNotEmpty());

      for (Projection p : projections) app.projections().rebuild(p.name()).get(30, TimeUnit.SECONDS);

      assertThat(snapshot(projections)).isEqualTo(live);
      Answer ready = api.get("/ready");
      isJson(ready, 200);
      ready.json().get("projections").forEach(p -> assertThat(p.get("state").asString()).isEqualTo("live"));
      // and the rebuilt projections go on following the log
      Answer renamed = api.rename(pets.get(3), "After the rebuild");
      JsonNode row = api.allPages("/api/queries/available-pets?limit=100&minPosition=" + renamed.json().get("position").asLong())
          .stream().filter(r -> r.get("id").asString().equals(pets.get(3))).findFirst().orElseThrow();
      assertThat(row.get("name").asString()).isEqualTo("After the rebuild");
    }

    private List<Projection> allProjections() {
      DomainEvents events = new DomainEvents(new PetStoreJson());
      return List.of(new AvailablePetsProjection(events), new PetDetailsProjection(events), new AdoptionHistoryProjection(events),
          new SheltersProjection(events), new CustomersProjection(events));
    }

    private Map<String, List<Map<String, Object>>> snapshot(List<Projection> projections) throws SQLException {
      Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
      try (Connection c = connect()) {
        for (Projection p : projections) {
          for (String table : p.tables()) tables.put(table, rows(c, table));
        }
      }
      return tables;
    }

    private static List<Map<String, Object>> rows(Connection c, String table) throws SQLException {
      List<Map<String, Object>> rows = new ArrayList<>();
      try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
        ResultSetMetaData meta = rs.getMetaData();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = rs.getObject(i);
            row.put(meta.getColumnName(i).toLowerCase(), value instanceof Number n ? (Object) n.longValue() : value);
          }
          rows.add(row);
        }
      }
      Set<Object> keys = new HashSet<>();
      rows.forEach(r -> assertThat(keys.add(r.values().iterator().next())).as("duplicate key in %s", table).isTrue());
      return rows;
    }
  }
}
