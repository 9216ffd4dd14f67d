package petstore.app.pets;

import static petstore.app.ProjectionSpec.row;

import java.time.Instant;
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
import petstore.shelter.ShelterId;

/** Rows are keyed by event id, which the spec makes up; so rows are matched on everything else. */
class AdoptionHistoryProjectionTest {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final Instant tuesday = Instant.parse("2025-03-04T09:00:00Z");
  static final Instant friday = Instant.parse("2025-03-07T16:30:00Z");
  static final Instant sunday = Instant.parse("2025-03-09T11:00:00Z");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final PetId rex = PetId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final CustomerId bob = CustomerId.of("b0b00000-0000-4000-8000-000000000002");
  static final AdoptionId first = AdoptionId.of("ad000000-0000-4000-8000-000000000001");
  static final AdoptionId second = AdoptionId.of("ad000000-0000-4000-8000-000000000002");

  final ProjectionSpec history = ProjectionSpec.of(AdoptionHistoryProjection::new).ignoringColumns("event_id");

  final PetRegistered rexRegistered = new PetRegistered(rex, "Rex", Species.DOG, 3, happyPaws, monday);

  @Test
  void a_pet_never_adopted_has_no_history() {
    history.given(rexRegistered, new PetNameChanged(rex, "Captain", tuesday)).thenViewIsEmpty("adoption_history");
  }

  @Test
  void an_adoption_records_who_and_when() {
    history.given(rexRegistered, new PetAdopted(rex, first, alice, tuesday))
        .thenView("adoption_history", row("pet_id", rex, "pet_version", 2, "kind", "adopted", "adoption_id", first,
            "customer_id", alice, "reason", null, "at", tuesday));
  }

  @Test
  void a_return_records_why_and_is_the_adopters() {
    history.given(rexRegistered, new PetAdopted(rex, first, alice, tuesday), new PetReturned(rex, first, "allergic", friday),
            new PetAdopted(rex, second, bob, sunday))
        .thenView("adoption_history",
            row("pet_id", rex, "pet_version", 2, "kind", "adopted", "adoption_id", first, "customer_id", alice, "reason", null, "at", tuesday),
            row("pet_id", rex, "pet_version", 3, "kind", "returned", "adoption_id", first, "customer_id", alice, "reason", "allergic", "at", friday),
            row("pet_id", rex, "pet_version", 4, "kind", "adopted", "adoption_id", second, "customer_id", bob, "reason", null, "at", sunday));
  }
}
