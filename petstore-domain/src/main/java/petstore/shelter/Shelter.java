package petstore.shelter;

import java.time.Instant;

public sealed interface Shelter {
  record Unregistered() implements Shelter {}

  record Registered(ShelterId id, String name, String city, String webhookUrl, String webhookSecret, Instant registeredAt)
      implements Shelter {}
}
