package petstore.pet;

import static org.assertj.core.api.Assertions.assertThat;
import static petstore.pet.PetFixtures.adoptedBy;
import static petstore.pet.PetFixtures.alice;
import static petstore.pet.PetFixtures.available;
import static petstore.pet.PetFixtures.happyPaws;
import static petstore.pet.PetFixtures.monday;
import static petstore.pet.PetFixtures.pets;
import static petstore.pet.PetFixtures.register;
import static petstore.pet.PetFixtures.registered;
import static petstore.pet.PetFixtures.rex;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetRejection.AlreadyRegistered;
import petstore.pet.PetRejection.InvalidFields;
import petstore.validation.FieldError;

class RegisteringAPetTest {
  @Test void a_new_pet_is_registered_and_becomes_available() {
    pets().when(register("Rex", "dog", 3))
        .thenEvents(registered)
        .thenState(available);
  }

  @Test void the_name_is_recorded_without_surrounding_whitespace() {
    pets().when(register("  Rex \t", "dog", 3)).thenEvents(registered);
  }

  @ParameterizedTest
  @CsvSource({"dog, DOG", "cat, CAT", "bird, BIRD", "rabbit, RABBIT", "Rabbit, RABBIT", "CAT, CAT"})
  void every_known_species_is_accepted_whatever_its_case(String given, Species recorded) {
    pets().when(register("Rex", given, 3))
        .thenEvents(new PetRegistered(rex, "Rex", recorded, 3, happyPaws, monday));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 100})
  void ages_at_the_bounds_are_accepted(int age) {
    pets().when(register("Rex", "dog", age))
        .thenEvents(new PetRegistered(rex, "Rex", Species.DOG, age, happyPaws, monday));
  }

  @Test void a_name_of_100_characters_is_accepted_counting_what_a_reader_sees() {
    String hundredPaws = "🐾".repeat(100);
    pets().when(register(hundredPaws, "dog", 3))
        .thenEvents(new PetRegistered(rex, hundredPaws, Species.DOG, 3, happyPaws, monday));
  }

  @Nested
  class Rejected {
    @ParameterizedTest
    @ValueSource(strings = {"fish", "", "dogs", " dog"})
    @NullSource
    void an_unknown_species(String species) {
      assertThat(pets().when(register("Rex", species, 3)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("species", "must be one of dog, cat, bird, rabbit"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, Integer.MIN_VALUE})
    void an_age_outside_0_to_100(int age) {
      assertThat(pets().when(register("Rex", "dog", age)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("age", "must be between 0 and 100"));
    }

    @Test void a_missing_name() {
      assertThat(pets().when(register(null, "dog", 3)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n", "\u2003"})
    void a_blank_name(String name) {
      assertThat(pets().when(register(name, "dog", 3)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "must not be blank"));
    }

    @Test void a_name_longer_than_100_characters() {
      assertThat(pets().when(register("x".repeat(101), "dog", 3)).thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("name", "must be at most 100 characters"));
    }

    @Test void with_every_broken_field_reported_together() {
      InvalidFields rejection = pets().when(register(" ", "fish", 101)).thenRejected(InvalidFields.class);
      assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("name", "species", "age");
      assertThat(rejection.reason())
          .isEqualTo("name must not be blank; species must be one of dog, cat, bird, rabbit; age must be between 0 and 100");
    }

    @Test void when_the_pet_is_already_registered() {
      pets().given(registered).when(register("Rex", "dog", 3)).thenRejected(new AlreadyRegistered(rex));
    }

    @Test void when_the_pet_is_already_adopted() {
      pets().given(registered, adoptedBy(alice)).when(register("Rex", "dog", 3)).thenRejected(AlreadyRegistered.class);
    }

    @Test void for_its_fields_first_even_when_already_registered() {
      pets().given(registered).when(register("Rex", "fish", 3)).thenRejected(InvalidFields.class);
    }
  }
}
