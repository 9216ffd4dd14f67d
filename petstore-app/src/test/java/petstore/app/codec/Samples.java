package petstore.app.codec;

import eventkernel.store.Metadata;
import eventkernel.store.StoredEvent;
import eventkernel.store.StreamId;
import java.time.Instant;
import java.util.UUID;
import petstore.adoption.AdoptionId;
import petstore.customer.CustomerId;
import petstore.pet.PetId;
import petstore.shelter.ShelterId;

final class Samples {
  static final Instant monday = Instant.parse("2025-03-03T09:00:00Z");
  static final Instant precise = Instant.parse("2025-03-04T09:00:00.123456789Z");
  static final PetId rex = PetId.of("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  static final ShelterId happyPaws = ShelterId.of("1f0e2d3c-4b5a-4697-8887-766554433221");
  static final CustomerId alice = CustomerId.of("a11ce000-0000-4000-8000-000000000001");
  static final AdoptionId adoption = AdoptionId.of("ad000000-0000-4000-8000-000000000001");
  static final StreamId rexStream = StreamId.of("pet", rex);

  private Samples() {}

  // What a store would hand back: the codec's type and payload, with the store's own fields made up.
  static StoredEvent stored(StreamId stream, String type, String payload) {
    return new StoredEvent(UUID.randomUUID(), stream, 1, 42, type, payload, Metadata.NONE, monday);
  }
}
