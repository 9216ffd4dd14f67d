package petstore.shelter;

import java.time.Instant;

public sealed interface ShelterEvent {
  ShelterId shelter();

  Instant at();

  // webhookUrl and webhookSecret are both null or both set. The secret stays inside the log: the relay must
  // never copy it into a public message.
  record ShelterRegistered(ShelterId shelter, String name, String city, String webhookUrl, String webhookSecret, Instant at)
      implements ShelterEvent {}
}
