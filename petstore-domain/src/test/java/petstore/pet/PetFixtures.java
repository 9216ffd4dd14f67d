package petstore.pet;

import eventkernel.decider.DeciderSpec;
import java.time.Instant;
import petstore.adoption.AdoptionId;
import petstore.customer.CustomerId;
import petstore.pet.PetCommand.RegisterPet;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;
import petstore.shelter.ShelterId;

final class PetFixtures {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final Instant tuesday = Instant.parse("2025-03-04T09:00:00Z");
  static final Instant wednesday = Instant.parse("2025-03-05T09:00:00Z");
  static final Instant thursday = Instant.parse("2025-03-06T09:00:00Z");

  static final PetId rex = PetId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  static final PetId tom = PetId.of("9b2d5a8e-3c1f-4e6a-8d7b-2f4c6e8a0b1d");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final CustomerId bob = CustomerId.of("b0b00000-0000-4000-8000-000000000002");
  static final AdoptionId firstAdoption = AdoptionId.of("ad000000-0000-4000-8000-000000000001");
  static final AdoptionId secondAdoption = AdoptionId.of("ad000000-0000-4000-8000-000000000002");

  static final PetRegistered registered = new PetRegistered(rex, "Rex", Species.DOG, 3, happyPaws, monday);
  static final PetReturned returned = new PetReturned(rex, firstAdoption, "allergic to dogs", wednesday);

  static final Pet.Available available = new Pet.Available(rex, "Rex", Species.DOG, 3, happyPaws, monday);

  private PetFixtures() {}

  static DeciderSpec<PetCommand, Pet, PetEvent> pets() {
    return DeciderSpec.of(new Pets());
  }

  static PetAdopted adoptedBy(CustomerId customer) {
    return new PetAdopted(rex, firstAdoption, customer, tuesday);
  }

  static Pet.Adopted adoptedState(CustomerId customer) {
    return new Pet.Adopted(rex, "Rex", Species.DOG, 3, happyPaws, firstAdoption, customer, tuesday);
  }

  static RegisterPet register(String name, String species, int age) {
    return new RegisterPet(rex, name, species, age, happyPaws, monday);
  }
}
