package petstore.app.pets;

import static petstore.app.ProjectionSpec.row;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import petstore.adoption.AdoptionId;
import petstore.app.ProjectionSpec;
import petstore.customer.CustomerId;
import petstore.customer.CustomerEvent.CustomerRegistered;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;
import petstore.pet.PetId;
import petstore.pet.Species;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import petstore.shelter.ShelterId;

class AvailablePetsProjectionTest {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final Instant tuesday = Instant.parse("2025-03-04T09:00:00Z");
  static final Instant friday = Instant.parse("2025-03-07T16:30:00Z");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final PetId rex = PetId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  static final PetId max = PetId.of("0a1b2c3d-0000-4000-8000-000000000002");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final AdoptionId adoption = AdoptionId.of("ad000000-0000-4000-8000-000000000001");

  final ProjectionSpec availablePets = ProjectionSpec.of(AvailablePetsProjection::new);

  final ShelterRegistered shelterRegistered = new ShelterRegistered(happyPaws, "Happy Paws", "Springfield", null, null, monday);
  final PetRegistered rexRegistered = new PetRegistered(rex, "Rex", Species.DOG, 3, happyPaws, monday);
  final PetRegistered maxRegistered = new PetRegistered(max, "Max", Species.CAT, 1, happyPaws, tuesday);
  final PetAdopted rexAdopted = new PetAdopted(rex, adoption, alice, tuesday);

  static java.util.Map<String, Object> rexRow(String name, int available, Instant since) {
    return row("pet_id", rex, "name", name, "species", "dog", "age", 3, "shelter_id", happyPaws, "photo_url", null,
        "available", available, "available_since", since);
  }

  @Test
  void a_registered_pet_is_available_since_its_registration() {
    availablePets.given(shelterRegistered, rexRegistered)
        .thenView("available_pets", rexRow("Rex", 1, monday))
        .thenView("available_pets_shelters", row("shelter_id", happyPaws, "name", "Happy Paws"));
  }

  @Test
  void an_adopted_pet_is_kept_but_no_longer_available() {
    availablePets.given(shelterRegistered, rexRegistered, maxRegistered, rexAdopted)
        .thenView("available_pets", rexRow("Rex", 0, monday),
            row("pet_id", max, "name", "Max", "species", "cat", "age", 1, "shelter_id", happyPaws, "photo_url", null,
                "available", 1, "available_since", tuesday));
  }

  @Test
  void a_returned_pet_is_available_again_but_only_since_its_return() {
    availablePets.given(shelterRegistered, rexRegistered, rexAdopted, new PetReturned(rex, adoption, "allergic", friday))
        .thenView("available_pets", rexRow("Rex", 1, friday));
  }

  @Test
  void a_renamed_pet_is_listed_under_its_new_name() {
    availablePets.given(shelterRegistered, rexRegistered, new PetNameChanged(rex, "Captain", tuesday))
        .thenView("available_pets", rexRow("Captain", 1, monday));
  }

  @Test
  void a_pet_registered_before_its_shelter_is_known_is_still_listed() {
    availablePets.given(rexRegistered, shelterRegistered)
        .thenView("available_pets", rexRow("Rex", 1, monday))
        .thenView("available_pets_shelters", row("shelter_id", happyPaws, "name", "Happy Paws"));
  }

  @Test
  void customers_are_none_of_its_business() {
    availablePets.given(new CustomerRegistered(alice, "Alice", "alice@example.org", monday))
        .thenViewIsEmpty("available_pets")
        .thenViewIsEmpty("available_pets_shelters");
  }
}
