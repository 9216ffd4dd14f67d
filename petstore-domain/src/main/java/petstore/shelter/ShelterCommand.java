package petstore.shelter;

import java.time.Instant;
import java.util.Objects;

public sealed interface ShelterCommand {
  ShelterId shelter();

  Instant at();

  // webhookUrl may be null (no webhook). The secret that signs webhook calls is made by the caller:
  // the domain has no random source.
  record RegisterShelter(ShelterId shelter, String name, String city, String webhookUrl, String webhookSecret, Instant at)
      implements ShelterCommand {
    public RegisterShelter {
      Objects.requireNonNull(shelter, "shelter");
      Objects.requireNonNull(at, "at");
    }
  }
}
