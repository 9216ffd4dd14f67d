package eventkernel.codec;

import eventkernel.store.Metadata;
import eventkernel.store.NewEvent;
import eventkernel.store.StoredEvent;
import java.util.UUID;

/** Turns one family of events into stored JSON and back. */
public interface EventCodec<E> {
  /** The type name {@code event} is stored under. */
  String typeOf(E event);

  String payloadOf(E event);

  /** @throws eventkernel.store.UnknownEventType when the stored type is neither known nor upcastable */
  E decode(StoredEvent stored);

  default NewEvent encode(E event, Metadata metadata) {
    return new NewEvent(UUID.randomUUID(), typeOf(event), payloadOf(event), metadata);
  }
}
