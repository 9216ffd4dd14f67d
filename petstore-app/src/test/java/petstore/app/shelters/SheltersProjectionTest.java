package petstore.app.shelters;

import static petstore.app.ProjectionSpec.row;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import petstore.app.ProjectionSpec;
import petstore.pet.PetEvent.PetRegistered;
import petstore.pet.PetId;
import petstore.pet.Species;
import petstore.shelter.ShelterEvent.ShelterRegistered;
import petstore.shelter.ShelterId;

class SheltersProjectionTest {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final Instant tuesday = Instant.parse("2025-03-04T09:00:00Z");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final ShelterId whiskers = ShelterId.of("2f0e2d3c-4b5a-4697-8887-766554433222");
  static final String secret = "0123456789abcdef0123456789abcdef";

  final ProjectionSpec shelters = ProjectionSpec.of(SheltersProjection::new);

  @Test
  void a_registered_shelter_is_listed_with_its_webhook_and_secret() {
    shelters.given(new ShelterRegistered(happyPaws, "Happy Paws", "Springfield", "https://happypaws.example/hook", secret, monday),
            new ShelterRegistered(whiskers, "Whiskers", "Lyon", null, null, tuesday))
        .thenView("shelters",
            row("shelter_id", happyPaws, "name", "Happy Paws", "city", "Springfield", "webhook_url", "https://happypaws.example/hook",
                "webhook_secret", secret, "registered_at", monday),
            row("shelter_id", whiskers, "name", "Whiskers", "city", "Lyon", "webhook_url", null, "webhook_secret", null,
                "registered_at", tuesday));
  }

  @Test
  void pets_are_none_of_its_business() {
    shelters.given(new PetRegistered(PetId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7"), "Rex", Species.DOG, 3, happyPaws, monday))
        .thenViewIsEmpty("shelters");
  }
}
