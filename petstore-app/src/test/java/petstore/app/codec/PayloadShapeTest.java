package petstore.app.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static petstore.app.codec.Samples.happyPaws;
import static petstore.app.codec.Samples.precise;
import static petstore.app.codec.Samples.rex;
import static petstore.app.codec.Samples.rexStream;
import static petstore.app.codec.Samples.stored;

import org.junit.jupiter.api.Test;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.Species;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;

// Other readers (SQL projections, a shell with jq, another language) see the stored JSON, not the Java.
class PayloadShapeTest {
  final PetStoreJson json = new PetStoreJson();

  @Test void ids_are_bare_uuids_species_its_wire_name_and_instants_iso_8601_strings() {
    String payload = json.petEvents().payloadOf(new PetRegistered(rex, "Rex", Species.CAT, 3, happyPaws, precise));

    JsonNode tree = json.mapper().readTree(payload);
    assertThat(tree.get("pet").isString()).isTrue();
    assertThat(tree.get("pet").asString()).isEqualTo("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    assertThat(tree.get("shelter").asString()).isEqualTo("1f0e2d3c-4b5a-4697-8887-766554433221");
    assertThat(tree.get("species").asString()).isEqualTo("cat");
    assertThat(tree.get("at").asString()).isEqualTo("2025-03-04T09:00:00.123456789Z");
    assertThat(tree.get("age").asInt()).isEqualTo(3);
    assertThat(tree.propertyNames()).containsExactlyInAnyOrder("pet", "name", "species", "age", "shelter", "at");
  }

  @Test void a_stored_id_that_is_not_a_uuid_fails_loudly_instead_of_reading_as_null() {
    String payload = """
        {"pet":"rex","name":"Rex","species":"dog","age":3,"shelter":"1f0e2d3c-4b5a-4697-8887-766554433221","at":"2025-03-03T09:00:00Z"}""";
    assertThatThrownBy(() -> json.petEvents().decode(stored(rexStream, "PetRegistered", payload)))
        .isInstanceOf(DatabindException.class)
        .hasMessageContaining("pet id must be a UUID");
  }

  @Test void an_unknown_species_or_a_numeric_instant_fails_loudly() {
    String fish = """
        {"pet":"7c9e6679-7425-40de-944b-e07fc1f90ae7","name":"Nemo","species":"fish","age":1,
         "shelter":"1f0e2d3c-4b5a-4697-8887-766554433221","at":"2025-03-03T09:00:00Z"}""";
    String epoch = fish.replace("\"fish\"", "\"dog\"").replace("\"2025-03-03T09:00:00Z\"", "1741000000");
    assertThatThrownBy(() -> json.petEvents().decode(stored(rexStream, "PetRegistered", fish))).isInstanceOf(DatabindException.class);
    assertThatThrownBy(() -> json.petEvents().decode(stored(rexStream, "PetRegistered", epoch))).isInstanceOf(DatabindException.class);
  }
}
