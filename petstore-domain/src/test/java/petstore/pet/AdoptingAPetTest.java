package petstore.pet;

import static org.assertj.core.api.Assertions.assertThat;
import static petstore.pet.PetFixtures.adoptedBy;
import static petstore.pet.PetFixtures.adoptedState;
import static petstore.pet.PetFixtures.alice;
import static petstore.pet.PetFixtures.bob;
import static petstore.pet.PetFixtures.firstAdoption;
import static petstore.pet.PetFixtures.happyPaws;
import static petstore.pet.PetFixtures.pets;
import static petstore.pet.PetFixtures.registered;
import static petstore.pet.PetFixtures.returned;
import static petstore.pet.PetFixtures.rex;
import static petstore.pet.PetFixtures.secondAdoption;
import static petstore.pet.PetFixtures.thursday;
import static petstore.pet.PetFixtures.tuesday;

import org.junit.jupiter.api.Test;
import petstore.pet.PetCommand.AdoptPet;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetRejection.NotAvailable;
import petstore.pet.PetRejection.NotRegistered;

class AdoptingAPetTest {
  @Test void an_available_pet_is_adopted_by_the_customer() {
    pets().given(registered)
        .when(new AdoptPet(rex, firstAdoption, alice, tuesday))
        .thenEvents(adoptedBy(alice))
        .thenState(adoptedState(alice));
  }

  @Test void a_returned_pet_can_be_adopted_again() {
    pets().given(registered, adoptedBy(alice), returned)
        .when(new AdoptPet(rex, secondAdoption, bob, thursday))
        .thenEvents(new PetAdopted(rex, secondAdoption, bob, thursday))
        .thenState(new Pet.Adopted(rex, "Rex", Species.DOG, 3, happyPaws, secondAdoption, bob, thursday));
  }

  @Test void adopting_an_adopted_pet_is_rejected_as_not_available() {
    NotAvailable rejection = pets().given(registered, adoptedBy(alice))
        .when(new AdoptPet(rex, secondAdoption, bob, thursday))
        .thenRejected(NotAvailable.class);
    assertThat(rejection.reason()).isEqualTo("pet is not available");
  }

  @Test void adopting_the_same_pet_twice_by_the_same_customer_is_still_rejected() {
    pets().given(registered, adoptedBy(alice))
        .when(new AdoptPet(rex, firstAdoption, alice, tuesday))
        .thenRejected(new NotAvailable(rex));
  }

  @Test void adopting_a_pet_never_registered_is_rejected_as_not_registered() {
    NotRegistered rejection = pets().when(new AdoptPet(rex, firstAdoption, alice, tuesday)).thenRejected(NotRegistered.class);
    assertThat(rejection.reason()).isEqualTo("pet is not registered");
  }
}
