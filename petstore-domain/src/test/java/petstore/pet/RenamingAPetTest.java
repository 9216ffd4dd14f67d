package petstore.pet;

import static org.assertj.core.api.Assertions.assertThat;
import static petstore.pet.PetFixtures.adoptedBy;
import static petstore.pet.PetFixtures.alice;
import static petstore.pet.PetFixtures.available;
import static petstore.pet.PetFixtures.firstAdoption;
import static petstore.pet.PetFixtures.happyPaws;
import static petstore.pet.PetFixtures.monday;
import static petstore.pet.PetFixtures.pets;
import static petstore.pet.PetFixtures.registered;
import static petstore.pet.PetFixtures.rex;
import static petstore.pet.PetFixtures.tuesday;
import static petstore.pet.PetFixtures.wednesday;

import org.junit.jupiter.api.Test;
import petstore.pet.PetCommand.RenamePet;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetRejection.InvalidFields;
import petstore.pet.PetRejection.NotRegistered;
import petstore.validation.FieldError;

class RenamingAPetTest {
  @Test void an_available_pet_takes_its_new_name_and_stays_available() {
    pets().given(registered)
        .when(new RenamePet(rex, " Max ", wednesday))
        .thenEvents(new PetNameChanged(rex, "Max", wednesday))
        .thenState(new Pet.Available(rex, "Max", Species.DOG, 3, happyPaws, monday));
  }

  @Test void an_adopted_pet_can_be_renamed_and_stays_adopted() {
    pets().given(registered, adoptedBy(alice))
        .when(new RenamePet(rex, "Max", wednesday))
        .thenEvents(new PetNameChanged(rex, "Max", wednesday))
        .thenState(new Pet.Adopted(rex, "Max", Species.DOG, 3, happyPaws, firstAdoption, alice, tuesday));
  }

  @Test void renaming_to_the_current_name_is_accepted_with_nothing_to_record() {
    pets().given(registered).when(new RenamePet(rex, "Rex", wednesday)).thenNoEvents().thenState(available);
    pets().given(registered).when(new RenamePet(rex, "  Rex  ", wednesday)).thenNoEvents();
  }

  @Test void renaming_a_pet_never_registered_is_rejected() {
    pets().when(new RenamePet(rex, "Max", wednesday)).thenRejected(new NotRegistered(rex));
  }

  @Test void the_new_name_follows_the_same_rules_as_a_name() {
    assertThat(pets().given(registered).when(new RenamePet(rex, " ", wednesday)).thenRejected(InvalidFields.class).errors())
        .containsExactly(new FieldError("newName", "must not be blank"));
    assertThat(pets().given(registered).when(new RenamePet(rex, null, wednesday)).thenRejected(InvalidFields.class).errors())
        .containsExactly(new FieldError("newName", "is required"));
    assertThat(pets().given(registered).when(new RenamePet(rex, "x".repeat(101), wednesday)).thenRejected(InvalidFields.class).errors())
        .containsExactly(new FieldError("newName", "must be at most 100 characters"));
  }
}
