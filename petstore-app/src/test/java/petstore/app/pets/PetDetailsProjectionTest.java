package petstore.app.pets;

import static petstore.app.ProjectionSpec.row;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import petstore.adoption.AdoptionId;
import petstore.app.ProjectionSpec;
import petstore.customer.CustomerId;
import petstore.pet.PetEvent.PetAdopted;
import petstore.pet.PetEvent.PetNameChanged;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetEvent.PetReturned;
import petstore.pet.PetId;
import petstore.pet.Species;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import petstore.shelter.ShelterId;

class PetDetailsProjectionTest {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final Instant tuesday = Instant.parse("2025-03-04T09:00:00Z");
  static final Instant friday = Instant.parse("2025-03-07T16:30:00Z");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final PetId rex = PetId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final AdoptionId adoption = AdoptionId.of("ad000000-0000-4000-8000-000000000001");

  final ProjectionSpec petDetails = ProjectionSpec.of(PetDetailsProjection::new);

  final PetRegistered rexRegistered = new PetRegistered(rex, "Rex", Species.DOG, 3, happyPaws, monday);
  final PetAdopted rexAdopted = new PetAdopted(rex, adoption, alice, tuesday);

  static Map<String, Object> rexRow(String name, String status, AdoptionId adoption, CustomerId customer, Instant changedAt, long version) {
    return row("pet_id", rex, "name", name, "species", "dog", "age", 3, "shelter_id", happyPaws, "status", status,
        "adoption_id", adoption, "customer_id", customer, "registered_at", monday, "changed_at", changedAt, "version", version);
  }

  @Test
  void a_registered_pet_is_available_at_version_one() {
    petDetails.given(rexRegistered).thenView("pet_details", rexRow("Rex", "available", null, null, monday, 1));
  }

  @Test
  void an_adopted_pet_shows_its_adoption_and_adopter() {
    petDetails.given(rexRegistered, rexAdopted).thenView("pet_details", rexRow("Rex", "adopted", adoption, alice, tuesday, 2));
  }

  @Test
  void a_returned_pet_is_available_again_and_forgets_its_adopter() {
    petDetails.given(rexRegistered, rexAdopted, new PetReturned(rex, adoption, "allergic", friday))
        .thenView("pet_details", rexRow("Rex", "available", null, null, friday, 3));
  }

  @Test
  void a_renamed_adopted_pet_keeps_its_adopter() {
    petDetails.given(rexRegistered, rexAdopted, new PetNameChanged(rex, "Captain", friday))
        .thenView("pet_details", rexRow("Captain", "adopted", adoption, alice, friday, 3));
  }

  @Test
  void shelters_are_none_of_its_business() {
    petDetails.given(new ShelterRegistered(happyPaws, "Happy Paws", "Springfield", null, null, monday))
        .thenViewIsEmpty("pet_details");
  }
}
