package petstore.pet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static petstore.pet.PetFixtures.adoptedBy;
import static petstore.pet.PetFixtures.alice;
import static petstore.pet.PetFixtures.bob;
import static petstore.pet.PetFixtures.firstAdoption;
import static petstore.pet.PetFixtures.happyPaws;
import static petstore.pet.PetFixtures.monday;
import static petstore.pet.PetFixtures.pets;
import static petstore.pet.PetFixtures.registered;
import static petstore.pet.PetFixtures.returned;
import static petstore.pet.PetFixtures.rex;
import static petstore.pet.PetFixtures.secondAdoption;
import static petstore.pet.PetFixtures.tom;
import static petstore.pet.PetFixtures.tuesday;
import static petstore.pet.PetFixtures.wednesday;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import petstore.pet.PetCommand.AdoptPet;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;

// evolve() trusts decide(); a history decide() could not have produced is a bug and must stop the load.
class PetHistoryTest {
  @Test void a_full_life_folds_into_the_latest_state() {
    pets().given(registered, adoptedBy(alice), returned, new PetNameChanged(rex, "Max", wednesday),
            new PetAdopted(rex, secondAdoption, bob, wednesday))
        .thenState(new Pet.Adopted(rex, "Max", Species.DOG, 3, happyPaws, secondAdoption, bob, wednesday));
  }

  @Test void no_history_is_an_unregistered_pet() {
    pets().given().thenState(new Pet.Unregistered());
  }

  @Nested
  class Impossible {
    @Test void registering_twice() {
      pets().given(registered, registered).thenImpossible();
    }

    @Test void adopting_before_registering() {
      pets().given(adoptedBy(alice)).thenImpossible();
    }

    @Test void adopting_an_adopted_pet() {
      pets().given(registered, adoptedBy(alice), adoptedBy(bob)).thenImpossible();
    }

    @Test void returning_an_available_pet() {
      pets().given(registered, returned).thenImpossible();
    }

    @Test void returning_from_an_adoption_that_is_not_the_current_one() {
      pets().given(registered, adoptedBy(alice), new PetReturned(rex, secondAdoption, "mix-up", wednesday)).thenImpossible();
    }

    @Test void renaming_before_registering() {
      pets().given(new PetNameChanged(rex, "Max", monday)).thenImpossible();
    }

    @Test void an_event_of_another_pet_in_this_pets_stream() {
      pets().given(registered, new PetAdopted(tom, firstAdoption, alice, tuesday)).thenImpossible();
    }

    @Test void registering_over_another_pet() {
      pets().given(registered, new PetRegistered(tom, "Tom", Species.CAT, 2, happyPaws, tuesday)).thenImpossible();
    }
  }

  @Test void a_command_routed_to_another_pets_stream_is_a_bug_not_a_rejection() {
    assertThatThrownBy(() -> pets().given(registered).when(new AdoptPet(tom, firstAdoption, alice, tuesday)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rex.toString());
  }
}
