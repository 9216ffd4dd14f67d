package petstore.app.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static petstore.app.codec.Samples.happyPaws;
import static petstore.app.codec.Samples.rex;
import static petstore.app.codec.Samples.rexStream;
import static petstore.app.codec.Samples.stored;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import petstore.pet.PetEvent;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.Species;

class UpcastingTest {
  final PetStoreJson json = new PetStoreJson();

  @Test void a_stored_v0_registration_is_read_as_todays_pet_registered_with_age_0() {
    String v0 = """
        {"pet":"7c9e6679-7425-40de-944b-e07fc1f90ae7","petName":"Rex","species":"dog",
         "shelter":"1f0e2d3c-4b5a-4697-8887-766554433221","at":"2019-06-01T12:00:00Z"}""";

    PetEvent event = json.petEvents().decode(stored(rexStream, "PetRegistered.v0", v0));

    assertThat(event).isEqualTo(new PetRegistered(rex, "Rex", Species.DOG, 0, happyPaws, Instant.parse("2019-06-01T12:00:00Z")));
  }

  @Test void a_v0_payload_that_did_carry_an_age_keeps_it() {
    String v0 = """
        {"pet":"7c9e6679-7425-40de-944b-e07fc1f90ae7","petName":"Rex","species":"dog","age":7,
         "shelter":"1f0e2d3c-4b5a-4697-8887-766554433221","at":"2019-06-01T12:00:00Z"}""";

    assertThat(((PetRegistered) json.petEvents().decode(stored(rexStream, "PetRegistered.v0", v0))).age()).isEqualTo(7);
  }

  @Test void the_old_type_is_known_for_reading_but_never_written() {
    assertThat(json.petEvents().knows("PetRegistered.v0")).isTrue();
    assertThat(json.petEvents().typeOf(new PetRegistered(rex, "Rex", Species.DOG, 0, happyPaws, Instant.EPOCH)))
        .isEqualTo("PetRegistered");
  }
}
