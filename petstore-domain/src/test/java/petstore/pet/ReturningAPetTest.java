package petstore.pet;

import static org.assertj.core.api.Assertions.assertThat;
import static petstore.pet.PetFixtures.adoptedBy;
import static petstore.pet.PetFixtures.alice;
import static petstore.pet.PetFixtures.firstAdoption;
import static petstore.pet.PetFixtures.happyPaws;
import static petstore.pet.PetFixtures.pets;
import static petstore.pet.PetFixtures.registered;
import static petstore.pet.PetFixtures.returned;
import static petstore.pet.PetFixtures.rex;
import static petstore.pet.PetFixtures.wednesday;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import petstore.pet.PetCommand.ReturnPet;
import petstore.pet.PetEvent.PetReturned;
import petstore.pet.PetRejection.InvalidFields;
import petstore.pet.PetRejection.NotAdopted;
import petstore.pet.PetRejection.NotRegistered;
import petstore.validation.FieldError;

class ReturningAPetTest {
  @Test void an_adopted_pet_is_returned_naming_the_adoption_it_ends_and_is_available_again() {
    pets().given(registered, adoptedBy(alice))
        .when(new ReturnPet(rex, "allergic to dogs", wednesday))
        .thenEvents(returned)
        .thenState(new Pet.Available(rex, "Rex", Species.DOG, 3, happyPaws, wednesday));
  }

  @Test void the_reason_is_recorded_without_surrounding_whitespace_and_may_be_500_characters() {
    String reason = "r".repeat(500);
    pets().given(registered, adoptedBy(alice))
        .when(new ReturnPet(rex, "  " + reason + "\n", wednesday))
        .thenEvents(new PetReturned(rex, firstAdoption, reason, wednesday));
  }

  @Nested
  class Rejected {
    @Test void when_the_pet_is_available() {
      NotAdopted rejection = pets().given(registered)
          .when(new ReturnPet(rex, "changed my mind", wednesday))
          .thenRejected(NotAdopted.class);
      assertThat(rejection.reason()).isEqualTo("pet is not adopted");
    }

    @Test void when_the_pet_was_already_returned() {
      pets().given(registered, adoptedBy(alice), returned)
          .when(new ReturnPet(rex, "again", wednesday))
          .thenRejected(new NotAdopted(rex));
    }

    @Test void when_the_pet_was_never_registered() {
      pets().when(new ReturnPet(rex, "never had it", wednesday)).thenRejected(new NotRegistered(rex));
    }

    @Test void without_a_reason() {
      assertThat(pets().given(registered, adoptedBy(alice)).when(new ReturnPet(rex, null, wednesday))
          .thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("reason", "is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void with_a_blank_reason(String reason) {
      assertThat(pets().given(registered, adoptedBy(alice)).when(new ReturnPet(rex, reason, wednesday))
          .thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("reason", "must not be blank"));
    }

    @Test void with_a_reason_longer_than_500_characters() {
      assertThat(pets().given(registered, adoptedBy(alice)).when(new ReturnPet(rex, "r".repeat(501), wednesday))
          .thenRejected(InvalidFields.class).errors())
          .containsExactly(new FieldError("reason", "must be at most 500 characters"));
    }
  }
}
